from django.core.management.base import BaseCommand, CommandError

from tipnet.federation import envelope, services
from tipnet.federation.models import Peer
from tipnet.lib.cli import active_user, read_json

ACTIONS = ("list", "add", "rekey", "activate", "deactivate")


class Command(BaseCommand):
    help = ("Manage peers (other tipnet deployments): list; add CARD --fingerprint FP "
            "registers a peer from its identity card once the fingerprint its administrator "
            "read out to you matches; rekey NAME --card CARD --fingerprint FP takes a peer's "
            "new identity; activate / deactivate NAME. Changes need federation.manage; "
            "audited.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument("target", nargs="?",
                            help="add: the identity card (JSON file); others: the peer's name")
        parser.add_argument("--card", help="rekey: the peer's new identity card")
        parser.add_argument("--fingerprint", help="the fingerprint the peer read out to you")
        parser.add_argument("--name", help="add: a name for the peer (default: the card's)")
        parser.add_argument("--user", help="the acting system administrator")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        action = options["action"]
        if action == "list":
            return self._list()
        if not options["target"]:
            raise CommandError(f"{action} needs a {'card' if action == 'add' else 'peer'}")
        if not options["user"]:
            raise CommandError(f"{action} needs --user USERNAME")
        user = active_user(options["user"])
        try:
            peer = self._change(action, user, options)
        except services.PermissionDenied:
            raise CommandError(f"{user.username} may not manage federation "
                               "(federation.manage)") from None
        except services.FederationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(
            f"{peer.name}: {'active' if peer.is_active else 'inactive'}, {peer.base_url}\n"
            f"fingerprint: {peer.fingerprint_grouped}"))

    def _change(self, action, user, options):  # type: ignore[no-untyped-def]
        if action in ("add", "rekey"):
            card_path = options["target"] if action == "add" else options["card"]
            if not card_path or not options["fingerprint"]:
                raise CommandError(f"{action} needs the identity card and --fingerprint (the "
                                   "one the peer's administrator read out to you)")
            card = read_json(card_path)
            if action == "add":
                return services.add_peer(user, card, fingerprint=options["fingerprint"],
                                         name=options["name"] or "", via="cli")
            return services.rekey_peer(user, services.find_peer(options["target"]), card,
                                       fingerprint=options["fingerprint"], via="cli")
        peer = services.find_peer(options["target"])
        return services.set_peer_active(user, peer, action == "activate", via="cli")

    def _list(self) -> None:
        peers = list(Peer.objects.all())
        if not peers:
            self.stdout.write("No peer registered.")
        for peer in peers:
            state = "active" if peer.is_active else "inactive"
            seen = peer.last_seen_at.isoformat(timespec="seconds") if peer.last_seen_at else "—"
            self.stdout.write(f"{peer.name}  {peer.base_url}  {state}  last answer: {seen}\n"
                              f"  fingerprint: {envelope.grouped(peer.fingerprint)}")
