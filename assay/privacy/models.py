"""The log of what was done with personal data: access requests answered, erasures and retention runs. It names a
person only by their account's number (never a name or an address), so it can be kept after an erasure."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("access request")
    ERASURE = "erasure", _("erasure")
    RETENTION = "retention", _("retention run")


class PrivacyRequest(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("handled by"))
    # the account concerned, by number only; an e-mail-only person (a respondent, a contact) has none
    subject_user_id = models.PositiveIntegerField(_("account number"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    counts = models.JSONField(_("records concerned"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    def subject_label(self) -> str:
        if self.subject_user_id:
            return str(_("account %(number)s") % {"number": self.subject_user_id})
        return str(_("e-mail address only (not kept)")) if self.kind != RequestKind.RETENTION else ""
