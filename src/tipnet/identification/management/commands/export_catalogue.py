from django.core.management.base import BaseCommand, CommandError

from tipnet.identification import services
from tipnet.lib.cli import write_json


class Command(BaseCommand):
    help = ("Write an indicator catalogue version (default: the current one) as one JSON "
            "document: the starting point for editing and publishing a new version.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--catalogue-version", dest="catalogue_version",
                            help="catalogue version (default: the current one)")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            document = services.catalogue_for(options["catalogue_version"]).document
        except services.IdentificationError as error:
            raise CommandError("; ".join(error.errors.values())) from None
        if write_json(document, options["output"]):
            self.stdout.write(self.style.SUCCESS(
                f"wrote catalogue {document['version']} to {options['output']}"))
