import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tipnet.federation import envelope, outbox, services
from tipnet.lib.cli import active_user


class Command(BaseCommand):
    help = ("Check the connection to a peer: queue a signed, encrypted ping and try to "
            "deliver it at once; prints the peer's answer, or why it did not go through (the "
            "worker, federation_deliver, keeps trying). Needs federation.manage. Exits "
            "non-zero when the peer did not answer.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("peer", help="the peer's name (or the start of its fingerprint)")
        parser.add_argument("--user", required=True, help="the acting system administrator")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = active_user(options["user"])
        try:
            services.require_manage(user, "cli", "ping")
            peer = services.find_peer(options["peer"])
            message = services.send(peer, "ping", {"sent_at": envelope.format_time(
                timezone.now())}, idempotency_key=f"ping:{uuid.uuid4()}", user=user,
                via="cli", deliver_now=False)
        except services.PermissionDenied:
            raise CommandError(f"{user.username} may not manage federation "
                               "(federation.manage)") from None
        except services.FederationError as error:
            raise CommandError(str(error)) from None
        try:
            outbox.deliver(message.pk)
        except outbox.RetryLater as problem:
            raise CommandError(f"{peer.name} did not answer: {problem}. The ping stays in "
                               "the outbox; tipnet federation_deliver retries it.") from None
        message.refresh_from_db()
        if message.status != message.DELIVERED:
            raise CommandError(f"{peer.name} refused the ping: {message.last_error}")
        reply = message.reply or {}
        self.stdout.write(self.style.SUCCESS(
            f"{peer.name} answered ({message.answer}); received at "
            f"{reply.get('received_at', '?')}; message {message.pk}"))
