"""Indicator units in the reader's language. A criterion stores its unit once, as the standard's YAML gives it;
this module words it for a page in another language from `data/unit_names.yaml`, and leaves a unit it does not
list (a symbol: %, g Hg/g Au, USD) as stored."""

from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language


@cache
def _names() -> dict[str, dict[str, str]]:
    data = yaml.safe_load((Path(__file__).parent / "data" / "unit_names.yaml").read_text(encoding="utf-8"))
    return {str(k): {str(lang): str(v) for lang, v in names.items()} for k, names in (data or {}).items()}


def unit_label(unit: str, language: str | None = None) -> str:
    """`unit` as `language` (default: the active one) writes it."""
    lang = (language or get_language() or "en")[:2]
    return _names().get(unit, {}).get(lang, unit)
