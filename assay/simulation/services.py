"""Starting a simulation, running it (the task worker's part) and attaching its public summary to a round."""

import json
import logging
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from assay.assessments.models import Assessment
from assay.assessments.scoring import rules_for
from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.consultation.models import Round
from assay.registry.models import Actor
from assay.standards.models import Criterion, StandardVersion, VersionStatus

from . import engine
from .models import SimulatedMove, Simulation, SimulationStatus
from .results import aggregate, rows_of

log = logging.getLogger(__name__)
BATCH = 5000
MOVE_COLUMNS = ("simulation_id", "actor_id", "assessment_id", "role", "country", "minerals", "in_cahra", "kind",
                "old_outcome", "new_outcome", "new_outcome_out", "old_level", "new_level", "new_level_out",
                "old_overall", "new_overall", "new_overall_out", "old_residual", "new_residual", "old_progress",
                "new_progress", "eligible_before", "eligible_after", "eligible_after_out", "why_before", "why_after")
# the steps a run reports: sums, judging and progress by the base's rules and the draft's, judging and progress
# with the new criteria left out, storing
STEPS = 9


def _message(error: engine.OverrideError) -> str:
    p = error.params
    messages = {
        "unknown_parameter": _("“%(name)s” is not a parameter a simulation can change."),
        "unknown_level": _("The version has no level of rank %(rank)s."),
        "unknown_criterion": _("The version has no criterion %(code)s."),
        "points_of_unscored": _("Criterion %(code)s is not scored: it has no points to change."),
        "unknown_kind": _("“%(kind)s” is not a kind of assessment."),
        "not_a_number": _("%(name)s must be a number (not “%(value)s”)."),
        "not_a_whole_number": _("%(name)s must be a whole number (not “%(value)s”)."),
        "threshold_range": _("Level %(level)s: %(name)s must be between 0 and 100 (not %(value)s)."),
        "maturity_range": _("Level %(level)s: the lowest mitigation maturity must be between 0 and 3 "
                            "(not %(value)s)."),
        "not_increasing": _("The levels must ask more as they rise: %(name)s of level %(higher)s is lower than "
                            "that of level %(lower)s."),
        "negative": _("%(name)s cannot be negative."),
        "multiplier_range": _("The CAHRA multiplier must be at least 1 (not %(value)s)."),
        "tiers_range": _("The number of supply-chain tiers must be between 1 and 10 (not %(value)s)."),
        "points_range": _("Criterion %(code)s: points must be between 0 and 100 (not %(value)s)."),
        "other_kind": _("Criterion %(code)s is a %(base)s in the assessments' version but a %(draft)s in the "
                        "draft: its answers cannot be carried over."),
    }
    return messages.get(error.code, _("The parameters cannot be simulated.")) % p


def base_for(version: StandardVersion) -> StandardVersion | None:
    """The version whose assessments a version's rules are simulated on: itself when published, else the latest
    published version of its standard (the one its draft would replace)."""
    if version.status == VersionStatus.PUBLISHED:
        return version
    return (StandardVersion.objects.filter(standard_id=version.standard_id, status=VersionStatus.PUBLISHED)
            .order_by("-published_at", "-pk").first())


def check(*, version: StandardVersion, base: StandardVersion, overrides: dict[str, Any]) -> tuple[Any, bool]:
    """The simulated rules, and whether they are exactly the base's own (no change); ValidationError with every
    problem, translated, otherwise."""
    if base.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Assessments are made on published versions only: choose a published base."))
    if base.standard_id != version.standard_id:
        raise ValidationError(_("The draft and the assessments' version must belong to the same standard."))
    if not isinstance(overrides, dict):
        raise ValidationError(_("The parameters must be a JSON object."))
    try:
        rules = engine.overridden(rules_for(version), overrides)
    except engine.OverrideError as e:
        raise ValidationError(_message(e)) from None
    base_rules = rules_for(base)
    base_kinds = dict(Criterion.objects.filter(version=base).values_list("code", "kind"))
    found = engine.problems(base_rules, rules, base_kinds)
    if found:
        raise ValidationError([_message(e) for e in found])
    return rules, engine.same_rules(base_rules, rules)


@transaction.atomic(durable=True)
def simulation_start(*, actor: User | None, version: StandardVersion, overrides: dict[str, Any] | None = None,
                     base: StandardVersion | None = None, title: str = "") -> Simulation:
    """Check the rules and queue the simulation (after the commit). The rules of a published version simulated on
    its own assessments with nothing changed are not run: the simulation is done at once, "no change"."""
    overrides = overrides or {}
    base = base or base_for(version)
    if base is None:
        raise ValidationError(_("The standard has no published version whose assessments could be simulated."))
    _rules, unchanged = check(version=version, base=base, overrides=overrides)
    simulation = Simulation.objects.create(version=version, base=base, overrides=overrides, title=title[:200],
                                           created_by=actor if getattr(actor, "is_authenticated", False) else None,
                                           progress_total=STEPS)
    if unchanged:
        now = timezone.now()
        simulation.status, simulation.started_at, simulation.finished_at = SimulationStatus.DONE, now, now
        simulation.progress_done, simulation.snapshot_on = STEPS, now.date()
        simulation.results = {"no_change": True, "n": 0}
        simulation.save()
    audit_record(actor, AuditAction.SIMULATION_START, simulation, str(simulation), version=version.pk,
                 base=base.pk, overrides=overrides, no_change=unchanged)
    if not unchanged:
        from .tasks import run_simulation_task  # the task module imports this one

        transaction.on_commit(lambda: run_simulation_task.enqueue(simulation.pk))
    return simulation


