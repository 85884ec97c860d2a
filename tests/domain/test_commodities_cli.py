"""The command-line scorer with commodities: criterion commodities, actor, assessment and relationship minerals, and
the credit for progress in one mineral (docs/scoring.md)."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assay.domain.scoring.cli import InputError, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "commodities"
STANDARD = yaml.safe_load((EXAMPLE / "standard.yaml").read_text(encoding="utf-8"))
DATA = json.loads((EXAMPLE / "supply-chain.json").read_text(encoding="utf-8"))


def data():
    return copy.deepcopy(DATA)


def scorer(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assay", "score", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(("output", "flags"), [
    ("examples/supply-chain.scores.json", ["examples/mini-standard.yaml", "examples/supply-chain.json"]),
    ("examples/commodities/supply-chain.scores.json",
     ["examples/commodities/standard.yaml", "examples/commodities/supply-chain.json"]),
    ("examples/commodities/supply-chain.gold.scores.json",
     ["examples/commodities/standard.yaml", "examples/commodities/supply-chain.json", "--mineral", "gold"]),
])
def test_the_shipped_outputs_are_what_the_scorer_prints_byte_for_byte(output, flags):
    result = scorer(*flags)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / output).read_text(encoding="utf-8")


def by_id(out):
    return {a["id"]: a for a in out["assessments"]}


def test_each_producer_answers_only_the_criteria_of_its_minerals():
    out = by_id(run(STANDARD, data()))
    assert [c["code"] for c in out["tin-2025"]["criteria"]] == ["1.1", "1.2", "1.3", "3.1", "3.2"]
    assert [c["code"] for c in out["gold-2025"]["criteria"]] == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert [c["code"] for c in out["cobalt-2025"]["criteria"]] == ["1.1", "1.2", "1.3", "4.1", "4.2"]
    assert [c["code"] for c in out["gems-2025"]["criteria"]] == ["1.1", "1.2", "1.3", "5.1", "5.2"]
    # The tin coop never answered mercury and is complete: (9 + 6 + 9 + 6) of 36 points.
    assert (out["tin-2025"]["outcome"], out["tin-2025"]["level"], out["tin-2025"]["overall_exact"]) == \
        ("level", 3, "250/3")
    assert out["tin-2025"]["minerals"] == ["tin"] and out["mixed-2025"]["minerals"] == ["gold", "tin"]
    assert out["trader-2025"]["minerals"] == ["tin"]  # a part of the trader's minerals, given


def test_an_actor_without_minerals_is_scored_on_every_criterion_as_before():
    d = data()
    del d["actors"][1]["minerals"]  # the tin coop
    d["relationships"] = [r for r in d["relationships"] if r["supplier"] != "coop-tin"]
    out = by_id(run(STANDARD, d))
    assert "minerals" not in out["tin-2025"]
    assert out["tin-2025"]["outcome"] == "incomplete"  # now asked about mercury, cobalt and gemstones too
    assert "2.1" in out["tin-2025"]["reasons"][0]


def test_an_answer_outside_the_assessment_minerals_is_ignored():
    d = data()
    d["assessments"][3]["answers"]["2.1"] = 0  # the tin coop answers the gold-only mercury criterion
    assert by_id(run(STANDARD, d))["tin-2025"] == by_id(run(STANDARD, data()))["tin-2025"]


def test_a_gold_brand_is_credited_in_gold_only_for_gold():
    whole = {e["actor"]: e for e in run(STANDARD, data())["enabled_impact"]}
    gold = {e["actor"]: e for e in run(STANDARD, data(), mineral="gold")["enabled_impact"]}
    assert [c["producer"] for c in gold["brand-jewel"]["contributions"]] == ["coop-gold", "coop-mixed"]
    # 0.3 × 0.8 × 80 (a CAHRA site) + 0.3 × ⅓ × 160/3: coop-mixed has three active buyers, whatever they buy.
    assert gold["brand-jewel"]["value"] == pytest.approx(0.24 * 80 + 0.1 * 160 / 3)
    # the tin/cobalt brand and the 3T trader: not gold
    assert set(gold) == {"brand-jewel", "brand-watch", "refiner-r", "fund-f"}
    for actor, entry in gold.items():
        assert entry["value"] <= whole[actor]["value"]


def test_the_total_credits_a_gold_only_brand_for_no_tin_bought_by_its_gold_refiner():
    """Issue 13: brand —(gold)→ refiner —(tin)→ tin coop passes no credit, in the total as in gold."""
    whole = {e["actor"]: e for e in run(STANDARD, data())["enabled_impact"]}
    gold = {e["actor"]: e for e in run(STANDARD, data(), mineral="gold")["enabled_impact"]}
    watch = whole["brand-watch"]  # Gold Watches W buys gold from the refiner, which buys tin from the 3T trader
    assert [c["producer"] for c in watch["contributions"]] == ["coop-gold", "coop-mixed"]
    assert watch["value"] == gold["brand-watch"]["value"]
    assert watch["value"] == pytest.approx(0.1 * (0.8 * 80 + 160 / 9))  # not 0.1 × the refiner's 102.9
    assert [p["minerals"] for c in watch["contributions"] for p in c["paths"]] == [["gold"], ["gold"]]
    # The jeweller: its gemstones and the refiner's gold; the mixed coop only through the refiner's own gold link.
    assert {c["producer"]: c["credit"] for c in whole["brand-jewel"]["contributions"]} == pytest.approx(
        {"coop-gems": 31 / 0.6, "coop-gold": 19.2, "coop-mixed": 0.1 * 160 / 3})
    # The refiner trades both: its total is the old one, gold and tin.
    assert whole["refiner-r"]["value"] == pytest.approx(64 + 160 / 9 + 0.4 * 160 / 9 + 0.4 * 0.5 * 70)
    old = data()
    for r in old["relationships"]:
        r.pop("minerals", None)
    blind = {e["actor"]: e["value"] for e in run(STANDARD, old)["enabled_impact"]}
    assert blind["brand-watch"] == pytest.approx(0.1 * blind["refiner-r"])
    for actor, entry in whole.items():
        assert gold.get(actor, {"value": 0})["value"] <= entry["value"] <= blind[actor] + 1e-9


def test_rankings_in_a_mineral_list_the_producers_whose_assessment_covered_it():
    out = run(STANDARD, data(), mineral="tin")
    assert out["period"]["mineral"] == "tin"
    assert [r["actor"] for r in out["rankings"]["producers"]["ranked"]] == ["coop-tin", "coop-mixed"]
    downstream = {r["actor"]: r["value"] for r in out["rankings"]["downstream"]["ranked"]}
    # trader: ½ × 70 + ⅓ × 160/3; brand-tech through the refiner's tin (0.2 × 0.4) only, not its cobalt coop.
    assert downstream["trader-3t"] == pytest.approx(35 + 160 / 9)
    assert downstream["brand-tech"] == pytest.approx(0.2 * 0.4 * (0.5 * 70 + 160 / 9))
    assert "brand-jewel" not in downstream


def test_the_mineral_may_come_with_the_period():
    d = data()
    d["period"]["mineral"] = "cobalt"
    out = run(STANDARD, d)
    assert out == run(STANDARD, data(), mineral="cobalt")
    assert [r["actor"] for r in out["rankings"]["producers"]["ranked"]] == ["coop-cobalt"]
    assert {e["actor"]: e["value"] for e in out["enabled_impact"]} == {"brand-tech": 30.0, "fund-f": 0}


def test_a_producer_without_a_known_scope_counts_in_every_mineral():
    d = data()
    del d["actors"][4]["minerals"]  # the mixed coop: no minerals, so its links may list none either
    for r in d["relationships"]:
        if r["supplier"] == "coop-mixed":
            r.pop("minerals", None)
    del d["assessments"][9]["minerals"]
    d["assessments"] = [a for a in d["assessments"] if a["actor"] != "coop-mixed"] + [
        {"id": "mixed-2024", "actor": "coop-mixed", "date": "2024-03-01", "answers": dict.fromkeys(
            ("1.1", "1.3", "2.1", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2"), 1) | {"1.2": "clear"}},
        {"id": "mixed-2025", "actor": "coop-mixed", "date": "2025-03-01", "answers": dict.fromkeys(
            ("1.1", "1.3", "2.1", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2"), 2) | {"1.2": "clear"}}]
    out = run(STANDARD, d, mineral="cobalt")
    assert "coop-mixed" in [r["actor"] for r in out["rankings"]["producers"]["ranked"]]
    assert {e["actor"]: e["value"] for e in out["enabled_impact"]}["fund-f"] > 0


def test_bad_minerals_are_reported_with_their_path():
    d = data()
    d["actors"][9]["minerals"] = "gold"  # fund-f
    d["assessments"][1]["minerals"] = ["gold", "tin"]  # the gold coop has no tin
    d["assessments"][3]["minerals"] = []
    d["relationships"][0]["minerals"] = ["tin", "tungsten"]  # the tin coop produces no tungsten
    d["relationships"][5]["minerals"] = ["gemstones"]  # the refiner has no gemstones
    d["relationships"][9]["minerals"] = ["gold"]  # the mixed coop has gold: fine
    with pytest.raises(InputError) as err:
        run(STANDARD, d, mineral="Gold")
    assert err.value.problems == [
        "period.mineral: not a mineral code ('Gold')",
        "actors[9].minerals: must be a list of mineral codes (lower-case, e.g. gold)",
        "assessments[1].minerals[1]: actor 'coop-gold' does not have mineral 'tin' (its minerals: gold)",
        "assessments[3].minerals: must list at least one mineral (leave it out for the actor's)",
        "relationships[0].minerals[1]: supplier 'coop-tin' does not produce 'tungsten' (its minerals: tin)",
        "relationships[5].minerals[0]: supplier 'refiner-r' does not produce 'gemstones' (its minerals: gold, tin)",
    ]


def test_an_assessment_mineral_of_an_actor_without_minerals_is_refused():
    d = data()
    d["assessments"].append({"id": "fund", "actor": "fund-f", "date": "2025-01-01", "minerals": ["gold"]})
    d["relationships"].append({"buyer": "coop-gold", "supplier": "fund-f", "start": "2025-01-01",
                               "minerals": ["gold"]})
    with pytest.raises(InputError) as err:
        run(STANDARD, d)
    assert err.value.problems == [
        "assessments[11].minerals[0]: actor 'fund-f' does not have mineral 'gold' (its minerals: none)",
        "relationships[11].minerals[0]: supplier 'fund-f' does not produce 'gold' (its minerals: none)",
    ]


def test_the_command_exits_2_on_a_bad_mineral(tmp_path):
    d = data()
    d["assessments"][0]["minerals"] = ["cobalt"]
    bad = tmp_path / "data.json"
    bad.write_text(json.dumps(d), encoding="utf-8")
    result = scorer("examples/commodities/standard.yaml", str(bad))
    assert result.returncode == 2
    assert result.stderr == ("assessments[0].minerals[0]: actor 'coop-gold' does not have mineral 'cobalt' "
                             "(its minerals: gold)\n")


def test_a_standard_naming_a_commodity_it_does_not_list_is_refused():
    standard = copy.deepcopy(STANDARD)
    standard["commodities"] = ["gold"]
    with pytest.raises(InputError) as err:
        run(standard, data())
    assert err.value.problems[0] == ("standard: modules[2].criteria[0].commodities[0]: commodity 'tin' is not in the "
                                     "version's commodities (gold)")
    assert len(err.value.problems) == 10  # 3.1 and 3.2 three each; 4.1, 4.2, 5.1 and 5.2 one each

