"""Merge fields in e-mail templates: `{{ partner }}`, `{{ contact }}`, `{{ deadline }}`, `{{ link }}`.

Deliberately not the Django template language: templates are written by staff in the admin, and a template
language that can reach objects is more power than a cover letter needs. Pure Python, no Django imports.
"""

import re

FIELDS = ("partner", "contact", "deadline", "link")
_FIELD = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")


def unknown_fields(text: str) -> set[str]:
    """The placeholders in `text` that are not merge fields (a typo would otherwise reach every recipient)."""
    return {name for name in _FIELD.findall(text) if name not in FIELDS}


def merge(text: str, values: dict[str, str]) -> str:
    """Fill every known merge field; a field without a value becomes empty rather than staying as braces."""
    return _FIELD.sub(lambda m: values.get(m.group(1), "") if m.group(1) in FIELDS else m.group(0), text)
