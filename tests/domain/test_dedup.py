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


# --- The grouper against the pairwise algorithm it replaced (issue 18) -----------------------------------------

def pairwise_groups(texts):
    """The algorithm before issue 18, kept as the reference: every text of six words or more goes into the LSH
    index and each new one is confirmed against every earlier candidate (quadratic within a campaign)."""
    from datasketch import MinHash, MinHashLSH
    from rapidfuzz import fuzz

    normal = {k: normalise(t) for k, t in texts.items()}
    parent = {k: k for k in texts}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    exact = {}
    for key, text in normal.items():
        if text in exact:
            union(exact[text], key)
            continue
        exact[text] = key
        words = text.split()
        if len(words) < 6:
            continue
        m = MinHash(num_perm=128, seed=17)
        m.update_batch([s.encode() for s in {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}])
        for other in lsh.query(m):
            if fuzz.token_set_ratio(text, normal[other]) >= 85:
                union(other, key)
        lsh.insert(key, m)
    groups = {}
    for key in texts:
        groups.setdefault(find(key), []).append(key)
    return sorted(groups.values(), key=lambda g: (-len(g), str(g[0])))


def partition(groups):
    return {frozenset(g) for g in groups}


LETTERS = [
    CAMPAIGN,
    "Mercury is poisoning our rivers and our children. The standard should set a date after which no certified "
    "site may burn amalgam in the open. It should pay for retorts and training before that date.",
    "Les audits coûtent trop cher pour les petites coopératives. Le standard devrait permettre une certification "
    "de groupe. Il faut partager le coût des audits entre les acheteurs.",
]
VOCABULARY = ["miners", "buyers", "progress", "mercury", "women", "audit", "cost", "price", "gold", "tin", "security",
              "road", "water", "school", "river", "village", "cooperative", "export", "smelter", "refinery", "permit",
              "tax", "police", "army", "child", "labour", "loan"]


def campaign_set(n, seed):
    """n comments shaped like a campaign: copies of three form letters with a changed greeting, a swapped word,
    two sentences in the other order or an added personal sentence, and unique comments."""
    rng = random.Random(seed)
    texts = {}
    for i in range(n):
        if rng.random() < 0.4:
            texts[f"u{i}"] = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(3, 40)))
            continue
        sentences = [s.strip() + "." for s in rng.choice(LETTERS).split(".") if s.strip()]
        if rng.random() < 0.3:
            sentences.reverse()
        text = " ".join(sentences)
        if rng.random() < 0.3:
            word = rng.choice(text.split())
            text = text.replace(word, rng.choice(VOCABULARY), 1)
        if rng.random() < 0.5:
            text = rng.choice(["Dear committee,", "Bonjour,", "Hola,", "To whom it may concern:"]) + " " + text
        if rng.random() < 0.4:
            text += f" In {rng.choice(['Kamituga', 'Shabunda', 'Misisi'])} the {rng.choice(VOCABULARY)} closed."
        texts[f"c{i}"] = text
    return texts


def test_the_grouper_makes_the_pairwise_groups_on_the_test_sets():
    rng = random.Random(5)
    thousand = {f"x{i}": " ".join(rng.choice(VOCABULARY[:14]) for _ in range(25)) + f" {i}" for i in range(800)}
    thousand |= {f"c{i}": ("Dear team, " if i % 2 else "") + CAMPAIGN + f" Signed {i}" for i in range(200)}
    sets = [{f"c{i}": t for i, t in enumerate(REWORDED)} | {f"d{i}": t for i, t in enumerate(DIFFERENT)},
            {"a": "I agree.", "b": "i agree", "c": "I disagree."}, thousand]
    for texts in sets:
        assert group_near_duplicates(texts) == pairwise_groups(texts)


