from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assay.standards import services
from assay.standards.models import StandardVersion


class Command(BaseCommand):
    help = "Write one standard version as a YAML file (standard-as-code)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("label")
        parser.add_argument("-o", "--output", help="file to write; standard output if omitted")

    def handle(self, slug, label, output=None, **options):
        version = StandardVersion.objects.filter(standard__slug=slug, label=label).first()
        if version is None:
            raise CommandError(f"No version {label} of standard {slug}.")
        text = services.version_export(version)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
