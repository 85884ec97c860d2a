"""Reads the body's pages share, and the traceability of the text: why a criterion reads as it does, and the
justification report of a version (per changed criterion: the change, the comments, their dispositions and the
decisions behind it). Comments are read through the consultation's own selectors, so a respondent's choice of
publication and the moderators' decisions hold here as on the synopsis."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from assay.consultation.models import Comment, Consent, DispositionChoice, DraftEdit, Round
from assay.consultation.selectors import published_comments, received_comments
from assay.domain import redline
from assay.standards import selectors as standards
from assay.standards.models import Criterion, StandardVersion

from .models import Decision, DecisionLink, LinkKind, Meeting, MeetingItem, MeetingStatus, Member


def may_read_internal(user: Any) -> bool:
    return bool(user is not None and user.has_perm("governance.read_internal"))


def current_members(body_id: int) -> list[Member]:
    today = timezone.localdate()
    return [m for m in Member.objects.filter(body_id=body_id).select_related("user", "organisation")
            if m.serves_on(today)]


def meetings_of(user: Any, body_id: int) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(body_id=body_id)
    return meetings if may_read_internal(user) else meetings.filter(status=MeetingStatus.RECORDED)


def meeting_items(user: Any, meeting: Meeting) -> QuerySet[MeetingItem]:
    items = meeting.items.all()
    return items if may_read_internal(user) else items.filter(public=True)


def published_dispositions(dispositions: list[Any]) -> set[int]:
    """Of these dispositions, those whose comment may be published (quoted and linked to)."""
    out: set[int] = set()
    by_round: dict[int, list[Any]] = defaultdict(list)
    for d in dispositions:
        by_round[d.comment.response.round_id].append(d)
    for ds in by_round.values():
        round_ = ds[0].comment.response.round
        shown = set(published_comments(round_).filter(pk__in=[d.comment_id for d in ds]).values_list("pk", flat=True))
        out |= {d.pk for d in ds if d.comment_id in shown}
    return out


def previous_version(version: StandardVersion) -> StandardVersion | None:
    """The version this one was derived from; else the one numbered just before it in its standard."""
    if version.derived_from_id:
        return StandardVersion.objects.select_related("standard").get(pk=version.derived_from_id)
    ordered = standards.by_version_number(StandardVersion.objects.filter(standard_id=version.standard_id))
    at = next(i for i, v in enumerate(ordered) if v.pk == version.pk)
    return ordered[at - 1] if at else None


def _labelled(change: redline.CriterionChange) -> redline.CriterionChange:
    label = {f.name: f.verbose_name for f in Criterion._meta.fields}
    change.labelled_texts = [(label[n], s) for n, s in change.text_diffs.items()]  # type: ignore[attr-defined]
    change.labelled_attributes = [(label[n], p)  # type: ignore[attr-defined]
                                  for n, p in change.attribute_changes.items()]
    return change


@dataclass
class Traced:
    """A published comment on the criterion, with what the committee made of it."""

    comment: Comment
    round: Round
    author: str  # the name where the respondent agreed to be named, else ""
    text: str
    decisions: list[Decision] = field(default_factory=list)
    edits: list[DraftEdit] = field(default_factory=list)


@dataclass
class Why:
    version: StandardVersion
    criterion: Criterion
    previous: StandardVersion | None
    change: redline.CriterionChange | None
    comments: list[Traced]
    received: int  # comments counted on the clause, published or not (a count names no one)
    edits: list[DraftEdit]
    decisions: list[Decision]  # decisions on the criterion's change itself


def _rounds(versions: list[StandardVersion]) -> list[Round]:
    return list(Round.objects.filter(version__in=versions).select_related("version"))


def _disposition_decisions(disposition_ids: list[int]) -> dict[int, list[Decision]]:
    out: dict[int, list[Decision]] = defaultdict(list)
    for link in DecisionLink.objects.filter(kind=LinkKind.DISPOSITION, disposition_id__in=disposition_ids
                                            ).select_related("decision"):
        out[link.disposition_id].append(link.decision)  # type: ignore[index]
    return out


def _criterion_decisions(version: StandardVersion, keys: list[str] | None = None) -> dict[str, list[Decision]]:
    links = DecisionLink.objects.filter(kind=LinkKind.CRITERION, to_version=version).select_related("decision")
    if keys is not None:
        links = links.filter(criterion_key__in=keys)
    out: dict[str, list[Decision]] = defaultdict(list)
    for link in links:
        out[link.criterion_key].append(link.decision)
    return out


def _traced(rounds: list[Round], keys: list[str] | None, edits: list[DraftEdit]) -> list[Traced]:
    comments: list[tuple[Comment, Round]] = []
    for round_ in rounds:
        published = published_comments(round_).filter(criterion__isnull=False)
        if keys is not None:
            published = published.filter(criterion__key__in=keys)
        comments += [(c, round_) for c in published]
    dispositions = [c.disposition.pk for c, _r in comments if hasattr(c, "disposition")]
    decided = _disposition_decisions(dispositions)
    edits_of: dict[int, list[DraftEdit]] = defaultdict(list)
    for e in edits:
        edits_of[e.disposition.comment_id].append(e)
    out = []
    for c, round_ in comments:
        disposition = getattr(c, "disposition", None)
        out.append(Traced(c, round_, c.response.name if c.response.consent == Consent.NAMED else "", c.public_text(),
                          decided.get(disposition.pk, []) if disposition else [], edits_of.get(c.pk, [])))
    return out


def why(version: StandardVersion, criterion: Criterion, language: str) -> Why:
    """Everything that explains `criterion`'s wording in `version`: the redline against the previous version, the
    published comments on it (in that version's rounds and the previous one's), their dispositions and the
    decisions on them, the draft edits that wrote accepted wording into it, and the decisions on its change."""
    previous = previous_version(version)
    change = None
    if previous is not None:
        before, after, _fell_back = standards.redline_snapshots(previous, version, language)
        change = next((c for c in redline.compare([s for s in before if s.key == criterion.key],
                                                  [s for s in after if s.key == criterion.key])), None)
        if change is not None:
            change = _labelled(change)
    versions = [v for v in (previous, version) if v is not None]
    rounds = _rounds(versions)
    edits = list(DraftEdit.objects.filter(criterion=criterion).select_related("disposition__comment"))
    received = sum(received_comments(r).filter(criterion__key=criterion.key).count() for r in rounds)
    return Why(version, criterion, previous, change, _traced(rounds, [criterion.key], edits), received, edits,
               _criterion_decisions(version, [criterion.key]).get(criterion.key, []))


@dataclass
class ReportRow:
    change: redline.CriterionChange
    received: int
    dispositions: list[tuple[str, int]]  # (decision label, count) over published comments
    decisions: list[Decision]
    edits: int

    @property
    def code(self) -> str:
        snap = self.change.new or self.change.old
        return snap.code if snap else ""

    @property
    def key(self) -> str:
        snap = self.change.new or self.change.old
        return snap.key if snap else ""


@dataclass
class Report:
    version: StandardVersion
    previous: StandardVersion | None
    rows: list[ReportRow]
    summary: dict[str, int]
    received: int  # all comments counted on the version's and the previous version's rounds
    general_decisions: list[Decision]  # the other decisions linked to these rounds (opening, closing)


def justification(version: StandardVersion, language: str) -> Report:
    """Per criterion that changed since the previous version: the change, the comments counted on it, the
    dispositions of those that may be published, and the decisions behind it. A version without a previous one
    has nothing to report (rows empty, previous None)."""
    previous = previous_version(version)
    if previous is None:
        return Report(version, None, [], {}, 0, [])
    before, after, _fell_back = standards.redline_snapshots(previous, version, language)
    changes = [_labelled(c) for c in redline.compare(before, after) if c.is_noteworthy]
    keys = [(c.new or c.old).key for c in changes]  # type: ignore[union-attr]
    rounds = _rounds([previous, version])
    received: Counter[str] = Counter()
    for r in rounds:
        received.update(dict(received_comments(r).filter(criterion__key__in=keys).values("criterion__key")
                             .annotate(n=Count("pk")).values_list("criterion__key", "n")))
    edits = list(DraftEdit.objects.filter(criterion__version=version).select_related("disposition__comment",
                                                                                      "criterion"))
    traced = _traced(rounds, keys, edits)
    by_key: dict[str, list[Traced]] = defaultdict(list)
    for t in traced:
        by_key[t.comment.criterion.key].append(t)  # type: ignore[union-attr]
    changed = _criterion_decisions(version, keys)
    labels = dict(DispositionChoice.choices)
    rows = []
    for c, key in zip(changes, keys, strict=True):
        counts = Counter(t.comment.disposition.decision for t in by_key[key] if hasattr(t.comment, "disposition"))
        decisions = {d.pk: d for t in by_key[key] for d in t.decisions} | {d.pk: d for d in changed.get(key, [])}
        rows.append(ReportRow(c, received[key], [(str(labels[k]), n) for k, n in counts.most_common()],
                              sorted(decisions.values(), key=lambda d: d.recorded_at),
                              sum(e.criterion.key == key for e in edits)))
    general = list(Decision.objects.filter(Q(links__round__in=rounds)).distinct())
    all_received = sum(received_comments(r).count() for r in rounds)
    return Report(version, previous, rows, redline.summary(changes), all_received, general)
