"""Near-duplicate texts (campaign comments): grouped so that each is shown once, with its count.

Two texts are near-duplicates when their word shingles overlap (estimated Jaccard similarity of 3-word shingles,
MinHash with 128 permutations, LSH threshold 0.5) AND a direct comparison confirms it (rapidfuzz token-set
ratio ≥ 85 on the normalised texts). LSH finds candidates in near-linear time; the confirmation removes its false
positives. Texts are normalised first: lower case, accents folded, punctuation and extra spaces dropped, so a
campaign letter with a changed greeting, a signature or a re-ordered sentence still groups; a short text (under
six words) only groups with a text equal to it after normalisation, since a few shared words prove nothing.
Groups are what these links join, transitively.

`Grouper` does this in near-linear time and incrementally (issue 18): texts are added as they arrive, and
- a text equal after normalisation to one seen before joins its group without a MinHash (a digest lookup);
- only a few representatives per group (at most MAX_REPRESENTATIVES) sit in the LSH index, so a new copy of a
  campaign meets a handful of candidates, not every earlier copy; in each candidate group it is compared with
  that group's candidate representatives only until one confirms; a member joins the representatives when it is
  further from them than REPRESENTATIVE_BELOW (so the variants that lead on to other variants stay findable);
- signatures are computed for many texts at once with numpy, from one set of permutations (those of
  datasketch's `MinHash(num_perm=128, seed=17)`, so a signature equals that MinHash's, bit for bit) and a cache
  of shingle hashes (copies of a letter share most shingles);
- its state (each key's group, the representatives' texts and signatures, the digests of normalised texts) can be
  saved and restored (`state`, `Grouper.restore`), so a new comment is grouped without regrouping the round.

Every link the grouper makes is one the pairwise definition makes too (an LSH candidate that the ratio
confirms), so its groups never join texts that the definition keeps apart; they can only miss a link to a
member that is not a representative. Tests check that the groups equal those of the pairwise algorithm on the
test sets and on a generated campaign set. On `bench/dedup_scale.py`'s campaign-shaped comments the pairwise
algorithm took 86 s CPU and 5 million confirmations for 20,000; the grouper makes the same groups in 2.9 s and
groups 100,000 in about 14 s (31,000 confirmations), 200,000 in 1.6–2.0 times that (README, Benchmarks).
The consultation keeps each comment's group (consultation.NearDuplicate, the task after each submission) and restores
a round's grouper from it to add new comments.
"""

import difflib
import functools
import hashlib
import re
import sys
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

NUM_PERM = 128
LSH_THRESHOLD = 0.5
CONFIRM_RATIO = 85
SHINGLE = 3
MIN_WORDS = 6
SEED = 17
MAX_REPRESENTATIVES = 8  # per group, in the LSH index
REPRESENTATIVE_BELOW = 95  # a member confirmed with a lower ratio than this is a new variant: a representative
BATCH = 512  # texts whose signatures are computed together
SHINGLE_CACHE = 1_000_000  # shingle hashes kept (then the cache starts again)

K = TypeVar("K", bound=Hashable)  # the caller's keys (comment ids, say) come back as they went in
Signature = npt.NDArray[np.uint32]


@functools.cache
def _combining() -> dict[int, None]:
    """Every combining character (what folding accents drops), for str.translate: built once, on first use."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}


_WORDS = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Lower case, accents folded (NFKD without combining characters), words joined by one space."""
    folded = text.lower()
    if not folded.isascii():  # ASCII has nothing to decompose or fold
        folded = unicodedata.normalize("NFKD", folded).translate(_combining())
    return " ".join(_WORDS.findall(folded))


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations  # made once, for every text
_A: Signature = np.asarray(_PERMUTATIONS[0], dtype=np.uint32)
_B: Signature = np.asarray(_PERMUTATIONS[1], dtype=np.uint32)
SIGNATURE_BYTES = NUM_PERM * 4  # a signature as stored: NUM_PERM uint32 values
_BANDS, _ROWS = (lambda lsh: (lsh.b, lsh.r))(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM))
_BAND_BYTES = 4 * _ROWS


