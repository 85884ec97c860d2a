"""Standards in the JSON API: versions and their content in a chosen language."""

from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Path, Router, Schema

from assay.lib import languages
from assay.lib.api import Slug, errors, text

from . import selectors
from .models import StandardVersion

router = Router(tags=["standards"])
if TYPE_CHECKING:
    Lang = str
else:  # the content languages of the settings (ASSAY_LANGUAGES), as an enumeration in the OpenAPI schema
    Lang = Literal[languages.content()]


class VersionSummary(Schema):
    standard: str
    label: str
    status: str
    title: str
    published_at: str | None
    url: str


class CriterionOut(Schema):
    key: str
    code: str
    kind: str
    tier: int | None
    points: int
    na_allowed: bool
    applies_to: list[str]
    disclosure: str
    risk: bool
    oecd_step: int
    risk_area: str | None  # an OECD Annex II risk or a broader one the standard gathers; null: none
    timeline_months: int | None
    unit: str | None
    better: str | None
    title: str
    text: str
    guidance: str
    evidence: str
    translation: dict[str, str]


class ModuleOut(Schema):
    code: str
    oecd_step: int
    theme: str
    title: str
    intro: str
    criteria: list[CriterionOut]


class LevelOut(Schema):
    rank: int
    code: str
    name: str
    description: str
    requires: dict[str, object]


class VersionDetail(VersionSummary):
    language: Lang
    summary: str
    rules: dict[str, float]
    levels: list[LevelOut]
    modules: list[ModuleOut]


def _text(obj, field: str, lang: str) -> str:
    return getattr(obj, f"{field}_{lang}") or getattr(obj, f"{field}_en") or ""


def _summary(v: StandardVersion, lang: str) -> dict:
    return {
        "standard": v.standard.slug, "label": v.label, "status": v.status, "title": _text(v, "title", lang),
        "published_at": v.published_at.isoformat() if v.published_at else None,
        "url": f"/api/v1/standards/{v.standard.slug}/versions/{v.label}",
    }


@router.get("/versions", response={200: list[VersionSummary], **errors(400, 401)},
            summary="List the versions you may read")
def list_versions(request: HttpRequest, lang: Lang = "en"):
    versions = sorted(selectors.visible_versions(request.user),
                      key=lambda v: (v.standard.slug, selectors.version_sort_key(v.label)))
    return [_summary(v, lang) for v in versions]


@router.get("/standards/{slug}/versions/{label}", response={200: VersionDetail, **errors(400, 401, 404)},
            summary="A version with its levels, modules and criteria in one language")
def get_version(request: HttpRequest, slug: Path[Slug], label: Path[text(40)], lang: Lang = "en"):
    version = selectors.version_get(request.user, slug, label)
    with translation.override(lang):
        modules = selectors.version_modules(version)
    out = _summary(version, lang) | {
        "language": lang, "summary": _text(version, "summary", lang),
        "rules": {k: version.rule(k) for k in ("level_bonus", "cahra_multiplier", "min_interval_days", "max_tiers")},
        "levels": [{
            "rank": lv.rank, "code": lv.code, "name": _text(lv, "name", lang),
            "description": _text(lv, "description", lang),
            "requires": {k: v for k, v in {
                "all_gates_clear": lv.all_gates_clear, "mitigation_min": lv.mitigation_min,
                "overall_min": float(lv.overall_min) if lv.overall_min is not None else None,
                "every_module_min": float(lv.every_module_min) if lv.every_module_min is not None else None,
                "module_min": lv.module_min or None}.items() if v not in (None, False)},
        } for lv in version.levels.all()],
        "modules": [{
            "code": m.code, "oecd_step": m.oecd_step, "theme": m.theme, "title": _text(m, "title", lang),
            "intro": _text(m, "intro", lang),
            "criteria": [{
                "key": c.key, "code": c.code, "kind": c.kind, "tier": c.tier, "points": c.points,
                "na_allowed": c.na_allowed, "applies_to": c.applies_to, "disclosure": c.disclosure, "risk": c.risk,
                "oecd_step": c.oecd_step, "risk_area": c.risk_area or None, "timeline_months": c.timeline_months,
                "unit": c.unit or None,
                "better": c.better or None,
                **{f: _text(c, f, lang) for f in c.translated_fields},
                "translation": {f: str(c.translation_status(f, lang)) for f in c.translated_fields},
            } for c in m.shown],
        } for m in modules],
    }
    return out
