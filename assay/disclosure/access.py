"""The app's side of the disclosure policy: how a user stands to an actor, and what class a datum has.

Every page, API endpoint, export and chart asks `can_see` (or filters with `visible_actor_ids`); the decision
itself is assay.domain.disclosure.decide, in one place.
"""

from datetime import date
from itertools import pairwise
from typing import Any

from django.db import connection
from django.db.models import Q
from django.http import HttpRequest

from assay.accounts.roles import COMMITTEE_GROUP, groups_of, is_secretariat
from assay.domain.disclosure import Decision, Disclosure, Standing, decide, effective_class
from assay.registry.models import Membership, Relationship

from .models import ActorDisclosure, DatumKind, RestrictedRead

DEFAULTS: dict[str, Disclosure] = {
    DatumKind.PROFILE: Disclosure.PUBLIC,
    DatumKind.LEVEL: Disclosure.PUBLIC,
    DatumKind.OVERALL: Disclosure.PUBLIC,
    DatumKind.PROGRESS: Disclosure.PUBLIC,
    DatumKind.INDICATORS: Disclosure.PUBLIC,
    DatumKind.COORDINATES: Disclosure.NETWORK,
    DatumKind.MODULE_SCORES: Disclosure.NETWORK,
    DatumKind.RESIDUAL_RISK: Disclosure.NETWORK,
    DatumKind.ANSWERS: Disclosure.NETWORK,
    DatumKind.COMMITMENTS: Disclosure.NETWORK,
    DatumKind.RELATIONSHIPS: Disclosure.NETWORK,
    DatumKind.GATE_FINDINGS: Disclosure.RESTRICTED,
    DatumKind.EVIDENCE: Disclosure.RESTRICTED,
    DatumKind.PERSONAL: Disclosure.RESTRICTED,
    DatumKind.DRAFT: Disclosure.PRIVATE,
}
# What the standard requires to stay open whatever an actor chooses (a ranked actor's level is public).
REQUIRED_OPEN: dict[str, Disclosure] = {DatumKind.LEVEL: Disclosure.PUBLIC}


def _sourcing_on(on: date) -> Q:
    """A sourcing relationship active on `on`: the one kind of link that makes trading partners."""
    return Q(Q(end__isnull=True) | Q(end__gte=on), start__lte=on, kind="sourcing")


def sourcing_active(buyer_id: int | None, supplier_id: int, on: date | None = None) -> bool:
    """Does `buyer_id` source from `supplier_id` directly, under a relationship active on `on` (today)?"""
    if buyer_id is None or buyer_id == supplier_id:
        return False
    return Relationship.objects.filter(_sourcing_on(on or date.today()), buyer_id=buyer_id,
                                       supplier_id=supplier_id).exists()


def direct_suppliers(buyer_ids: Any, on: date | None = None) -> set[int]:
    """The actors that any of `buyer_ids` sources from directly under a relationship active on `on` (today)."""
    return set(Relationship.objects.filter(_sourcing_on(on or date.today()), buyer_id__in=buyer_ids)
               .exclude(supplier_id__in=buyer_ids).values_list("supplier_id", flat=True))


def related_actors(actor_id: int, on: date | None = None) -> set[int]:
    """The actors tied to `actor_id` by any relationship active on `on` (today), as buyer or as supplier."""
    day = on or date.today()
    active = Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))
    rows = Relationship.objects.filter(active & (Q(buyer_id=actor_id) | Q(supplier_id=actor_id)))
    return {b if s == actor_id else s for b, s in rows.values_list("buyer_id", "supplier_id")} - {actor_id}


