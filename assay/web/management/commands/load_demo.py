from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from assay.registry.demo import load_demo_registry
from assay.standards.demo import load_demo_standard

DEMO_USER, DEMO_PASSWORD = "admin", "assay-demo-2026"


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and create the demo sign-in."

    def handle(self, **options):
        User = get_user_model()
        admin = User.objects.filter(username=DEMO_USER).first()
        if admin is None:
            admin = User.objects.create_superuser(DEMO_USER, "admin@assay.example", DEMO_PASSWORD)
        versions = load_demo_standard(admin)
        for v in versions:
            self.stdout.write(f"Standard {v.standard.slug} {v.label}: {v.get_status_display()}, "
                              f"{v.criteria.count()} criteria")
        counts = load_demo_registry(admin)
        self.stdout.write("Registry demo: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
        self.stdout.write(f"Demo sign-in: user {DEMO_USER!r}, password {DEMO_PASSWORD!r}")
