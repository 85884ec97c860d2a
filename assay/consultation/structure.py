"""A per-process cache of what a submission is checked against: the round (its kind, dates and title), its
questions and the clauses of the version it consults on.

Each use costs one small query that reads the round's `structure_version` (grown by database triggers on every
change of the round or its questions, structure_triggers.py) and the data version (grown by every audited change
of the standards, so also by a change of the clauses); the cached structure is used only while both are the ones
it was read with, otherwise it is read again. A round that does not exist is never cached.

The objects cached are shared by every request of the process (and its threads): read them, never change them.
"""

import threading
from dataclasses import dataclass, field

from django.db import connection

from assay.audit.models import DataVersion
from assay.standards.models import Criterion

from .models import Question, Round

MAX_ROUNDS = 64  # rounds cached per process; the least recently loaded goes first


@dataclass(frozen=True)
class RoundStructure:
    round: Round
    questions: dict[int, Question]  # by id
    clauses: dict[str, Criterion]  # the version's criteria by code (only their id and code are loaded)
    stamp: tuple[int, int]  # (the round's structure version, the data version) it was read at
    criteria: dict[int, Criterion] = field(init=False)  # the same criteria by id

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria", {c.pk: c for c in self.clauses.values()})


_cache: dict[int, RoundStructure] = {}
_lock = threading.Lock()


def _stamp(pk: int) -> tuple[int, int] | None:
    """(the round's structure version, the data version), or None when there is no such round: one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.structure_version, (SELECT d.value FROM {DataVersion._meta.db_table} d WHERE d.id = 1) "
            f"FROM {Round._meta.db_table} r WHERE r.id = %s", [pk])
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), int(row[1] or 0))


def round_structure(pk: int) -> RoundStructure | None:
    """The structure of round `pk` as it is now (None when there is no such round)."""
    stamp = _stamp(pk)
    if stamp is None:
        return None
    cached = _cache.get(pk)
    if cached is not None and cached.stamp == stamp:
        return cached
    # Read after the stamp: a change committed meanwhile makes the data newer than the stamp, never older, so
    # the next request finds another stamp and reads again.
    round_ = Round.objects.filter(pk=pk).first()
    if round_ is None:
        return None
    structure = RoundStructure(
        round=round_, questions={q.pk: q for q in Question.objects.filter(round=round_).order_by()},
        clauses={c.code: c for c in Criterion.objects.filter(version=round_.version_id).only("id", "code")
                 .order_by()},
        stamp=stamp)
    with _lock:
        _cache.pop(pk, None)
        while len(_cache) >= MAX_ROUNDS:
            _cache.pop(next(iter(_cache)))
        _cache[pk] = structure
    return structure


def clear() -> None:
    """Forget every cached structure (tests that need a cold cache)."""
    with _lock:
        _cache.clear()
