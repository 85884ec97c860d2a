from typing import Any

from django.db import models
from django.db.models import F

from .models import AuditAction, AuditRecord, DataVersion

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


def data_version() -> int:
    """The current data version (one primary-key read)."""
    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0
