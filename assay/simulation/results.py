"""A simulation's aggregates (stored as JSON with raw counts) and how a page shows them: every figure of a group
through the small-cell suppression (assay.domain.disclosure.suppress, k = ASSAY_MIN_GROUP), names only for those
who may see them."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assay.domain.disclosure import Cell, suppress

from .engine import Run, category, kind_name

QUANTILES = (10, 25, 50, 75, 90)
TOP = 10
DIMENSIONS = ("all", "country", "role", "mineral", "cahra", "kind")
DIMENSION_LABELS = {"all": gettext_lazy("Everyone"), "country": gettext_lazy("Country"), "role": gettext_lazy("Role"),
                    "mineral": gettext_lazy("Mineral"), "cahra": gettext_lazy("CAHRA or not"),
                    "kind": gettext_lazy("Assurance")}
REASONS = {"": gettext_lazy("eligible"), "assurance": gettext_lazy("its kind of assessment may not count for progress"),
           "disengage": gettext_lazy("a Tier I red line is breached"),
           "ineligible": gettext_lazy("a legitimacy gate is breached"),
           "incomplete": gettext_lazy("incomplete: a criterion would need an answer"),
           "no_baseline": gettext_lazy("no earlier assessment to measure progress from"),
           "baseline_incomplete": gettext_lazy("its earlier assessment is incomplete")}


@dataclass
class Row:
    """One move, as the aggregates read it."""

    actor: int
    role: str
    country: str
    minerals: Sequence[str]
    in_cahra: bool
    kind: str
    old: str
    new: str
    new_out: str
    old_rank: int
    new_rank: int
    new_rank_out: int
    old_overall: float | None
    new_overall: float | None
    old_residual: float | None
    new_residual: float | None
    old_progress: float | None
    new_progress: float | None
    eligible_before: bool
    eligible_after: bool
    why_after: str
    cause: str


def cause_of(run: Run, i: int) -> str:
    """What keeps a move down from its old level: the new outcome, or the requirement of the next level it fails."""
    a = run.after
    if category(a.outcome[i], a.level[i]) != str(int(a.level[i])):
        return f"outcome:{category(a.outcome[i], a.level[i])}"
    failing = run.rules_after.level(int(a.level[i]) + 1)
    if failing is None:
        return "other"
    overall = a.overall[i]
    if failing.overall_min is not None and (np.isnan(overall) or overall < float(failing.overall_min)):
        return f"overall_min:{failing.rank}"
    if failing.every_module_min is not None:
        for j, code in enumerate(run.rules_after.modules):
            v = a.modules[i, j]
            if not np.isnan(v) and v < float(failing.every_module_min):
                return f"every_module_min:{failing.rank}:{code}"
    for code, needed in failing.module_min:
        j = run.rules_after.modules.index(code) if code in run.rules_after.modules else -1
        if j < 0 or np.isnan(a.modules[i, j]) or a.modules[i, j] < float(needed):
            return f"module_min:{failing.rank}:{code}"
    return f"mitigation_min:{failing.rank}"


def rows_of(run: Run, actors: dict[int, tuple[str, str, list[str]]]) -> list[Row]:
    """One row per chosen assessment; `actors`: id → (role, country, minerals)."""
    m, b, a, o = run.meta, run.before, run.after, run.after_out
    at = run.positions
    # plain lists first: reading numpy scalars one by one was most of this loop's time
    ids, scopes, cahra, kinds = (m.actor[at].tolist(), m.scope[at].tolist(), m.in_cahra[at].tolist(),
                                 m.kind[at].tolist())
    b_out, b_lv, a_out, a_lv, o_out, o_lv = (x.tolist() for x in (b.outcome, b.level, a.outcome, a.level,
                                                                 o.outcome, o.level))
    figures = [[None if v != v else v for v in x.tolist()]  # NaN → None
               for x in (b.overall, a.overall, b.residual, a.residual, b.progress, a.progress)]
    b_ok, a_ok = b.eligible.tolist(), a.eligible.tolist()
    out = []
    for i, actor in enumerate(ids):
        role, country, own_minerals = actors[actor]
        scope = m.scopes[scopes[i]]
        old, new, new_out = category(b_out[i], b_lv[i]), category(a_out[i], a_lv[i]), category(o_out[i], o_lv[i])
        old_rank, new_rank = _rank_of(old), _rank_of(new)
        out.append(Row(
            actor=actor, role=role, country=country, minerals=sorted(scope) if scope else list(own_minerals),
            in_cahra=cahra[i], kind=kind_name(kinds[i]), old=old, new=new, new_out=new_out,
            old_rank=old_rank, new_rank=new_rank, new_rank_out=_rank_of(new_out),
            old_overall=figures[0][i], new_overall=figures[1][i], old_residual=figures[2][i],
            new_residual=figures[3][i], old_progress=figures[4][i], new_progress=figures[5][i],
            eligible_before=b_ok[i], eligible_after=a_ok[i], why_after=a.why[i],
            cause=cause_of(run, i) if new_rank < old_rank else ""))
    return out


def _rank_of(category_: str) -> int:
    return int(category_) if category_.isdigit() else -1


def _groups(row: Row) -> Iterable[tuple[str, str]]:
    yield "all", "all"
    yield "country", row.country
    yield "role", row.role
    for mineral in row.minerals or ["—"]:
        yield "mineral", mineral
    yield "cahra", "cahra" if row.in_cahra else "other"
    yield "kind", row.kind


def _quantiles(values: list[float]) -> list[float] | None:
    return [round(float(q), 2) for q in np.percentile(values, QUANTILES)] if values else None


def aggregate(rows: list[Row], run: Run) -> dict[str, Any]:
    """The results JSON: raw counts per group (the pages suppress), the top N before and after, the flags."""
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        for key in _groups(r):
            members[key].append(i)
    # each row's figures once, as arrays (NaN for none); a group's are then read at its rows' indices
    pairs: dict[str, int] = {}
    pair = np.array([pairs.setdefault(f"{r.old}>{r.new}", len(pairs)) for r in rows], dtype=np.int64)
    pair_out = np.array([pairs.setdefault(f"{r.old}>{r.new_out}", len(pairs)) for r in rows], dtype=np.int64)
    names = list(pairs)
    old_rank, new_rank, new_rank_out = (np.array([getattr(r, f) for r in rows], dtype=np.int64)
                                        for f in ("old_rank", "new_rank", "new_rank_out"))
    before_ok, after_ok = (np.array([getattr(r, f) for r in rows], dtype=bool)
                           for f in ("eligible_before", "eligible_after"))
    old_overall, new_overall, old_residual, new_residual = (
        np.array([np.nan if getattr(r, f) is None else getattr(r, f) for r in rows], dtype=float)
        for f in ("old_overall", "new_overall", "old_residual", "new_residual"))
    flags = {"down": new_rank < old_rank, "up": new_rank > old_rank, "down_out": new_rank_out < old_rank,
             "up_out": new_rank_out > old_rank, "became_eligible": after_ok & ~before_ok,
             "became_ineligible": before_ok & ~after_ok}

    def quantiles(values: np.ndarray) -> list[float] | None:
        return _quantiles(values[~np.isnan(values)].tolist())

    def counts(codes: np.ndarray) -> dict[str, int]:
        return {names[c]: int(n) for c, n in enumerate(np.bincount(codes, minlength=len(names))) if n}

    groups: dict[str, dict[str, Any]] = {d: {} for d in DIMENSIONS}
    for (dimension, name), indices in sorted(members.items()):
        at = np.array(indices, dtype=np.int64)
        groups[dimension][name] = {
            "n": len(at), "matrix": counts(pair[at]), "matrix_out": counts(pair_out[at]),
            **{flag: int(values[at].sum()) for flag, values in flags.items()},
            "overall_change": quantiles(new_overall[at] - old_overall[at]),
            "residual_change": quantiles(new_residual[at] - old_residual[at]),
            "overall_before": quantiles(old_overall[at]), "overall_after": quantiles(new_overall[at]),
        }
    downs = [r for r in rows if r.new_rank < r.old_rank]
    lost = [r for r in rows if r.eligible_before and not r.eligible_after]

    def top(before: bool) -> list[list[Any]]:
        ranked = [(r.old_progress if before else r.new_progress, r.actor) for r in rows if r.role == "producer"
                  and (r.eligible_before if before else r.eligible_after)]
        return [[actor, round(value or 0.0, 2)] for value, actor in sorted(ranked, key=lambda p: (-(p[0] or 0), p[1]))
                [:TOP]]

    eligible_after = sum(r.eligible_after for r in rows)
    return {
        "impact": impact(run.impact_before, run.impact_after),
        "n": len(rows), "producers": sum(r.role == "producer" for r in rows),
        "new_criteria": run.new_codes, "removed_criteria": run.removed_codes,
        "groups": groups, "causes": dict(Counter(r.cause for r in downs).most_common()),
        "why_ineligible": dict(Counter(r.why_after for r in lost).most_common()),
        "top_before": top(True), "top_after": top(False),
        "eligible_before": sum(r.eligible_before for r in rows), "eligible_after": eligible_after,
        "all_ineligible": bool(rows) and eligible_after == 0,
    }


def impact(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Downstream actors' enabled impact before and after: how many would gain or lose credit, the totals, the
    distribution over those with credit either way (0 where none), and the top N by name (as actor ids)."""
    actors = sorted(set(before) | set(after), key=int)
    old = [float(before.get(a, 0)) for a in actors]
    new = [float(after.get(a, 0)) for a in actors]

    def top(values: dict[str, Any]) -> list[list[Any]]:
        ranked = sorted(((float(v), int(a)) for a, v in values.items() if v > 0), key=lambda p: (-p[0], p[1]))
        return [[actor, round(value, 2)] for value, actor in ranked[:TOP]]

    return {
        "n": len(actors), "up": sum(b < a for b, a in zip(old, new, strict=True)),
        "down": sum(b > a for b, a in zip(old, new, strict=True)),
        "total_before": round(sum(old), 2), "total_after": round(sum(new), 2),
        "before": _quantiles(old), "after": _quantiles(new), "top_before": top(before), "top_after": top(after),
    }


