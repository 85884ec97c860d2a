"""Every change to alignment ratings and crosswalks: one audited service each."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.standards.models import Criterion, Standard, StandardVersion

from . import crosswalk_io
from .models import AlignmentRating, Crosswalk, CrosswalkLink, Rating
from .reference import items_by_code, shipped_mapping


def _frozen(version: StandardVersion) -> None:
    if version.is_frozen:
        raise ValidationError(_("Version %(label)s is published: its alignment is frozen.")
                              % {"label": version.label})


@transaction.atomic(durable=True)
def alignment_seed(*, actor: User | None, version: StandardVersion) -> int:
    """Give a version with no ratings its first ones: those of the version it derives from, else the mapping
    shipped for its standard (data/<slug>.yaml). A version that has
    ratings keeps them (so a published version's, once there, never change); returns how many were written."""
    if AlignmentRating.objects.filter(version=version).exists():
        return 0
    source: list[dict[str, Any]] = []
    parent = version.derived_from
    if parent is not None and AlignmentRating.objects.filter(version=parent).exists():
        source = [{"item": r.item, "rating": r.rating, "criteria": r.criteria, "reason": r.reason}
                  for r in AlignmentRating.objects.filter(version=parent)]
        origin = f"version {parent.label}"
    else:
        mapping = shipped_mapping(version.standard.slug)
        if mapping is None:
            return 0
        source = list(mapping["ratings"])
        origin = f"shipped mapping of {mapping['standard']} {mapping['version']}"
    by_item = {r["item"]: r for r in source}
    AlignmentRating.objects.bulk_create([
        AlignmentRating(version=version, item=r["item"], rating=r["rating"], criteria=list(r.get("criteria", [])),
                        reason=" ".join(r["reason"].split()),
                        updated_by=actor if getattr(actor, "is_authenticated", False) else None)
        for r in by_item.values()])
    audit_record(actor, AuditAction.ALIGNMENT_SEED, version, f"alignment of {version} from {origin}",
                 items=len(by_item))
    return len(by_item)


@transaction.atomic(durable=True)
def alignment_rate(*, actor: User | None, version: StandardVersion, item: str, rating: str, criteria: list[str],
                   reason: str) -> AlignmentRating:
    """Rate one reference item for a version that is not published: the criteria (keys of this version) that
    address it, fully, partially or not, and why."""
    _frozen(version)
    problems = []
    if item not in items_by_code():
        problems.append(_("Choose an item of the OECD reference list."))
    if rating not in Rating.values:
        problems.append(_("Choose fully, partially or not aligned."))
    keys = set(Criterion.objects.filter(version=version).values_list("key", flat=True))
    unknown = [k for k in criteria if k not in keys]
    if unknown:
        problems.append(_("Not criteria of this version: %(keys)s") % {"keys": ", ".join(unknown)})
    reason = " ".join(reason.split())
    if not reason:
        problems.append(_("Give the reason for the rating."))
    if rating in (Rating.FULL, Rating.PARTIAL) and not criteria:
        problems.append(_("A fully or partially aligned item names the criteria that address it."))
    if problems:
        raise ValidationError(problems)
    row, created = AlignmentRating.objects.get_or_create(
        version=version, item=item, defaults={"rating": rating, "criteria": list(dict.fromkeys(criteria)),
                                              "reason": reason})
    before = {"rating": row.rating, "criteria": row.criteria, "reason": row.reason}
    row.rating, row.criteria, row.reason = rating, list(dict.fromkeys(criteria)), reason
    row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    row.save()
    audit_record(actor, AuditAction.ALIGNMENT_RATE, row, f"{version} {item}: {rating}",
                 before=None if created else before, rating=rating, criteria=row.criteria)
    return row


@transaction.atomic(durable=True)
def crosswalk_import(*, actor: User | None, standard: Standard, slug: str, name: str, scheme: str,
                     raw: bytes) -> Crosswalk:
    """Import (or replace) a crosswalk from a CSV file; raise CrosswalkFileError listing every bad row with its
    number and reason, importing nothing then."""
    problems = []
    name, scheme = " ".join(name.split()), " ".join(scheme.split())
    from django.core.validators import validate_slug

    try:
        validate_slug(slug)
    except ValidationError:
        problems.append("(slug): " + _("use letters, digits, hyphens and underscores"))
    if not name:
        problems.append("(name): " + _("is required"))
    if not scheme:
        problems.append("(scheme): " + _("is required"))
    rows, file_problems = crosswalk_io.check(raw, standard)
    problems += file_problems
    if problems:
        raise crosswalk_io.CrosswalkFileError(problems)
    crosswalk = Crosswalk.objects.filter(slug=slug).first()
    replaced = crosswalk is not None
    if crosswalk is None:
        crosswalk = Crosswalk(slug=slug)
    elif crosswalk.standard_id != standard.pk:
        raise crosswalk_io.CrosswalkFileError(["(slug): " + _("a crosswalk of another standard has this slug")])
    crosswalk.standard, crosswalk.name, crosswalk.scheme = standard, name, scheme
    crosswalk.imported_by = actor if getattr(actor, "is_authenticated", False) else None
    crosswalk.save()
    crosswalk.links.all().delete()
    CrosswalkLink.objects.bulk_create([
        CrosswalkLink(crosswalk=crosswalk, position=i, requirement=r.requirement, title=r.title,
                      criterion_key=r.criterion_key, note=r.note) for i, r in enumerate(rows)])
    audit_record(actor, AuditAction.CROSSWALK_IMPORT, crosswalk,
                 f"crosswalk {slug}: {len(rows)} rows" + (" (replaced)" if replaced else ""), rows=len(rows))
    return crosswalk
