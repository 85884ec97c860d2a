from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "assay.reporting"
    verbose_name = _("Rankings and reports")
