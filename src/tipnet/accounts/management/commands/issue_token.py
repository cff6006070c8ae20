from django.core.management.base import BaseCommand, CommandError

from tipnet.accounts.models import ApiToken, User
from tipnet.audit import services as audit


class Command(BaseCommand):
    help = "Issue an API bearer token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        user = User.objects.filter(username=opts["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {opts['username']!r}")
        token, raw = ApiToken.issue(user, name=opts["name"])
        audit.record("token_issued", user=user, object_type="accounts.apitoken",
                     object_id=token.key_id, via="cli")
        self.stdout.write(raw)
