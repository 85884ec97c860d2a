"""Region names in the reader's language. A region is stored under one name (CAHRA lists match sites by it); this
module words it for a page in French or Spanish from `data/region_names.yaml`, and leaves a name it does not
list as stored."""

from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language


@cache
def _names() -> dict[str, dict[str, str]]:
    data = yaml.safe_load((Path(__file__).parent / "data" / "region_names.yaml").read_text(encoding="utf-8"))
    return {str(k): {str(lang): str(v) for lang, v in names.items()} for k, names in (data or {}).items()}


def region_name(region: str, language: str | None = None) -> str:
    """`region` as `language` (default: the active one) names it."""
    lang = (language or get_language() or "en")[:2]
    return _names().get(region, {}).get(lang, region)
