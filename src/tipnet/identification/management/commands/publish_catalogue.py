from django.core.management.base import BaseCommand, CommandError

from tipnet.identification import services
from tipnet.lib.cli import active_user, read_json


class Command(BaseCommand):
    help = ("Publish a new indicator catalogue version from a JSON document (see "
            "export_catalogue). It is checked in full first; assessments keep the version "
            "they were made with. Needs a system administrator; audited.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", help="the catalogue document (JSON)")
        parser.add_argument("--user", required=True,
                            help="the publishing user (a system administrator)")
        parser.add_argument("--note", default="", help="what changed, for the record")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = active_user(options["user"])
        document = read_json(options["path"])
        try:
            row = services.publish_catalogue(user, document, note=options["note"], via="cli")
        except services.PermissionDenied:
            raise CommandError(f"{user.username} may not publish catalogues "
                               "(catalogue.publish: system administrators)") from None
        except services.CatalogueProblem as problem:
            for line in problem.problems:
                self.stderr.write(line)
            raise CommandError(f"{len(problem.problems)} problem(s); nothing was "
                               "published") from None
        self.stdout.write(self.style.SUCCESS(f"published catalogue {row.version} "
                                             f"(sha256 {row.sha256[:12]}…)"))
