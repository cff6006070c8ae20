from django.core.management.base import BaseCommand, CommandError

from tipnet.htcds import mapping_doc, schema


class Command(BaseCommand):
    help = ("Generate the HTCDS JSON Schema (htcds/data/htcds-2.0.schema.json) and "
            "htcds/MAPPING.md from the field standard, the mapping table and the code lists. "
            "With --check, write nothing and exit non-zero if either is stale.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--check", action="store_true",
                            help="fail if the checked-in files differ from what would be "
                                 "generated")

    def handle(self, *args, check: bool = False, **options):  # type: ignore[no-untyped-def]
        # The schema first: MAPPING.md is built from the same data, not from the file.
        generated = {schema.SCHEMA_PATH: schema.render(), mapping_doc.MAPPING_PATH:
                     mapping_doc.render()}
        stale = []
        for path, text in generated.items():
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            stale.append(path.name)
            if not check:
                path.write_text(text, encoding="utf-8")
        if check and stale:
            raise CommandError(f"stale: {', '.join(stale)}; run `tipnet htcds_schema` and "
                               "commit the result")
        verb = "up to date" if not stale else "written: " + ", ".join(stale)
        self.stdout.write(self.style.SUCCESS(f"HTCDS schema and mapping {verb}"))