def test_the_grouper_makes_the_pairwise_groups_on_a_generated_campaign_with_fewer_comparisons():
    from assay.domain.dedup import Grouper

    texts = campaign_set(2500, seed=18)
    reference = pairwise_groups(texts)
    grouper = Grouper()
    grouper.add(texts)
    assert partition(grouper.groups()) == partition(reference)
    assert group_near_duplicates(texts) == reference
    assert sum(len(g) for g in reference if len(g) > 100) > 1000  # the set holds large campaigns
    # each copy meets a few representatives, not every earlier copy (the pairwise algorithm's ~ n²/2)
    assert grouper.comparisons < 3 * len(texts)


_texts = st.dictionaries(
    st.integers(0, 10_000),
    st.lists(st.sampled_from(VOCABULARY[:10]), min_size=0, max_size=14).map(" ".join), max_size=40)


@settings(max_examples=60, deadline=None)
@given(_texts, st.randoms(use_true_random=False))
def test_the_grouper_never_joins_what_the_pairwise_algorithm_keeps_apart(texts, rng):
    """Every link it makes is a confirmed LSH candidate, so in any order its groups lie within pairwise groups."""
    from assay.domain.dedup import Grouper

    items = list(texts.items())
    rng.shuffle(items)
    grouper = Grouper()
    grouper.add(items)
    reference = {k: i for i, g in enumerate(pairwise_groups(texts)) for k in g}
    assert all(len({reference[k] for k in g}) == 1 for g in grouper.groups())
    assert sorted(k for g in grouper.groups() for k in g) == sorted(texts)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 400), st.integers(1, 50), st.integers(0, 3))
def test_feeding_in_parts_through_a_saved_state_groups_as_feeding_at_once(split, step, seed):
    """What the background task does (restore the round's state, add the new comments) ends where grouping all
    of them at once ends."""
    from assay.domain.dedup import Grouper, GrouperState

    items = list(campaign_set(400, seed=seed).items())
    whole = Grouper()
    whole.add(items)
    first = Grouper()
    first.add(items[:split])
    state = first.state()
    saved = GrouperState(dict(state.groups), {k: (t, bytes(s)) for k, (t, s) in state.representatives.items()},
                         dict(state.digests))
    later = Grouper.restore(saved)
    changed = set()
    for i in range(split, len(items), step):
        changed |= later.add(items[i:i + step])
    assert partition(later.groups()) == partition(whole.groups())
    assert {k for k, _t in items[split:]} <= changed


def test_a_text_that_links_two_groups_joins_them_and_reports_the_members_whose_group_changed():
    from assay.domain.dedup import Grouper

    base = ("buyers must stay engaged with artisanal miners and finance their improvement rather than walk away at "
            "the first problem and judge them on the progress of their suppliers over the years")
    a = base + " mercury poisons our rivers and our children so the date for retorts must come soon in every valley"
    b = base + " women carry ore on their backs for ten hours a day and are never counted in the reports at all"
    grouper = Grouper()
    grouper.add({"a": a, "b": b})  # too far apart to be near-duplicates of each other
    assert grouper.group_of("a") != grouper.group_of("b")
    changed = grouper.add({"c": base})  # the letter both copied is a near-duplicate of each
    assert grouper.group_of("a") == grouper.group_of("b") == grouper.group_of("c")
    assert changed == {"c"} | ({"a", "b"} - {grouper.group_of("c")})  # the group kept one of the two ids
    assert partition(grouper.groups()) == {frozenset("abc")} == partition(pairwise_groups({"a": a, "b": b, "c": base}))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=30))
def test_signatures_are_datasketchs_minhash(words):
    from datasketch import MinHash

    from assay.domain.dedup import _shingles, signatures

    m = MinHash(num_perm=128, seed=17)
    m.update_batch([s.encode() for s in _shingles(words)])
    assert (signatures([words, words[::-1]])[0] == m.hashvalues).all()


@given(st.text())
def test_normalise_is_the_fold_it_always_was(text):
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    assert normalise(text) == " ".join(re.findall(r"\w+", folded))
