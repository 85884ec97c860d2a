"""Merge fields and audience parts in e-mail templates.

Merge fields: `{{ partner }}`, `{{ contact }}`, `{{ deadline }}`, `{{ link }}`.
Audience parts: text between `[[partner]]` and `[[/partner]]` goes only to contacts of a partner organisation,
`[[subscriber]]`…`[[/subscriber]]` only to list subscribers who belong to none, `[[package]]`…`[[/package]]` only
into the cover e-mail of a distribution package (which has the attachments), `[[mailing]]`…`[[/mailing]]` only
into a mailing. Parts may nest (both must hold); nothing else is evaluated.

Deliberately not the Django template language: templates are written by staff in the admin, and a template
language that can reach objects is more power than a cover letter needs. Pure Python, no Django imports.
"""

import re
from collections.abc import Collection

FIELDS = ("partner", "contact", "deadline", "link")
AUDIENCES = ("partner", "subscriber", "package", "mailing")
_FIELD = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
# a tag alone on its line takes its line break with it, so that a left-out part leaves no blank line behind
_TAG = r"\[\[\s*(/?)\s*([A-Za-z_]+)\s*\]\]"
_PART = re.compile(rf"^[ \t]*{_TAG}[ \t]*(?:\n|\Z)|{_TAG}", re.MULTILINE)


class TemplateError(ValueError):
    """What is wrong with a template's parts, in words for its author (English; the caller translates)."""

    def __init__(self, code: str, name: str = "") -> None:
        super().__init__(code, name)
        self.code, self.name = code, name


def unknown_fields(text: str) -> set[str]:
    """The placeholders in `text` that are not merge fields (a typo would otherwise reach every recipient)."""
    return {name for name in _FIELD.findall(text) if name not in FIELDS}


def _segments(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """`text` cut into (piece, the parts that enclose it); raises TemplateError for an unknown or unbalanced part."""
    out: list[tuple[str, tuple[str, ...]]] = []
    stack: list[str] = []
    at = 0
    for m in _PART.finditer(text):
        out.append((text[at:m.start()], tuple(stack)))
        at = m.end()
        alone = m.group(2) is not None  # the tag alone on its line
        closing = (m.group(1) if alone else m.group(3)) == "/"
        name = (m.group(2) if alone else m.group(4)).lower()
        if name not in AUDIENCES:
            raise TemplateError("unknown", name)
        if not closing:
            stack.append(name)
        elif not stack or stack[-1] != name:
            raise TemplateError("unopened", name)
        else:
            stack.pop()
    if stack:
        raise TemplateError("unclosed", stack[-1])
    out.append((text[at:], tuple(stack)))
    return out


def check(text: str) -> None:
    """Raise TemplateError if the parts of `text` are not well formed."""
    _segments(text)


def select(text: str, audience: Collection[str]) -> str:
    """`text` with only the parts meant for `audience` (e.g. {"partner", "mailing"}), tags removed."""
    kept = "".join(piece for piece, parts in _segments(text) if all(p in audience for p in parts))
    return re.sub(r"\n{3,}", "\n\n", kept)


def empty_fields(text: str, values: dict[str, str], audience: Collection[str]) -> set[str]:
    """The merge fields that the parts meant for `audience` use and that have no value for this recipient (what
    would read "if  could share it")."""
    return {name for name in _FIELD.findall(select(text, audience)) if name in FIELDS and not values.get(name)}


def merge(text: str, values: dict[str, str], audience: Collection[str] | None = None) -> str:
    """Keep the parts meant for `audience` (when given), then fill every known merge field; a field without a
    value becomes empty rather than staying as braces."""
    if audience is not None:
        text = select(text, audience)
    return _FIELD.sub(lambda m: values.get(m.group(1), "") if m.group(1) in FIELDS else m.group(0), text)
