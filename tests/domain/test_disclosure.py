"""The disclosure policy: the table, opening, and suppression of small or dominated aggregates."""

from hypothesis import given
from hypothesis import strategies as st

from assay.domain.disclosure import (
    WHO_SEES,
    Cell,
    Disclosure,
    Standing,
    decide,
    effective_class,
    suppress,
)

standings = st.frozensets(st.sampled_from(list(Standing)))
classes = st.sampled_from(list(Disclosure))


def test_the_table_of_design_section_5():
    assert decide([], Disclosure.PUBLIC)
    assert not decide([], Disclosure.NETWORK)
    assert decide([Standing.PARTNER], Disclosure.NETWORK) and not decide([Standing.PARTNER], Disclosure.RESTRICTED)
    assert decide([Standing.ASSESSOR], Disclosure.RESTRICTED) and not decide([Standing.ASSESSOR], Disclosure.PRIVATE)
    assert decide([Standing.SECRETARIAT], Disclosure.RESTRICTED)
    assert not decide([Standing.SECRETARIAT, Standing.ASSESSOR, Standing.PARTNER], Disclosure.PRIVATE)
    assert decide([Standing.MEMBER], Disclosure.PRIVATE)
    assert not decide([Standing.COMMITTEE], Disclosure.NETWORK)
    # a shared report: its network data, never restricted
    assert decide([Standing.SHARED], Disclosure.NETWORK) and not decide([Standing.SHARED], Disclosure.RESTRICTED)
    # a consenting candidate's jury pack: its network data, never restricted
    assert decide([Standing.JURY], Disclosure.NETWORK) and not decide([Standing.JURY], Disclosure.RESTRICTED)


@given(standings, st.sampled_from(list(Standing)), classes)
def test_a_viewer_who_gains_a_standing_never_sees_less(held, extra, datum):
    if decide(held, datum):
        assert decide(held | {extra}, datum)


@given(standings, classes, classes)
def test_whoever_sees_a_closed_class_sees_every_more_open_one(held, a, b):
    closed, open_ = max(a, b), min(a, b)
    if decide(held, closed):
        assert decide(held, open_)


def test_losing_partner_standing_removes_network_access_at_once():
    assert decide({Standing.PARTNER}, Disclosure.NETWORK)
    assert not decide(set(), Disclosure.NETWORK)


@given(classes, st.one_of(st.none(), classes), st.one_of(st.none(), classes))
def test_an_actor_may_open_but_never_close_beyond_the_default(default, opened, required):
    result = effective_class(default, opened, required)
    assert result <= default
    if opened is not None:
        assert result <= opened
    if required is not None:
        assert result <= required


def test_a_ranked_actors_level_is_public_whatever_it_chose():
    assert effective_class(Disclosure.PUBLIC, Disclosure.PRIVATE, Disclosure.PUBLIC) == Disclosure.PUBLIC


def test_every_class_has_a_rule():
    assert set(WHO_SEES) == set(Disclosure)


def cell(key, n, value=100.0, shares=None):
    return Cell(tuple(key), frozenset(f"a{i}" for i in range(n)), value, shares or {})


def test_small_cells_are_hidden_and_a_lone_hidden_cell_takes_another_with_it():
    cells = [cell(("CD", "2024"), 3, 10), cell(("CD", "2025"), 9, 50), cell(("CD", "2023"), 7, 40),
             cell(("PE", "2024"), 8, 30), cell(("PE", "2025"), 8, 60), cell(("PE", "2023"), 6, 20)]
    hidden = suppress(cells, k=5)
    assert ("CD", "2024") in hidden
    # The CD row total would give the hidden cell away: the smallest other CD cell goes too, and then the
    # year columns need the same care.
    assert ("CD", "2023") in hidden
    for i in (0, 1):
        lines = {}
        for c in cells:
            lines.setdefault(c.key[:i] + c.key[i + 1:], []).append(c.key in hidden)
        assert all(sum(flags) != 1 for flags in lines.values())


def test_a_dominant_contributor_hides_the_cell():
    shares = {"a0": 90.0, "a1": 2.0, "a2": 2.0, "a3": 2.0, "a4": 2.0, "a5": 2.0}
    assert suppress([cell(("x",), 6, 100, shares)]) == {("x",)}
    assert suppress([cell(("x",), 6, 100, {k: 100 / 6 for k in shares})]) == set()


@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from("xyz"), st.integers(0, 12)), unique_by=lambda t:
                (t[0], t[1])))
def test_no_line_ever_keeps_a_single_hidden_cell(rows):
    cells = [cell((r, c), n, float(n)) for r, c, n in rows]
    hidden = suppress(cells, k=5)
    assert {c.key for c in cells if len(c.contributors) < 5} <= hidden
    for i in (0, 1):
        lines = {}
        for c in cells:
            lines.setdefault(c.key[:i] + c.key[i + 1:], []).append(c.key in hidden)
        assert all(sum(flags) != 1 or len(flags) == 1 for flags in lines.values())
