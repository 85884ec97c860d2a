from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assay.standards import services
from assay.standards.yaml_io import StandardFileError


class Command(BaseCommand):
    help = "Create a draft version from a standard YAML file. Reports every problem and writes nothing if any."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            version = services.version_import(actor=None, raw=raw)
        except StandardFileError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(exc.problems)} problem(s) in {path}; nothing was imported.") from exc
        self.stdout.write(
            f"Imported {version.standard.slug} {version.label}: {version.modules.count()} modules, "
            f"{version.criteria.count()} criteria, {version.levels.count()} levels (status: draft)."
        )
