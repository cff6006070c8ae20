from django.core.management.base import BaseCommand, CommandError

from tipnet.htcds import progress, services

from ._user import acting_user


class Command(BaseCommand):
    help = ("Import HTCDS v2.0 records (JSON, JSON Lines or CSV) as new cases of the user's "
            "organisation: every record is checked first, and if any has a problem all are "
            "listed and nothing is imported. Needs case.import; audited.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", help="file to import")
        parser.add_argument("--format", choices=services.FORMATS,
                            help="default: from the file's extension")
        parser.add_argument("--user", help="acting user (their organisation and permissions)")
        parser.add_argument("--workers", type=int, default=services.default_workers(),
                            help="processes that check and encrypt records (default: one per "
                                 "core, %(default)s here)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = acting_user(options["user"])
        if options["workers"] < 1:
            raise CommandError("--workers must be 1 or more")
        path = options["path"]
        try:
            with open(path, "rb") as f:
                count = services.import_file(user, f, name=path, fmt=options["format"],
                                             via="cli", progress=progress.bar,
                                             workers=options["workers"])
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except services.PermissionDenied:
            raise CommandError(f"{user.username} may not import cases (case.import)") from None
        except services.ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            if rejected.unlisted:
                self.stderr.write(f"... and {rejected.unlisted} more problems")
            raise CommandError(rejected.detail) from None
        self.stdout.write(self.style.SUCCESS(f"imported {count} cases from {path}"))
