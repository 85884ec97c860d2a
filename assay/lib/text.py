"""Free text from outside: the limits every entry point honours, and the one cleaning they all apply.

Pages, the API, the XLSForm and pilot-event imports and the admin reach the same services, which call
`clean_text`; the models' free-text fields carry a `MaxLengthValidator` of the same limit, so the admin's forms
(and any `full_clean`) refuse what the services refuse. The messages are Django's own, translated in every
language Assay speaks. README.md, "Limits", lists them.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator

# A limit no real respondent meets, that keeps a page, the synopsis PDF and an export fast (issue 11).
COMMENT_MAX = 20_000
# Notes, reasons, responses, actions, descriptions, profiles, e-mail bodies, questions.
LONG_TEXT_MAX = 20_000
# Names of people, organisations, places and titles (every such CharField is 200 long).
NAME_MAX = 200
# An answer's value: a choice (or several), a number, yes or no.
ANSWER_MAX = 200

# C0 control characters other than tab, line feed and carriage return; NUL is refused, not dropped.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(value: Any, max_length: int, *, strip: bool = True) -> str:
    """Free text as it may be stored: refuse a NUL byte, drop the other C0 control characters (keeping tab,
    newline and carriage return), trim, and refuse more than `max_length` characters. Raises a ValidationError
    with Django's translated message."""
    text = "" if value is None else str(value)
    ProhibitNullCharactersValidator()(text)
    text = _CONTROL.sub("", text)
    if strip:
        text = text.strip()
    MaxLengthValidator(max_length)(text)
    return text


def clean_texts(fields: dict[str, tuple[Any, int]]) -> dict[str, str]:
    """`clean_text` over several named fields at once: every problem is reported, keyed by its field."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name, (value, max_length) in fields.items():
        try:
            cleaned[name] = clean_text(value, max_length)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned
