"""The command-line scorer: a standard YAML file and a JSON file of actors, sites, relationships and assessments
in; JSON with every assessment's outcome and scores, each actor's progress and each downstream actor's enabled
impact out. Needs no database. Formats: docs/scoring.md.

    python -m assay.domain.scoring STANDARD.yaml DATA.json [--from 2025-01-01] [--to 2025-12-31] [--mineral gold]
"""

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .engine import ENGINE_VERSION, AssessmentScore, answer_problem, as_number, score_assessment
from .impact import Relationship, build_graph, enabled_impact
from .progress import Progress, progress_between, select_baseline
from .ranking import Candidate, rank
from .report import progress_json, score_json
from .rules import KINDS, THIRD_PARTY, VERIFIED, Rules, exact

PRODUCER = "producer"
NO_RULES = Rules(criteria=(), modules=(), levels=())  # the default assurance, for _latest's plain calls
SCORED_STATUSES = ("submitted", "verified")


class InputError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Scored:
    id: str
    actor: str
    date: date
    status: str
    site: str | None
    score: AssessmentScore
    kind: str = THIRD_PARTY
    minerals: frozenset[str] | None = None  # the minerals in scope; None: not known, every criterion counted


def _date(value: Any, where: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: not a date (YYYY-MM-DD)")
        return None


def in_cahra(site: dict[str, Any] | None, on: date) -> bool:
    if not site:
        return False
    for d in site.get("cahra") or []:
        start = date.fromisoformat(d["start"])
        end = date.fromisoformat(d["end"]) if d.get("end") else None
        if start <= on and (end is None or on <= end):
            return True
    return False


MINERAL_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _minerals(value: Any, where: str, problems: list[str]) -> list[str] | None:
    """A list of mineral codes (None when absent); a problem for anything else."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(m, str) and MINERAL_CODE.match(m) for m in value):
        problems.append(f"{where}: must be a list of mineral codes (lower-case, e.g. gold)")
        return None
    return value


def _listing(minerals: frozenset[str]) -> str:
    return ", ".join(sorted(minerals)) or "none"


SCHEMA = Path(__file__).resolve().parents[2] / "standards" / "schema" / "standard.schema.json"


def check_standard(standard: Any) -> list[str]:
    """Problems with the standard document, checked against the same JSON Schema the importer uses."""
    if not isinstance(standard, dict):
        return ["standard: must be a YAML mapping"]
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    problems = [f"standard: {'.'.join(str(p) for p in e.absolute_path) or '(file)'}: {e.message}"
                for e in validator.iter_errors(standard)]
    if problems:
        return problems
    # As the importer: a criterion names only commodities the version lists (a typo would apply to nobody).
    listed = list(standard.get("commodities") or [])
    for m, module in enumerate(standard["modules"]):
        for c, criterion in enumerate(module["criteria"]):
            for k, code in enumerate(criterion.get("commodities") or []):
                if code not in listed:
                    problems.append(f"standard: modules[{m}].criteria[{c}].commodities[{k}]: commodity {code!r} is "
                                    f"not in the version's commodities ({', '.join(listed) or 'none'})")
    return problems


def run(standard: dict[str, Any], data: dict[str, Any], start: date | None = None, end: date | None = None,
        mineral: str | None = None) -> dict[str, Any]:
    """Score everything in `data`; raise InputError listing every problem in the input.

    With `mineral` (or `period.mineral`), enabled impact and rankings are the credit for progress in that mineral.
    """
    if problems := check_standard(standard):
        raise InputError(problems)
    rules = Rules.from_document(standard)
    problems = []
    period = data.get("period") or {}
    # A bad date is a problem, raised below before the period is used: the open bound only stands in till then.
    start = start or (_date(period["from"], "period.from", problems) if period.get("from") else None) or date.min
    end = end or (_date(period["to"], "period.to", problems) if period.get("to") else None) or date.max
    mineral = mineral or period.get("mineral")
    if mineral is not None and not (isinstance(mineral, str) and MINERAL_CODE.match(mineral)):
        problems.append(f"period.mineral: not a mineral code ({mineral!r})")
        mineral = None
    actors = {a["id"]: a for a in data.get("actors", [])}
    # An actor's minerals: what it produces or trades; none listed means not known.
    minerals_of = {a["id"]: frozenset(_minerals(a.get("minerals"), f"actors[{i}].minerals", problems) or ())
                   for i, a in enumerate(data.get("actors", []))}
    sites = {s["id"]: s for s in data.get("sites", [])}
    sites_of: dict[str, list[str]] = defaultdict(list)
    for s in data.get("sites", []):
        sites_of[s["actor"]].append(s["id"])

    scored: list[Scored] = []
    for i, a in enumerate(data.get("assessments", [])):
        where = f"assessments[{i}]"
        actor = actors.get(a.get("actor"))
        if actor is None:
            problems.append(f"{where}.actor: unknown actor {a.get('actor')!r}")
            continue
        when = _date(a.get("date"), f"{where}.date", problems)
        kind = a.get("type", THIRD_PARTY)
        if kind not in KINDS:
            problems.append(f"{where}.type: {kind!r} is not one of {', '.join(KINDS)}")
        for code, value in (a.get("answers") or {}).items():
            rule = rules.by_code.get(str(code))
            if rule is None:
                problems.append(f"{where}.answers.{code}: no such criterion in {rules.name}")
            elif (why := answer_problem(rule, value)) is not None:
                problems.append(f"{where}.answers.{code}: {why} ({value!r})")
        has = minerals_of[actor["id"]]
        scope: frozenset[str] | None = has or None  # by default the actor's minerals; none known: no filter
        given = _minerals(a.get("minerals"), f"{where}.minerals", problems)
        if given is not None:
            if not given:
                problems.append(f"{where}.minerals: must list at least one mineral (leave it out for the actor's)")
            for k, m in enumerate(given):
                if m not in has:
                    problems.append(f"{where}.minerals[{k}]: actor {actor['id']!r} does not have mineral {m!r} "
                                    f"(its minerals: {_listing(has)})")
            scope = frozenset(given)
        if when is None:
            continue
        site = a.get("site") or (sites_of[actor["id"]][0] if len(sites_of[actor["id"]]) == 1 else None)
        scored.append(Scored(a["id"], actor["id"], when, a.get("status", VERIFIED), site,
                             score_assessment(rules, a.get("answers") or {}, actor["role"], scope), kind, scope))
    relationships = []
    for i, r in enumerate(data.get("relationships", [])):
        r_start = _date(r.get("start"), f"relationships[{i}].start", problems)
        r_end = _date(r["end"], f"relationships[{i}].end", problems) if r.get("end") else None
        for side in ("buyer", "supplier"):
            if r.get(side) not in actors:
                problems.append(f"relationships[{i}].{side}: unknown actor {r.get(side)!r}")
        share = r.get("share")
        if share is not None and not (0 < exact(share) <= 1):
            problems.append(f"relationships[{i}].share: must be > 0 and ≤ 1")
        traded = _minerals(r.get("minerals"), f"relationships[{i}].minerals", problems) or []
        if r.get("supplier") in actors:
            produces = minerals_of[r["supplier"]]
            for k, m in enumerate(traded):
                if m not in produces:
                    problems.append(f"relationships[{i}].minerals[{k}]: supplier {r['supplier']!r} does not produce "
                                    f"{m!r} (its minerals: {_listing(produces)})")
        if r_start:
            relationships.append(Relationship(r["buyer"], r["supplier"], r_start, r_end,
                                              None if share is None else exact(share), r.get("type", "sourcing"),
                                              frozenset(traded)))
    if problems:
        raise InputError(problems)

    by_actor: dict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        by_actor[s.actor].append(s)

    def counts(s: Scored) -> bool:
        return rules.assurance.allows("progress", s.kind, s.status)

    def progress_of(a1: Scored) -> tuple[Progress | None, Scored | None]:
        a0 = select_baseline([s for s in by_actor[a1.actor] if s is not a1], a1.date, rules,
                             date_of=lambda s: s.date, verified=counts)
        if a0 is None:
            return None, None
        return progress_between(rules, a1.score, a0.score, in_cahra(sites.get(a1.site), a1.date)), a0

    out_assessments = []
    for s in scored:
        p, a0 = progress_of(s)
        # `minerals` only where a scope is known, so output without minerals is what it always was.
        scope_json = {} if s.minerals is None else {"minerals": sorted(s.minerals)}
        out_assessments.append({"id": s.id, "actor": s.actor, "date": s.date.isoformat(), "status": s.status,
                                "type": s.kind, "assurance": rules.assurance.as_dict(s.kind, s.status),
                                **scope_json, **score_json(s.score),
                                "progress": progress_json(p, a0.id if a0 else None)})

    actor_progress: dict[str, Fraction] = {}
    covered: dict[str, frozenset[str]] = {}  # producer → the minerals its A1 covered, where known
    out_progress = []
    for actor_id, items in sorted(by_actor.items()):
        latest = max((s for s in items if counts(s) and start <= s.date <= end), key=lambda s: s.date,
                     default=None)
        if latest is None:
            continue
        p, a0 = progress_of(latest)
        entry = {"actor": actor_id, "assessment": latest.id, "outcome": latest.score.outcome,
                 "level": latest.score.level, "progress": progress_json(p, a0.id if a0 else None)}
        out_progress.append(entry)
        if p is not None and actors[actor_id]["role"] == PRODUCER:
            actor_progress[actor_id] = p.value
            if latest.minerals is not None:
                covered[actor_id] = latest.minerals

    def deals_in(actor_id: str) -> bool:
        """In a mineral's figures: an actor that has the mineral, or lists none."""
        return mineral is None or not minerals_of[actor_id] or mineral in minerals_of[actor_id]

    def path_json(path: list[str], weight: Fraction, carried: frozenset[str] | None) -> dict[str, Any]:
        """A path of a contribution; in the total, with the minerals it carries to the producer where they are
        known (its weight is the largest of its weights in them)."""
        out: dict[str, Any] = {"actors": path, "weight": as_number(weight)}
        if mineral is None and carried is not None:
            out["minerals"] = sorted(carried)
        return out

    graph = build_graph(relationships, start, end, mineral)
    out_impact = []
    impact_of: dict[str, Fraction] = {}
    for actor_id, actor in sorted(actors.items()):
        if actor["role"] == PRODUCER or not deals_in(actor_id):
            continue
        impact = enabled_impact(actor_id, graph, actor_progress, rules.max_tiers, mineral, covered)
        impact_of[actor_id] = impact.value
        out_impact.append({"actor": actor_id, "value": as_number(impact.value), "contributions": [
            {"producer": c.producer, "progress": as_number(c.progress), "weight": as_number(c.weight),
             "credit": as_number(c.value),
             "paths": [path_json(p, w, m) for (p, w), m in zip(c.paths, c.minerals or [None] * len(c.paths),
                                                                strict=True)]}
            for c in impact.contributions]})
    rankings = _rankings(rules, actors, by_actor, progress_of, impact_of, start, end, mineral)
    out_period = {"from": None if start == date.min else start.isoformat(),
                  "to": None if end == date.max else end.isoformat()}
    if mineral is not None:
        out_period["mineral"] = mineral
    return {
        "engine": ENGINE_VERSION, "standard": rules.name, "rankings": rankings,
        "levels": _levels(rules, actors, by_actor, end),
        "period": out_period,
        "assessments": out_assessments, "progress": out_progress, "enabled_impact": out_impact,
    }


def _latest(items: list[Scored], end: date, since: date = date.min, purpose: str | None = None,
            rules: Rules = NO_RULES) -> Scored | None:
    """The latest verified assessment in [since, end]; with `purpose`, the latest that may serve it by `rules`."""
    return max((s for s in items if s.status == VERIFIED and since <= s.date <= end
                and (purpose is None or rules.assurance.allows(purpose, s.kind))),
               key=lambda s: s.date, default=None)


def _level_json(s: Scored | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"assessment": s.id, "type": s.kind, "date": s.date.isoformat(), "outcome": s.score.outcome,
            "level": s.score.level}


def _levels(rules: Rules, actors: dict[str, Any], by_actor: dict[str, list[Scored]], end: date
            ) -> list[dict[str, Any]]:
    """Each actor's public level up to the period's end (from the latest verified assessment of a kind that may set
    it) and, when a later verified assessment of another kind says something else, that one as self-declared."""
    out = []
    for actor_id in sorted(actors):
        public = _latest(by_actor[actor_id], end, purpose="public_level", rules=rules)
        latest = _latest(by_actor[actor_id], end)
        declared = latest if latest is not None and latest is not public and (
            public is None or latest.date >= public.date) else None
        if public is not None or declared is not None:
            out.append({"actor": actor_id, "public": _level_json(public), "self_declared": _level_json(declared)})
    return out


def _rankings(rules: Rules, actors: dict[str, Any], by_actor: dict[str, list[Scored]], progress_of: Any,
              impact_of: dict[str, Fraction], start: date, end: date, mineral: str | None = None) -> dict[str, Any]:
    """Rule 7: producers by progress and downstream actors by enabled impact, with who was left out and why.
    Only assessments of a kind that may count for progress rank (Assurance); a Tier I breach that any verified
    assessment reports, and no later one clears, keeps the actor out whoever assessed it.

    With `mineral`, producers whose A1 covered it (or has no known scope) and the downstream actors `impact_of`
    holds (those dealing in it)."""

    def counting(actor_id: str, since: date) -> Scored | None:
        return _latest(by_actor[actor_id], end, since, "progress", rules)

    producers, downstream = [], []
    for actor_id, actor in sorted(actors.items()):
        latest = _latest(by_actor[actor_id], end)  # an open Tier I breach: the latest verified says so
        standing = counting(actor_id, date.min)
        common = {"actor": actor_id, "name": actor.get("name", actor_id),
                  "level_public": actor.get("level_public", True),
                  "open_tier1_breach": latest is not None and latest.score.outcome == "disengage",
                  "detail": {"shortlists": False}}
        if actor["role"] == PRODUCER:
            a1 = counting(actor_id, start)
            if a1 is None or (mineral is not None and a1.minerals is not None and mineral not in a1.minerals):
                continue
            p, _a0 = progress_of(a1)
            common["detail"] = {"shortlists": rules.assurance.allows("shortlists", a1.kind, a1.status)}
            producers.append(Candidate(value=None if p is None else p.value, level=a1.score.level, on=a1.date,
                                       **common))
        elif actor_id in impact_of:
            downstream.append(Candidate(value=impact_of[actor_id], level=standing.score.level if standing else None,
                                        on=standing.date if standing else None, **common))

    def listing(candidates: list[Candidate]) -> dict[str, Any]:
        ranked, excluded = rank(candidates)
        return {"ranked": [{"rank": r.rank, "actor": r.candidate.actor, "value": as_number(r.candidate.value),
                            "level": r.candidate.level,
                            "date": r.candidate.on.isoformat() if r.candidate.on else None,
                            "shortlists": r.candidate.detail["shortlists"]} for r in ranked],
                "excluded": [{"actor": e.candidate.actor, "reason": e.reason} for e in excluded]}

    return {"producers": listing(producers), "downstream": listing(downstream)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="assay-score", description=__doc__.split("\n\n")[0])
    parser.add_argument("standard", help="the standard version as YAML (docs/standard-format.md)")
    parser.add_argument("data", help="actors, sites, relationships and assessments as JSON (docs/scoring.md)")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, help="period start, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=date.fromisoformat, help="period end, YYYY-MM-DD")
    parser.add_argument("--mineral", help="enabled impact and rankings as credit for progress in this mineral")
    parser.add_argument("-o", "--output", help="write the JSON here instead of standard output")
    args = parser.parse_args(argv)
    try:
        with open(args.standard, encoding="utf-8") as f:
            standard = yaml.safe_load(f)
        with open(args.data, encoding="utf-8") as f:
            data = json.load(f)
        result = run(standard, data, args.start, args.end, args.mineral)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except (OSError, ValueError, yaml.YAMLError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    return 0
