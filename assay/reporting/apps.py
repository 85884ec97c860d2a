from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "assay.reporting"
    verbose_name = _("Rankings and reports")

    def ready(self) -> None:
        from django.conf import settings

        from assay.audit.services import data_committed

        if settings.ASSAY_SUMMARIES_ON_CHANGE:
            data_committed.connect(_refresh_after_change, dispatch_uid="reporting-summaries")


def _refresh_after_change(**_kwargs: object) -> None:
    """A committed change of what reports read: queue a refresh of the summaries (reporting.summaries)."""
    from .summaries import held, request_refresh

    if not held():
        request_refresh()
