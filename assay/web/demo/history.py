"""The registry demo's seeded generator: what registry.yaml and assessments.yaml do not write down.

One Random, seeded from registry.yaml, draws in this order: each producer's number of miners, its site's coordinates,
which of its candidate buyers each supplier sells to (with shares and dates), the support engagements' starts, each
producer's assessment history, and the trader's draft. Call the steps of `History` in that order; every load then
gives the same data. Nothing here writes: the loader turns the plans into records through the services.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from assay.assessments.models import AssessmentKind
from assay.standards.models import ActorRole, Criterion, Kind

# The tier-one producer's story runs through two criteria besides its gate: the child-labour prevention practice
# and the children-on-site indicator.
PREVENTION, CHILDREN = "5.4", "9.5"


@dataclass(frozen=True)
class Link:
    buyer: str
    supplier: str
    kind: str
    start: date
    share: Decimal | None = None
    end: date | None = None


@dataclass
class AssessmentPlan:
    producer: str
    kind: str
    on: date
    buyer: str | None  # the assessing buyer of a second-party assessment
    answers: dict[str, tuple[str, str]]  # criterion code → (value, note), in the criteria's order
    commitments: list[tuple[str, str, str, date]] = field(default_factory=list)  # code, action, owner, due
    review: str = ""  # "verify", "return", or "" (waits for review)
    comment: str = ""  # why it was returned


def producer_profile(producer: dict[str, Any], miners: int, texts: dict[str, Any]) -> str:
    """A producer's public profile from its language's template (registry.yaml `profiles`)."""
    words = [texts.get("minerals", {}).get(m, m) for m in producer["minerals"]]
    minerals = words[0] if len(words) == 1 else ", ".join(words[:-1]) + texts.get("and", " and ") + words[-1]
    return texts["text"].format(organisation=producer["name"].split()[0], miners=miners, minerals=minerals,
                                place=texts.get("place", {}).get(producer["region"], ""), region=producer["region"])


@dataclass
class _Trajectory:
    """One producer's state from one assessment to the next: maturities, n/a choices, indicator values."""

    steps: tuple[list[int], list[int]]
    direction: int
    maturity: dict[str, int]
    na: set[str]
    indicators: dict[str, float]
    gold: bool
    mitigations: frozenset[str]

    def advance(self, rng: random.Random) -> None:
        steps, weights = self.steps
        better = self.direction
        # An improving producer first puts a plan behind every risk to mitigate (maturity 1), as Entry asks.
        floor = {code: 1 if better > 0 and code in self.mitigations else 0 for code in self.maturity}
        self.maturity = {code: min(3, max(floor[code], m + rng.choices(steps, weights)[0]))
                         for code, m in self.maturity.items()}
        ind = self.indicators
        ind["9.1"] = min(1200.0, max(40.0, ind["9.1"] * rng.uniform(0.95, 1.12)))
        ind["9.2"] = min(45.0, max(5.0, ind["9.2"] + better * rng.uniform(0.5, 4) + rng.uniform(-1, 1)))
        if self.gold:
            factor = {1: rng.uniform(0.55, 0.9), 0: rng.uniform(0.95, 1.05), -1: rng.uniform(1.05, 1.3)}[better]
            ind["9.3"] = min(3.0, ind["9.3"] * factor)
        ind["9.4"] = min(12, max(0, ind["9.4"] - better * rng.randint(0, 3) + rng.randint(-1, 1)))
        ind["9.5"] = min(6, max(0, ind["9.5"] - better * rng.randint(0, 2)))
        ind["9.6"] = min(400, max(80, ind["9.6"] + better * rng.randint(10, 60) + rng.randint(-10, 10)))

    def indicator_text(self, code: str) -> str:
        value = self.indicators[code]
        return {"9.2": f"{value:.1f}", "9.3": f"{value:.2f}"}.get(code, str(round(value)))


