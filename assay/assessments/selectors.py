"""Reads the registry pages and API share."""

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Concat, NullIf, RowNumber, Trim
from django.urls import reverse

from assay.accounts.roles import is_secretariat
from assay.disclosure import access
from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.domain.scoring.gap import Gap, gap_to_next_level
from assay.registry.models import Actor, Membership
from assay.standards.models import Criterion, Module

from . import permissions, scoring
from .assurance import PUBLIC_LEVEL, allowed
from .models import (
    OPEN_REQUEST_STATUSES,
    Assessment,
    AssessmentRequest,
    AssessmentStatus,
    AssessorAssignment,
    Commitment,
    CommitmentStatus,
    Score,
)

VERIFIER = Coalesce(NullIf(Trim(Concat("assessment__reviewed_by__first_name", Value(" "),
                                       "assessment__reviewed_by__last_name")), Value("")),
                    "assessment__reviewed_by__username")


def with_public_score(actors: QuerySet[Actor]) -> QuerySet[Actor]:
    """Annotate each actor with the outcome, level, overall score and progress of its latest assessment that may
    set the public level (verified, of a kind the version allows: assurance), and who said so: that assessment's
    kind, date and verifier (one query in all)."""
    public = (Score.objects.filter(allowed(PUBLIC_LEVEL, "assessment__"), assessment__actor=OuterRef("pk"))
              .annotate(verifier=VERIFIER).order_by("-assessment__date", "-assessment_id"))

    def latest(field: str) -> Subquery:
        return Subquery(public.values(field)[:1])

    return actors.annotate(latest_outcome=latest("outcome"), latest_level=latest("level"),
                           latest_overall=latest("overall"), latest_progress=latest("progress"),
                           latest_kind=latest("assessment__kind"), latest_date=latest("assessment__date"),
                           latest_verifier=latest("verifier"))


@dataclass(frozen=True)
class ActorFilter:
    role: str = ""
    country: str = ""
    mineral: str = ""
    level: int | None = None
    q: str = ""


def actor_list(f: ActorFilter) -> QuerySet[Actor]:
    actors = with_public_score(Actor.objects.all())
    if f.role:
        actors = actors.filter(role=f.role)
    if f.country:
        actors = actors.filter(country=f.country)
    if f.mineral:
        actors = actors.filter(minerals__icontains=f'"{f.mineral}"')
    if f.q:
        actors = actors.filter(name__icontains=f.q)
    if f.level is not None:
        actors = actors.filter(latest_outcome="level", latest_level=f.level)
    return actors.order_by("name")


def verifier_name(user: Any) -> str | None:
    """How a page names who verified an assessment (as VERIFIER does in a query)."""
    if user is None:
        return None
    return f"{user.first_name} {user.last_name}".strip() or user.username


class PublicScore(NamedTuple):
    """What `with_public_score` annotated on an actor: its public level and who said so."""

    outcome: str | None
    level: int | None
    overall: float | None
    progress: float | None
    kind: str | None
    date: date | None
    verifier: str | None

    @property
    def at_level(self) -> bool:
        return self.outcome == "level"


def public_score(actor: Actor) -> PublicScore:
    annotated = vars(actor)
    return PublicScore(*(annotated[f"latest_{name}"] for name in PublicScore._fields))


NO_SCORE = PublicScore(None, None, None, None, None, None, None)


class LatestVerified(NamedTuple):
    """An actor's latest verified assessment of any kind (a red line reported by anyone is a red line)."""

    outcome: str
    assessment_id: int
    date: date


