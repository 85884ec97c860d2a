"""State changes of the registry: each a durable transaction, told who acts, audited.

Every service takes keyword arguments only. `actor` is the user who acts (None when the system loads data); the
organisations it changes are named by their part: `producer`, `buyer`, `supplier`, `organisation`.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django_countries import countries

from assay.audit.models import AuditAction
from assay.audit.services import audit_record

from .models import (
    Actor,
    CahraArea,
    CahraDesignation,
    MemberRole,
    Membership,
    Relationship,
    RelationshipKind,
    Site,
)
from .signals import designations_changed

CAHRA_COLUMNS = ("country", "region", "source", "start", "end")


class RowErrors(Exception):
    """Every bad row of an imported file; nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _save(obj: Model) -> None:
    obj.full_clean()  # the model's own rules (slug, country code, share 0–1, end after start, …) before the write
    obj.save()


@transaction.atomic(durable=True)
def actor_create(*, actor: User | None, name: str, slug: str, role: str, country: str, region: str = "",
                 minerals: Sequence[str] = (), miners: int | None = None, profile: str = "",
                 website: str = "") -> Actor:
    """Add an organisation (an Actor) to the registry."""
    organisation = Actor(name=name, slug=slug, role=role, country=country, region=region, minerals=list(minerals),
                         miners=miners, profile=profile, website=website)
    _save(organisation)
    audit_record(actor, AuditAction.ACTOR_CREATE, organisation, str(organisation)[:200], role=role)
    return organisation


@transaction.atomic(durable=True)
def site_create(*, actor: User | None, producer: Actor, name: str, country: str, region: str,
                latitude: Decimal | None = None, longitude: Decimal | None = None) -> Site:
    """Add a producer's mine site; its CAHRA designations follow when the list is next applied (`cahra_import`,
    `cahra_area_save`)."""
    site = Site(actor=producer, name=name, country=country, region=region, latitude=latitude, longitude=longitude)
    _save(site)
    audit_record(actor, AuditAction.SITE_CREATE, site, str(site)[:200], producer=producer.pk)
    return site


@transaction.atomic(durable=True)
def relationship_create(*, actor: User | None, buyer: Actor, supplier: Actor, start: date,
                        kind: str = RelationshipKind.SOURCING, share: Decimal | None = None,
                        end: date | None = None, minerals: Sequence[str] = ()) -> Relationship:
    """Record that `buyer` sources from (or finances, or supports) `supplier` from `start`, until `end` if given,
    trading `minerals` (each one the supplier produces; none: not known)."""
    relationship = Relationship(buyer=buyer, supplier=supplier, kind=kind, share=share, start=start, end=end,
                                minerals=list(minerals))
    _save(relationship)
    audit_record(actor, AuditAction.RELATIONSHIP_CREATE, relationship, str(relationship)[:200], kind=kind)
    return relationship


@transaction.atomic(durable=True)
def membership_grant(*, actor: User | None, user: User, organisation: Actor,
                     role: str = MemberRole.VIEWER) -> Membership:
    """Make `user` a member of `organisation` with `role` (viewer, editor or admin)."""
    membership = Membership(user=user, actor=organisation, role=role)
    _save(membership)
    audit_record(actor, AuditAction.MEMBERSHIP_GRANT, membership, str(membership)[:200], role=role)
    return membership


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_cahra_csv(raw: bytes) -> list[CahraArea]:
    """Rows of a CAHRA list (country, region, source, start, end), or RowErrors naming each bad row."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RowErrors([_("The file is not UTF-8 text.")]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("country", "source", "start") if c not in header]
    if missing:
        raise RowErrors([_("Missing column(s): %(columns)s. Expected: %(expected)s.")
                         % {"columns": ", ".join(missing), "expected": ", ".join(CAHRA_COLUMNS)}])
    areas, problems = [], []
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        here: list[str] = []
        code = row.get("country", "").upper()
        if code not in dict(countries):
            here.append(_("country “%(value)s” is not an ISO 3166-1 alpha-2 code") % {"value": code})
        start = _parse_date(row.get("start", ""))
        if start is None:
            here.append(_("start “%(value)s” is not a date (YYYY-MM-DD)") % {"value": row.get("start", "")})
        end = _parse_date(row["end"]) if row.get("end") else None
        if row.get("end") and end is None:
            here.append(_("end “%(value)s” is not a date (YYYY-MM-DD)") % {"value": row["end"]})
        if start and end and end < start:
            here.append(_("end is before start"))
        if not row.get("source"):
            here.append(_("source is empty"))
        if here:
            problems.append(_("row %(n)s: %(problems)s") % {"n": number, "problems": "; ".join(here)})
        else:
            areas.append(CahraArea(country=code, region=row.get("region", ""), source=row["source"], start=start,
                                   end=end))
    if problems:
        raise RowErrors(problems)
    if not areas:
        raise RowErrors([_("The file has no rows.")])
    return areas


@transaction.atomic(durable=True)
def cahra_import(*, actor: User | None, raw: bytes) -> int:
    """Replace the CAHRA list with a CSV file's rows and re-apply it to every site; returns the rows imported."""
    areas = parse_cahra_csv(raw)
    CahraArea.objects.all().delete()
    CahraArea.objects.bulk_create(areas)
    designated = _cahra_apply(actor)
    audit_record(actor, AuditAction.CAHRA_IMPORT, areas[0], f"{len(areas)} areas", areas=len(areas),
                 sites=designated)
    return len(areas)


@transaction.atomic(durable=True)
def cahra_area_save(*, actor: User, area: CahraArea, changed: Sequence[str] = ()) -> CahraArea:
    """Add or correct one line of the CAHRA list by hand; the sites' designations follow in the same transaction."""
    adding = area.pk is None
    _save(area)
    sites = _cahra_apply(actor)
    audit_record(actor, AuditAction.ADMIN_ADD if adding else AuditAction.ADMIN_CHANGE, area, str(area)[:200],
                 changed=list(changed), sites=sites)
    return area


@transaction.atomic(durable=True)
def cahra_area_delete(*, actor: User, areas: Iterable[CahraArea]) -> int:
    """Take lines off the CAHRA list; the sites' designations follow. Returns how many lines went."""
    deleted = 0
    for area in areas:
        audit_record(actor, AuditAction.ADMIN_DELETE, area, str(area)[:200])
        area.delete()
        deleted += 1
    _cahra_apply(actor)
    return deleted


def _cahra_apply(user: User | None) -> int:
    """Rebuild every site's list-based CAHRA designations from the current list (hand-entered ones stay)."""
    CahraDesignation.objects.filter(area__isnull=False).delete()
    by_place: dict[tuple[str, str], list[CahraArea]] = {}
    for area in CahraArea.objects.all():
        by_place.setdefault((area.country.code, area.region.lower()), []).append(area)
    designations = []
    for site in Site.objects.all():
        for key in ((site.country.code, ""), (site.country.code, site.region.lower())):
            for area in by_place.get(key, []):
                designations.append(CahraDesignation(site=site, area=area, source=area.source, start=area.start,
                                                     end=area.end))
    CahraDesignation.objects.bulk_create(designations)
    sites = len({d.site_id for d in designations})
    designations_changed.send(sender=CahraDesignation, user=user)  # scores follow, in this transaction
    return sites
