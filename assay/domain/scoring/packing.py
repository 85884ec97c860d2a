"""Many small sums in a few integers: how the batch recompute sums every answer in one cheap pass.

Each answer adds to a dozen small counters of its assessment's tally (its module's points × maturity, n/a points,
answered, gates clear, breaches, risk sums, mitigation answers by maturity). Since an assessment answers each
criterion at most once, every counter has a bound known from the rules, so counters can share a 62-bit word, each
in its own bits: adding the words adds every counter at once, and no counter can carry into the next. The database
then looks up a few words per answer (by criterion and form of the answer) and adds them, instead of evaluating
some thirty conditional sums. `Layout.words_for` gives each criterion's word increments per form, the SQL adds
them up, `Layout.unpack` reads the counters back; the property tests check the round trip against
`tally_answers`.
"""

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .batch import NONE, Tallies
from .rules import MITIGATION, CriterionRule, Rules

WORD_BITS = 62  # below the sign bit, with a bit to spare
MATURITIES = 4  # 0–3

Ints = NDArray[np.int64]

# An answer's form, from its columns alone: n/a, or its maturity (0–3 or none) × its gate finding (clear, breach
# or anything else). A criterion's increments for each form are worked out once, so the database only looks them
# up: form = NA_FORM if n/a, else maturity (4 when none) × 3 + the gate's index.
GATE_FORMS = ("clear", "breach", "other")
NA_FORM = (MATURITIES + 1) * len(GATE_FORMS)
FORMS = NA_FORM + 1


def form_of(not_applicable: bool, maturity: int | None, gate: str) -> int:
    """The form of an answer (as the recompute's SQL computes it)."""
    if not_applicable:
        return NA_FORM
    g = GATE_FORMS.index(gate) if gate in GATE_FORMS[:2] else 2
    return (MATURITIES if maturity is None else maturity) * len(GATE_FORMS) + g


@dataclass(frozen=True)
class Contribution:
    """What one answer to a criterion adds to each word, by the answer's form: n/a; a maturity m (the word grows
    by m × per_maturity + answered, plus mitigation << (m × mitigation_shift)); a gate finding clear or breach."""

    na: tuple[int, ...]
    per_maturity: tuple[int, ...]
    answered: tuple[int, ...]
    mitigation: tuple[int, ...]  # the counter of maturity 0; maturity m is m × mitigation_shift bits above
    clear: tuple[int, ...]
    breach: tuple[int, ...]