def latest_scores_many(actor_ids: list[int]) -> tuple[dict[int, PublicScore], dict[int, LatestVerified]]:
    """For many actors in one plain query over their verified scores, newest first: each one's public score (as
    `with_public_score` annotates it: the newest that may set a public level) and its latest verified assessment
    of any kind. An actor with none is absent from either."""
    public_q = Case(When(allowed(PUBLIC_LEVEL, "assessment__"), then=True), default=False,
                    output_field=BooleanField())
    newest = ("-assessment__date", "-assessment_id")
    # only the newest per actor that may set a public level and the newest that may not: at most two rows each,
    # ranked in the database rather than thousands of older assessments sent to Python
    rows = (Score.objects.filter(assessment__actor_id__in=actor_ids, assessment__status=AssessmentStatus.VERIFIED)
            .annotate(public=public_q, rank=Window(RowNumber(), partition_by=[F("assessment__actor_id"), public_q],
                                                   order_by=[OrderBy(F(f[1:]), descending=True) for f in newest]))
            .filter(rank=1).annotate(verifier=VERIFIER)
            .order_by("assessment__actor_id", *newest)
            .values_list("assessment__actor_id", "public", "outcome", "level", "overall", "progress",
                         "assessment__kind", "assessment__date", "verifier", "assessment_id"))
    public: dict[int, PublicScore] = {}
    latest: dict[int, LatestVerified] = {}
    for actor_id, is_public, outcome, level, overall, progress, kind, day, verifier, assessment_id in rows:
        latest.setdefault(actor_id, LatestVerified(outcome, assessment_id, day))
        if is_public and actor_id not in public:
            public[actor_id] = PublicScore(outcome, level, overall, progress, kind, day, verifier)
    return public, latest


class Assured(NamedTuple):
    """Who said so, for one assessment of a history: whether its kind may set the public level, who verified it."""

    sets_public_level: bool
    verified_by: str | None


def scored_history(actor: Actor, statuses=(AssessmentStatus.VERIFIED,)) -> list[Assessment]:
    """The actor's assessments with a stored score, oldest first."""
    return list(Assessment.objects.filter(actor=actor, status__in=statuses, score__isnull=False)
                .select_related("score", "version__standard", "reviewed_by").order_by("date", "id"))


def assured(history: list[Assessment]) -> dict[int, Assured]:
    """For each assessment of a history (by pk): whether it may set the public level (assurance) and who verified
    it (one query)."""
    public = set(Assessment.objects.filter(allowed(PUBLIC_LEVEL), pk__in=[a.pk for a in history])
                 .values_list("pk", flat=True)) if history else set()
    return {a.pk: Assured(a.pk in public, verifier_name(a.reviewed_by)) for a in history}


@dataclass(frozen=True)
class Distribution:
    """Producers by country and public level."""

    countries: list[str]
    levels: list[int]
    cells: dict[tuple[str, int], int]
    row_totals: dict[str, int]
    column_totals: dict[int, int]


def level_distribution() -> Distribution:
    """Counts of producers at each public level (with_public_score). Nothing is suppressed: suppression (DESIGN §5)
    protects aggregates of data that is not public, and every producer's level is public on its own page (the
    disclosure policy's REQUIRED_OPEN), so a count of them discloses nothing a reader cannot already see."""
    counts: dict[tuple[str, int], int] = {}
    for a in with_public_score(Actor.objects.filter(role="producer")):
        score = public_score(a)
        if score.at_level and score.level is not None:
            counts[a.country.code, score.level] = counts.get((a.country.code, score.level), 0) + 1
    countries = sorted({c for c, _ in counts})
    levels = sorted({lv for _, lv in counts})
    return Distribution(
        countries=countries, levels=levels,
        cells={(c, lv): counts.get((c, lv), 0) for c in countries for lv in levels},
        row_totals={c: sum(counts.get((c, lv), 0) for lv in levels) for c in countries},
        column_totals={lv: sum(counts.get((c, lv), 0) for c in countries) for lv in levels},
    )


class GapRow(NamedTuple):
    criterion: Criterion
    current: Any
    target: Any


class IndicatorRow(NamedTuple):
    criterion: Criterion
    baseline: float | None
    latest: float
    improvement: float | None  # signed so that a positive figure is better, whichever way the indicator points


@dataclass
class Dashboard:
    """What a member's dashboard shows of its actor's latest submitted or verified assessment, already filtered
    by the viewer's lens: each row reveals an answer or an indicator only where the lens allows it."""

    latest: Assessment
    module_rows: list[tuple[Module, float | None]]
    gap: Gap
    gap_rows: list[GapRow]
    blocker_rows: list[Criterion]
    dates: list[str]  # the history's months, for the charts' labels
    progress: list[float | None]
    residual_risk: list[float | None]
    indicators: list[IndicatorRow]


