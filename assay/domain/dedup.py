"""Near-duplicate texts (campaign comments): grouped so that each is shown once, with its count.

Two texts are near-duplicates when their word shingles overlap (estimated Jaccard similarity of 3-word shingles,
MinHash with 128 permutations, LSH threshold 0.5) AND a direct comparison confirms it (rapidfuzz token-set
ratio ≥ 85 on the normalised texts). LSH finds candidates in near-linear time; the confirmation removes its false
positives. Texts are normalised first: lower case, accents folded, punctuation and extra spaces dropped, so a
campaign letter with a changed greeting, a signature or a re-ordered sentence still groups; a short text (under
six words) only groups with a text equal to it after normalisation, since a few shared words prove nothing.
"""

import difflib
import re
import unicodedata
from collections.abc import Hashable, Mapping
from typing import TypeVar

from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

NUM_PERM = 128
LSH_THRESHOLD = 0.5
CONFIRM_RATIO = 85
SHINGLE = 3
MIN_WORDS = 6

K = TypeVar("K", bound=Hashable)  # the caller's keys (comment ids, say) come back as they went in


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", folded))


def _minhash(words: list[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=17)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([s.encode() for s in shingles])
    return m


def group_near_duplicates(texts: Mapping[K, str]) -> list[list[K]]:
    """Groups of keys whose texts are near-duplicates, largest first; every key is in exactly one group."""
    normal = {k: normalise(t) for k, t in texts.items()}
    parent = {k: k for k in texts}

    def find(k: K) -> K:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: K, b: K) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    exact: dict[str, K] = {}
    for key, text in normal.items():
        if text in exact:  # identical after normalisation, whatever the length
            union(exact[text], key)
            continue
        exact[text] = key
        words = text.split()
        if len(words) < MIN_WORDS:
            continue
        m = _minhash(words)
        for other in lsh.query(m):
            if fuzz.token_set_ratio(text, normal[other]) >= CONFIRM_RATIO:
                union(other, key)
        lsh.insert(key, m)
    groups: dict[K, list[K]] = {}
    for key in texts:
        groups.setdefault(find(key), []).append(key)
    return sorted(groups.values(), key=lambda g: (-len(g), str(g[0])))


_WORD = re.compile(r"\S+")
MIN_KEPT = 3  # a run of fewer equal words between two changes is part of the change, not a shared passage


def added_text(base: str, copy: str) -> str:
    """What `copy` says beyond `base` (a campaign's form letter): its inserted and replaced passages, in order,
    as the copy wrote them, joined by " … "; "" when it adds nothing but punctuation. Words are compared after
    normalising (case, accents, punctuation), so a changed comma is no addition; changes closer together than
    MIN_KEPT equal words come back as one passage, so a signatory's own sentence reads whole."""
    a = [normalise(w) for w in _WORD.findall(base)]
    spans = [(m.start(), m.end()) for m in _WORD.finditer(copy)]
    b = [normalise(copy[x:y]) for x, y in spans]
    changed: list[list[int]] = []  # [first, last] word of copy in each passage
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal" or j1 == j2:
            continue
        if changed and j1 - changed[-1][1] - 1 < MIN_KEPT:
            changed[-1][1] = j2 - 1
        else:
            changed.append([j1, j2 - 1])
    runs = [copy[spans[first][0]:spans[last][1]].strip() for first, last in changed]
    return " … ".join(run for run in runs if re.search(r"\w", run))