@dataclass
class Layout:
    """Where each counter of a version's tally lives: word and bit offset, and its width."""

    rules: Rules
    slots: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # counter → (word, offset, bits)
    words: int = 0
    mitigation_shift: int = 0

    @classmethod
    def of(cls, rules: Rules) -> "Layout":
        bounds: dict[str, int] = {}
        for m in rules.modules:
            bounds[f"e:{m}"] = sum(3 * c.points for c in rules.criteria if c.module == m and c.scored)
            bounds[f"na:{m}"] = sum(c.points for c in rules.criteria if c.module == m and c.scored)
        bounds["scored"] = sum(1 for c in rules.criteria if c.scored)
        bounds["clear"] = sum(1 for c in rules.criteria if c.kind == "gate")
        bounds["red"] = sum(1 for c in rules.criteria if c.red_line)
        bounds["legit"] = sum(1 for c in rules.criteria if c.kind == "gate" and not c.red_line)
        bounds["risk_left3"] = sum(3 * c.points for c in rules.criteria if c.counts_for_risk)
        bounds["risk_possible"] = sum(c.points for c in rules.criteria if c.counts_for_risk)
        mitigation = sum(1 for c in rules.criteria if c.kind == MITIGATION)
        layout = cls(rules, mitigation_shift=mitigation.bit_length())
        word, offset = 0, 0
        # the mitigation counters (one per maturity) sit side by side in one word: an answer picks one by shifting
        wanted = [(name, bound.bit_length()) for name, bound in bounds.items()]
        wanted.append(("mitigation", MATURITIES * layout.mitigation_shift))
        for name, bits in wanted:
            if bits > WORD_BITS:
                raise OverflowError(f"the counter {name} needs {bits} bits")
            if offset + bits > WORD_BITS:
                word, offset = word + 1, 0
            layout.slots[name] = (word, offset, bits)
            offset += bits
        layout.words = word + 1
        return layout

    def _unit(self, name: str, amount: int = 1) -> list[int]:
        out = [0] * self.words
        word, offset, bits = self.slots[name]
        if bits:
            out[word] += amount << offset
        return out

    def contributions(self, c: CriterionRule) -> Contribution:
        def add(*vectors: list[int]) -> tuple[int, ...]:
            return tuple(sum(v) for v in zip(*vectors, strict=True)) if vectors else (0,) * self.words

        zero = [0] * self.words
        if c.scored:
            na = add(self._unit(f"na:{c.module}", c.points), self._unit("scored"))
            earned = self._unit(f"e:{c.module}", c.points)
            left = self._unit("risk_left3", c.points) if c.counts_for_risk else zero
            # risk left is points × (3 − m): 3 × points now, minus points for each maturity step below
            per_maturity = add(earned, [-x for x in left])
            answered = add(self._unit("scored"), [3 * x for x in left],
                           self._unit("risk_possible", c.points) if c.counts_for_risk else zero)
            mitigation = tuple(self._unit("mitigation")) if c.kind == MITIGATION else tuple(zero)
            return Contribution(na, per_maturity, answered, mitigation, tuple(zero), tuple(zero))
        if c.kind == "gate":
            clear = tuple(self._unit("clear"))
            return Contribution(clear, tuple(zero), tuple(zero), tuple(zero), clear,
                                tuple(self._unit("red" if c.red_line else "legit")))
        return Contribution(*(tuple(zero),) * 6)

    def words_for(self, c: CriterionRule, form: int) -> tuple[int, ...]:
        """What an answer of `form` (see FORMS) to criterion `c` adds to each word."""
        parts = self.contributions(c)
        if form == NA_FORM:
            return parts.na
        maturity, gate = divmod(form, len(GATE_FORMS))
        out = [0] * self.words
        if maturity < MATURITIES:
            out = [maturity * p + a + (m << (maturity * self.mitigation_shift))
                   for p, a, m in zip(parts.per_maturity, parts.answered, parts.mitigation, strict=True)]
        if GATE_FORMS[gate] == "clear":
            out = [x + y for x, y in zip(out, parts.clear, strict=True)]
        elif GATE_FORMS[gate] == "breach":
            out = [x + y for x, y in zip(out, parts.breach, strict=True)]
        return tuple(out)

    def field(self, words: Ints, name: str) -> Ints:
        word, offset, bits = self.slots[name]
        return (words[:, word] >> offset) & ((1 << bits) - 1)

    def unpack(self, words: Ints, expected_possible: Ints, expected_scored: Ints, expected_gates: Ints) -> Tallies:
        """The tallies from summed words, given what each assessment's scope expects (possible points per
        module, scored criteria, gates)."""
        rules = self.rules
        earned = np.stack([self.field(words, f"e:{m}") for m in rules.modules], axis=1).reshape(len(words), -1)
        na = np.stack([self.field(words, f"na:{m}") for m in rules.modules], axis=1).reshape(len(words), -1)
        clear, red, legit = (self.field(words, n) for n in ("clear", "red", "legit"))
        word, offset, _bits = self.slots["mitigation"]
        mask = (1 << self.mitigation_shift) - 1
        lowest = np.full(len(words), NONE, dtype=np.int64)
        for m in reversed(range(MATURITIES)):  # the lowest maturity with an answer wins
            has = ((words[:, word] >> (offset + m * self.mitigation_shift)) & mask) > 0
            lowest[has] = m
        return Tallies(
            earned3=earned, possible=expected_possible - na, red_lines=red, legitimacy=legit,
            # a gate answered unknown, left blank or not answered at all is not known to be clear
            gates_unknown=np.maximum(expected_gates - clear - red - legit, 0),
            unanswered=np.maximum(expected_scored - self.field(words, "scored"), 0), mitigation_min=lowest,
            risk_left3=self.field(words, "risk_left3"), risk_possible=self.field(words, "risk_possible"))
