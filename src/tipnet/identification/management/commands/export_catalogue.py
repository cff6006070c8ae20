import json
import sys

from django.core.management.base import BaseCommand, CommandError

from tipnet.identification import services


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
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(text)
            self.stdout.write(self.style.SUCCESS(
                f"wrote catalogue {document['version']} to {options['output']}"))
        else:
            sys.stdout.write(text)
