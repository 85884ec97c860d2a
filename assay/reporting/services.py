"""State changes of reporting: freezing an award shortlist, sharing an assessment's full report with a buyer and
revoking the share, recording a buyer's support engagement with a supplier, issuing and withdrawing a supply-chain
claim (each a durable transaction, audited; keyword arguments only)."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assay.assessments.models import Assessment, AssessmentStatus
from assay.assessments.permissions import member_role
from assay.assessments.selectors import commitment_counts
from assay.assessments.services import members_of
from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.disclosure.access import PathLens
from assay.domain.scoring import ENGINE_VERSION
from assay.domain.scoring.ranking import shortlist as top_n
from assay.lib.text import LONG_TEXT_MAX, NAME_MAX, clean_text
from assay.notifications.kinds import Kind as Notice
from assay.notifications.services import notify
from assay.registry.models import Actor, MemberRole, Mineral, Relationship

from . import claims, rankings, support
from .models import Category, GroupBy, ReportShare, Shortlist, ShortlistEntry, SupplyChainClaim
from .supply_chain import reachable

MAX_SIZE = 100


def _evidence_producer(detail: dict[str, Any], assessments: Mapping[int, Mapping[str, Any]],
                       commitments: dict[str, int]) -> dict[str, Any]:
    a1, a0 = detail["a1"], detail["a0"]
    facts = assessments.get(a1["id"], {})
    progress = detail.get("progress") or {}
    return {
        "a1": {**a1, "date": a1["date"].isoformat(), "kind": facts.get("kind"),
               "evidence_files": facts.get("evidence_files", 0)},
        "a0": a0 and {**a0, "date": a0["date"].isoformat()},
        "overall_change": progress.get("overall_change"), "level_change": progress.get("level_change"),
        "cahra_multiplier": progress.get("cahra_multiplier"), "in_cahra": detail.get("in_cahra", False),
        "commitments": commitments,
    }


def _evidence_downstream(detail: dict[str, Any], names: dict[int, str], public: Any) -> dict[str, Any]:
    """The producers behind the credit; a shortlist is handed to prize-givers, so a producer is named only where
    a path to it is public, and the rest is one unnamed sum."""
    named, unnamed = rankings.disclosed(detail.get("contributions", []), names, public)
    return {"producers_credited": len(named) + unnamed["count"],
            "top": [{"producer": c["name"], "progress": c["progress"], "weight": c["weight"], "credit": c["credit"],
                     "paths": len(c["paths"]) + c["hidden_paths"]} for c in named[:5]],
            "unnamed": unnamed}


@transaction.atomic(durable=True)
def shortlist_freeze(*, actor: User | None, title: str, category: str, start: date, end: date, size: int,
                     group_by: str = "", filters: rankings.Filters = rankings.ALL) -> Shortlist:
    """Take the top `size` of a ranking (overall, or per country or mineral) as a dated snapshot, each entry with
    the evidence behind it, as it stands now. Producers enter on an assessment whose kind may enter shortlists."""
    title = clean_text(title, NAME_MAX)
    problems = []
    if category not in Category.values:
        problems.append(_("Choose a category."))
    if group_by not in GroupBy.values:
        problems.append(_("Choose a grouping."))
    if not 1 <= size <= MAX_SIZE:
        problems.append(_("A shortlist holds from 1 to %(n)s entries per list.") % {"n": MAX_SIZE})
    if end < start:
        problems.append(_("The period must end after it starts."))
    if not title:
        problems.append(_("Give the shortlist a title."))
    if problems:
        raise ValidationError(problems)
    ranking = (rankings.producers(start, end, filters) if category == Category.PRODUCERS
               else rankings.downstream(start, end, filters))
    groups: dict[str, tuple[str, ...]] | None = None
    if group_by == GroupBy.COUNTRY:
        groups = {str(a): (str(actor["country"]),) for a, actor in ranking.actors.items() if actor["country"]}
    elif group_by == GroupBy.MINERAL:
        groups = {str(a): tuple(actor["minerals"] or ()) for a, actor in ranking.actors.items()}
    # A producer enters a shortlist only on an assessment of a kind the version allows there (assurance: by
    # default a third-party one); its rank stays the ranking's, so a gap in the numbers shows who was passed over.
    eligible = [r for r in ranking.ranked
                if category != Category.PRODUCERS or r.candidate.detail.get("shortlists", False)]
    lists = top_n(eligible, size, groups)
    chosen = {r.candidate.actor for entries in lists.values() for r in entries}
    if category == Category.DOWNSTREAM:  # the producers and paths behind each chosen actor's credit
        rankings.explain(ranking, chosen)
        by_actor = {r.candidate.actor: r.candidate for r in ranking.ranked}
        names = dict(Actor.objects.values_list("id", "name"))
        public = PathLens(AnonymousUser())
    else:
        ids = [r.candidate.detail["a1"]["id"] for r in ranking.ranked if r.candidate.actor in chosen]
        facts = {a["id"]: a for a in Assessment.objects.filter(pk__in=ids).values("id", "kind").annotate(
            evidence_files=Count("evidence", distinct=True))}
        promised = commitment_counts([int(a) for a in chosen], date.today())
        nothing = {"verified": 0, "done": 0, "open": 0, "lapsed": 0}
    snapshot = Shortlist.objects.create(title=title, category=category, start=start, end=end, size=size,
                                        group_by=group_by, filters=filters.as_dict(), engine=ENGINE_VERSION,
                                        created_by=actor if getattr(actor, "pk", None) else None)
    entries = []
    for group, ranked in lists.items():
        for position, r in enumerate(ranked, start=1):
            row = ranking.actors[int(r.candidate.actor)]
            evidence = (_evidence_downstream(by_actor[r.candidate.actor].detail, names, public)
                        if category == Category.DOWNSTREAM else _evidence_producer(
                            r.candidate.detail, facts, promised.get(int(r.candidate.actor), nothing)))
            entries.append(ShortlistEntry(
                shortlist=snapshot, group=group, position=position, rank=r.rank, actor_id=int(r.candidate.actor),
                actor_name=row["name"], country=row["country"] or "", value=float(r.candidate.value),
                level=r.candidate.level, on=r.candidate.on, evidence=evidence))
    ShortlistEntry.objects.bulk_create(entries)
    audit_record(actor, AuditAction.SHORTLIST_FREEZE, snapshot, snapshot.title, entries=len(entries),
                 period=f"{start}–{end}")
    return snapshot


REPORTABLE = (AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED)


def _admin_of(user: User, assessment: Assessment) -> bool:
    return member_role(user, assessment.actor_id) == MemberRole.ADMIN


@transaction.atomic(durable=True)
def report_share(*, actor: User, assessment: Assessment, buyer: Actor | None) -> ReportShare:
    """Share one submitted or verified assessment's full report with a named buyer: the buyer's members may then
    open that report's network data (never restricted data, nothing else of the actor) until the share is
    revoked. Only an admin of the assessed actor shares: a standing is granted by the data's owner (DESIGN §5)."""
    if not _admin_of(actor, assessment):
        raise ValidationError(_("Only an admin of the assessed actor may share its report."), code="not_admin")
    if assessment.status not in REPORTABLE:
        raise ValidationError(_("Only a submitted or verified assessment has a report to share."),
                              code="not_reportable")
    if buyer is None:
        raise ValidationError(_("Choose the buyer to share the report with."), code="no_buyer")
    if buyer.pk == assessment.actor_id:
        raise ValidationError(_("The report is already the actor's own: choose another actor."), code="self")
    # Locked: two admins sharing at once with the same buyer make one share, the second is told it exists.
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if ReportShare.objects.filter(assessment=assessment, buyer=buyer, revoked_at__isnull=True).exists():
        raise ValidationError(_("This report is already shared with %(buyer)s.") % {"buyer": buyer.name},
                              code="already_shared")
    share = ReportShare.objects.create(assessment=assessment, buyer=buyer, shared_by=actor)
    audit_record(actor, AuditAction.REPORT_SHARE, share, f"{assessment.pk} → {buyer.slug}", assessment=assessment.pk,
                 buyer=buyer.slug)
    return share


