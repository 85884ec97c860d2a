"""Summaries: the figures of the rankings, the credit pages and the impact report for the default period, computed
after each change of what they read and stored (ReportSnapshot, RankingRow), so that a page's first view reads a
table instead of computing over the whole registry (seconds at scale).

- Every committed change of the data reports read bumps the data version and sends `data_committed`
  (assay.audit.services); `request_refresh` then queues one `refresh_summaries` task, unless one is queued and has
  not started yet, so a run of changes queues one refresh, not one per change. The task compares each summary's
  data version with the current one and rebuilds only what is behind.
- A page reads its summary. When it is behind the data, the page asks for a refresh (with the immediate task
  backend that is done before it reads again) and shows what is stored, with its date and a note that it is being
  refreshed. With no summary at all (a fresh install) the page computes it once and stores it.
- Figures only: who may see what is still decided when the page is shown (the disclosure policy in
  assay.disclosure.access and the suppression of small groups, exactly as the live computation applies them), and
  labels are translated then (reporting.labels).
- Other periods and filtered views are computed live, with Django's cache (rankings.cached), as before.
"""

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, overload

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import override
from django_tasks import task

from assay.audit.models import AuditAction
from assay.audit.services import audit_record, data_version
from assay.domain.scoring import ENGINE_VERSION
from assay.domain.scoring.ranking import Candidate, Excluded, Ranked
from assay.registry.models import Actor

from . import impact, labels, rankings
from .models import RankingRow, ReportSnapshot, SummaryQueue

PRODUCERS, DOWNSTREAM, IMPACT, CREDIT = "producers", "downstream", "impact", "credit"
# The credit pages stored with each refresh: those of the downstream ranking's first page (the others are stored
# on their first view).
CREDIT_TOP = 50
# A queued refresh that has not started after this long is taken as lost (a worker stopped): the next change
# queues another.
QUEUE_EXPIRES = timedelta(hours=1)
ROW_BATCH = 5000


def _args(start: date, end: date, actor_id: int | None = None) -> str:
    return f"{start}:{end}" + (f":{actor_id}" if actor_id is not None else "")


def period() -> tuple[date, date]:
    """The period summaries are kept for: the pages' default one (settings.ASSAY_SUMMARY_PERIOD may name another,
    as "2025-01-01:2025-12-31")."""
    if settings.ASSAY_SUMMARY_PERIOD:
        start, end = settings.ASSAY_SUMMARY_PERIOD.split(":")
        return date.fromisoformat(start), date.fromisoformat(end)
    return rankings.default_period()


def covers(start: date, end: date, filters: rankings.Filters = rankings.ALL) -> bool:
    """Whether a summary is kept for this view: the summaries' period, unfiltered."""
    return (start, end) == period() and filters == rankings.ALL


def derivable(category: str, start: date, end: date, filters: rankings.Filters) -> bool:
    """Whether this ranking can be read from the unfiltered one's rows: a filter on who is ranked (country, role,
    a producer's minerals) keeps each candidate's figures and order, so the ranking is the rows that pass, ranked
    again. A downstream ranking in one mineral has other figures (enabled impact in that mineral): computed."""
    return (start, end) == period() and (category == PRODUCERS or not filters.mineral)


def stored(name: str, start: date, end: date, actor_id: int | None = None) -> ReportSnapshot | None:
    """The summary of this engine version, however old its data."""
    return ReportSnapshot.objects.filter(name=name, args=_args(start, end, actor_id), engine=ENGINE_VERSION).first()


@dataclass
class AsOf:
    """What a page says of the summary it shows."""

    computed_at: Any
    stale: bool


# ----------------------------------------------------------------------------------------------- refreshing

_held: ContextVar[bool] = ContextVar("summaries_held", default=False)


