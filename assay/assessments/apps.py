from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assay.assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from assay.registry.signals import designations_changed

        from .recompute import on_designations_changed

        designations_changed.connect(on_designations_changed, dispatch_uid="assessments-rescore-on-cahra")
