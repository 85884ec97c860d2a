"""Telling users: `notify` records a notification per recipient once per event key and e-mails it in the
recipient's language after the commit; the rest are a user's own choices about what they receive."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.lib.tasks import queue_mail

from .kinds import Kind, localized, render
from .models import Notification, Preference

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def preference_of(user: Any) -> Preference:
    pref, _created = Preference.objects.get_or_create(user=user)
    return pref


def notify(users: Iterable[Any], kind: Kind, key: str, url: str = "", **params: str) -> list[Notification]:
    """Tell each of `users` (once per `key`) that `kind` happened; return the notifications made now.

    Call it inside the service's transaction: the e-mails leave after the commit, each in its recipient's
    language, to those who have not muted the kind and have an address.
    """
    made = []
    for user in {u.pk: u for u in users if u is not None and getattr(u, "is_active", False)}.values():
        note, created = Notification.objects.get_or_create(
            user=user, key=key[:120], defaults={"kind": kind, "params": params, "url": url[:300]})
        if created:
            made.append(note)
    to_mail = [n.pk for n in made if n.user.email]
    if to_mail:
        transaction.on_commit(lambda: send_emails(to_mail))
    return made


def send_emails(ids: list[int]) -> int:
    """E-mail these notifications to whoever wants them, each in its recipient's language (after the commit)."""
    sent = 0
    for note in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("user"):
        pref = preference_of(note.user)
        if note.kind in pref.muted:
            continue
        with translation.override(pref.language):
            subject, body = render(note.kind, note.params)
            footer = _("Open it in Assay: %(url)s\n\nChoose which e-mails you receive: %(settings)s") % {
                "url": settings.SITE_URL.rstrip("/") + localized(note.url, pref.language) if note.url
                else settings.SITE_URL,
                "settings": settings.SITE_URL.rstrip("/") + f"/{pref.language}/notifications/settings/"}
            queue_mail(f"[Assay] {subject}", f"{body}\n\n{footer}", [note.user.email])
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
        sent += 1
    return sent


def mark_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all of them, or those listed): nobody else's can be touched."""
    rows = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


@transaction.atomic(durable=True)
def preference_set(*, actor: User, language: str, muted: Iterable[str]) -> Preference:
    """The user's own language for what is sent to them, and the kinds they do not want by e-mail."""
    muted = sorted(set(muted))
    unknown = [m for m in muted if m not in Kind.values]
    if language not in LANGUAGES:
        raise ValidationError({"language": [_("Choose one of the languages offered.")]}, code="bad_language")
    if unknown:
        raise ValidationError({"muted": [_("Unknown kind of notification: %(kinds)s.")
                                         % {"kinds": ", ".join(unknown)}]}, code="bad_kind")
    pref = preference_of(actor)
    pref.language, pref.muted = language, muted
    pref.save(update_fields=["language", "muted"])
    audit_record(actor, AuditAction.NOTICE_PREFERENCE_SET, pref, language, muted=muted)
    return pref


def remember_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """On a first sign-in, take the language the user signed in with as theirs for what Assay sends them."""
    language = getattr(request, "LANGUAGE_CODE", "")
    if language in LANGUAGES and not Preference.objects.filter(user=user).exists():
        Preference.objects.create(user=user, language=language)
