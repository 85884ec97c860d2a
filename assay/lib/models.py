from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredDocument(models.Model):
    """A document rendered once and kept (assay.lib.documents): the PDF of something that can no longer change,
    in one language, at one content version. In the database so that it survives restarts and deployments and
    works the same on SQLite and PostgreSQL with no shared disk."""

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object"))
    language = models.CharField(_("language"), max_length=8)
    content_version = models.CharField(_("content version"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    data = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))
    render_ms = models.PositiveIntegerField(_("rendering time in milliseconds"))
    created_at = models.DateTimeField(_("rendered on"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language", "content_version"], name="stored_document_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.language}, {self.size} bytes)"
