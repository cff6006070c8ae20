from django.core.management.base import BaseCommand, CommandError

from tipnet.federation import services
from tipnet.lib.cli import active_user, write_json


class Command(BaseCommand):
    help = ("Show this deployment's federation identity and its fingerprint (read it out to "
            "peers' administrators); --generate makes the key pairs (Ed25519 for signing, "
            "X25519 for encryption; private keys sealed with TIPNET_DATA_KEYS); --card writes "
            "the identity card to give to peers. Generating needs federation.manage; audited.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--generate", action="store_true", help="make the key pairs")
        parser.add_argument("--name", help="this deployment's name, as peers will see it")
        parser.add_argument("--url", help="this deployment's public base URL (https://...)")
        parser.add_argument("--replace", action="store_true",
                            help="replace an existing identity (every peer must then "
                                 "register the new card)")
        parser.add_argument("--user", help="the acting system administrator (--generate)")
        parser.add_argument("--card", action="store_true",
                            help="write the identity card (JSON)")
        parser.add_argument("--output", help="file for the card (default: standard output)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["generate"]:
            if not (options["name"] and options["url"] and options["user"]):
                raise CommandError("--generate needs --name, --url and --user")
            user = active_user(options["user"])
            try:
                identity = services.create_identity(user, name=options["name"],
                                                    base_url=options["url"],
                                                    replace=options["replace"], via="cli")
            except services.PermissionDenied:
                raise CommandError(f"{user.username} may not manage federation "
                                   "(federation.manage)") from None
            except services.FederationError as error:
                raise CommandError(str(error)) from None
            self.stderr.write(self.style.SUCCESS("Identity generated."))
        identity = services.current_identity()
        if identity is None:
            raise CommandError("This deployment has no federation identity yet: run "
                               "tipnet federation_identity --generate --name NAME --url URL "
                               "--user USERNAME")
        if options["card"]:
            path = write_json(services.identity_card(identity), options["output"])
            if path:
                self.stderr.write(f"Identity card written to {path}.")
            return
        self.stdout.write(f"name:        {identity.name}\n"
                          f"url:         {identity.base_url}\n"
                          f"fingerprint: {identity.fingerprint_grouped}")
