import logging
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.dispatch import Signal

from .models import AuditAction, AuditRecord, DataVersion

log = logging.getLogger(__name__)

# Sent once the transaction that changed what reports read has committed (after each data_changed): the summaries
# that pages read (reporting.summaries) are refreshed from it, since this layer may not know of them.
data_committed = Signal()

# Changes to these apps' objects change what rankings and reports show (DataVersion).
REPORT_INPUTS = frozenset({"standards", "registry", "disclosure", "assessments"})


def audit_record(user: Any, action: AuditAction, obj: models.Model, summary: str = "", **details: Any
                 ) -> AuditRecord:
    """Write the audit record of one service call; call it inside the service's transaction. An action that is not
    one of AuditAction's is refused (ValueError), so the trail's vocabulary stays the one listed there."""
    record = AuditRecord.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=AuditAction(action).value,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        details=details,
    )
    if obj._meta.app_label in REPORT_INPUTS:
        data_changed()
    return record


def data_changed() -> None:
    """What reports read has changed: the data version grows (visible to others when the transaction commits)."""
    if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})
    # Once per atomic block, however many changes it holds (run_on_commit lists what waits, each with the
    # savepoints it was registered under).
    connection = transaction.get_connection()
    here = set(connection.savepoint_ids)
    if not any(func is _announce and sids == here for sids, func, *_robust in connection.run_on_commit):
        transaction.on_commit(_announce)


def _announce() -> None:
    # The change is committed whatever a receiver does: a failing one is logged, never the change's request's error.
    for receiver, result in data_committed.send_robust(sender=DataVersion):
        if isinstance(result, Exception):
            log.error("data_committed receiver %s failed", receiver, exc_info=result)


def data_version() -> int:
    """The current data version (one primary-key read)."""
    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0
