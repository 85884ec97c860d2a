"""Reads that the standards pages, PDF and API share."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assay.domain.redline import ATTRIBUTE_FIELDS, TEXT_FIELDS, CriterionSnapshot
from assay.lib import languages

from .models import (
    FROZEN_STATUSES,
    Criterion,
    CriterionQuerySet,
    Level,
    Module,
    Standard,
    StandardVersion,
    VersionStatus,
)

PUBLIC_STATUSES = (VersionStatus.CONSULTATION, VersionStatus.PUBLISHED, VersionStatus.RETIRED)


_LABEL_PART = re.compile(r"\d+|[^\d.]+")


def version_sort_key(label: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of a version label by its numbers ("0.9" < "0.10" < "1.0" < "1.1"), not by when it was made
    nor alphabetically; a part that is not a number sorts after the numbers ("2.0" < "2.0-draft")."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _LABEL_PART.findall(label))


def by_version_number(versions: Iterable[StandardVersion], newest_first: bool = False) -> list[StandardVersion]:
    """Versions in the order of their numbers, per standard: the one order versions are listed in."""
    return sorted(versions, key=lambda v: (v.standard_id, version_sort_key(v.label)), reverse=newest_first)


def visible_versions(user: Any) -> QuerySet[StandardVersion]:
    """Versions a user may read: drafts are the secretariat's working copies, the rest are public."""
    versions = StandardVersion.objects.select_related("standard")
    if user is not None and user.has_perm("standards.read_drafts"):
        return versions
    return versions.filter(status__in=PUBLIC_STATUSES)


def version_get(user: Any, slug: str, label: str) -> StandardVersion:
    version = visible_versions(user).filter(standard__slug=slug, label=label).first()
    if version is None:
        raise Http404
    return version


def frozen_version_changed(slug: str, label: str) -> datetime | None:
    """When a published (or retired) version last changed: its retirement, else its publication; None for a
    version that is not frozen (its pages may change at any time) or does not exist."""
    row = StandardVersion.objects.filter(standard__slug=slug, label=label, status__in=FROZEN_STATUSES).values_list(
        "published_at", "retired_at").first()
    if row is None:
        return None
    moments = [m for m in row if m is not None]
    return max(moments) if moments else None


def current_version(user: Any, standard: Standard) -> StandardVersion | None:
    """The version a visitor should land on: the published one, else the newest visible."""
    versions = visible_versions(user).filter(standard=standard)
    newest = by_version_number(versions, newest_first=True)
    return versions.filter(status=VersionStatus.PUBLISHED).first() or (newest[0] if newest else None)


@dataclass(frozen=True)
class CriteriaFilter:
    tier: int | None = None
    kind: str = ""
    oecd_step: int | None = None
    role: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return any((self.tier, self.kind, self.oecd_step, self.role, self.q))


def filter_criteria(criteria: CriterionQuerySet, f: CriteriaFilter) -> CriterionQuerySet:
    if f.tier:
        criteria = criteria.filter(tier=f.tier)
    if f.kind:
        criteria = criteria.filter(kind=f.kind)
    if f.oecd_step:
        criteria = criteria.filter(oecd_step=f.oecd_step)
    if f.role:
        criteria = criteria.applicable_to(f.role)
    if f.q:
        lang = get_language() or "en"
        match = Q()
        for field in ("code", "title_en", "text_en", "guidance_en"):
            match |= Q(**{f"{field}__icontains": f.q})
        if lang != "en":
            for field in ("title", "text", "guidance"):
                match |= Q(**{f"{field}_{lang}__icontains": f.q})
        criteria = criteria.filter(match)
    return criteria


def version_modules(version: StandardVersion, f: CriteriaFilter | None = None) -> list[Module]:
    """Modules of a version, each with `.shown` = its criteria that pass the filter (two queries in all)."""
    criteria = Criterion.objects.filter(version=version).order_by("position", "id")
    if f is not None:
        criteria = filter_criteria(criteria, f)
    modules = list(version.modules.prefetch_related(Prefetch("criteria", queryset=criteria, to_attr="shown")))
    return modules


def snapshots(version: StandardVersion) -> list[CriterionSnapshot]:
    """The version's criteria as redline snapshots, in English (the source language)."""
    return redline_snapshots(version, version, "en")[0]


def redline_snapshots(old: StandardVersion, new: StandardVersion, language: str
                      ) -> tuple[list[CriterionSnapshot], list[CriterionSnapshot], int]:
    """Both versions' criteria as redline snapshots worded in `language`, so a reader on /fr/ compares French
    texts. A text is compared in English, the source language, where either side's translation is missing or
    outdated (comparing a stale translation would hide a change, and French against English would show
    everything as changed). Returns (old, new, how many texts fell back to English)."""
    from .translation_status import TranslationStatus

    lang = languages.supported(language, languages.content())
    rows = {v.pk: {c.key: c for c in Criterion.objects.filter(version=v).select_related("module")}
            for v in (old, new)}
    fell_back: set[tuple[str, str]] = set()

    def translated(c: Criterion | None, name: str) -> bool:
        return c is None or not (getattr(c, f"{name}_en") or "") or (
            c.translation_status(name, lang) == TranslationStatus.CURRENT)

    def snap(c: Criterion, other: Criterion | None) -> CriterionSnapshot:
        texts = {}
        for name in TEXT_FIELDS:
            english = getattr(c, f"{name}_en") or ""
            if lang != "en" and translated(c, name) and translated(other, name):
                texts[name] = getattr(c, f"{name}_{lang}") or english
            else:
                texts[name] = english
                if lang != "en" and english:
                    fell_back.add((c.key, name))
        return CriterionSnapshot(key=c.key, code=c.code, module=c.module.code, texts=texts,
                                 attributes={name: getattr(c, name) for name in ATTRIBUTE_FIELDS},
                                 order=(c.module.position, c.position))

    a, b = rows[old.pk], rows[new.pk]
    return ([snap(c, b.get(key)) for key, c in a.items()], [snap(c, a.get(key)) for key, c in b.items()],
            len(fell_back))


def level_names() -> dict[int, str]:
    """Rank → name in the active language, from the latest published version (one query). Levels are compared
    across versions by rank; the published version's names are the ones readers know."""
    version = StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-published_at").first()
    names = {0: _("Candidate")}
    if version is not None:
        names.update({level.rank: level.name for level in Level.objects.filter(version=version)})
    return names
