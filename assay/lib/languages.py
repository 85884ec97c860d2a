"""The languages Assay runs in, all derived from one settings entry (ASSAY_LANGUAGES; README, "Adding a language").

`interface()` is what the pages, e-mails and forms are offered in (settings.LANGUAGES); `content()` is what the
translated columns exist in (settings.MODELTRANSLATION_LANGUAGES, fixed when the models load, since each language is
a column). Both start with English, the source language; `translations()` are the others. Nothing else in the code
names a language, so a new one needs no code change.
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.functional import lazy
from django.utils.translation import gettext

SOURCE = "en"


def interface() -> tuple[str, ...]:
    """The interface languages, English first (read at call time, so overriding the settings takes effect)."""
    return tuple(code for code, _name in settings.LANGUAGES)


def content() -> tuple[str, ...]:
    """The languages the translated texts have columns for, English first."""
    return tuple(settings.MODELTRANSLATION_LANGUAGES)


def translations() -> tuple[str, ...]:
    """The content languages other than English: the ones whose translation status is tracked."""
    return tuple(code for code in content() if code != SOURCE)


def name(code: str) -> str:
    """The language's name in the active language ("French" in English, "francês" in Portuguese)."""
    for known, label in settings.LANGUAGES:
        if known == code:
            return str(label)
    return gettext(LANG_INFO.get(code, {}).get("name", code))


name_lazy = lazy(name, str)


def local_name(code: str) -> str:
    """The language's name in itself, capitalised as a label ("Français", "Português")."""
    local = str(LANG_INFO.get(code, {}).get("name_local", code))
    return local[:1].upper() + local[1:]


def label(code: str) -> str:
    """A form's or file's language column label, the language in itself and its code: "Português (pt)"."""
    return f"{local_name(code)} ({code})"


def supported(code: str | None, languages: tuple[str, ...] | None = None) -> str:
    """`code` when it is one of `languages` (the interface languages by default), else English."""
    return code if code and code in (languages if languages is not None else interface()) else SOURCE