# ------------------------------------------------------------------------------------------------ showing


def impact_shown(stats: dict[str, Any] | None, k: int | None = None) -> dict[str, Any] | None:
    """The enabled-impact figures a page may show: none when fewer than k downstream actors have credit, and a
    count of gainers or losers smaller than k (but not 0) hidden, like any other cell."""
    k = min_group() if k is None else k
    if not stats or stats.get("n", 0) < k:
        return None
    out = {key: stats.get(key) for key in ("n", "up", "down", "total_before", "total_after", "before", "after")}
    for key in ("up", "down"):
        count = out[key]
        if count is not None and 0 < count < k:
            out[key] = None
    return out

def min_group() -> int:
    return int(settings.ASSAY_MIN_GROUP)


def matrix(stats: dict[str, Any], key: str = "matrix", k: int | None = None
           ) -> tuple[list[str], list[tuple[str, list[int | None]]]]:
    """The transition matrix of one group (rows: before; columns: after) with small cells suppressed."""
    k = min_group() if k is None else k
    counts: dict[str, int] = stats.get(key, {})
    cats = sorted({c for pair in counts for c in pair.split(">")}, key=_category_order)
    cells = [Cell((a, b), frozenset(f"{a}>{b}:{i}" for i in range(counts.get(f"{a}>{b}", 0))),
                  float(counts.get(f"{a}>{b}", 0))) for a in cats for b in cats if counts.get(f"{a}>{b}")]
    hidden = suppress(cells, k=k) if cells else set()
    rows = [(a, [None if (a, b) in hidden else counts.get(f"{a}>{b}", 0) for b in cats]) for a in cats]
    return cats, rows


