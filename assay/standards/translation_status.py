"""Translation status of content fields: missing, current, or outdated.

A translation is current while the English text it was written against is unchanged. We keep, per field and
language, a short hash of that English text; when the English text changes, the hash no longer matches and the
translation shows as outdated until a translator saves it again.
"""

import hashlib
from collections.abc import Iterable

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from assay.lib import languages

SOURCE = languages.SOURCE
# The translations tracked: every content language but English (settings.ASSAY_LANGUAGES), one status column each.
TARGETS = languages.translations()


class TranslationStatus(models.TextChoices):
    CURRENT = "current", _("current")
    OUTDATED = "outdated", _("outdated")
    MISSING = "missing", _("missing")


_SEVERITY = {TranslationStatus.CURRENT: 0, TranslationStatus.OUTDATED: 1, TranslationStatus.MISSING: 2}


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class TranslatedContent(models.Model):
    """Base for models whose texts exist in each content language (fields registered in translation.py), with a
    `tr_status_<code>` column per translation (added below, one per language of the settings)."""

    translated_fields: tuple[str, ...] = ()

    tr_sources = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, outdated: Iterable[str] = (), **kwargs):
        self.sync_translation_state(outdated)
        super().save(*args, **kwargs)
        self._loaded_texts = self._texts()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Only what was loaded: reading a deferred field here would load the row again, and recurse.
        instance._loaded_texts = instance._texts(skip=instance.get_deferred_fields())
        return instance

    def _texts(self, skip: Iterable[str] = ()) -> dict[str, str]:
        return {
            f"{field}.{lang}": getattr(self, f"{field}_{lang}", "") or ""
            for field in self.translated_fields
            for lang in (SOURCE, *TARGETS)
            if f"{field}_{lang}" not in skip
        }

    def translation_status(self, field: str, lang: str) -> TranslationStatus:
        """Status of one field in one language (English itself is always current)."""
        english = getattr(self, f"{field}_{SOURCE}") or ""
        if lang == SOURCE or not english:
            return TranslationStatus.CURRENT
        if not (getattr(self, f"{field}_{lang}") or ""):
            return TranslationStatus.MISSING
        if self.tr_sources.get(f"{field}.{lang}") != source_hash(english):
            return TranslationStatus.OUTDATED
        return TranslationStatus.CURRENT

    def outdated_languages(self, field: str) -> list[str]:
        return [lang for lang in TARGETS if self.translation_status(field, lang) == TranslationStatus.OUTDATED]

    def sync_translation_state(self, outdated: Iterable[str] = ()) -> None:
        """Record, for each translation written or changed since load, the English text it now matches.

        `outdated` names "field.lang" pairs to mark as written against an older English text (used by import).
        """
        loaded = getattr(self, "_loaded_texts", {})
        texts = self._texts()
        sources = dict(self.tr_sources or {})
        for field in self.translated_fields:
            english = texts[f"{field}.{SOURCE}"]
            for lang in TARGETS:
                key = f"{field}.{lang}"
                if not texts[key]:
                    sources.pop(key, None)
                elif texts[key] != loaded.get(key) or key not in sources:
                    sources[key] = source_hash(english)
        for key in outdated:
            sources[key] = "outdated"
        self.tr_sources = sources
        for lang in TARGETS:
            statuses = [self.translation_status(f, lang) for f in self.translated_fields] or [
                TranslationStatus.CURRENT
            ]
            setattr(self, f"tr_status_{lang}", max(statuses, key=_SEVERITY.__getitem__))


for _lang in TARGETS:
    TranslatedContent.add_to_class(f"tr_status_{_lang}", models.CharField(
        format_lazy(_("{language} translation"), language=languages.name_lazy(_lang)), max_length=10,
        choices=TranslationStatus.choices, default=TranslationStatus.MISSING, editable=False,
    ))
