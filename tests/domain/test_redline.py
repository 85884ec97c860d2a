from hypothesis import given
from hypothesis import strategies as st

from assay.domain.redline import CriterionSnapshot, compare, summary, word_diff


def snap(key, code, module="1", text="The producer keeps records.", order=None, **attributes):
    return CriterionSnapshot(key=key, code=code, module=module, texts={"title": key, "text": text},
                             attributes=attributes, order=order or (int(module), int(code.split(".")[-1])))


def rebuild(segments, side):
    keep = {"old": ("equal", "delete"), "new": ("equal", "insert")}[side]
    return "".join(s.text for s in segments if s.op in keep)


words = st.lists(st.sampled_from(["the", "producer", "keeps", "records", "mercury", ",", ".", "and", "no"]),
                 max_size=30).map(" ".join)


@given(words, words)
def test_word_diff_rebuilds_both_texts(old, new):
    segments = word_diff(old, new)
    assert rebuild(segments, "old") == old
    assert rebuild(segments, "new") == new


def test_word_diff_marks_only_the_changed_words():
    segments = word_diff("The producer keeps records.", "The producer keeps written records.")
    assert [s for s in segments if s.op != "equal"] == [type(segments[0])("insert", "written ")]


def test_added_removed_moved_and_changed_are_told_apart():
    old = [snap("a", "1.1"), snap("b", "1.2"), snap("c", "1.3"), snap("d", "2.1", module="2", points=3)]
    new = [snap("a", "1.1"), snap("c", "1.2"), snap("d", "2.1", module="2", text="Changed.", points=4),
           snap("e", "2.2", module="2")]
    changes = compare(old, new)
    by_key = {(c.new or c.old).key: c for c in changes}
    assert by_key["b"].status == "removed"
    assert by_key["e"].status == "added"
    assert by_key["c"].moved and not by_key["c"].changed
    assert by_key["d"].attribute_changes == {"points": (3, 4)} and "text" in by_key["d"].text_diffs
    assert not by_key["a"].is_noteworthy
    assert summary(changes) == {"added": 1, "removed": 1, "moved": 1, "changed": 1}


def test_a_removed_criterion_stays_where_it_was():
    old = [snap("a", "1.1"), snap("b", "1.2"), snap("c", "1.3")]
    new = [snap("a", "1.1"), snap("c", "1.3")]
    assert [(c.new or c.old).key for c in compare(old, new)] == ["a", "b", "c"]


@given(st.lists(st.sampled_from("abcdefgh"), unique=True), st.lists(st.sampled_from("abcdefgh"), unique=True))
def test_every_criterion_of_either_version_appears_once(old_keys, new_keys):
    old = [snap(k, f"1.{i + 1}") for i, k in enumerate(old_keys)]
    new = [snap(k, f"1.{i + 1}") for i, k in enumerate(new_keys)]
    changes = compare(old, new)
    keys = [(c.new or c.old).key for c in changes]
    assert sorted(keys) == sorted(set(old_keys) | set(new_keys))
    assert {c.new.key for c in changes if c.status == "added"} == set(new_keys) - set(old_keys)
    assert {c.old.key for c in changes if c.status == "removed"} == set(old_keys) - set(new_keys)


def test_comparing_a_version_with_itself_finds_nothing():
    old = [snap("a", "1.1"), snap("b", "1.2")]
    assert not any(c.is_noteworthy for c in compare(old, old))
