"""Labels that are translated when they are shown, not when the figures are computed.

The impact report's figures are computed once after each change (reporting.summaries) and shown in every language
of the site: its titles, column heads and row labels are built from these instead of `gettext`, kept as JSON with
the figures, and turned into text in the reader's language by `text()`. The msgids stay in the catalogues: the
builders call this module's `_`, which `makemessages` reads as it reads gettext's.
"""

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import get_language, gettext


class Label:
    """A msgid, formatted with its (label or plain) parameters when shown."""

    def __init__(self, msgid: str, params: dict[str, Any] | None = None) -> None:
        self.msgid, self.params = msgid, params or {}

    def __mod__(self, params: dict[str, Any]) -> "Label":
        return Label(self.msgid, params)

    def __add__(self, other: "Label | str") -> "Joined":
        return Joined([self, other])

    def __str__(self) -> str:
        message = gettext(self.msgid)
        return message % {k: text(v) for k, v in self.params.items()} if self.params else message

    def __repr__(self) -> str:
        return f"Label({self.msgid!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Label) and (self.msgid, self.params) == (other.msgid, other.params)

    __hash__ = None  # type: ignore[assignment]


class Joined:
    """Parts shown one after the other (a code, a title, a unit)."""

    def __init__(self, parts: list[Any]) -> None:
        self.parts = parts

    def __add__(self, other: Any) -> "Joined":
        return Joined([*self.parts, other])

    def __str__(self) -> str:
        return "".join(text(p) for p in self.parts)


class Content:
    """A per-language content field (modeltranslation's columns): the reader's language, else English."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def __str__(self) -> str:
        lang = (get_language() or "en")[:2]
        return self.values.get(lang) or self.values.get("en") or ""


class Choice:
    """The label of a choice (OecdStep, RiskArea), capitalised or not."""

    def __init__(self, choices: str, value: Any, cap: bool = False) -> None:
        self.choices, self.value, self.cap = choices, value, cap

    def __str__(self) -> str:
        shown = str(dict(CHOICES[self.choices]().choices)[self.value])
        return shown.capitalize() if self.cap else shown


class Unit:
    """A unit as the reader's language writes it."""

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def __str__(self) -> str:
        from assay.standards.units import unit_label

        return unit_label(self.unit)


def _oecd_step() -> Any:
    from assay.standards.models import OecdStep

    return OecdStep


def _risk_area() -> Any:
    from assay.standards.models import RiskArea

    return RiskArea


CHOICES = {"oecd_step": _oecd_step, "risk_area": _risk_area}


def _(msgid: str) -> Label:
    return Label(msgid)


def text(value: Any) -> Any:
    """A label as text in the active language; anything else as it is."""
    return str(value) if isinstance(value, Label | Joined | Content | Choice | Unit) else value


def capitalised(value: Any) -> Any:
    return capfirst(text(value))


# ---------------------------------------------------------------------------------------------------- JSON

def dump(value: Any) -> Any:
    """`value` (labels, dates, tuples, dicts and lists of them) as JSON-ready data."""
    from datetime import date

    if isinstance(value, Label):
        return {"$l": value.msgid, "p": {k: dump(v) for k, v in value.params.items()}}
    if isinstance(value, Joined):
        return {"$j": [dump(p) for p in value.parts]}
    if isinstance(value, Content):
        return {"$c": value.values}
    if isinstance(value, Choice):
        return {"$o": value.choices, "v": value.value, "cap": value.cap}
    if isinstance(value, Unit):
        return {"$u": value.unit}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    return value


def load(value: Any) -> Any:
    """What `dump` made, back (tuples come back as lists)."""
    from datetime import date

    if isinstance(value, list):
        return [load(v) for v in value]
    if isinstance(value, dict):
        if "$l" in value:
            return Label(value["$l"], {k: load(v) for k, v in value["p"].items()})
        if "$j" in value:
            return Joined([load(p) for p in value["$j"]])
        if "$c" in value:
            return Content(value["$c"])
        if "$o" in value:
            return Choice(value["$o"], value["v"], value["cap"])
        if "$u" in value:
            return Unit(value["$u"])
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        return {k: load(v) for k, v in value.items()}
    return value
