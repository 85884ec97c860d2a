"""Sign-in beyond the password: personal API tokens and the log of their use."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("read only")
    WRITE = "write", _("read and write")


class ApiToken(models.Model):
    """A personal token for the JSON API. Only a SHA-256 digest of its secret is stored: the secret is shown once,
    when it is created. It acts as its user would with a session, within its scope, until it expires or is
    revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system using it."))
    scope = models.CharField(_("scope"), max_length=5, choices=TokenScope.choices, default=TokenScope.READ)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_on = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user_id} {self.name} ({self.scope})"

    def is_valid(self, today=None) -> bool:
        return self.revoked_at is None and self.expires_on >= (today or timezone.localdate())


class ApiTokenUse(models.Model):
    """One request made with an API token, logged like a restricted read: who, which token, when, where."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(_("method"), max_length=10)
    surface = models.CharField(_("page or endpoint"), max_length=200)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.token_id} {self.method} {self.surface}"
