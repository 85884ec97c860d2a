"""A version's scoring rules, read from the same document as the standard's YAML file."""

from collections.abc import Collection
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

GATE, MITIGATION, PRACTICE, INDICATOR = "gate", "mitigation", "practice", "indicator"
SCORED = (MITIGATION, PRACTICE)
# Who assessed: the actor itself, a buyer that sources from it, or an assessor the secretariat assigned.
SELF, SECOND_PARTY, THIRD_PARTY = "self", "second_party", "third_party"
KINDS = (SELF, SECOND_PARTY, THIRD_PARTY)
VERIFIED = "verified"
PURPOSES = ("public_level", "progress", "shortlists")  # what an assessment's kind may allow it (Assurance)


def exact(value: Any) -> Fraction:
    """An exact fraction from a YAML/JSON number: 0.1 means one tenth, not the nearest binary float."""
    return value if isinstance(value, Fraction) else Fraction(str(value))


@dataclass(frozen=True)
class CriterionRule:
    code: str
    module: str
    kind: str
    tier: int | None = None
    points: int = 0
    na_allowed: bool = False
    applies_to: frozenset[str] = frozenset()
    risk: bool = False
    unit: str = ""
    better: str = ""
    title: str = ""
    commodities: frozenset[str] = frozenset()  # empty: commodity-independent, applies whatever the minerals

    @property
    def scored(self) -> bool:
        return self.kind in SCORED

    @property
    def red_line(self) -> bool:
        return self.kind == GATE and self.tier == 1

    @property
    def counts_for_risk(self) -> bool:
        return self.kind == MITIGATION or (self.kind == PRACTICE and self.risk)

    def applies_to_role(self, role: str) -> bool:
        return not self.applies_to or role in self.applies_to

    def covers(self, minerals: Collection[str] | None) -> bool:
        """Whether the criterion counts for an assessment of these minerals; None (scope unknown) counts all."""
        return minerals is None or not self.commodities or not self.commodities.isdisjoint(minerals)

    def applies(self, role: str, minerals: Collection[str] | None = None) -> bool:
        """Role and minerals (DESIGN §4 rule 9): the one rule for "does this criterion count here"."""
        return self.applies_to_role(role) and self.covers(minerals)


@dataclass(frozen=True)
class LevelRule:
    rank: int
    code: str
    name: str = ""
    all_gates_clear: bool = False
    mitigation_min: int | None = None
    overall_min: Fraction | None = None
    every_module_min: Fraction | None = None
    module_min: tuple[tuple[str, Fraction], ...] = ()


@dataclass(frozen=True)
class Assurance:
    """Which kinds of verified assessment may do what: who said so counts (the version's `rules.assurance`).

    A verified assessment of a kind outside `public_level` is shown as self-declared and never sets the level the
    public sees; outside `progress` it is neither A1 nor A0 of any progress, so it never ranks; outside
    `shortlists` it enters no award shortlist.
    """

    public_level: frozenset[str] = frozenset({SECOND_PARTY, THIRD_PARTY})
    progress: frozenset[str] = frozenset({SECOND_PARTY, THIRD_PARTY})  # progress, its baselines, rankings, credit
    shortlists: frozenset[str] = frozenset({THIRD_PARTY})

    def allows(self, purpose: str, kind: str, status: str = VERIFIED) -> bool:
        """Whether an assessment of `kind` in `status` may serve `purpose` (one of PURPOSES)."""
        return status == VERIFIED and kind in getattr(self, purpose)

    def as_dict(self, kind: str, status: str = VERIFIED) -> dict[str, bool]:
        return {purpose: self.allows(purpose, kind, status) for purpose in PURPOSES}

    @classmethod
    def from_document(cls, data: dict[str, Any] | None) -> "Assurance":
        data = data or {}
        default = cls()
        return cls(**{p: frozenset(data.get(p, getattr(default, p))) for p in PURPOSES})


@dataclass(frozen=True)
class Rules:
    criteria: tuple[CriterionRule, ...]
    modules: tuple[str, ...]
    levels: tuple[LevelRule, ...]
    level_bonus: Fraction = Fraction(10)
    cahra_multiplier: Fraction = Fraction(3, 2)
    min_interval_days: int = 180
    max_tiers: int = 4
    assurance: Assurance = Assurance()
    name: str = ""
    commodities: tuple[str, ...] = ()  # the commodities the version covers, as its document lists them
    by_code: dict[str, CriterionRule] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_code.update({c.code: c for c in self.criteria})

    def level(self, rank: int) -> LevelRule | None:
        return next((lv for lv in self.levels if lv.rank == rank), None)

    @classmethod
    def from_document(cls, data: dict[str, Any]) -> "Rules":
        """Rules from a standard document (docs/standard-format.md), already checked by the importer."""
        criteria = []
        for module in data["modules"]:
            for c in module["criteria"]:
                criteria.append(CriterionRule(
                    code=str(c["code"]), module=str(module["code"]), kind=c["kind"], tier=c.get("tier"),
                    points=int(c.get("points", 0)), na_allowed=bool(c.get("na_allowed", False)),
                    applies_to=frozenset(c.get("applies_to", ())), risk=bool(c.get("risk", False)),
                    unit=c.get("unit") or "", better=c.get("better") or "", title=c["title"]["en"],
                    commodities=frozenset(c.get("commodities") or ()),
                ))
        levels = []
        for lv in data.get("levels", []):
            req = lv.get("requires", {})
            levels.append(LevelRule(
                rank=int(lv["rank"]), code=lv["code"], name=lv["name"]["en"],
                all_gates_clear=bool(req.get("all_gates_clear", False)),
                mitigation_min=req.get("mitigation_min"),
                overall_min=None if req.get("overall_min") is None else exact(req["overall_min"]),
                every_module_min=None if req.get("every_module_min") is None else exact(req["every_module_min"]),
                module_min=tuple((str(k), exact(v)) for k, v in sorted((req.get("module_min") or {}).items())),
            ))
        rules = data.get("rules", {})
        return cls(
            criteria=tuple(criteria),
            modules=tuple(str(m["code"]) for m in data["modules"]),
            levels=tuple(sorted(levels, key=lambda lv: lv.rank)),
            level_bonus=exact(rules.get("level_bonus", 10)),
            cahra_multiplier=exact(rules.get("cahra_multiplier", "1.5")),
            min_interval_days=int(rules.get("min_interval_days", 180)),
            max_tiers=int(rules.get("max_tiers", 4)),
            assurance=Assurance.from_document(rules.get("assurance")),
            name=f"{data['standard']['slug']} {data['version']['label']}",
            commodities=tuple(data.get("commodities") or ()),
        )
