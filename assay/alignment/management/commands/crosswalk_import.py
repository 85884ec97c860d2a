from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assay.alignment import services
from assay.alignment.crosswalk_io import CrosswalkFileError
from assay.standards.models import Standard


class Command(BaseCommand):
    help = "Import (or replace) a crosswalk of a standard's criteria to another scheme's requirements from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--standard", required=True, help="the standard's slug, e.g. mes")
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--scheme", required=True, help="the other scheme's name")

    def handle(self, *args, **options):
        standard = Standard.objects.filter(slug=options["standard"]).first()
        if standard is None:
            raise CommandError(f"no standard {options['standard']!r}")
        try:
            crosswalk = services.crosswalk_import(actor=None, standard=standard, slug=options["slug"],
                                                  name=options["name"], scheme=options["scheme"],
                                                  raw=options["file"].read_bytes())
        except CrosswalkFileError as exc:
            raise CommandError("nothing imported:\n" + "\n".join(exc.problems)) from exc
        self.stdout.write(f"Crosswalk {crosswalk.slug}: {crosswalk.links.count()} rows")
