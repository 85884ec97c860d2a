from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "assay.governance"
    verbose_name = _("Committees, meetings and decisions")

    def ready(self) -> None:
        from . import rules

        rules.register()
