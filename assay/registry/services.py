"""State changes of the registry: each atomic, told who acts, audited."""

import csv
import io
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django_countries import countries

from assay.audit.models import AuditAction
from assay.audit.services import audit_record

from .models import CahraArea, CahraDesignation, Site
from .signals import designations_changed

CAHRA_COLUMNS = ("country", "region", "source", "start", "end")


class RowErrors(Exception):
    """Every bad row of an imported file; nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@transaction.atomic
def registry_save(user: Any, obj: Model, changed: list[str] | None = None) -> Model:
    """Save a registry record (admin or API), audited."""
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    audit_record(user, AuditAction.REGISTRY_CREATE if created else AuditAction.REGISTRY_UPDATE, obj, str(obj)[:200],
                 fields=sorted(changed or []))
    return obj


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


@transaction.atomic
def cahra_import(user: Any, raw: bytes) -> int:
    """Replace the CAHRA list with a CSV file's rows and re-apply it to every site; returns the rows imported."""
    areas = parse_cahra_csv(raw)
    CahraArea.objects.all().delete()
    CahraArea.objects.bulk_create(areas)
    designated = cahra_apply(user)
    audit_record(user, AuditAction.CAHRA_IMPORT, areas[0], f"{len(areas)} areas", areas=len(areas), sites=designated)
    return len(areas)


@transaction.atomic
def cahra_apply(user: Any) -> int:
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
