"""State changes of disclosure settings: each a durable transaction, told who acts (`actor`), audited."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.domain.disclosure import Disclosure
from assay.registry.models import Actor, MemberRole, Membership

from .access import DEFAULTS
from .models import ActorDisclosure, DatumKind


@transaction.atomic(durable=True)
def disclosure_choose(*, actor: User, organisation: Actor, kind: str, opened_to: str | None
                      ) -> ActorDisclosure | None:
    """An organisation's admin opens one kind of its data further than the default (None: back to the default)."""
    if not Membership.objects.filter(user=actor, actor=organisation, role=MemberRole.ADMIN).exists():
        raise PermissionDenied
    if kind not in DatumKind.values:
        raise ValidationError(_("Unknown kind of data."), code="bad_kind")
    ActorDisclosure.objects.filter(actor=organisation, kind=kind).delete()
    if opened_to is None:
        audit_record(actor, AuditAction.DISCLOSURE_RESET, organisation, kind)
        return None
    try:
        target = Disclosure.parse(opened_to)
    except KeyError:
        raise ValidationError(_("Unknown disclosure class."), code="bad_class") from None
    if target >= DEFAULTS[kind]:
        raise ValidationError(_("Data can only be opened further than the standard's default, never closed."),
                              code="not_more_open")
    choice = ActorDisclosure.objects.create(actor=organisation, kind=kind, opened_to=target.name.lower())
    audit_record(actor, AuditAction.DISCLOSURE_OPEN, organisation, f"{kind} → {choice.opened_to}", kind=kind,
                 to=choice.opened_to)
    return choice