@transaction.atomic(durable=True)
def report_share_revoke(*, actor: User, share: ReportShare) -> ReportShare:
    """End a share: from now on the buyer's members no longer open the report. Only an admin of the assessed actor
    revokes; the share stays on record, with who revoked it and when."""
    share = ReportShare.objects.select_for_update().select_related("assessment", "buyer").get(pk=share.pk)
    if not _admin_of(actor, share.assessment):
        raise ValidationError(_("Only an admin of the assessed actor may revoke a share of its report."),
                              code="not_admin")
    if share.revoked_at is not None:
        raise ValidationError(_("This share was already revoked."), code="revoked")
    share.revoked_at, share.revoked_by = timezone.now(), actor
    share.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor, AuditAction.REPORT_SHARE_REVOKE, share, f"{share.assessment_id} ↛ {share.buyer.slug}",
                 assessment=share.assessment_id, buyer=share.buyer.slug)
    return share


@transaction.atomic(durable=True)
def engagement_record(*, actor: User, buyer: Actor, supplier: Actor, kind: str, start: date,
                      end: date | None = None, minerals: Sequence[str] = (), note: str = "") -> Relationship:
    """Record that `buyer` finances or technically supports `supplier` (a Relationship of that kind), which then
    counts in the buyer's enabled impact (DESIGN §4 rule 6 counts every kind of relationship).

    Its admins and editors record it, or the secretariat; only with a supplier the buyer reaches today through
    active sourcing relationships (its supply chain), and not twice: an engagement of the same kind whose period
    overlaps this one refuses it. An engagement grants no standing: the disclosure policy makes trading partners of
    sourcing relationships only (assay.disclosure.access), so this self-service record opens none of the
    supplier's data to the buyer (DESIGN §5; tests/accounts/test_escalation_matrix.py).
    """
    if not support.may_engage(actor, buyer):
        raise PermissionDenied
    Actor.objects.select_for_update().filter(pk=buyer.pk).first()  # one engagement at a time per buyer
    problems: dict[str, list[str]] = {}
    if kind not in support.SUPPORT_KINDS:
        problems["kind"] = [_("Choose finance or technical support.")]
    if supplier.pk not in reachable(buyer.pk, date.today()):
        problems["supplier"] = [_("%(supplier)s is not in the supply chain of %(buyer)s: support is recorded only "
                                  "with a supplier reached through active sourcing relationships.")
                                % {"supplier": supplier.name, "buyer": buyer.name}]
    if end is not None and end < start:
        problems["end"] = [_("The engagement must end after it starts.")]
    try:
        note = clean_text(note, LONG_TEXT_MAX)
    except ValidationError as exc:
        problems["note"] = exc.messages
    if not problems and Relationship.objects.filter(
            Q(end__isnull=True) | Q(end__gte=start), buyer=buyer, supplier=supplier, kind=kind,
            **({"start__lte": end} if end else {})).exists():
        problems["kind"] = [_("%(buyer)s already records an engagement of this kind with %(supplier)s for this "
                              "period.") % {"buyer": buyer.name, "supplier": supplier.name}]
    if problems:
        raise ValidationError(problems)
    engagement = Relationship(buyer=buyer, supplier=supplier, kind=kind, start=start, end=end,
                              minerals=list(minerals), note=note)
    engagement.full_clean()  # the model's rules: each mineral one the supplier produces, end after start
    engagement.save()
    audit_record(actor, AuditAction.ENGAGEMENT_RECORD, engagement, str(engagement)[:200], kind=kind,
                 start=start.isoformat(), end=end.isoformat() if end else None, minerals=list(minerals))
    return engagement


