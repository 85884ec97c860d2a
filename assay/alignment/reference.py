"""The OECD reference list and the shipped mappings, read from data/ and checked against their schemas on load."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from assay.standards.yaml_io import _schema_message

HERE = Path(__file__).parent
REFERENCE_FILE = HERE / "data" / "oecd-ddg.yaml"
SCHEMAS = HERE / "schema"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ReferenceDataError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Item:
    """One recommendation of a step, or one risk of Annex II."""

    code: str
    group: str  # "step" or "annex_ii"
    step: int | None
    ref: str
    title: str
    text: str


def validate(data: Any, schema_name: str) -> list[str]:
    """Every problem of `data` against one of our schemas, as "path: message" (the standard file's wording)."""
    schema = json.loads((SCHEMAS / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    for error in jsonschema.Draft202012Validator(schema).iter_errors(data):
        problems += [f"{path}: {message}" for path, message in _schema_message(error)]
    return sorted(problems)


def parse_reference(data: Any) -> list[Item]:
    """The reference items of a loaded reference file; ReferenceDataError lists every problem."""
    problems = validate(data, "reference")
    if not problems:
        seen: set[str] = set()
        for i, item in enumerate(data["items"]):
            if item["code"] in seen:
                problems.append(f"items[{i}].code: duplicate code {item['code']!r}")
            seen.add(item["code"])
            if item["group"] == "step" and "step" not in item:
                problems.append(f"items[{i}].step: a step's recommendation names its step")
    if problems:
        raise ReferenceDataError(problems)
    return [Item(code=i["code"], group=i["group"], step=i.get("step"), ref=i["ref"], title=i["title"],
                 text=" ".join(i["text"].split())) for i in data["items"]]


@cache
def reference() -> tuple[Item, ...]:
    """The shipped reference list (read and checked once per process)."""
    return tuple(parse_reference(yaml.load(REFERENCE_FILE.read_bytes(), Loader=LOADER)))


@cache
def guidance() -> dict[str, str]:
    data = yaml.load(REFERENCE_FILE.read_bytes(), Loader=LOADER)
    return dict(data["guidance"])


def items_by_code() -> dict[str, Item]:
    return {i.code: i for i in reference()}


def parse_mapping(data: Any) -> dict[str, Any]:
    """A shipped mapping checked against its schema and the reference list (items known, each once)."""
    problems = validate(data, "alignment")
    if not problems:
        known = items_by_code()
        for where, ratings in [("ratings", data["ratings"]),
                               *((f"revisions.{label}", r) for label, r in data.get("revisions", {}).items())]:
            seen: set[str] = set()
            for i, rating in enumerate(ratings):
                if rating["item"] not in known:
                    problems.append(f"{where}[{i}].item: unknown reference item {rating['item']!r}")
                if rating["item"] in seen:
                    problems.append(f"{where}[{i}].item: rated twice")
                seen.add(rating["item"])
    if problems:
        raise ReferenceDataError(problems)
    return dict(data)


def shipped_mapping(standard_slug: str) -> dict[str, Any] | None:
    """The mapping shipped for a standard (data/<slug>.yaml), checked; None when there is none."""
    path = HERE / "data" / f"{standard_slug}.yaml"
    if not path.is_file() or not standard_slug.replace("-", "").isalnum():
        return None
    return parse_mapping(yaml.load(path.read_bytes(), Loader=LOADER))