@contextmanager
def one_refresh_after() -> Iterator[None]:
    """Changes committed inside queue no refresh each; one is asked for at the end (a bulk load, as the demo's)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)
    request_refresh()


def held() -> bool:
    return _held.get()


def request_refresh() -> bool:
    """Queue one refresh of the summaries, unless one is queued and has not started: True if this call queued it."""
    now = timezone.now()
    SummaryQueue.objects.get_or_create(pk=1)
    if not SummaryQueue.objects.filter(Q(queued=False) | Q(queued_at__lt=now - QUEUE_EXPIRES), pk=1).update(
            queued=True, queued_at=now):
        return False
    refresh_summaries.enqueue()
    return True


@task()
def refresh_summaries() -> dict[str, float]:
    """The background work (django-tasks): what changed since the last refresh queues the next one."""
    SummaryQueue.objects.filter(pk=1).update(queued=False)
    return summaries_refresh(actor=None)


def behind(start: date, end: date, version: int | None = None) -> list[str]:
    """The summaries of the period that are missing or older than the data."""
    version = data_version() if version is None else version
    current = set(ReportSnapshot.objects.filter(
        name__in=(PRODUCERS, DOWNSTREAM, IMPACT), args=_args(start, end), engine=ENGINE_VERSION,
        data_version__gte=version).values_list("name", flat=True))
    return [n for n in (PRODUCERS, DOWNSTREAM, IMPACT) if n not in current]


def summaries_refresh(*, actor: User | None, start: date | None = None, end: date | None = None,
                      force: bool = False, documents: bool | None = None) -> dict[str, float]:
    """Rebuild the summaries of the period (default: the summaries' `period`) that are behind the data (all of them
    with `force`), then, where a worker runs tasks (settings.ASSAY_SUMMARY_DOCUMENTS), the impact report's PDFs in
    every language. Returns the seconds each part took; nothing when all were current.

    Not one durable transaction: the immediate task backend runs it inside the request whose change queued it, and
    each summary is written in its own transaction (read as a whole, never half-written), computed outside it."""
    if start is None or end is None:
        start, end = period()
    version = data_version()  # read first: the figures are at least this new
    todo = [PRODUCERS, DOWNSTREAM, IMPACT] if force else behind(start, end, version)
    took: dict[str, float] = {}
    if not todo:
        return took
    if PRODUCERS in todo:
        took[PRODUCERS] = _timed(lambda: _store_ranking(PRODUCERS, *_computed(
            lambda: rankings._producers(start, end, rankings.ALL)), version))
    if DOWNSTREAM in todo:
        computed: list[rankings.Ranking] = []
        took[DOWNSTREAM] = _timed(lambda: computed.append(_refresh_downstream(start, end, version)))
        took[CREDIT] = _timed(lambda: _refresh_credits(computed[0], version))
    if IMPACT in todo:
        took[IMPACT] = _timed(lambda: _store_impact(start, end, version))
    if settings.ASSAY_SUMMARY_DOCUMENTS if documents is None else documents:
        took["documents"] = _timed(lambda: render_documents(start, end))
    snapshot = stored(IMPACT, start, end)
    if snapshot is not None:
        with transaction.atomic():
            audit_record(actor, AuditAction.SUMMARIES_REFRESH, snapshot, f"{start} – {end} @{version}",
                         rebuilt=todo, seconds={k: round(v, 2) for k, v in took.items()})
    return took


def _computed(fn: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    return fn(), time.perf_counter() - started


def _timed(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _save(name: str, start: date, end: date, version: int, payload: dict[str, Any], seconds: float,
          actor_id: int | None = None) -> ReportSnapshot | None:
    """Store a summary unless a newer one was stored meanwhile (another worker): None then. In the caller's
    transaction."""
    args = _args(start, end, actor_id)
    ReportSnapshot.objects.get_or_create(name=name, args=args, defaults={
        "data_version": -1, "engine": ENGINE_VERSION, "computed_at": timezone.now()})
    snapshot = ReportSnapshot.objects.select_for_update().get(name=name, args=args)
    if snapshot.engine == ENGINE_VERSION and snapshot.data_version > version:
        return None
    snapshot.data_version, snapshot.engine, snapshot.computed_at = version, ENGINE_VERSION, timezone.now()
    snapshot.seconds, snapshot.payload = seconds, payload
    snapshot.save()
    return snapshot


def _row(snapshot: ReportSnapshot, c: Candidate, position: int | None, reason: str) -> RankingRow:
    return RankingRow(snapshot=snapshot, position=position, reason=reason, actor_id=int(c.actor), name=c.name[:200],
                      value="" if c.value is None else str(c.value), level=c.level, on=c.on,
                      level_public=c.level_public, open_tier1_breach=c.open_tier1_breach,
                      detail=labels.dump(c.detail))


def _store_ranking(name: str, ranking: rankings.Ranking, seconds: float, version: int) -> None:
    with transaction.atomic():
        snapshot = _save(name, ranking.start, ranking.end, version, {"category": ranking.category}, seconds)
        if snapshot is None:
            return
        RankingRow.objects.filter(snapshot=snapshot).delete()
        rows = [_row(snapshot, r.candidate, r.rank, "") for r in ranking.ranked]
        rows += [_row(snapshot, e.candidate, None, e.reason) for e in ranking.excluded]
        RankingRow.objects.bulk_create(rows, batch_size=ROW_BATCH)


def _refresh_downstream(start: date, end: date, version: int) -> rankings.Ranking:
    ranking, seconds = _computed(lambda: rankings._downstream(start, end, rankings.ALL, keep_graph=True))
    _store_ranking(DOWNSTREAM, ranking, seconds, version)
    return ranking


def _refresh_credits(ranking: rankings.Ranking, version: int) -> None:
    """The credit pages of the downstream ranking's first page, explained on the supply graph the ranking was
    computed on (the same figures as rankings.credit, without reading the graph again); the others are stored on
    their first view."""
    start, end = ranking.start, ranking.end
    top = ranking.ranked[:CREDIT_TOP]
    rankings.explain(ranking, {r.candidate.actor for r in top})
    with transaction.atomic():
        ReportSnapshot.objects.filter(name=CREDIT, args__startswith=_args(start, end) + ":").delete()
        for r in top:
            _save(CREDIT, start, end, version, {"value": str(r.candidate.value),
                                                "contributions": r.candidate.detail.pop("contributions")}, 0,
                  int(r.candidate.actor))


def _store_impact(start: date, end: date, version: int) -> None:
    started = time.perf_counter()
    report = impact._build(start, end, rankings.ALL, settings.ASSAY_MIN_GROUP)
    with transaction.atomic():
        _save(IMPACT, start, end, version, impact.dump(report), time.perf_counter() - started)


def _store_credit(actor_id: int, start: date, end: date, version: int) -> dict[str, Any]:
    started = time.perf_counter()
    credit = rankings._credit(actor_id, start, end)
    payload = {"value": str(credit["value"]), "contributions": credit["contributions"]}
    with transaction.atomic():
        _save(CREDIT, start, end, version, payload, time.perf_counter() - started, actor_id)
    return payload


def _fresh(name: str, start: date, end: date, actor_id: int | None = None) -> tuple[ReportSnapshot | None, bool]:
    """The stored summary and whether it is behind the data; behind, a refresh is asked for first (which the
    immediate task backend runs at once)."""
    snapshot = stored(name, start, end, actor_id)
    version = data_version()
    if snapshot is not None and snapshot.data_version >= version:
        return snapshot, False
    if actor_id is None or snapshot is not None:
        request_refresh()
        snapshot = stored(name, start, end, actor_id)
    return snapshot, snapshot is None or snapshot.data_version < data_version()


# ----------------------------------------------------------------------------------------------- reading

def _candidate(row: RankingRow) -> Candidate:
    return Candidate(str(row.actor_id), row.name, Fraction(row.value) if row.value else None, row.level, row.on,
                     level_public=row.level_public, open_tier1_breach=row.open_tier1_breach,
                     detail=labels.load(row.detail))


class StoredRanked(Sequence[Ranked]):
    """The ranked rows of a stored ranking, read a slice at a time (what a paginator asks for). A subset of a
    ranking keeps its order (ties are all broken, rankings.rank): its ranks are its rows' places in it."""

    def __init__(self, rows: QuerySet[RankingRow]) -> None:
        self.rows = rows.filter(position__isnull=False).order_by("position")
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.rows.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> Ranked: ...

    @overload
    def __getitem__(self, index: slice) -> list[Ranked]: ...

    def __getitem__(self, index: int | slice) -> Ranked | list[Ranked]:
        if isinstance(index, slice):
            first = index.start or 0
            if first < 0 or (index.step or 1) != 1:
                return list(self)[index]
            return [Ranked(first + i + 1, _candidate(r)) for i, r in enumerate(self.rows[index])]
        if index < 0:
            index += len(self)
        return Ranked(index + 1, _candidate(self.rows[index]))

    def __iter__(self) -> Iterator[Ranked]:
        for i, r in enumerate(self.rows.iterator(chunk_size=ROW_BATCH)):
            yield Ranked(i + 1, _candidate(r))


