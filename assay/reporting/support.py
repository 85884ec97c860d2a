"""Who needs support (issue 14): the suppliers of a buyer's supply chain that need help, each with its reasons.

Built on the supply chain's rows (reporting.supply_chain), so it names and shows exactly what that page names and
shows to the same viewer; the suppliers it may not name are counted by tier, never named. A supplier needs support
for any of these reasons:

- **Tier II risks open**: criteria of Tier II at maturity 0 or 1 on its latest verified assessment, only where the
  disclosure policy lets the viewer see its answers (the supply chain's `tier2_open`, None otherwise);
- **lapsed commitments**: open past their due date, only where the viewer may see its commitments;
- **gap to the next level**: points of the overall score (0–100) short of the next level's overall minimum in the
  current published version (the public level and overall score: everyone's to see), at least
  `settings.ASSAY_SUPPORT_GAP_POINTS`; a supplier that meets that minimum but not another requirement of the next
  level (every module, the mitigation minimum) has no gap in points here;
- **not at a level**: no public level (an incomplete, ineligible or disengaging outcome, or none);
- **no recent assessment**: no verified assessment in the last `settings.ASSAY_SUPPORT_STALE_MONTHS` months (a
  setting of the platform, not a parameter of the standard, whose rules say nothing of how often to assess).

The buyer's own finance and technical-support engagements with each supplier are shown beside it (its own
relationships, its members' to see). Recording one is `services.engagement_record`.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from assay.accounts.roles import is_secretariat
from assay.registry.models import Actor, MemberRole, Membership, Relationship, RelationshipKind

from .rankings import current_rules
from .supply_chain import Supplier, supply_chain

TIER2, LAPSED, GAP, NO_LEVEL, STALE = "tier2", "lapsed", "gap", "no_level", "stale"
REASONS = {TIER2: _("Tier II risks not yet addressed"), LAPSED: _("lapsed commitments"),
           GAP: _("far from the next level"), NO_LEVEL: _("not at a level"),
           STALE: _("no recent verified assessment")}
SORTS = ("reasons", "gap", "assessed", "tier", "name")
SUPPORT_KINDS = (RelationshipKind.FINANCE, RelationshipKind.TECHNICAL_SUPPORT)


@dataclass
class Need:
    supplier: Supplier
    reasons: list[str]
    gap: float | None  # points of the overall score short of the next level's overall minimum; None: no next level
    next_level: int | None
    engagements: list[Relationship] = field(default_factory=list)

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[r]) for r in self.reasons]


@dataclass
class Support:
    buyer: Actor
    on: date
    stale_months: int
    gap_points: float
    needs: list[Need] = field(default_factory=list)
    unnamed: dict[int, int] = field(default_factory=dict)  # tier → suppliers the viewer may not see named
    reached: int = 0  # named suppliers looked at


def may_engage(user: Any, buyer: Actor) -> bool:
    """Who records a support engagement of a buyer: its admins and editors, and the secretariat."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False) or is_secretariat(user):
        return True
    return Membership.objects.filter(user=user, actor=buyer, role__in=(MemberRole.ADMIN, MemberRole.EDITOR)).exists()


def months_before(on: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day where it has fewer days)."""
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    month += 1
    for day in (on.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def overall_minima() -> dict[int, float | None]:
    """Each level of the current rules with its overall minimum (None: the level asks for none)."""
    return {lv.rank: None if lv.overall_min is None else float(lv.overall_min) for lv in current_rules().levels}


def needs_of(s: Supplier, on: date, minima: dict[int, float | None], stale_months: int, gap_points: float
             ) -> tuple[list[str], float | None, int | None]:
    """A supplier's reasons to need support, its gap to the next level's overall minimum and that level (a next
    level that asks for no overall minimum, as Entry, is a gap of 0 points: what holds it back is elsewhere)."""
    reasons = []
    if s.tier2_open:
        reasons.append(TIER2)
    if s.commitments and s.commitments.get("lapsed"):
        reasons.append(LAPSED)
    gap: float | None = None
    target: int | None = None
    if s.score.at_level:
        target = (s.score.level or 0) + 1
        if target in minima:
            needed = minima[target]
            gap = 0.0 if needed is None else round(max(0.0, needed - float(s.score.overall or 0)), 1)
            if gap >= gap_points:
                reasons.append(GAP)
        else:
            target = None  # the highest level already
    else:
        reasons.append(NO_LEVEL)
    if s.last_verified is None or s.last_verified < months_before(on, stale_months):
        reasons.append(STALE)
    return reasons, gap, target


def who_needs_support(user: Any, buyer: Actor, *, mineral: str = "", sort: str = "reasons",
                      request: HttpRequest | None = None) -> Support:
    """The named suppliers of `buyer`'s supply chain (as `user` may see it today) with at least one reason to need
    support, and the unnamed ones counted by tier. A fixed number of queries, as the supply chain."""
    chain = supply_chain(user, buyer, mineral=mineral, request=request)
    stale, gap_points = settings.ASSAY_SUPPORT_STALE_MONTHS, float(settings.ASSAY_SUPPORT_GAP_POINTS)
    result = Support(buyer, chain.on, stale, gap_points, unnamed=chain.unnamed, reached=len(chain.suppliers))
    minima = overall_minima()
    for s in chain.suppliers:
        reasons, gap, target = needs_of(s, chain.on, minima, stale, gap_points)
        if reasons:
            result.needs.append(Need(s, reasons, gap, target))
    engaged: dict[int, list[Relationship]] = {}
    if result.needs:
        for r in Relationship.objects.filter(
                Q(end__isnull=True) | Q(end__gte=chain.on), buyer=buyer, kind__in=SUPPORT_KINDS,
                supplier_id__in=[n.supplier.id for n in result.needs]).order_by("start", "pk"):
            engaged.setdefault(r.supplier_id, []).append(r)
    for n in result.needs:
        n.engagements = engaged.get(n.supplier.id, [])
    key = {"gap": lambda n: (-(n.gap or 0), n.supplier.name.lower()),
           "assessed": lambda n: (n.supplier.last_verified or date.min, n.supplier.name.lower()),
           "tier": lambda n: (n.supplier.tier, n.supplier.name.lower()),
           "name": lambda n: (n.supplier.name.lower(),),
           }.get(sort, lambda n: (-len(n.reasons), -(n.gap or 0), n.supplier.name.lower()))
    result.needs.sort(key=key)
    return result
