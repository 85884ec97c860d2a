import copy

import pytest
import yaml

from assay.alignment.reference import (
    REFERENCE_FILE,
    ReferenceDataError,
    parse_mapping,
    parse_reference,
    reference,
    shipped_mapping,
)


@pytest.fixture
def data():
    return yaml.safe_load(REFERENCE_FILE.read_bytes())


def test_the_shipped_reference_list_holds_the_five_steps_and_the_annex_ii_risks():
    items = reference()
    assert {i.step for i in items if i.group == "step"} == {1, 2, 3, 4, 5}
    assert {"A2.1a", "A2.3", "A2.5", "A2.11", "A2.12", "A2.13"} <= {i.code for i in items if i.group == "annex_ii"}
    assert all(i.ref.startswith(("Annex I, Step", "Annex II, para")) for i in items)


def test_the_schema_reports_every_problem_with_its_path(data):
    broken = copy.deepcopy(data)
    broken["items"][0]["group"] = "preamble"
    del broken["items"][1]["ref"]
    broken["items"][2]["extra"] = 1
    with pytest.raises(ReferenceDataError) as exc:
        parse_reference(broken)
    joined = "\n".join(exc.value.problems)
    assert "items[0].group: must be one of: step, annex_ii" in joined
    assert "items[1].ref: is required" in joined
    assert "items[2].extra: unknown key" in joined


def test_a_repeated_code_and_a_step_without_its_number_are_refused(data):
    broken = copy.deepcopy(data)
    broken["items"][1]["code"] = broken["items"][0]["code"]
    del broken["items"][2]["step"]
    with pytest.raises(ReferenceDataError) as exc:
        parse_reference(broken)
    assert [p.split(":")[0] for p in exc.value.problems] == ["items[1].code", "items[2].step"]


def test_the_shipped_mapping_names_only_known_items_and_a_bad_one_is_refused():
    mapping = shipped_mapping("mes")
    assert mapping is not None and mapping["ratings"]
    broken = copy.deepcopy(mapping)
    broken["ratings"][0]["item"] = "S9.Z"
    broken["ratings"][1]["rating"] = "mostly"
    with pytest.raises(ReferenceDataError) as exc:
        parse_mapping(broken)
    assert any("ratings[1].rating" in p for p in exc.value.problems)
    broken["ratings"][1]["rating"] = "full"
    with pytest.raises(ReferenceDataError) as exc:
        parse_mapping(broken)
    assert exc.value.problems == ["ratings[0].item: unknown reference item 'S9.Z'"]
