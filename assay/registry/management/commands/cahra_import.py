from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assay.registry.services import RowErrors, cahra_import


class Command(BaseCommand):
    help = ("Replace the CAHRA list with a CSV file (columns: country, region, source, start, end) and re-apply it "
            "to every site. Reports every bad row and imports nothing if there is one.")

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            count = cahra_import(actor=None, raw=Path(path).read_bytes())
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except RowErrors as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(exc.problems)} problem(s); nothing was imported.") from exc
        self.stdout.write(f"Imported {count} CAHRA areas and re-applied them to the sites.")