def dashboard(actor: Actor, history: list[Assessment], lens: Lens) -> Dashboard | None:
    """The dashboard's reading of `history` (oldest first) for one viewer; None when there is nothing scored."""
    if not history:
        return None
    latest = history[-1]
    score = latest.score
    criteria = {c.code: c for c in Criterion.objects.filter(version=latest.version_id)}
    modules = {m.code: m for m in latest.version.modules.all()}
    gap = gap_to_next_level(scoring.rules_for(latest.version), scoring.answers_of(latest), actor.role,
                            minerals=scoring.scope(latest))
    first = history[0].score.explanation.get("indicators", {})
    last = score.explanation.get("indicators", {})
    return Dashboard(
        latest=latest,
        module_rows=[(modules[c], v) for c, v in score.modules.items() if c in modules],
        gap=gap,
        gap_rows=[GapRow(criteria[i.code], i.current, i.target) for i in gap.improvements
                  if lens.can(DatumKind.ANSWERS, criteria[i.code].disclosure)],
        # What blocks a level names gate findings.
        blocker_rows=[criteria[code] for code in gap.blockers if code in criteria]
        if lens.can(DatumKind.GATE_FINDINGS) else [],
        dates=[a.date.isoformat()[:7] for a in history],
        progress=[a.score.progress for a in history],
        residual_risk=[a.score.residual_risk for a in history],
        indicators=[
            IndicatorRow(criteria[code], first.get(code), value,
                         None if first.get(code) is None
                         else (value - first[code]) * (1 if criteria[code].better == "higher" else -1))
            for code, value in sorted(last.items())
            if code in criteria and lens.can(DatumKind.INDICATORS, criteria[code].disclosure)
        ],
    )


def commitments_of(actor: Actor) -> QuerySet[Commitment]:
    """The actor's commitments it still answers for (of submitted assessments, not carried over), soonest due
    first: open, lapsed, done and waiting for an assessor, verified."""
    return (Commitment.objects.live().filter(assessment__actor=actor)
            .select_related("criterion", "evidence", "assessment").order_by("due"))


def commitment_state(commitment: Commitment, today: date) -> str:
    """Where a commitment stands, as the API and exports name it: its status, or "lapsed" when open past due."""
    return "lapsed" if commitment.lapsed(today) else str(commitment.status)


def lapsed_to_follow(user: Any, today: date, limit: int = 50) -> list[Commitment]:
    """Lapsed commitments `user` should follow up, as far as the disclosure policy lets them see each actor's
    commitments: their own organisations' and those of the actors these source from directly; for the
    secretariat, every one."""
    rows = Commitment.objects.live().lapsed(today)
    if not (is_secretariat(user) or getattr(user, "is_superuser", False)):
        mine = set(Membership.objects.filter(user=user).values_list("actor_id", flat=True))
        rows = rows.filter(assessment__actor_id__in=mine | access.direct_suppliers(mine, today))
    seen: dict[int, bool] = {}
    return [c for c in rows.select_related("assessment__actor", "criterion").order_by("due")[:limit]
            if seen.setdefault(c.assessment.actor_id,
                               bool(access.can_see(user, c.assessment.actor_id, DatumKind.COMMITMENTS)))]


def awaiting_verification(user: Any, limit: int = 50) -> list[Commitment]:
    """Done commitments that `user` may verify (an assessor of the actor's assessments, or the secretariat),
    longest waiting first."""
    rows = (Commitment.objects.live().filter(status=CommitmentStatus.DONE).exclude(done_by=user)
            .exclude(assessment__actor__memberships__user=user)
            .select_related("assessment__actor", "criterion").order_by("done_on", "pk"))
    if not is_secretariat(user):  # only actors whose assessments this user assesses, before the exact check
        rows = rows.filter(assessment__actor__in=Assessment.objects.filter(
            Q(assignments__assessor=user, assignments__withdrawn_at__isnull=True)
            | Q(assessing_actor__memberships__user=user)).values("actor"))
    return [c for c in rows[:limit] if permissions.can_verify_commitment(user, c)]


