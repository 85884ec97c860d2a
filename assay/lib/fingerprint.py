"""A document's fingerprint: SHA-256 of its canonical JSON, so the same content always gives the same 64 hex digits
whatever the order its keys were built in, the machine or the language of the page that printed it."""

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def canonical_json(content: Mapping[str, Any]) -> str:
    """Keys sorted, no spaces, UTF-8 text as itself; a float is written as Python writes it (shortest repr), so
    round it first where the source may differ in the last bits."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def fingerprint(content: Mapping[str, Any]) -> str:
    """The SHA-256 of the canonical JSON of `content`, in hex."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
