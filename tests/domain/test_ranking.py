"""Rule 7: who is ranked, in what order, and the award shortlists. Pure core, with property tests."""

import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from assay.domain.scoring.cli import run
from assay.domain.scoring.ranking import (
    LEVEL_NOT_PUBLIC,
    NO_VALUE,
    TIER1_BREACH,
    Candidate,
    order_key,
    rank,
    shortlist,
)

ROOT = Path(__file__).resolve().parents[2]


def c(actor, value, level=1, when=date(2025, 6, 1), name=None, **kw):
    return Candidate(actor, name or actor, None if value is None else Fraction(value), level, when, **kw)


def test_ties_go_to_the_higher_level_then_the_earlier_date_then_the_name():
    ranked, _ = rank([c("d", 10, 2, date(2025, 3, 1), "Delta"), c("a", 10, 3, date(2025, 9, 1), "Alpha"),
                      c("b", 10, 2, date(2025, 1, 1), "Zulu"), c("e", 10, 2, date(2025, 3, 1), "Echo"),
                      c("top", 12, 0)])
    assert [r.candidate.actor for r in ranked] == ["top", "a", "b", "d", "e"]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]


def test_breach_hidden_level_and_no_progress_are_left_out_with_their_reason():
    ranked, excluded = rank([c("ok", 5), c("breach", 50, open_tier1_breach=True),
                             c("hidden", 40, level_public=False), c("none", None)])
    assert [r.candidate.actor for r in ranked] == ["ok"]
    assert {e.candidate.actor: e.reason for e in excluded} == {
        "breach": TIER1_BREACH, "hidden": LEVEL_NOT_PUBLIC, "none": NO_VALUE}


def test_negative_progress_is_ranked_below_zero():
    ranked, _ = rank([c("down", -5), c("flat", 0), c("up", 1)])
    assert [r.candidate.actor for r in ranked] == ["up", "flat", "down"]


candidates = st.lists(st.builds(
    c, st.text(alphabet="abcdef", min_size=1, max_size=3), st.one_of(st.none(), st.integers(-50, 100)),
    st.one_of(st.none(), st.integers(0, 4)), st.dates(date(2024, 1, 1), date(2025, 12, 31)),
    st.text(alphabet="ABab", max_size=3), open_tier1_breach=st.booleans(), level_public=st.booleans()),
    max_size=30, unique_by=lambda x: x.actor)


@given(candidates)
def test_every_candidate_is_ranked_or_excluded_once_and_the_order_is_total(cs):
    ranked, excluded = rank(cs)
    assert sorted(x.candidate.actor for x in [*ranked, *excluded]) == sorted(x.actor for x in cs)
    keys = [order_key(r.candidate) for r in ranked]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(r.candidate.value is not None and not r.candidate.open_tier1_breach for r in ranked)
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))


@given(candidates)
def test_the_order_does_not_depend_on_the_input_order(cs):
    assert [r.candidate.actor for r in rank(cs)[0]] == [r.candidate.actor for r in rank(list(reversed(cs)))[0]]


@given(candidates, st.integers(1, 5))
def test_a_shortlist_is_the_top_n_and_per_group_the_top_n_of_each_group(cs, n):
    ranked, _ = rank(cs)
    assert shortlist(ranked, n) == {"": ranked[:n]}
    groups = {x.actor: (("north",) if x.actor < "c" else ("south", "north")) for x in cs}
    per = shortlist(ranked, n, groups)
    for group, entries in per.items():
        members = [r for r in ranked if group in groups[r.candidate.actor]]
        assert entries == members[:n]


def test_the_command_line_scorer_ranks_the_worked_example():
    standard = yaml.safe_load((ROOT / "examples" / "mini-standard.yaml").read_text(encoding="utf-8"))
    data = json.loads((ROOT / "examples" / "supply-chain.json").read_text(encoding="utf-8"))
    out = run(standard, data)
    producers = out["rankings"]["producers"]
    progress = {p["actor"]: p["progress"]["value"] for p in out["progress"] if p["progress"]}
    assert [r["value"] for r in producers["ranked"]] == sorted(
        (progress[r["actor"]] for r in producers["ranked"]), reverse=True)
    impact = {e["actor"]: e["value"] for e in out["enabled_impact"]}
    downstream = out["rankings"]["downstream"]
    ranked_values = [r["value"] for r in downstream["ranked"]]
    assert ranked_values == sorted(ranked_values, reverse=True)
    assert {r["actor"] for r in downstream["ranked"]} | {e["actor"] for e in downstream["excluded"]} == set(impact)