class StoredRanking:
    """A ranking read from its summary: what the rankings pages and files use of rankings.Ranking. Filtered (by
    country, role or a producer's mineral: `derivable`), it is the rows of the candidates that pass."""

    def __init__(self, snapshot: ReportSnapshot, stale: bool, filters: rankings.Filters = rankings.ALL) -> None:
        self.snapshot, self.category = snapshot, snapshot.payload["category"]
        self.start, self.end = (date.fromisoformat(d) for d in snapshot.args.split(":")[:2])
        self.filters = filters
        self.rows = RankingRow.objects.filter(snapshot=snapshot)
        if filters.country or filters.role:
            actors = Actor.objects.all()
            actors = actors.filter(country=filters.country) if filters.country else actors
            actors = actors.filter(role=filters.role) if filters.role else actors
            self.rows = self.rows.filter(actor_id__in=actors.values("pk"))
        if filters.mineral:  # a list (Filters.admits): JSON containment is not on every database
            self.rows = self.rows.filter(actor_id__in=list(rankings.actors_in_scope(
                filters, producers=self.category == PRODUCERS)))
        self.ranked = StoredRanked(self.rows)
        self.as_of = AsOf(snapshot.computed_at, stale)

    @property
    def excluded(self) -> list[Excluded]:
        rows = self.rows.filter(position__isnull=True).order_by("id")
        return [Excluded(_candidate(r), r.reason) for r in rows.iterator(chunk_size=ROW_BATCH)]

    def excluded_counts(self) -> dict[str, int]:
        return dict(self.rows.filter(position__isnull=True).values_list("reason")
                    .annotate(n=Count("id")).order_by().values_list("reason", "n"))

    def actors_of(self, ids: list[int]) -> dict[int, rankings.ActorRow]:
        return rankings.actor_rows(ids)