def standings(user: Any, actor_id: int, on: date | None = None) -> frozenset[Standing]:
    """How `user` stands to actor `actor_id` today (cached on the user object for the request).

    Only facts others confirmed count (DESIGN §5): a membership, an active sourcing relationship, the
    secretariat or committee role. An assessment gives no standing toward its actor as a whole: see
    assay.assessments.permissions.assessment_standings.
    """
    if not getattr(user, "is_authenticated", False) or actor_id is None:
        return frozenset()
    cache = user.__dict__.setdefault("_assay_standings", {})
    if (actor_id, on) in cache:
        return cache[(actor_id, on)]
    on = on or date.today()
    held: set[Standing] = set()
    if is_secretariat(user):
        held.add(Standing.SECRETARIAT)
    if COMMITTEE_GROUP in groups_of(user):
        held.add(Standing.COMMITTEE)
    mine = set(Membership.objects.filter(user=user).values_list("actor_id", flat=True))
    if actor_id in mine:
        held.add(Standing.MEMBER)
    if mine and Relationship.objects.filter(
        Q(buyer_id__in=mine, supplier_id=actor_id) | Q(supplier_id__in=mine, buyer_id=actor_id), _sourcing_on(on),
    ).exists():
        held.add(Standing.PARTNER)
    cache[(actor_id, on)] = frozenset(held)
    return cache[(actor_id, on)]


def datum_class(actor_id: int, kind: str, default: Disclosure | str | None = None) -> Disclosure:
    """The effective class of one kind of an actor's data, with the actor's own opening applied."""
    base = Disclosure.parse(default) if default is not None else DEFAULTS[kind]
    opened = (ActorDisclosure.objects.filter(actor_id=actor_id, kind=kind).values_list("opened_to", flat=True)
              .first())
    return effective_class(base, Disclosure.parse(opened) if opened else None, REQUIRED_OPEN.get(kind))


def datum_classes(actor_ids: Any, kind: str) -> dict[int, Disclosure]:
    """`datum_class` for many actors at once (one query): for rankings and reports over the whole registry."""
    rows = ActorDisclosure.objects.filter(kind=kind)
    if len(actor_ids) <= 500:  # a long IN list costs more than reading the few actors who opened this kind
        rows = rows.filter(actor_id__in=actor_ids)
    opened = dict(rows.values_list("actor_id", "opened_to"))
    return {a: effective_class(DEFAULTS[kind], Disclosure.parse(opened[a]) if opened.get(a) else None,
                               REQUIRED_OPEN.get(kind)) for a in actor_ids}


def can_see(user: Any, actor_id: int, kind: str, default: Disclosure | str | None = None,
            request: HttpRequest | None = None, object_ref: str = "") -> Decision:
    """The one question every surface asks. A granted read of restricted or private data is logged."""
    cls = datum_class(actor_id, kind, default)
    decision = decide(standings(user, actor_id), cls)
    if decision and cls >= Disclosure.RESTRICTED:
        RestrictedRead.objects.create(
            user=user if user.is_authenticated else None, actor_id=actor_id, kind=kind, object_ref=object_ref[:80],
            surface=(request.path if request is not None else "internal")[:200],
        )
    return decision


def standings_many(user: Any, actor_ids: Any, on: date | None = None) -> dict[int, frozenset[Standing]]:
    """`standings` toward many actors at once, in a fixed number of queries however many they are (for pages
    over a whole supply chain); the same facts count: membership, an active sourcing relationship, a role."""
    ids = set(actor_ids)
    if not getattr(user, "is_authenticated", False):
        return {a: frozenset() for a in ids}
    on = on or date.today()
    held: set[Standing] = set()
    if is_secretariat(user):
        held.add(Standing.SECRETARIAT)
    if COMMITTEE_GROUP in groups_of(user):
        held.add(Standing.COMMITTEE)
    mine = set(Membership.objects.filter(user=user).values_list("actor_id", flat=True))
    partners: set[int] = set()
    if mine:
        links = Relationship.objects.filter(Q(buyer_id__in=mine) | Q(supplier_id__in=mine), _sourcing_on(on))
        for buyer, supplier in links.values_list("buyer_id", "supplier_id"):
            partners |= ({supplier} if buyer in mine else set()) | ({buyer} if supplier in mine else set())
    return {a: frozenset(held | ({Standing.MEMBER} if a in mine else set())
                         | ({Standing.PARTNER} if a in partners else set())) for a in ids}


