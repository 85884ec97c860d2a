"""Campaign comments: reworded copies group together, different comments stay apart."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from assay.domain.dedup import group_near_duplicates, normalise

CAMPAIGN = ("The standard must not let buyers walk away from artisanal miners at the first problem. Buyers should "
            "stay engaged, finance improvement and be judged on the progress their suppliers make over time.")
REWORDED = [
    CAMPAIGN,
    "Dear committee, " + CAMPAIGN + " Kind regards, Marie",
    CAMPAIGN.replace("artisanal miners", "small-scale miners").replace("over time", "year after year"),
    CAMPAIGN.upper(),
    "Le standard ! " + CAMPAIGN.replace(".", "!!"),
    " ".join(CAMPAIGN.split()[12:] + CAMPAIGN.split()[:12]),  # sentences swapped
]
DIFFERENT = [
    "Mercury reduction targets should follow the Minamata Convention timelines and be measured per gram of gold.",
    "Please translate the guidance into Swahili and Lingala for cooperatives in eastern DRC.",
    "The CAHRA multiplier of 1.5 seems too low to reward progress in conflict zones; we suggest 2.",
    "Women should be counted separately in every indicator, not only in the share of women.",
    "Third-party audits are too expensive for small cooperatives; allow group certification.",
]


def test_reworded_campaign_copies_form_one_group_and_others_stay_apart():
    texts = {f"c{i}": t for i, t in enumerate(REWORDED)} | {f"d{i}": t for i, t in enumerate(DIFFERENT)}
    groups = group_near_duplicates(texts)
    assert sorted(groups[0]) == sorted(f"c{i}" for i in range(len(REWORDED)))
    assert all(len(g) == 1 for g in groups[1:]) and len(groups) == 1 + len(DIFFERENT)


def test_short_texts_group_only_when_equal():
    groups = group_near_duplicates({"a": "I agree.", "b": "i agree", "c": "I disagree."})
    assert sorted(map(sorted, groups)) == [["a", "b"], ["c"]]


def test_normalise_folds_case_accents_and_punctuation():
    assert normalise("  Élevé, très-ÉLEVÉ!  ") == "eleve tres eleve"


@settings(max_examples=30, deadline=None)
@given(st.permutations(list(range(len(REWORDED) + len(DIFFERENT)))))
def test_grouping_does_not_depend_on_order(order):
    items = [(f"c{i}", t) for i, t in enumerate(REWORDED)] + [(f"d{i}", t) for i, t in enumerate(DIFFERENT)]
    shuffled = dict(items[i] for i in order)
    assert sorted(map(sorted, group_near_duplicates(shuffled))) == sorted(
        map(sorted, group_near_duplicates(dict(items))))


def test_a_thousand_comments_with_a_campaign_of_two_hundred():
    rng = random.Random(5)
    words = ["miners", "buyers", "progress", "mercury", "women", "audit", "cost", "price", "gold", "tin",
             "security", "road", "water", "school"]
    texts = {f"x{i}": " ".join(rng.choice(words) for _ in range(25)) + f" {i}" for i in range(800)}
    texts |= {f"c{i}": ("Dear team, " if i % 2 else "") + CAMPAIGN + f" Signed {i}" for i in range(200)}
    groups = group_near_duplicates(texts)
    campaign = next(g for g in groups if "c0" in g)
    assert len(campaign) == 200 and all(k.startswith("c") for k in campaign)


# What a copy of a campaign letter adds (shown beside the letter, so personal additions are not lost).
_words = st.lists(st.sampled_from(["buyers", "miners", "stay", "engaged", "the", "school", "closed", "Our", "village",
                                   "progress,", "credit."]), max_size=25).map(" ".join)


@given(_words, _words)
def test_an_addition_is_made_of_the_copys_own_words(base, copy):
    from assay.domain.dedup import added_text, normalise

    extra = added_text(base, copy)
    assert all(word in normalise(copy).split() for word in normalise(extra).split())
    assert added_text(copy, copy) == "" and added_text(base, base.upper()) == ""


@given(_words, _words)
def test_a_copy_that_only_appends_adds_what_it_appended(base, tail):
    from assay.domain.dedup import added_text, normalise

    copy = f"{base} {tail}".strip()
    assert normalise(added_text(base, copy)) in normalise(tail) or not normalise(tail)
