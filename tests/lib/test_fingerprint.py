"""A document's fingerprint depends on its content only: not on the order its keys were built in."""

import hashlib
import random

from hypothesis import given
from hypothesis import strategies as st

from assay.lib.fingerprint import canonical_json, fingerprint

values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                   st.text(max_size=20))
contents = st.dictionaries(st.text(max_size=10), values, max_size=12)


@given(contents, st.randoms())
def test_the_order_of_the_keys_does_not_count(content, rng: random.Random):
    items = list(content.items())
    rng.shuffle(items)
    assert fingerprint(dict(items)) == fingerprint(content)


@given(contents)
def test_it_is_the_sha256_of_the_canonical_json(content):
    digest = fingerprint(content)
    assert digest == hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest() and len(digest) == 64


@given(contents, st.text(max_size=10), values)
def test_a_changed_value_changes_it(content, key, value):
    changed = {**content, key: value}
    if changed != content:
        assert fingerprint(changed) != fingerprint(content)
