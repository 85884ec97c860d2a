from typing import Any

from django.db import models

from .models import AuditRecord


def audit_record(user: Any, action: str, obj: models.Model, summary: str = "", **details: Any) -> AuditRecord:
    """Write the audit record of one service call; call it inside the service's transaction."""
    return AuditRecord.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        details=details,
    )
