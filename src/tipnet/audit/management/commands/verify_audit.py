from django.core.management.base import BaseCommand, CommandError

from tipnet.audit.models import AuditEntry
from tipnet.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero naming the first bad entry."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        problem = verify_chain()
        if problem is not None:
            raise CommandError(f"audit chain broken at {problem}")
        count = AuditEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {count} entries verified"))
