from django.core.management.base import BaseCommand

from assay.reporting.summaries import one_refresh_after
from assay.web.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo data (assay/web/demo/data/, idempotent) and create the demo sign-in."

    def handle(self, **options):
        with one_refresh_after():  # not one refresh of the report summaries per change loaded
            load_demo(self.stdout.write)
