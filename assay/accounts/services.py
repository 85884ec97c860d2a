"""State changes of sign-in settings (API tokens): each a durable transaction, told who acts (`actor`), audited."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.lib.text import clean_text

from . import tokens
from .models import ApiToken, TokenScope

TOKEN_MAX_DAYS = 365


@transaction.atomic(durable=True)
def token_create(*, actor: User, name: str, scope: str, expires_on: date) -> tuple[ApiToken, str]:
    """A personal API token for `actor`; returns it with its secret, which is stored only as a digest."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    problems: dict[str, list[str]] = {}
    try:
        name = clean_text(name, ApiToken._meta.get_field("name").max_length)
    except ValidationError:
        name = ""
    if not name:
        problems["name"] = [_("Give the token a name of at most 100 characters.")]
    if scope not in TokenScope.values:
        problems["scope"] = [_("Choose read only, or read and write.")]
    today = timezone.localdate()
    if expires_on is None or not today < expires_on <= today + timedelta(days=TOKEN_MAX_DAYS):
        problems["expires_on"] = [_("A token must expire after today and within a year.")]
    if problems:
        raise ValidationError(problems)
    secret = tokens.new_secret()
    token = ApiToken.objects.create(user=actor, name=name, scope=scope, expires_on=expires_on,
                                    digest=tokens.digest(secret))
    audit_record(actor, AuditAction.TOKEN_CREATE, token, f"{name} ({scope}, until {expires_on.isoformat()})",
                 scope=scope, expires_on=expires_on.isoformat())
    return token, secret


@transaction.atomic(durable=True)
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens at once; revoking it again changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor, AuditAction.TOKEN_REVOKE, token, token.name)
    return token
