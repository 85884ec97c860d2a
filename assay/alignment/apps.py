from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlignmentConfig(AppConfig):
    name = "assay.alignment"
    verbose_name = _("OECD alignment and crosswalks")
