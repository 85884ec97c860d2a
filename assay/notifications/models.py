"""Notifications: what happened that a user should know, kept in their list and, if they wish, e-mailed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import Kind


class Notification(models.Model):
    """One thing a user is told. `key` names the event (and, for a reminder, its period): the same key is never
    told twice to the same user, which is what makes the reminder job safe to run again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_event")]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.key}"


class Preference(models.Model):
    """A user's language for what Assay sends them, and the kinds they do not want by e-mail (the list in Assay
    keeps every notification whatever they choose)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    muted = models.JSONField(_("kinds not e-mailed"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.language}"
