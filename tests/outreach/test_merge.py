"""Merge fields: a pure routine, checked on generated text."""

from hypothesis import given
from hypothesis import strategies as st

from assay.outreach.merge import FIELDS, merge, unknown_fields

values = st.fixed_dictionaries({f: st.text(alphabet="abcxyz é", max_size=10) for f in FIELDS})


@given(st.text(alphabet="ab {}", max_size=40), values)
def test_text_without_placeholders_is_unchanged(text, vals):
    if "{{" not in text:
        assert merge(text, vals) == text


@given(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=5), values)
def test_every_known_field_is_filled(fields, vals):
    text = " | ".join("{{ " + f + " }}" for f in fields)
    assert merge(text, vals) == " | ".join(vals[f] for f in fields)


def test_unknown_fields_are_reported_and_left_alone():
    text = "Dear {{ contact }}, see {{ lnk }} and {{partner}}"
    assert unknown_fields(text) == {"lnk"}
    assert merge(text, {"contact": "Aline", "partner": "FEC"}) == "Dear Aline, see {{ lnk }} and FEC"


def test_a_missing_value_becomes_empty_not_braces():
    assert merge("Until {{ deadline }}.", {}) == "Until ."