@transaction.atomic(durable=True)
def claim_issue(*, actor: User, buyer: Actor, mineral: str, start: date, end: date) -> SupplyChainClaim:
    """Issue a dated supply-chain claim of `buyer` for `mineral` over [start, end] (reporting.claims computes its
    content); nothing is written if there is nothing to state."""
    if not claims.may_issue(actor, buyer):
        raise PermissionDenied
    problems: dict[str, list[str]] = {}
    if mineral not in Mineral.values:
        problems["mineral"] = [_("Choose a mineral.")]
    if end < start:
        problems["end"] = [_("The period must end after it starts.")]
    elif end > date.today():
        problems["end"] = [_("A claim states what happened: the period must end today or earlier.")]
    if problems:
        raise ValidationError(problems)
    today = date.today()
    try:
        content = claims.compute(buyer, mineral, start, end, today)
    except ValueError as exc:
        names = {"buyer": buyer.name, "mineral": dict(Mineral.choices)[mineral], "start": start.isoformat(),
                 "end": end.isoformat()}
        if str(exc) == "no_relationships":
            raise ValidationError(_("%(buyer)s has no sourcing relationship carrying %(mineral)s active between "
                                    "%(start)s and %(end)s: there is nothing to claim.") % names,
                                  code="no_relationships") from None
        raise ValidationError(_("No producer is reached through the sourcing relationships of %(buyer)s carrying "
                                "%(mineral)s between %(start)s and %(end)s: there is nothing to claim.") % names,
                              code="no_producers") from None
    claim = SupplyChainClaim.objects.create(
        buyer=buyer, mineral=mineral, start=start, end=end, issued_by=actor, content=content,
        fingerprint=claims.fingerprint(content), engine=ENGINE_VERSION, token=claims.new_token())
    audit_record(actor, AuditAction.CLAIM_ISSUE, claim, f"{buyer.slug} {mineral} {start}–{end}",
                 fingerprint=claim.fingerprint)
    notify(members_of(buyer.pk), Notice.CLAIM_ISSUED, f"claim:{claim.pk}",
           reverse("dashboard:claim", args=[buyer.slug, claim.pk]), buyer=buyer.name,
           mineral_msgid=mineral,  # a mineral's code is its name's message id
           start=start.isoformat(), end=end.isoformat())
    return claim


@transaction.atomic(durable=True)
def claim_withdraw(*, actor: User, claim: SupplyChainClaim, reason: str) -> SupplyChainClaim:
    """Withdraw an issued claim, with a reason: its statement stays as it was, marked withdrawn, at the same URL."""
    if not claims.may_withdraw(actor, claim.buyer):
        raise PermissionDenied
    claim = SupplyChainClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.withdrawn:
        raise ValidationError(_("This claim was already withdrawn."), code="withdrawn")
    reason = clean_text(reason, LONG_TEXT_MAX)
    if not reason:
        raise ValidationError({"reason": [_("Say why the claim is withdrawn.")]})
    claim.withdrawn_at, claim.withdrawn_by, claim.withdrawn_reason = timezone.now(), actor, reason
    claim.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record(actor, AuditAction.CLAIM_WITHDRAW, claim, reason[:200])
    return claim
