from django.core.management.base import BaseCommand, CommandError

from tipnet.directory import hsds, services
from tipnet.lib.cli import active_user, read_json


class Command(BaseCommand):
    help = ("Import Open Referral HSDS 3 organizations or services (one, or a JSON list) into "
            "the directory of counterparts: every problem is listed and nothing is imported "
            "unless there is none. Needs directory.manage (system administrators); audited.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", help="an HSDS JSON document")
        parser.add_argument("--user", required=True, help="the importing user")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = active_user(options["user"])
        document = read_json(options["path"])
        try:
            report = services.import_hsds(user, document, via="cli")
        except services.PermissionDenied:
            raise CommandError(f"{user.username} may not import into the directory "
                               "(directory.manage)") from None
        except hsds.ImportProblems as problems:
            for path, message in problems.problems:
                self.stderr.write(f"{path or '(document)'}: {message}")
            raise CommandError(f"{len(problems.problems)} problem(s); nothing was "
                               "imported") from None
        for path, message in report.warnings:
            self.stderr.write(f"warning: {path}: {message}")
        self.stdout.write(self.style.SUCCESS(
            f"{report.created} organisation(s) created, {report.updated} updated, "
            f"{report.services} service(s)"))
