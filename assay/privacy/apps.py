from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "assay.privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        import rules

        from assay.accounts.rules import is_secretariat

        # Access requests, erasures and the staff's register are the secretariat's.
        if not rules.perm_exists("privacy.handle_requests"):
            rules.add_perm("privacy.handle_requests", is_secretariat)
