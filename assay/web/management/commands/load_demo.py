from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from assay.web.demo.comments import load_demo_comments
from assay.web.demo.consultation import load_demo_consultation
from assay.web.demo.outreach import load_demo_outreach
from assay.web.demo.registry import load_demo_registry
from assay.web.demo.reporting import load_demo_shortlists
from assay.web.demo.standards import load_demo_standard

DEMO_USER, DEMO_PASSWORD = "admin", "assay-demo-2026"
# Demo-only authenticator keys (hex), so the demo's staff and assessor can pass two-factor sign-in:
# `manage.py demo_code admin` prints the current code. Never use fixed keys outside the demo.
DEMO_TOTP_KEYS = {"admin": "3132333435363738393031323334353637383930",
                  "assessor": "61737361792064656d6f206173736573736f72",
                  "secretariat": "7365637265746172696174206465"}


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
        consultation = load_demo_consultation(admin, versions[1])
        # The demo respondents' confirmation and receipt e-mails are made but not sent anywhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            load_demo_comments(consultation)
        self.stdout.write(f"Consultation: {consultation.title} ({consultation.get_status_display()}, "
                          f"{consultation.questions.count()} questions, {consultation.responses.count()} responses)")
        counts = load_demo_registry(admin)
        self.stdout.write("Registry demo: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            outreach = load_demo_outreach(admin, consultation)  # after the registry: the event is at a demo site
        self.stdout.write("Outreach demo: " + ", ".join(f"{n} {name}" for name, n in outreach.items()))
        self.stdout.write(f"Award shortlists: {load_demo_shortlists(admin)}")
        for username, key in DEMO_TOTP_KEYS.items():
            user = User.objects.filter(username=username).first()
            if user is not None:
                TOTPDevice.objects.get_or_create(user=user, name="demo authenticator",
                                                 defaults={"key": key, "confirmed": True})
        self.stdout.write(f"Demo sign-in: user {DEMO_USER!r}, password {DEMO_PASSWORD!r} (also 'secretariat', "
                          f"'assessor', and members 'coop', 'trader', 'brand'; the same password)")
        self.stdout.write("Staff and assessors also give a one-time code: run `.venv/bin/python manage.py "
                          "demo_code admin` (or `secretariat`, `assessor`) to print the current one.")
