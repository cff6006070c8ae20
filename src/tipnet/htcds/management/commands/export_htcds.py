import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tipnet.htcds import progress, readers, services

from ._user import acting_user


class Command(BaseCommand):
    help = ("Export the cases of the user's organisation that the user may see as HTCDS v2.0 "
            "records (JSON, JSON Lines or CSV). Needs case.export; audited.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--format", choices=services.FORMATS,
                            help="default: from the output file's extension")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--user", help="acting user (their organisation and permissions)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = acting_user(options["user"])
        output = Path(options["output"])
        try:
            fmt = readers.format_for(output.name, options["format"])
        except readers.FileProblem as problem:
            raise CommandError(str(problem)) from None
        try:
            started = services.start_export(user, fmt, via="cli")
        except services.PermissionDenied:
            raise CommandError(f"{user.username} may not export cases (case.export)") from None
        bar = progress.bar("exporting", started.count, "case")
        started.records = progress.counted(started.records, bar)
        # Write beside the target, owner-only, and move into place only when complete.
        fd, tmp = tempfile.mkstemp(dir=output.parent or ".", prefix=f".{output.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                for chunk in started.chunks():
                    out.write(chunk)
            os.replace(tmp, output)
        except BaseException as error:
            os.unlink(tmp)
            if isinstance(error, services.ExportError):
                raise CommandError(str(error)) from None
            raise
        finally:
            bar.close()
        self.stdout.write(self.style.SUCCESS(
            f"exported {started.count} cases to {output} ({fmt})"))
