from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "assay.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # The admin has registered every app's admins by now (django.contrib.admin comes first in INSTALLED_APPS).
        from django.contrib import admin

        from .admin import audit_every_admin

        audit_every_admin(admin.site)
