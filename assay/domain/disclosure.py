"""The disclosure policy (DESIGN §5): who may see which datum about an actor. One place decides every case.

Pure Python, no Django: the app works out how the viewer stands to the actor the datum is about (a member, a
trading partner, an assessor, the secretariat), and this module says yes or no, and why. Views, the API, exports,
search, charts and e-mails all ask it, through assay.access in the app.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum


class Disclosure(IntEnum):
    """Classes from open to closed; a larger number is more closed."""

    PUBLIC = 0
    NETWORK = 1
    RESTRICTED = 2
    PRIVATE = 3

    @property
    def code(self) -> str:
        """The class as stored and written in standard files: "public", "network", …"""
        return self.name.lower()

    @classmethod
    def parse(cls, value: "str | Disclosure") -> "Disclosure":
        return value if isinstance(value, Disclosure) else cls[str(value).upper()]


class Standing(IntEnum):
    """How a viewer stands to the actor a datum is about. A viewer may hold several at once."""

    MEMBER = 1  # a member of the actor (admin, editor or viewer)
    PARTNER = 2  # a member of an actor with an active direct trading relationship with it
    ASSESSOR = 3  # assessor of one of the actor's assessments
    SECRETARIAT = 4  # the standard body's staff
    COMMITTEE = 5  # a standard committee member (no access to actor data beyond public)
    # a member of a buyer the actor's admin shared one assessment's full report with: that report only, never
    # beyond network data (assay.reporting.actor_report gives it there and nowhere else)
    SHARED = 6
    # a juror of an award, for the candidate's jury pack only, when the candidate consented to share its network
    # data with the jury and the juror declared no conflict with it (assay.awards.pack gives it there, nowhere else)
    JURY = 7


# The whole policy: who may see each class. The guidance page is generated from this table.
WHO_SEES: Mapping[Disclosure, frozenset[Standing]] = {
    Disclosure.PUBLIC: frozenset(Standing),
    Disclosure.NETWORK: frozenset({Standing.MEMBER, Standing.PARTNER, Standing.ASSESSOR, Standing.SECRETARIAT,
                                   Standing.SHARED, Standing.JURY}),
    Disclosure.RESTRICTED: frozenset({Standing.MEMBER, Standing.ASSESSOR, Standing.SECRETARIAT}),
    Disclosure.PRIVATE: frozenset({Standing.MEMBER}),
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def effective_class(default: Disclosure, opened_to: Disclosure | None = None,
                    required_open: Disclosure | None = None) -> Disclosure:
    """The class that applies to a datum.

    `default` comes from the standard (the criterion's class, or the defaults of DESIGN §5); the actor may open
    its own data further (`opened_to`), never close it beyond the default; and where the standard requires a datum
    to be at least this open (`required_open`, e.g. a ranked actor's level must be public), that wins.
    """
    result = default if opened_to is None else min(default, opened_to)
    if required_open is not None:
        result = min(result, required_open)
    return result


def decide(standings: Iterable[Standing], datum: Disclosure) -> Decision:
    """May a viewer with these standings see a datum of this (effective) class?"""
    held = frozenset(standings)
    allowed = WHO_SEES[datum]
    if datum == Disclosure.PUBLIC:
        return Decision(True, "public")
    granting = sorted(held & allowed)
    if granting:
        return Decision(True, f"{datum.name.lower()} data, seen as {granting[0].name.lower()}")
    return Decision(False, f"{datum.name.lower()} data: only " + ", ".join(s.name.lower() for s in sorted(allowed)))


# ------------------------------------------------------------------------------------------- aggregates

@dataclass(frozen=True)
class Cell:
    key: tuple[str, ...]
    contributors: frozenset[str]
    value: float
    shares: Mapping[str, float] = field(default_factory=dict)  # each contributor's part of the value


def suppress(cells: list[Cell], k: int = 5, dominance: float = 0.8) -> set[tuple[str, ...]]:
    """Keys of the cells to hide in a published table of sums or counts.

    Primary suppression: fewer than k contributors, or one contributor holding more than `dominance` of the
    value. Secondary suppression: a hidden cell could be recovered by subtraction from a published total of a row
    or column (the cells that share all of its key but one part) when it is the only hidden cell there; then the
    smallest other cell of that line is hidden too, and so on until no line has a lone hidden cell.
    """
    hidden = {c.key for c in cells if len(c.contributors) < k or _dominated(c, dominance)}
    lines: dict[tuple[int, tuple[str, ...]], list[Cell]] = {}
    for c in cells:
        for i in range(len(c.key)):
            lines.setdefault((i, c.key[:i] + c.key[i + 1:]), []).append(c)
    changed = True
    while changed:
        changed = False
        for members in lines.values():
            if len(members) > 1 and sum(c.key in hidden for c in members) == 1:
                others = sorted((c for c in members if c.key not in hidden), key=lambda c: (c.value, c.key))
                hidden.add(others[0].key)
                changed = True
    return hidden


def _dominated(cell: Cell, dominance: float) -> bool:
    total = sum(cell.shares.values()) if cell.shares else 0
    return bool(total) and max(cell.shares.values()) > dominance * total