def _shingles(words: list[str]) -> set[str]:
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def _fmix32(h: Signature) -> Signature:
    """MurmurHash3's finalizer, which datasketch applies to a shingle's hash before its permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(word_lists: list[list[str]], cache: dict[str, int] | None = None) -> Signature:
    """The MinHash signatures of many texts (given as their words) at once: one row of NUM_PERM values per text,
    equal to `MinHash(num_perm=NUM_PERM, seed=SEED)` updated with the text's 3-word shingles. `cache` keeps
    shingle hashes between calls (SHA-1 per shingle is the slow part, and campaign copies share shingles)."""
    cache = {} if cache is None else cache
    hashes: list[int] = []
    starts: list[int] = []
    for words in word_lists:
        starts.append(len(hashes))
        for s in _shingles(words):
            h = cache.get(s)
            if h is None:
                if len(cache) >= SHINGLE_CACHE:
                    cache.clear()
                h = cache[s] = int.from_bytes(hashlib.sha1(s.encode()).digest()[:4], "little")
            hashes.append(h)
    if not word_lists:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    mixed = _fmix32(np.array(hashes, dtype=np.uint32))
    permuted = mixed[:, None] * _A + _B  # modulo 2**32, as datasketch's affine32 scheme
    return np.minimum.reduceat(permuted, np.array(starts), axis=0)


def _digest(normal: str) -> bytes:
    return hashlib.blake2b(normal.encode(), digest_size=12).digest()


@dataclass
class GrouperState(Generic[K]):
    """What a `Grouper` needs to go on later: each key's group (named by one of its members' keys), the
    representatives (their text as added and signature, `Signature.tobytes()`) in the order they became one, and
    for each distinct normalised text its digest and the first key that had it."""

    groups: dict[K, K] = field(default_factory=dict)
    representatives: dict[K, tuple[str, bytes]] = field(default_factory=dict)
    digests: dict[bytes, K] = field(default_factory=dict)


class Grouper(Generic[K]):
    """Near-duplicate groups that grow as texts are added (see the module's docstring for how)."""

    def __init__(self) -> None:
        self._group: dict[K, K] = {}  # key -> its group's id
        self._members: dict[K, list[K]] = {}  # group id -> keys
        self._reps: dict[K, list[K]] = {}  # group id -> representatives, in the order they became one
        self._rep_text: dict[K, str] = {}  # representative -> its text as given
        self._rep_normal: dict[K, str] = {}  # representative -> normalised text, once known
        self._rep_sig: dict[K, bytes] = {}
        self._rep_order: dict[K, int] = {}
        self._digests: dict[bytes, K] = {}  # digest of a normalised text -> the first key that had it
        self._first: dict[K, bytes] = {}  # the other way round
        self._bands: list[dict[bytes, list[K]]] = [{} for _ in range(_BANDS)]
        self._cache: dict[str, int] = {}
        self.comparisons = 0  # confirmations (rapidfuzz calls) made so far

    @classmethod
    def restore(cls, state: GrouperState[K]) -> "Grouper[K]":
        """A grouper that goes on from a saved state."""
        g: Grouper[K] = cls()
        for key, group in state.groups.items():
            g._group[key] = group
            g._members.setdefault(group, []).append(key)
        for key, (text, sig) in state.representatives.items():
            if key not in g._group:
                raise ValueError(f"representative {key!r} has no group")
            if len(sig) != SIGNATURE_BYTES:  # a damaged state would mis-group silently: refuse it
                raise ValueError(f"representative {key!r} has a damaged signature ({len(sig)} bytes)")
            g._add_representative(key, g._group[key], text, sig)  # normalised when first compared
        g._digests = dict(state.digests)
        g._first = {key: d for d, key in state.digests.items()}
        return g

    def state(self) -> GrouperState[K]:
        """What `restore` needs (copies: the grouper may go on changing)."""
        reps = sorted(self._rep_text, key=self._rep_order.__getitem__)
        return GrouperState(dict(self._group), {k: (self._rep_text[k], self._rep_sig[k]) for k in reps},
                            dict(self._digests))

    def __contains__(self, key: object) -> bool:
        return key in self._group

    def __len__(self) -> int:
        return len(self._group)

    def group_of(self, key: K) -> K:
        """The id of the key's group (the key of one of its members; it changes when groups merge)."""
        return self._group[key]

    def members(self, group: K) -> list[K]:
        return list(self._members[group])

    def is_representative(self, key: K) -> bool:
        return key in self._rep_sig

    def signature(self, key: K) -> bytes | None:
        """A representative's signature (`state` keeps it), None for another key."""
        return self._rep_sig.get(key)

    def first_digest(self, key: K) -> bytes | None:
        """The digest of the key's normalised text if it was the first with that text (`state` keeps it)."""
        return self._first.get(key)

    def groups(self) -> list[list[K]]:
        """Every group's keys, largest group first."""
        return sorted((list(m) for m in self._members.values()), key=lambda g: (-len(g), str(g[0])))

    def add(self, texts: Mapping[K, str] | Iterable[tuple[K, str]]) -> set[K]:
        """Group new texts (keys not added before) with the others; returns the keys whose group is new or
        changed (the new keys, and the members of groups that a new text joined together)."""
        items = list(texts.items()) if isinstance(texts, Mapping) else list(texts)
        changed: set[K] = set()
        for i in range(0, len(items), BATCH):
            self._add_batch(items[i:i + BATCH], changed)
        return changed

    def _add_batch(self, items: list[tuple[K, str]], changed: set[K]) -> None:
        normal = [normalise(text) for _key, text in items]
        first_of: list[K | None] = []  # the key that had this normalised text before, if any
        to_sign: list[list[str]] = []
        for (key, _text), text in zip(items, normal, strict=True):
            if key in self._group:
                raise ValueError(f"{key!r} was added before")
            d = _digest(text)
            earlier = self._digests.get(d)
            first_of.append(earlier)
            if earlier is None:
                self._digests[d] = key
                self._first[key] = d
                words = text.split()
                if len(words) >= MIN_WORDS:
                    to_sign.append(words)
        sigs = signatures(to_sign, self._cache)
        row = 0
        for (key, written), text, earlier in zip(items, normal, first_of, strict=True):
            if key in self._group:
                raise ValueError(f"{key!r} was added twice")
            if earlier is not None:  # equal after normalisation: the same group, whatever the length
                self._join(key, self._group[earlier], changed)
            elif len(text.split()) < MIN_WORDS:
                self._new_group(key, changed)
            else:
                self._place(key, written, text, sigs[row].tobytes(), changed)
                row += 1

    def _join(self, key: K, group: K, changed: set[K]) -> None:
        self._group[key] = group
        self._members[group].append(key)
        changed.add(key)

    def _new_group(self, key: K, changed: set[K]) -> None:
        self._group[key] = key
        self._members[key] = [key]
        changed.add(key)

    def _add_representative(self, key: K, group: K, text: str, sig: bytes, normal: str | None = None) -> None:
        self._reps.setdefault(group, []).append(key)
        self._rep_text[key] = text
        if normal is not None:
            self._rep_normal[key] = normal
        self._rep_sig[key] = sig
        self._rep_order[key] = len(self._rep_order)
        for band, bucket in zip(self._bands, _band_keys(sig), strict=True):
            bucket_list = band.get(bucket)
            if bucket_list is None:
                band[bucket] = [key]
            else:
                bucket_list.append(key)

    def _place(self, key: K, written: str, text: str, sig: bytes, changed: set[K]) -> None:
        candidates: set[K] = set()
        for band, bucket in zip(self._bands, _band_keys(sig), strict=True):
            found = band.get(bucket)
            if found:
                candidates.update(found)
        by_group: dict[K, list[K]] = {}
        for rep in candidates:
            by_group.setdefault(self._group[rep], []).append(rep)
        joined: list[K] = []
        closest = 100.0
        for group, reps in by_group.items():
            reps.sort(key=self._rep_order.__getitem__)
            for rep in reps:  # inside one group, the first representative that confirms is enough
                self.comparisons += 1
                other = self._rep_normal.get(rep)
                if other is None:  # restored: most representatives are never a candidate again
                    other = self._rep_normal[rep] = normalise(self._rep_text[rep])
                score = fuzz.token_set_ratio(text, other, score_cutoff=CONFIRM_RATIO)
                if score >= CONFIRM_RATIO:
                    joined.append(group)
                    closest = min(closest, score)
                    break
        if not joined:
            self._new_group(key, changed)
            self._add_representative(key, key, written, sig, text)
            return
        group = max(joined, key=lambda g: len(self._members[g]))
        for linked in joined:
            if linked != group:
                self._merge(group, linked, changed)
        self._join(key, group, changed)
        if closest < REPRESENTATIVE_BELOW and len(self._reps[group]) < MAX_REPRESENTATIVES:
            self._add_representative(key, group, written, sig, text)

    def _merge(self, group: K, other: K, changed: set[K]) -> None:
        for key in self._members[other]:
            self._group[key] = group
            changed.add(key)
        self._members[group].extend(self._members.pop(other))
        self._reps.setdefault(group, []).extend(self._reps.pop(other, []))


def _band_keys(sig: bytes) -> list[bytes]:
    """The LSH bands of a signature (as datasketch's MinHashLSH cuts them), each a bucket key."""
    return [sig[i * _BAND_BYTES:(i + 1) * _BAND_BYTES] for i in range(_BANDS)]


def group_near_duplicates(texts: Mapping[K, str]) -> list[list[K]]:
    """Groups of keys whose texts are near-duplicates, largest first; every key is in exactly one group. Within a
    group keys keep the order of `texts`."""
    grouper: Grouper[K] = Grouper()
    grouper.add(texts)
    groups: dict[K, list[K]] = {}
    for key in texts:
        groups.setdefault(grouper.group_of(key), []).append(key)
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