def commitment_counts(actor_ids: list[int], today: date) -> dict[int, dict[str, int]]:
    """Each actor's commitments as they stand on `today`: verified, done and waiting for an assessor, open, and
    lapsed (open past due); carried-over ones and drafts' plans not counted (one query)."""
    rows = (Commitment.objects.live().filter(assessment__actor_id__in=actor_ids).values("assessment__actor_id")
            .annotate(verified=Count("pk", filter=Q(status=CommitmentStatus.VERIFIED)),
                      done=Count("pk", filter=Q(status=CommitmentStatus.DONE)),
                      open=Count("pk", filter=Q(status=CommitmentStatus.OPEN, due__gte=today)),
                      past_due=Count("pk", filter=Q(status=CommitmentStatus.OPEN, due__lt=today))))
    return {actor: {"verified": verified, "done": done, "open": open_, "lapsed": past_due}
            for actor, verified, done, open_, past_due in rows.values_list(
                "assessment__actor_id", "verified", "done", "open", "past_due")}


def requests_of(actor: Actor) -> dict[str, list[AssessmentRequest]]:
    """The requests `actor` made of its suppliers and those made of it, newest first (two queries)."""
    rows = AssessmentRequest.objects.select_related("buyer", "supplier", "assessment").order_by("-created_at", "-pk")
    return {"made": list(rows.filter(buyer=actor)[:500]), "received": list(rows.filter(supplier=actor)[:500])}


@dataclass
class QueueItem:
    """One thing waiting for an assessor or the secretariat, and for how many days."""

    what: str  # declare, assign, fill, review, verify_commitment, request_overdue
    assessment: Assessment | None
    days: int
    url: str
    assignment: AssessorAssignment | None = None
    commitment: Commitment | None = None
    request: AssessmentRequest | None = None
    label: str = ""


def queue(user: Any, today: date) -> list[QueueItem]:
    """What waits for `user`, oldest first: as an assessor, assignments to declare, drafts to fill and submissions
    to review; commitments done and waiting for them; for the secretariat, the whole programme's, with third-party
    assessments that have no assessor and requests gone past their due date."""
    def days(since: Any) -> int:
        return (today - (since.date() if hasattr(since, "date") else since)).days

    items: list[QueueItem] = []
    secretariat = is_secretariat(user)
    assignments = (AssessorAssignment.objects.filter(withdrawn_at__isnull=True)
                   .exclude(assessment__status__in=(AssessmentStatus.VERIFIED, AssessmentStatus.RETURNED))
                   .select_related("assessment__actor", "assessor"))
    if not secretariat:
        assignments = assignments.filter(assessor=user)
    for a in assignments[:500]:
        if a.declared_at is None:
            items.append(QueueItem("declare", a.assessment, days(a.assigned_at),
                                   reverse("assessments:declare", args=[a.pk]), assignment=a))
        elif a.assessment.status == AssessmentStatus.DRAFT:
            items.append(QueueItem("fill", a.assessment, days(a.declared_at),
                                   reverse("assessments:overview", args=[a.assessment_id]), assignment=a))
    submitted = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).select_related("actor")
    if not secretariat:
        submitted = submitted.filter(assignments__assessor=user, assignments__withdrawn_at__isnull=True)
    items += [QueueItem("review", a, days(a.submitted_at or a.date), reverse("assessments:overview", args=[a.pk]))
              for a in submitted[:500] if permissions.can_review(user, a)]
    items += [QueueItem("verify_commitment", c.assessment, days(c.done_on or today),
                        reverse("assessments:commitment", args=[c.pk]), commitment=c)
              for c in awaiting_verification(user, limit=500)]
    if secretariat:
        unassigned = (Assessment.objects.filter(kind="third_party", status__in=(AssessmentStatus.DRAFT,
                                                                                 AssessmentStatus.SUBMITTED))
                      .exclude(Exists(AssessorAssignment.objects.filter(assessment=OuterRef("pk"),
                                                                         withdrawn_at__isnull=True)))
                      .select_related("actor"))
        items += [QueueItem("assign", a, days(a.created_at), reverse("assessments:overview", args=[a.pk]))
                  for a in unassigned[:500]]
        late = (AssessmentRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES, due__lt=today)
                .exclude(assessment__status__in=(AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED,
                                                 AssessmentStatus.RETURNED))
                .select_related("buyer", "supplier", "assessment"))
        items += [QueueItem("request_overdue", r.assessment, days(r.due),
                            reverse("assessments:request", args=[r.pk]), request=r) for r in late[:500]]
    return sorted(items, key=lambda i: -i.days)
