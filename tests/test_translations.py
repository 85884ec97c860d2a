"""The interface catalogues, one per language of the settings: complete, not fuzzy, with placeholders that match
their source, and holding every string the code marks for translation."""

import ast
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

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


ASSAY = Path(__file__).resolve().parent.parent / "assay"
KEYWORDS = ["_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext",
            "pgettext_lazy", "npgettext", "npgettext_lazy"]
# What Django's templatize makes of {% translate %}, {% blocktranslate %} and _("...") in a template: calls with
# Python string literals (repr), the plural forms ending in ", count".
TEMPLATE_CALL = re.compile(r"""\b(npgettext|ngettext|pgettext|gettext|_)\(((?:[a-z]?'(?:[^'\\]|\\.)*'"""
                           r"""|[a-z]?"(?:[^"\\]|\\.)*"|,\s*|count)+)\)""")


def _marked_strings() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string marked in the code and templates, as `makemessages` extracts them, without
    needing GNU gettext on the machine."""
    found: set[tuple[str | None, str]] = set()
    for path in sorted(ASSAY.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt", ".xml", ".svg"} or "migrations" in path.parts:
            continue
        source = path.read_text()
        if path.suffix == ".py":
            for _line, func, messages, _comments in extract_python(io.BytesIO(source.encode()), KEYWORDS, [], {}):
                msgs = messages if isinstance(messages, tuple) else (messages,)
                context, msgid = (msgs[0], msgs[1]) if func.startswith(("pgettext", "npgettext")) else (None, msgs[0])
                if msgid:
                    found.add((context, msgid))
            continue
        for call in TEMPLATE_CALL.finditer(templatize(source, origin=str(path))):
            args = ast.literal_eval("(" + re.sub(r",\s*count\s*$", "", call.group(2)) + ",)")
            found.add((args[0], args[1]) if call.group(1).startswith(("p", "np")) else (None, args[0]))
    return found


def test_the_extraction_finds_the_strings_of_code_and_templates():
    """The extraction below is only as good as what it finds: strings of each kind of source it reads."""
    found = _marked_strings()
    assert (None, "Simulations") in found  # _("...") as a template tag's argument
    assert (None, "Not applicable allowed") in found  # {% translate %}
    assert any("%(n)s" in msgid for _c, msgid in found)  # {% blocktranslate count %} and ngettext
    assert len(found) > 1000


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_marked_string_is_in_the_catalogue(lang):
    """A string marked in the code but never extracted (`manage.py makemessages`) would show in English only."""
    with open(LOCALE / lang / "LC_MESSAGES" / "django.po", "rb") as f:
        catalog = read_po(f)
    have = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog if m.id}
    missing = sorted(msgid[:60] for context, msgid in _marked_strings() - have)
    assert missing == [], "run manage.py makemessages and translate: " + repr(missing[:20])
