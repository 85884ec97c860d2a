"""Redline between two versions of a standard: criteria added, removed, moved, and word-level text changes.

Criteria are matched by their stable key, so a criterion that changed its code or module shows as moved rather
than as one removal and one addition.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

TEXT_FIELDS = ("title", "text", "guidance", "evidence")
ATTRIBUTE_FIELDS = ("kind", "tier", "points", "na_allowed", "applies_to", "disclosure", "risk", "oecd_step",
                    "risk_area")

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class CriterionSnapshot:
    """What the redline needs to know of one criterion in one version."""

    key: str
    code: str
    module: str
    texts: dict[str, str]
    attributes: dict[str, object] = field(default_factory=dict)
    order: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


@dataclass
class CriterionChange:
    status: Literal["added", "removed", "kept"]
    old: CriterionSnapshot | None
    new: CriterionSnapshot | None
    moved: bool = False
    text_diffs: dict[str, list[Segment]] = field(default_factory=dict)
    attribute_changes: dict[str, tuple[object, object]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.text_diffs or self.attribute_changes)

    @property
    def is_noteworthy(self) -> bool:
        return self.status != "kept" or self.moved or self.changed


def word_diff(old: str, new: str) -> list[Segment]:
    """Word-level diff of two texts, as runs of equal, deleted and inserted text (whitespace kept)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


def compare(old: list[CriterionSnapshot], new: list[CriterionSnapshot]) -> list[CriterionChange]:
    """Every criterion of either version with what happened to it, in the new version's order.

    Removed criteria follow the criterion that preceded them in the old version, so the redline reads in place.
    """
    old_by_key = {c.key: c for c in old}
    new_keys = {c.key for c in new}
    changes: dict[str, CriterionChange] = {}
    for n in sorted(new, key=lambda c: c.order):
        o = old_by_key.get(n.key)
        if o is None:
            changes[n.key] = CriterionChange("added", None, n)
            continue
        change = CriterionChange("kept", o, n, moved=(o.code, o.module) != (n.code, n.module))
        for name in TEXT_FIELDS:
            before, after = o.texts.get(name, ""), n.texts.get(name, "")
            if before != after:
                change.text_diffs[name] = word_diff(before, after)
        for name in ATTRIBUTE_FIELDS:
            if o.attributes.get(name) != n.attributes.get(name):
                change.attribute_changes[name] = (o.attributes.get(name), n.attributes.get(name))
        changes[n.key] = change

    ordered = list(changes.values())
    previous_key: str | None = None
    for o in sorted(old, key=lambda c: c.order):
        if o.key not in new_keys:
            removal = CriterionChange("removed", o, None)
            at = next((i + 1 for i, ch in enumerate(ordered) if previous_key and _key(ch) == previous_key), 0)
            ordered.insert(at, removal)
        previous_key = o.key
    return ordered


def _key(change: CriterionChange) -> str:
    snapshot = change.new or change.old
    assert snapshot is not None
    return snapshot.key


def summary(changes: list[CriterionChange]) -> dict[str, int]:
    """Counts for a redline's heading."""
    return {
        "added": sum(c.status == "added" for c in changes),
        "removed": sum(c.status == "removed" for c in changes),
        "moved": sum(c.moved for c in changes),
        "changed": sum(c.status == "kept" and c.changed for c in changes),
    }
