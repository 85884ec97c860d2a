"""Who said so counts: the version's assurance rules decide which kinds of verified assessment set the public level,
count for progress and rankings, and may enter shortlists (through the command-line scorer, as users run it)."""

import copy
from pathlib import Path

import pytest
import yaml

from assay.domain.scoring.cli import InputError, check_standard, run
from assay.domain.scoring.rules import Assurance, Rules

ROOT = Path(__file__).resolve().parents[2]
MINI = yaml.safe_load((ROOT / "examples" / "mini-standard.yaml").read_text(encoding="utf-8"))
FULL = {"1.1": 3, "1.2": 3, "2.1": "clear", "2.2": "clear", "3.1": 3, "3.2": 3}
LOW = {"1.1": 1, "1.2": 1, "2.1": "clear", "2.2": "clear", "3.1": 1, "3.2": 1}


def chain(kind_2024: str, kind_2025: str, status_2025: str = "verified") -> dict:
    return {"actors": [{"id": "coop", "name": "Coop", "role": "producer", "country": "CD"},
                       {"id": "brand", "name": "Brand", "role": "brand", "country": "CH"}],
            "relationships": [{"buyer": "brand", "supplier": "coop", "start": "2020-01-01", "share": 1}],
            "assessments": [
                {"id": "a0", "actor": "coop", "date": "2024-01-10", "type": kind_2024, "answers": LOW},
                {"id": "a1", "actor": "coop", "date": "2025-03-01", "type": kind_2025, "status": status_2025,
                 "answers": FULL}]}


def with_assurance(**assurance) -> dict:
    standard = copy.deepcopy(MINI)
    standard["rules"]["assurance"] = assurance
    return standard


def test_the_defaults_public_level_and_progress_from_second_or_third_party_shortlists_from_third_only():
    a = Rules.from_document(MINI).assurance
    assert a == Assurance()
    assert [a.allows(p, "self") for p in ("public_level", "progress", "shortlists")] == [False, False, False]
    assert [a.allows(p, "second_party") for p in ("public_level", "progress", "shortlists")] == [True, True, False]
    assert [a.allows(p, "third_party") for p in ("public_level", "progress", "shortlists")] == [True, True, True]
    assert not a.allows("public_level", "third_party", "submitted")  # only a verified assessment serves at all


def test_a_verified_self_assessment_is_self_declared_and_neither_progresses_nor_ranks():
    out = run(MINI, chain("third_party", "self"))
    level = next(x for x in out["levels"] if x["actor"] == "coop")
    assert level["public"]["assessment"] == "a0" and level["self_declared"]["assessment"] == "a1"
    assert out["progress"][0]["assessment"] == "a0"  # the latest that counts is the 2024 audit, with no baseline
    assert out["progress"][0]["progress"] is None
    assert out["rankings"]["producers"]["ranked"] == []
    # without a period, all time: the 2024 audit is the producer's A1, with no earlier baseline to progress from
    assert out["rankings"]["producers"]["excluded"] == [{"actor": "coop", "reason": "no_value"}]
    brand = next(x for x in out["enabled_impact"] if x["actor"] == "brand")
    assert brand["value"] == 0  # a self-declared improvement earns the buyer no credit


def test_progress_compares_only_assessments_that_count():
    counted = run(MINI, chain("second_party", "third_party"))
    a1 = next(x for x in counted["assessments"] if x["id"] == "a1")
    assert a1["progress"]["baseline"] == "a0" and a1["progress"]["value"] > 0
    uncounted_baseline = run(MINI, chain("self", "third_party"))
    a1 = next(x for x in uncounted_baseline["assessments"] if x["id"] == "a1")
    assert a1["progress"] is None or a1["progress"]["baseline"] is None


def test_the_ranking_says_which_producers_may_enter_a_shortlist():
    third = run(MINI, chain("third_party", "third_party"))["rankings"]["producers"]["ranked"]
    second = run(MINI, chain("third_party", "second_party"))["rankings"]["producers"]["ranked"]
    assert [(r["actor"], r["shortlists"]) for r in third] == [("coop", True)]
    assert [(r["actor"], r["shortlists"]) for r in second] == [("coop", False)]


def test_a_version_may_let_self_assessments_count():
    standard = with_assurance(public_level=["self", "second_party", "third_party"], progress=["self", "third_party"])
    out = run(standard, chain("self", "self"))
    level = next(x for x in out["levels"] if x["actor"] == "coop")
    assert level["public"]["assessment"] == "a1" and level["self_declared"] is None
    assert [r["actor"] for r in out["rankings"]["producers"]["ranked"]] == ["coop"]
    assert out["rankings"]["producers"]["ranked"][0]["shortlists"] is False  # shortlists keep their default
    a1 = next(x for x in out["assessments"] if x["id"] == "a1")
    assert a1["type"] == "self" and a1["assurance"] == {"public_level": True, "progress": True, "shortlists": False}


def test_an_unknown_kind_is_bad_input_in_the_data_and_in_the_standard():
    with pytest.raises(InputError) as err:
        run(MINI, chain("third_party", "desk_review"))
    assert err.value.problems == ["assessments[1].type: 'desk_review' is not one of self, second_party, third_party"]
    problems = check_standard(with_assurance(progress=["self", "audit"]))
    assert len(problems) == 1 and problems[0].startswith("standard: rules.assurance.progress.1:")