class History:
    """The seeded draws over registry.yaml (`registry`) and assessments.yaml (`plan`), step by step."""

    def __init__(self, registry: dict[str, Any], plan: dict[str, Any] | None = None):
        self.registry, self.plan = registry, plan or {}
        self.rng = random.Random(registry["seed"])
        self.producers: list[dict[str, Any]] = registry["producers"]
        for producer in self.producers:
            producer.setdefault("minerals", ["gold"])

    def _day(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def miners(self) -> dict[str, int]:
        """Each producer's number of miners: most ASM organisations are small."""
        least, most = self.registry["miners"]["least"], self.registry["miners"]["most"]
        return {p["key"]: int(least + (most - least) * self.rng.random() ** 2) for p in self.producers}

    def coordinates(self) -> dict[str, tuple[Decimal, Decimal]]:
        """Each producer's site: a point inside its region's mining districts."""
        out = {}
        for p in self.producers:
            bounds = self.registry["bounds"][p["region"]]
            (lat0, lat1), (lon0, lon1) = bounds["latitude"], bounds["longitude"]
            out[p["key"]] = (Decimal(f"{self.rng.uniform(lat0, lat1):.5f}"),
                             Decimal(f"{self.rng.uniform(lon0, lon1):.5f}"))
        return out

    def _shares(self, n: int) -> list[Decimal | None]:
        """Shares of one supplier's output for n buyers: each 0.1–0.8, at most 1 together, some not known."""
        left, shares = 100, []
        for i in range(n):
            cents = self.rng.randint(10, min(80, left - 10 * (n - i - 1)))
            left -= cents
            shares.append(None if self.rng.random() < 0.2 else Decimal(cents) / 100)
        return shares

    def links(self) -> list[Link]:
        """Sourcing links up every chain (suppliers in registry order), then the support engagements."""
        dates = self.registry["link_dates"]
        candidates = [(p["key"], p["sells_to"], 2, True) for p in self.producers]
        candidates += [(b["key"], b["sells_to"], 3 if role == ActorRole.REFINER else 2, False)
                       for role, buyers in self.registry["buyers"].items() for b in buyers if b.get("sells_to")]
        links = []
        for supplier, buyers, most, producer in candidates:
            # Refiners sell to at least two; other suppliers to one, or sometimes more.
            least = 2 if most == 3 else 1
            n = min(len(buyers), self.rng.randint(least, most))
            last_start = dates["producers_by"] if producer else dates["others_by"]
            for i, (buyer, share) in enumerate(zip(buyers[:n], self._shares(n), strict=True)):
                start = self._day(dates["start"], last_start)
                ended = i and self.rng.random() < dates["ended_share"]
                end = self._day(dates["ended_from"], dates["ended_by"]) if ended else None
                links.append(Link(buyer, supplier, "sourcing", start, share, end))
        first, last = dates["support"]
        links += [Link(s["buyer"], s["supplier"], s["kind"], self._day(first, last))
                  for s in self.registry["support"]]
        return links

    def _trajectory(self, producer: dict[str, Any], trend: str, scored: list[Criterion], miners: int,
                    cahra_regions: set[str]) -> _Trajectory:
        rng = self.rng
        base = rng.uniform(0.3, 1.7) + (0.8 if trend == "regress" else 0)  # a decline needs room to fall
        maturity = {c.code: min(3, max(0, round(rng.gauss(base, 0.8)))) for c in scored}
        gold = "gold" in producer["minerals"]
        na = set()
        if producer["region"] not in cahra_regions and rng.random() < 0.4:
            na.add("4.1")  # no security forces
        if not gold or rng.random() < 0.4:
            na.add("6.3")  # no chemicals
        if producer["region"] not in ("Puno", "Madre de Dios", "Chocó") and rng.random() < 0.5:
            na.add("7.4")  # no indigenous peoples
        indicators = {
            "9.1": float(miners), "9.2": rng.uniform(5, 30), "9.3": rng.uniform(1.2, 3.0) if gold else 0.0,
            "9.4": rng.randint(3, 12), "9.5": rng.randint(0, 6), "9.6": rng.randint(80, 220),
        }
        if producer["key"] == self.plan["story"]["tier_one"]["producer"]:
            maturity[PREVENTION], indicators[CHILDREN] = 0, 6
        mitigations = frozenset(c.code for c in scored if c.kind == Kind.MITIGATION)
        trend_steps = self.plan["trend_steps"][trend]
        return _Trajectory((trend_steps["steps"], trend_steps["weights"]), trend_steps["direction"], maturity, na,
                           indicators, gold, mitigations)

    def _dates(self, n: int) -> list[date]:
        """n dates from the first to the last day, at least `min_gap` days apart."""
        rng, d = self.rng, self.plan["dates"]
        first = d["first_day"] + timedelta(days=rng.randint(0, 150))
        if n == 1:
            return [first]
        span = rng.randint(d["min_gap"] * (n - 1), (d["last_day"] - first).days)
        step = span / (n - 1)
        jitter = int(min(30, (step - d["min_gap"] - 1) / 2))
        return [first + timedelta(days=round(k * step) + (rng.randint(-jitter, jitter) if 0 < k < n - 1 else 0))
                for k in range(n)]

    def _answers(self, criteria: list[Criterion], path: _Trajectory, gates: dict[str, str], lang: str,
                 notes: dict[str, str]) -> dict[str, tuple[str, str]]:
        answers = {}
        for c in criteria:
            note = notes.get(c.code, "")
            if c.kind == Kind.GATE:
                value = gates.get(c.code, "clear")
            elif c.kind == Kind.INDICATOR:
                value = path.indicator_text(c.code)
            elif c.code in path.na and c.na_allowed:
                value, note = "na", self.plan["na_notes"].get(c.code, {}).get(lang, "")
            else:
                value = str(path.maturity[c.code])
            answers[c.code] = (value, note)
        return answers

    def _commitments(self, on: date, path: _Trajectory, lang: str, codes: set[str]) -> list[tuple[str, str, str, date]]:
        """Commitments on one or two weak criteria among `codes`, those that count for the producer."""
        rng, actions, today = self.rng, self.plan["actions"], self.plan["dates"]["today"]
        weak = [code for code in actions
                if code in codes and path.maturity.get(code, 3) <= 1 and code not in path.na]
        out = []
        for code in rng.sample(weak, min(len(weak), rng.randint(1, 2))):
            # Most fall due after the demo's today; some are already overdue.
            if rng.random() < self.plan["shares"]["overdue"]:
                due = self._day(max(on + timedelta(days=60), self.plan["dates"]["overdue_from"]),
                                today - timedelta(days=30))
            else:
                due = self._day(today + timedelta(days=45), today + timedelta(days=400))
            out.append((code, actions[code][lang], rng.choice(self.plan["owners"][lang]), due))
        return out

    def assessments(self, criteria: list[Criterion], links: list[Link], miners: dict[str, int],
                    cahra_regions: set[str]) -> list[AssessmentPlan]:
        """Every producer's assessments, oldest first; `criteria` are the published version's, in order."""
        rng, plan = self.rng, self.plan
        story = plan["story"]
        tier_one, ineligible = story["tier_one"]["producer"], story["ineligible"]["producer"]
        returned = story["returned"]["producer"]
        criteria = [c for c in criteria if ActorRole.PRODUCER in c.applies_to]
        scored = [c for c in criteria if c.kind in (Kind.MITIGATION, Kind.PRACTICE)]
        ordinary = [p["key"] for p in self.producers if p["key"] not in (tier_one, ineligible)]
        trends = [trend for trend, n in plan["trends"].items() for _ in range(n)]
        rng.shuffle(trends)
        trend_of = dict(zip(ordinary, trends, strict=True)) | {tier_one: "fast", ineligible: "improve"}
        kinds, kind_weights = list(plan["kinds"]), list(plan["kinds"].values())
        sourcing: dict[str, list[Link]] = {}
        for link in links:
            if link.kind == "sourcing":
                sourcing.setdefault(link.supplier, []).append(link)

        out = []
        for producer in self.producers:
            key, lang = producer["key"], self.registry["languages"][producer["country"]]
            path = self._trajectory(producer, trend_of[key], scored, miners[key], cahra_regions)
            # a producer answers the commodity-independent criteria and those for its own minerals
            mine = [c for c in criteria if not c.commodities or set(c.commodities) & set(producer["minerals"])]
            dates = self._dates(3 if key == tier_one else rng.choice(plan["assessments_per_producer"]))
            for i, on in enumerate(dates):
                latest = i == len(dates) - 1
                if i:
                    path.advance(rng)
                gates: dict[str, str] = {}
                notes: dict[str, str] = {}
                kind = rng.choices(kinds, weights=kind_weights)[0]
                if key == tier_one and i == 0:
                    kind, gates[story["tier_one"]["gate"]] = AssessmentKind.THIRD_PARTY, "breach"
                    notes[story["tier_one"]["gate"]] = story["tier_one"]["breach"]
                elif key == tier_one and i == 1:
                    # Remediated: children withdrawn and schooled, with a prevention system behind it.
                    kind, path.maturity[PREVENTION], path.indicators[CHILDREN] = AssessmentKind.THIRD_PARTY, 2, 0
                    notes[story["tier_one"]["gate"]] = story["tier_one"]["remediated"]
                if key == ineligible and latest:
                    gates[story["ineligible"]["gate"]] = "breach"
                    notes[story["ineligible"]["gate"]] = story["ineligible"]["note"]
                buyer = None
                if kind == AssessmentKind.SECOND_PARTY:
                    active = [r.buyer for r in sourcing[key] if r.start <= on and (r.end is None or r.end >= on)]
                    buyer = rng.choice(active or [sourcing[key][0].buyer])
                    if not active:  # only a buyer of the producer on that date makes a second-party assessment
                        kind, buyer = AssessmentKind.SELF, None
                assessment = AssessmentPlan(key, kind, on, buyer, self._answers(mine, path, gates, lang, notes))
                if latest and rng.random() < plan["shares"]["with_commitments"]:
                    assessment.commitments = self._commitments(on, path, lang, {c.code for c in mine})
                if key == returned and latest:
                    assessment.review, assessment.comment = "return", story["returned"]["comment"]
                elif not latest or key in (tier_one, ineligible) or rng.random() < plan["shares"]["verified"]:
                    assessment.review = "verify"
                out.append(assessment)
        return out

    def draft(self, criteria: list[Criterion]) -> dict[str, str]:
        """The trader's draft self-assessment: every gate clear, practices at maturity 1 or 2."""
        return {c.code: "clear" if c.kind == Kind.GATE else str(self.rng.randint(1, 2)) for c in criteria}
