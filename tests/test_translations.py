"""The interface catalogues, one per language of the settings: complete, not fuzzy, and with placeholders that
match their source."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_interface_string_is_translated(lang):
    """Every language of the settings (ASSAY_LANGUAGES) but English has a complete interface catalogue."""
    with open(LOCALE / lang / "LC_MESSAGES" / "django.po", "rb") as f:
        catalog = read_po(f)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {ids[0][:60]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for s in strings:
            if set(PLACEHOLDER.findall(s)) - wanted:
                problems.append(f"unknown placeholder in {ids[0][:60]!r}")
    assert problems == []
