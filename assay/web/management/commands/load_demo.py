from django.core.management.base import BaseCommand

from assay.web.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo data (assay/web/demo/data/, idempotent) and create the demo sign-in."

    def handle(self, **options):
        load_demo(self.stdout.write)