def _category_order(c: str) -> tuple[int, int]:
    order = {"disengage": -3, "ineligible": -2, "incomplete": -1}
    return (0, order[c]) if c in order else (1, int(c))


def shown(stats: dict[str, Any], k: int | None = None) -> dict[str, Any]:
    """A group's figures, or None for each when the group is smaller than k."""
    k = min_group() if k is None else k
    small = stats.get("n", 0) < k
    keys = ("n", "down", "up", "down_out", "up_out", "became_eligible", "became_ineligible", "overall_change",
            "residual_change", "overall_before", "overall_after")
    out: dict[str, Any] = {key: None if small else stats.get(key) for key in keys}
    # a count of movers is a cell of its own: fewer than k movers (but more than none) is hidden too
    for key in ("down", "up", "down_out", "up_out", "became_eligible", "became_ineligible"):
        if out[key] is not None and 0 < out[key] < k:
            out[key] = None
    return out


def category_label(c: str) -> str:
    return {"disengage": _("disengage"), "ineligible": _("ineligible"), "incomplete": _("incomplete")}.get(
        c, _("level %(rank)s") % {"rank": c})


def cause_label(cause: str, levels: dict[int, str], criteria: Sequence[str] = ()) -> str:
    parts = cause.split(":")
    name = parts[0]
    level = levels.get(int(parts[1]), parts[1]) if len(parts) > 1 and parts[1].isdigit() else ""
    if name == "outcome":
        if parts[1] == "incomplete" and criteria:
            return _("criteria new in the draft would need an answer (%(codes)s)") % {"codes": ", ".join(criteria)}
        return _("the outcome would be “%(outcome)s”") % {"outcome": category_label(parts[1])}
    if name == "overall_min":
        return _("the overall threshold of level %(level)s") % {"level": level}
    if name == "every_module_min":
        return _("the threshold every module must meet for level %(level)s (module %(module)s)") % {
            "level": level, "module": parts[2]}
    if name == "module_min":
        return _("the threshold of module %(module)s for level %(level)s") % {"level": level, "module": parts[2]}
    if name == "mitigation_min":
        return _("the lowest mitigation maturity allowed at level %(level)s") % {"level": level}
    return _("other changes")


def sentence(simulation: Any, k: int | None = None) -> str:
    """The summary's one sentence, in the active language, aggregates only."""
    k = min_group() if k is None else k
    results = simulation.results or {}
    if results.get("no_change"):
        return _("These are the version's own rules: no assessment would change.")
    producers = results.get("groups", {}).get("role", {}).get("producer", {})
    n = producers.get("n", 0)
    if n < k:
        return _("Fewer than %(k)s producers were assessed on this version: the summary shows no figure.") % {"k": k}
    down = producers.get("down", 0)
    moved = str(down) if down == 0 or down >= k else _("fewer than %(k)s") % {"k": k}
    text = ngettext("If adopted as drafted, of %(n)s assessed producer %(moved)s would move down a level",
                    "If adopted as drafted, of %(n)s assessed producers %(moved)s would move down a level", n) % {
        "n": n, "moved": moved}
    causes = results.get("causes") or {}
    if down >= k and causes:
        levels = {lv.rank: lv.name for lv in simulation.version.levels.all()}
        text += _(", mostly because of %(cause)s") % {"cause": cause_label(next(iter(causes)), levels,
                                                                           results.get("new_criteria", []))}
    return text + "."
