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


def test_parts_keep_only_what_the_audience_gets_and_nest():
    from assay.outreach.merge import empty_fields, select

    text = "A[[partner]] P{{ partner }}[[package]] +att[[/package]][[/partner]][[subscriber]] S[[/subscriber]]."
    assert select(text, {"partner", "mailing"}) == "A P{{ partner }}."
    assert select(text, {"partner", "package"}) == "A P{{ partner }} +att."
    assert select(text, {"subscriber", "package"}) == "A S."
    assert empty_fields(text, {}, {"subscriber"}) == set()
    assert empty_fields(text, {}, {"partner"}) == {"partner"}


def test_a_tag_alone_on_its_line_leaves_no_blank_line():
    from assay.outreach.merge import select

    text = "Dear X,\n\n[[package]]\nAttached: the kit.\n[[/package]]\n\nThanks"
    assert select(text, {"mailing"}) == "Dear X,\n\nThanks"
    assert select(text, {"package"}) == "Dear X,\n\nAttached: the kit.\n\nThanks"


@given(st.text(alphabet="ab []/\n", max_size=40))
def test_text_without_part_tags_is_kept_whole(text):
    from assay.outreach.merge import select

    if "[[" not in text and "\n\n\n" not in text:
        assert select(text, set()) == text