def can_see_many(user: Any, actor_ids: Any, kind: str, request: HttpRequest | None = None,
                 standing: dict[int, frozenset[Standing]] | None = None, log: bool = True) -> dict[int, bool]:
    """`can_see` for one kind of data of many actors (a fixed number of queries); granted reads of restricted or
    private data are logged, one row per actor, as `can_see` logs them (`log=False`: the caller logs with
    `log_reads` those it then shows)."""
    ids = list(set(actor_ids))
    standing = standing if standing is not None else standings_many(user, ids)
    classes = datum_classes(ids, kind)
    decided: dict[tuple[frozenset[Standing], Disclosure], bool] = {}  # a few distinct cases among thousands
    out = {}
    for a in ids:
        case = (standing.get(a, frozenset()), classes[a])
        if case not in decided:
            decided[case] = bool(decide(*case))
        out[a] = decided[case]
    if log:
        log_reads(user, [a for a in ids if out[a] and classes[a] >= Disclosure.RESTRICTED], kind, request)
    return out


def log_reads(user: Any, actor_ids: list[int], kind: str, request: HttpRequest | None = None) -> None:
    """Record reads of restricted data of these actors (one query)."""
    if not actor_ids:
        return
    surface = (request.path if request is not None else "internal")[:200]
    user_id = user.pk if user.is_authenticated else None
    if connection.vendor == "postgresql":  # thousands of rows in one statement, no model instance per row
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {RestrictedRead._meta.db_table} (at, user_id, actor_id, kind, object_ref, "
                           "surface) SELECT now(), %s, unnest(%s::bigint[]), %s, '', %s",
                           [user_id, list(actor_ids), kind, surface])
        return
    RestrictedRead.objects.bulk_create(RestrictedRead(user_id=user_id, actor_id=a, kind=kind, surface=surface)
                                       for a in actor_ids)


class Lens:
    """One viewer looking at one actor's data on one page or endpoint: decisions cached, restricted reads logged.

    `lens.sees` is a dict of kind → bool for templates; `lens.can(kind, default)` handles per-criterion classes.
    `held` replaces the viewer's standings toward the actor, for a lens on one assessment's data (where its
    assessor's standing counts, and nowhere else: assay.assessments.permissions.assessment_standings).
    `full=True` is for whoever may edit the data (an assessment's authors) and for superusers: they see it all.
    """

    def __init__(self, user: Any, actor_id: int, request: HttpRequest | None = None, full: bool = False,
                 held: frozenset[Standing] | None = None):
        self.user, self.actor_id, self.request, self.full = user, actor_id, request, full
        self.standings = held if held is not None else standings(user, actor_id)
        self._cache: dict[tuple[str, str], tuple[Decision, Disclosure]] = {}
        self.sees = {kind: bool(self.can(kind, log=False)) for kind in DatumKind.values}

    def can(self, kind: str, default: Disclosure | str | None = None, log: bool = True) -> Decision:
        if self.full:
            return Decision(True, "full access")
        key = (kind, str(default))
        if key not in self._cache:
            cls = datum_class(self.actor_id, kind, default)
            self._cache[key] = (decide(self.standings, cls), cls)
        decision, cls = self._cache[key]
        if log and decision and cls >= Disclosure.RESTRICTED:
            self.log(kind)
        return decision

    def log(self, kind: str, object_ref: str = "") -> None:
        logged = self.__dict__.setdefault("_logged", set())
        if (kind, object_ref) in logged:
            return
        logged.add((kind, object_ref))
        RestrictedRead.objects.create(
            user=self.user if self.user.is_authenticated else None, actor_id=self.actor_id, kind=kind,
            object_ref=object_ref[:80],
            surface=(self.request.path if self.request is not None else "internal")[:200],
        )

    @property
    def any_standing(self) -> bool:
        """Sees at least network data: the gate for pages that exist only for the actor's network."""
        return bool(decide(self.standings, Disclosure.NETWORK))


class PathLens:
    """Which supply paths a viewer may see: every link on it must be visible to them as a trading relationship
    of its buyer or of its supplier (relationships are network data by default)."""

    def __init__(self, user: Any):
        self.user = user
        self.memo: dict[int, bool] = {}

    def _sees(self, actor_id: int) -> bool:
        if actor_id not in self.memo:
            self.memo[actor_id] = bool(can_see(self.user, actor_id, DatumKind.RELATIONSHIPS))
        return self.memo[actor_id]

    def visible(self, path: list[int]) -> bool:
        return all(self._sees(a) or self._sees(b) for a, b in pairwise(path))
