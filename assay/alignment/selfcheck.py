"""The alignment self-check of one version, and the comparison of two versions' self-checks.

The method is that of the OECD's 2018 alignment assessment of industry programmes: each recommendation of the
reference list is rated fully, partially or not aligned, with the reason. The stored ratings name criteria by key;
re-running them on a version looks the keys up in that version, so a criterion that is not there cannot count.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from assay.standards.models import Criterion, StandardVersion

from .models import RANK, AlignmentRating, Rating
from .reference import Item, reference


@dataclass
class Row:
    item: Item
    rating: str  # a Rating value
    reason: str
    criteria: list[Criterion] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # keys the rating names that the version lacks
    rated: bool = True  # False: nobody has rated the item for this version

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label)

    @property
    def is_gap(self) -> bool:
        return self.rating != Rating.FULL


@dataclass
class SelfCheck:
    version: StandardVersion
    rows: list[Row]

    @property
    def gaps(self) -> list[Row]:
        return [r for r in self.rows if r.is_gap]

    @property
    def counts(self) -> dict[str, int]:
        counts = {r.value: 0 for r in Rating}
        for row in self.rows:
            counts[row.rating] += 1
        return counts

    @property
    def is_rated(self) -> bool:
        return any(r.rated for r in self.rows)


def self_check(version: StandardVersion) -> SelfCheck:
    """Every reference item's rating for the version, re-run on its criteria (two queries whatever the size)."""
    stored = {r.item: r for r in AlignmentRating.objects.filter(version=version)}
    criteria = {c.key: c for c in Criterion.objects.filter(version=version).order_by("module__position", "position")}
    rows = []
    for item in reference():
        rating = stored.get(item.code)
        if rating is None:
            rows.append(Row(item, Rating.NOT, _("Not rated for this version: no criterion is mapped to it."),
                            rated=False))
            continue
        present = [criteria[k] for k in rating.criteria if k in criteria]
        missing = [k for k in rating.criteria if k not in criteria]
        value, reason = rating.rating, rating.reason
        if rating.criteria and not present and value != Rating.NOT:
            value = Rating.NOT
            reason = _("None of the criteria that addressed it is in this version.") + " " + reason
        elif missing and value == Rating.FULL:
            value = Rating.PARTIAL
            reason = _("Some criteria that addressed it are not in this version.") + " " + reason
        rows.append(Row(item, value, reason, present, missing))
    return SelfCheck(version, rows)


@dataclass
class Change:
    item: Item
    old: Row
    new: Row

    @property
    def direction(self) -> str:
        """improved, regressed or unchanged (a changed reason or set of criteria at the same rating: "changed")."""
        delta = RANK[Rating(self.new.rating)] - RANK[Rating(self.old.rating)]
        if delta > 0:
            return "improved"
        if delta < 0:
            return "regressed"
        same = [c.key for c in self.old.criteria] == [c.key for c in self.new.criteria]
        return "unchanged" if same and self.old.reason == self.new.reason else "changed"


DIRECTIONS = {
    "improved": lambda: _("improved"), "regressed": lambda: _("regressed"),
    "changed": lambda: _("same rating, changed"), "unchanged": lambda: _("unchanged"),
}


def compare(old: StandardVersion, new: StandardVersion) -> list[Change]:
    """Each reference item's self-check in the two versions, side by side."""
    a, b = self_check(old), self_check(new)
    return [Change(x.item, x, y) for x, y in zip(a.rows, b.rows, strict=True)]
