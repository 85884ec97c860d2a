"""Rankings for a period (DESIGN §4 rule 7): producers by progress, downstream actors by enabled impact.

Only verified assessments count, only actors whose level is public, none with an open Tier I breach (its latest
verified assessment up to the period's end says `disengage`). Ties: higher level, then earlier date, then name
(then the actor's id, so that the order is total and two runs never differ). Pure Python, no Django.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

# Why a candidate is not ranked; the codes are stable (the pages translate them).
NO_VALUE, LEVEL_NOT_PUBLIC, TIER1_BREACH = "no_value", "level_not_public", "tier1_breach"


@dataclass(frozen=True)
class Candidate:
    actor: str
    name: str
    value: Fraction | None  # progress (producers) or enabled impact (downstream); None: nothing to rank by
    level: int | None = None  # the level tie-breaks use: A1's for a producer, the latest verified for others
    on: date | None = None  # the date tie-breaks use: A1's for a producer, the latest verified for others
    level_public: bool = True
    open_tier1_breach: bool = False
    detail: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Ranked:
    rank: int
    candidate: Candidate


@dataclass(frozen=True)
class Excluded:
    candidate: Candidate
    reason: str


def exclusion(c: Candidate) -> str | None:
    if c.open_tier1_breach:
        return TIER1_BREACH
    if not c.level_public:
        return LEVEL_NOT_PUBLIC
    if c.value is None:
        return NO_VALUE
    return None


def order_key(c: Candidate) -> tuple[Fraction | int, int, date, str, str]:
    """Larger value first; ties: higher level, earlier date, name, id. A missing level or date sorts last."""
    return (-(c.value or 0), -(c.level if c.level is not None else -1), c.on or date.max, c.name.casefold(),
            c.actor)


def rank(candidates: Iterable[Candidate]) -> tuple[list[Ranked], list[Excluded]]:
    """The ranking (1, 2, 3, … with every tie broken) and the candidates left out, each with its reason."""
    ranked: list[Candidate] = []
    excluded: list[Excluded] = []
    for c in candidates:
        reason = exclusion(c)
        if reason is None:
            ranked.append(c)
        else:
            excluded.append(Excluded(c, reason))
    ranked.sort(key=order_key)
    excluded.sort(key=lambda e: (e.reason, e.candidate.name.casefold(), e.candidate.actor))
    return [Ranked(i, c) for i, c in enumerate(ranked, start=1)], excluded


def shortlist(ranked: list[Ranked], n: int, groups_of: dict[str, tuple[str, ...]] | None = None
              ) -> dict[str, list[Ranked]]:
    """The top `n` (under the key ""), or the top `n` of each group (a country, a mineral) when `groups_of` maps
    actors to their groups; an actor with several minerals competes in each, one in no group in none."""
    if groups_of is None:
        return {"": ranked[:n]}
    out: dict[str, list[Ranked]] = {}
    for r in ranked:
        for group in groups_of.get(r.candidate.actor, ()):
            if len(out.setdefault(group, [])) < n:
                out[group].append(r)
    return dict(sorted(out.items()))
