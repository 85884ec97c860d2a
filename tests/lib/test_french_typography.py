"""French typography: a narrow no-break space (U+202F) before ; : ! ? and inside « » in the French catalogue, set
by bin/french-typography (assay/lib/typography.py), with placeholders, URLs, code and times left as they are."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from assay.lib.typography import french, protected_spans

ROOT = Path(__file__).resolve().parents[2]
FRENCH = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
N = "\u202f"
# A mark with anything but the narrow no-break space before it (or after «): except after another mark, an opening
# bracket or quote, or at the start of a line (the text before it is elsewhere).
WRONG = re.compile(rf"(?<=[^{N};:!?(\[«\"'\n])[;:!?»]|«(?!{N})")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Statut : publié", f"Statut{N}: publié"),
        ("Vraiment ?", f"Vraiment{N}?"),
        ("Non!", f"Non{N}!"),
        ("a ; b", f"a{N}; b"),
        ("le « tiers » niveau", f"le «{N}tiers{N}» niveau"),
        ("le «tiers»", f"le «{N}tiers{N}»"),
        ("déjà\u00a0: fait", f"déjà{N}: fait"),
        (f"déjà{N}: fait", f"déjà{N}: fait"),  # already right: unchanged
        ("Quoi ?!", f"Quoi{N}?!"),
        ("Version %(label)s : %(n)s critères", f"Version %(label)s{N}: %(n)s critères"),
        ("Voir https://example.org/a?b=c : la page", f"Voir https://example.org/a?b=c{N}: la page"),
        ("à 12:30, contraste 3:1", "à 12:30, contraste 3:1"),
        (
            "Envoyez <code>Authorization: Bearer</code> &amp; le reste",
            "Envoyez <code>Authorization: Bearer</code> &amp; le reste",
        ),
        ('<a href="/fr/?q=x">lien</a>', '<a href="/fr/?q=x">lien</a>'),
        ("{{ name }}: {name}", f"{{{{ name }}}}{N}: {{name}}"),
        ("(?)", "(?)"),
    ],
)
def test_french_spacing_is_set_and_what_is_not_prose_is_left_alone(before, after):
    assert french(before) == after


def _wrong_in(text: str) -> list[str]:
    spans = protected_spans(text)
    return [
        text[max(0, m.start() - 20) : m.end() + 5]
        for m in WRONG.finditer(text)
        if m.start() > 0 and not any(s <= m.start() < e or s <= m.start() - 1 < e for s, e in spans)
    ]


def test_the_french_catalogue_has_a_narrow_no_break_space_before_every_mark():
    with FRENCH.open("rb") as f:
        catalogue = read_po(f)
    wrong = []
    for message in catalogue:
        if not message.id:
            continue  # the header
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            wrong += _wrong_in(text or "")
    assert not wrong, (len(wrong), wrong[:10])


def test_the_script_fixes_a_catalogue_in_place_keeping_its_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Status: %(s)s"\nmsgstr "Statut : %(s)s"\n\n'
        'msgid "Really? Yes; wrapped"\nmsgstr ""\n"Vraiment "\n"? Oui ; «coupé»"\n',
        encoding="utf-8",
    )
    subprocess.run([sys.executable, str(ROOT / "bin" / "french-typography"), str(po)], check=True, capture_output=True)
    assert po.read_text(encoding="utf-8") == (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'  # the header is not prose
        f'msgid "Status: %(s)s"\nmsgstr "Statut{N}: %(s)s"\n\n'
        f'msgid "Really? Yes; wrapped"\nmsgstr ""\n"Vraiment{N}"\n"? Oui{N}; «{N}coupé{N}»"\n'
    )


def test_the_script_refuses_a_catalogue_in_another_language(tmp_path):
    """Portuguese (like Spanish) sets no space before ; : ! ?: the French rules never touch its catalogue."""
    original = (
        'msgid ""\nmsgstr ""\n"Language: pt\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Really? Yes; wrapped"\nmsgstr "Mesmo? Sim; «quebrado»"\n'
    )
    named = tmp_path / "django.po"
    named.write_text(original, encoding="utf-8")
    placed = tmp_path / "locale" / "pt" / "LC_MESSAGES" / "django.po"
    placed.parent.mkdir(parents=True)
    placed.write_text(original.replace('"Language: pt\\n"\n', ""), encoding="utf-8")
    for po in (named, placed):
        before = po.read_text(encoding="utf-8")
        run = subprocess.run([sys.executable, str(ROOT / "bin" / "french-typography"), str(po)], capture_output=True)
        assert run.returncode != 0
        assert b"applies only to French" in run.stderr
        assert po.read_text(encoding="utf-8") == before
