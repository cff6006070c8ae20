from django.core.management.base import BaseCommand, CommandError

from tipnet.accounts.models import ApiToken
from tipnet.audit import services as audit


class Command(BaseCommand):
    help = "Revoke API tokens: by key id (the 8 characters after 'tnt_'), or all of a user's."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("key_id", nargs="?")
        parser.add_argument("--user", help="Revoke every token of this user.")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        qs = ApiToken.objects.filter(revoked_at__isnull=True)
        if opts["user"]:
            qs = qs.filter(user__username=opts["user"])
        elif opts["key_id"]:
            key_id = opts["key_id"].removeprefix("tnt_").split("_")[0]
            qs = qs.filter(key_id=key_id)
        else:
            raise CommandError("give a key id or --user")
        tokens = list(qs.select_related("user"))
        if not tokens:
            raise CommandError("no such active token")
        for token in tokens:
            token.revoke()
            audit.record("token_revoked", user=token.user, object_type="accounts.apitoken",
                         object_id=token.key_id, via="cli")
        self.stdout.write(f"revoked {len(tokens)} token(s)")