def ranking(category: str, start: date, end: date, filters: rankings.Filters = rankings.ALL
            ) -> "rankings.Ranking | StoredRanking":
    """The ranking a page shows: its summary when there is one for this view, else computed (and cached)."""
    if derivable(category, start, end, filters):
        snapshot, stale = _fresh(category, start, end)
        if snapshot is None:  # never computed: once, now
            version = data_version()
            live, seconds = _computed(lambda: rankings._producers(start, end, rankings.ALL) if category == PRODUCERS
                                      else rankings._downstream(start, end, rankings.ALL, keep_graph=False))
            _store_ranking(category, live, seconds, version)
            snapshot, stale = stored(category, start, end), False
        if snapshot is not None:
            return StoredRanking(snapshot, stale, filters)
    return rankings.producers(start, end, filters) if category == PRODUCERS else rankings.downstream(
        start, end, filters)


def credit(actor_id: int, start: date, end: date) -> tuple[rankings.Credit, AsOf | None]:
    """One downstream actor's credit as its page shows it: stored for the default period (computed and stored on
    its first view), else computed."""
    if not covers(start, end):
        return rankings.credit(actor_id, start, end), None
    snapshot, stale = _fresh(CREDIT, start, end, actor_id)
    if snapshot is None:
        version = data_version()
        payload = _store_credit(actor_id, start, end, version)
        snapshot, stale = stored(CREDIT, start, end, actor_id), False
    else:
        payload = snapshot.payload
    as_of = AsOf(snapshot.computed_at, stale) if snapshot is not None else None
    return {"value": Fraction(payload["value"]), "contributions": payload["contributions"]}, as_of


def impact_figures(start: date, end: date, filters: rankings.Filters) -> tuple[impact.Report, AsOf | None]:
    """The impact report's figures, labels untranslated: stored for the default period, else computed."""
    if not covers(start, end, filters):
        return impact.figures(start, end, filters), None
    snapshot, stale = _fresh(IMPACT, start, end)
    if snapshot is not None and snapshot.payload.get("k") != settings.ASSAY_MIN_GROUP:
        snapshot = None  # computed under another k: never shown (suppression follows the setting)
    if snapshot is None:
        _store_impact(start, end, data_version())
        snapshot, stale = stored(IMPACT, start, end), False
    if snapshot is None:  # a newer one was being written meanwhile and is not visible yet
        return impact.figures(start, end, filters), None
    return impact.load(snapshot.payload), AsOf(snapshot.computed_at, stale)


# ----------------------------------------------------------------------------------------------- documents

def render_documents(start: date, end: date) -> None:
    """The impact report's PDF and its forum PDF in every language, stored (assay.lib.documents) so that their
    first download reads them."""
    from .impact_documents import impact_pdf

    snapshot = stored(IMPACT, start, end)
    if snapshot is None:
        return
    report = impact.load(snapshot.payload)
    for lang, _name in settings.LANGUAGES:
        with override(lang):
            for forum in (False, True):
                impact_pdf(report, snapshot, lang, forum)