def _progress(simulation_id: int) -> engine.Report:
    ended = [0]

    def report(stage: str, done: int, total: int) -> None:
        # a step counts when it ends; the row is updated outside any transaction, so the page sees it at once
        if done >= total:
            ended[0] += 1
            Simulation.objects.filter(pk=simulation_id).update(stage=stage[:40],
                                                               progress_done=min(ended[0], STEPS - 1))
    return report


def simulation_run(*, simulation_id: int) -> Simulation:
    """Run a queued simulation: read and judge (outside a transaction: it writes nothing but its progress), then
    store the moves and the aggregates in one transaction. A failure marks it failed, with the error."""
    Simulation.objects.filter(pk=simulation_id).update(status=SimulationStatus.RUNNING, started_at=timezone.now(),
                                                       progress_done=0, progress_total=STEPS)
    simulation = Simulation.objects.select_related("version", "base").get(pk=simulation_id)
    try:
        rules = engine.overridden(rules_for(simulation.version), simulation.overrides)
        run = engine.simulate(simulation.base, rules, _progress(simulation_id))
        rows = rows_of(run, _actors(run.meta.actor[run.positions].tolist()))
        results = aggregate(rows, run)
        _store(simulation, run, rows, results)
    except Exception as e:  # the worker would only log it: the page says it failed
        log.exception("simulation %s failed", simulation_id)
        Simulation.objects.filter(pk=simulation_id).update(status=SimulationStatus.FAILED, error=str(e)[:2000],
                                                           finished_at=timezone.now())
    simulation.refresh_from_db()
    return simulation


def _actors(ids: list[int]) -> dict[int, tuple[str, str, list[str]]]:
    """id → (role, country, minerals) of these actors. For a registry's worth, every actor is read (a filter on
    100,000 ids costs more than the rows it leaves out) and each distinct minerals list decoded once."""
    rows = Actor.objects.annotate(minerals_text=Cast("minerals", TextField())).values_list(
        "pk", "role", "country", "minerals_text")
    if len(ids) < 1000:
        rows = rows.filter(pk__in=ids)
    decoded: dict[str | None, list[str]] = {}
    out = {}
    for pk, role, country, text in rows.iterator(chunk_size=5000):
        if text not in decoded:
            decoded[text] = list(json.loads(text) or []) if text else []
        out[pk] = (role, str(country), decoded[text])
    return out


@transaction.atomic
def _store(simulation: Simulation, run: engine.Run, rows: list[Any], results: dict[str, Any]) -> None:
    m, b, o = run.meta, run.before, run.after_out
    SimulatedMove.objects.filter(simulation=simulation).delete()

    def level(category: str) -> int | None:
        return int(category) if category.isdigit() else None

    def outcome(category: str) -> str:
        return "level" if category.isdigit() else category

    values = [(simulation.pk, r.actor, assessment, r.role, r.country, list(r.minerals), r.in_cahra, r.kind,
               outcome(r.old), outcome(r.new), outcome(r.new_out), level(r.old), level(r.new), level(r.new_out),
               r.old_overall, r.new_overall, None if over != over else over,
               r.old_residual, r.new_residual, r.old_progress, r.new_progress, r.eligible_before, r.eligible_after,
               ok_out, why_before, r.why_after)
              for r, assessment, over, ok_out, why_before in zip(
                  rows, m.id[run.positions].tolist(), o.overall.tolist(), o.eligible.tolist(), b.why, strict=True)]
    if connection.vendor == "postgresql":
        # one COPY: building 100,000 model instances for bulk_create took longer than the judging
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {SimulatedMove._meta.db_table} ({', '.join(MOVE_COLUMNS)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row((*row[:5], json.dumps(row[5]), *row[6:]))
    else:
        SimulatedMove.objects.bulk_create(
            (SimulatedMove(**dict(zip(MOVE_COLUMNS, row, strict=True)))
             for row in values), batch_size=BATCH)
    simulation.results = results
    simulation.snapshot_on = run.snapshot
    simulation.snapshot = {"assessments": len(m.id), "actors": len(set(m.actor.tolist())),
                           "simulated": len(rows),
                           "verified": int(Assessment.objects.filter(status="verified").count())}
    simulation.status, simulation.finished_at = SimulationStatus.DONE, timezone.now()
    simulation.progress_done = simulation.progress_total = STEPS
    simulation.stage = ""
    simulation.save()


@transaction.atomic(durable=True)
def simulation_attach(*, actor: User | None, simulation: Simulation, round_: Round | None) -> Simulation:
    """Attach (or with None, detach) a finished simulation's public summary to a consultation round of the same
    standard."""
    if simulation.status != SimulationStatus.DONE:
        raise ValidationError(_("Only a finished simulation can be attached to a round."))
    if round_ is not None and round_.version.standard_id != simulation.version.standard_id:
        raise ValidationError(_("The round is about another standard."))
    simulation.round, simulation.attached_at = round_, timezone.now() if round_ else None
    simulation.save(update_fields=["round", "attached_at"])
    audit_record(actor, AuditAction.SIMULATION_ATTACH, simulation, str(simulation),
                 round=None if round_ is None else round_.pk)
    return simulation
