"""Standard-as-code: a version to one YAML file and back (format: docs/standard-format.md).

Reading checks everything first (encoding, YAML syntax, the JSON Schema, then cross-references) and returns every
problem with its path; only a file with no problem is written, in one transaction.
"""

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.utils.translation import gettext as _

from assay.domain.scoring.rules import KINDS, PURPOSES, Assurance
from assay.lib import languages

FORMAT = "assay-standard/1"
SCHEMA_PATH = Path(__file__).parent / "schema" / "standard.schema.json"
LANGS = languages.content()


class Problem(str):
    """One problem in a standard file, as "path: message"."""


class StandardFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def load_schema() -> dict[str, Any]:
    """The format's schema, its texts narrowed to the configured languages (the file itself accepts any code)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    text = schema["$defs"]["text"]
    text.pop("patternProperties")
    text["properties"].update({lang: {"type": "string"} for lang in languages.translations()})
    text["properties"]["outdated"]["items"] = {"enum": list(languages.translations())}
    return schema


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _schema_message(error: jsonschema.ValidationError) -> list[tuple[str, str]]:
    """Our own, translatable wording for a schema error, as (path, message) pairs."""
    path = list(error.absolute_path)
    v, arg = error.validator, error.validator_value
    if v == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed) if isinstance(error.instance, dict) else []
        return [(_path([*path, k]), _("unknown key")) for k in extra]
    if v == "required":
        missing = [k for k in arg if isinstance(error.instance, dict) and k not in error.instance]
        return [
            (_path([*path, k]), _("English text is required") if k == "en" else _("is required"))
            for k in missing
        ]
    messages = {
        "minimum": lambda: _("must be ≥ %(n)s") % {"n": arg},
        "maximum": lambda: _("must be ≤ %(n)s") % {"n": arg},
        "minLength": lambda: _("must not be empty") if arg == 1 else _("is too short"),
        "maxLength": lambda: _("must be at most %(n)s characters") % {"n": arg},
        "minItems": lambda: _("must have at least %(n)s item(s)") % {"n": arg},
        "uniqueItems": lambda: _("has repeated items"),
        "pattern": lambda: _("is not in the expected form"),
        "enum": lambda: _("must be one of: %(values)s") % {"values": ", ".join(str(x) for x in arg)},
        "const": lambda: _("must be %(value)s") % {"value": arg},
        "type": lambda: _("must be of type %(type)s")
        % {"type": " or ".join(arg) if isinstance(arg, list) else arg},
    }
    message = messages[v]() if v in messages else error.message
    return [(_path(path), message)]


FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check(raw: bytes) -> tuple[dict[str, Any] | None, list[str]]:
    """Parse and check a standard file; return the data (None if unreadable) and every problem found."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, ["(file): " + _("not UTF-8 text (invalid byte at offset %(offset)s)") % {"offset": exc.start}]
    try:
        try:
            data = yaml.load(text, Loader=FastLoader)
        except yaml.YAMLError:
            data = yaml.safe_load(text)  # the pure-Python parser words its problems as users have seen them
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            _("line %(line)s, column %(column)s") % {"line": mark.line + 1, "column": mark.column + 1}
            if mark
            else ""
        )
        detail = getattr(exc, "problem", None) or str(exc)
        return None, ["(file): " + _("malformed YAML at %(where)s: %(detail)s") % {"where": where, "detail": detail}]
    if not isinstance(data, dict):
        return None, ["(file): " + _("must be a YAML mapping (see docs/standard-format.md)")]

    problems: list[tuple[str, str]] = []
    validator = jsonschema.Draft202012Validator(load_schema())
    for error in validator.iter_errors(data):
        problems.extend(_schema_message(error))
    problems.extend(_cross_checks(data))
    # Sort by path so messages read top to bottom; keep each once.
    unique = sorted(set(problems), key=lambda p: _sort_key(p[0]))
    return data, [f"{path}: {message}" for path, message in unique]


_TOP_ORDER = ("(file)", "format", "standard", "version", "commodities", "rules", "levels", "modules")


def _sort_key(path: str) -> list[Any]:
    """Problems in the order of the file: top-level sections as written, then by index."""
    tokens = [t for t in re.split(r"[\[\].]+", path) if t]
    head = _TOP_ORDER.index(tokens[0]) if tokens and tokens[0] in _TOP_ORDER else len(_TOP_ORDER)
    return [(head, ""), *((int(t), "") if t.isdigit() else (-1, t) for t in tokens[1:])]


def _cross_checks(data: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    modules = data.get("modules") if isinstance(data.get("modules"), list) else []
    module_codes: dict[str, int] = {}
    criterion_codes: dict[str, str] = {}
    criterion_keys: dict[str, str] = {}
    listed = data.get("commodities")
    commodities = [c for c in listed if isinstance(c, str)] if isinstance(listed, list) else []
    for m, module in enumerate(modules):
        if not isinstance(module, dict):
            continue
        code = module.get("code")
        if isinstance(code, str):
            if code in module_codes:
                problems.append((f"modules[{m}].code", _("duplicate module code '%(code)s' (also modules[%(other)s])")
                                 % {"code": code, "other": module_codes[code]}))
            else:
                module_codes[code] = m
        criteria = module.get("criteria") if isinstance(module.get("criteria"), list) else []
        for c, criterion in enumerate(criteria):
            if not isinstance(criterion, dict):
                continue
            here = f"modules[{m}].criteria[{c}]"
            for name, seen, label in (("code", criterion_codes, _("code")), ("key", criterion_keys, _("key"))):
                value = criterion.get(name)
                if not isinstance(value, str):
                    continue
                if value in seen:
                    problems.append((f"{here}.{name}", _("duplicate criterion %(what)s '%(value)s' (also %(other)s)")
                                     % {"what": label, "value": value, "other": seen[value]}))
                else:
                    seen[value] = here
            problems.extend(_criterion_checks(here, criterion))
            problems.extend(_commodity_checks(here, criterion, commodities))
    levels = data.get("levels") if isinstance(data.get("levels"), list) else []
    ranks: dict[int, int] = {}
    for i, level in enumerate(levels):
        if not isinstance(level, dict):
            continue
        rank = level.get("rank")
        if isinstance(rank, int):
            if rank in ranks:
                problems.append((f"levels[{i}].rank", _("duplicate level rank %(rank)s (also levels[%(other)s])")
                                 % {"rank": rank, "other": ranks[rank]}))
            ranks[rank] = i
        requires = level.get("requires") if isinstance(level.get("requires"), dict) else {}
        named = requires.get("module_min") if isinstance(requires.get("module_min"), dict) else {}
        for code in named:
            if str(code) not in module_codes:
                problems.append((f"levels[{i}].requires.module_min.{code}",
                                 _("names unknown module '%(code)s'") % {"code": code}))
    return problems


def _criterion_checks(here: str, criterion: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    kind, tier, points = criterion.get("kind"), criterion.get("tier"), criterion.get("points")
    if kind == "indicator":
        for name in ("unit", "better"):
            if not criterion.get(name):
                problems.append((f"{here}.{name}", _("is required for an indicator")))
    else:
        for name in ("unit", "better"):
            if criterion.get(name):
                problems.append((f"{here}.{name}", _("is only for indicators")))
    if kind in ("gate", "indicator") and isinstance(points, int) and points != 0:
        problems.append((f"{here}.points", _("must be 0 for a %(kind)s") % {"kind": kind}))
    if kind == "mitigation" and tier not in (2, None):
        problems.append((f"{here}.tier", _("a mitigation criterion can only be Tier II")))
    if kind in ("practice", "indicator") and tier == 1:
        problems.append((f"{here}.tier", _("only a gate can be a Tier I red line")))
    return problems


def _commodity_checks(here: str, criterion: dict[str, Any], commodities: list[str]) -> list[tuple[str, str]]:
    """A criterion may name only commodities the version lists: a typo would otherwise make it apply to nobody."""
    named = criterion.get("commodities")
    if not isinstance(named, list):
        return []  # the schema reports it
    listed = ", ".join(commodities) if commodities else _("none")
    return [(f"{here}.commodities[{i}]", _("commodity '%(code)s' is not in the version's commodities (%(listed)s)")
             % {"code": code, "listed": listed})
            for i, code in enumerate(named) if isinstance(code, str) and code not in commodities]


# ---------------------------------------------------------------------------------------------------- export


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _text(obj: Any, field: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lang in LANGS:
        value = getattr(obj, f"{field}_{lang}") or ""
        if value:
            out[lang] = value
    outdated = obj.outdated_languages(field)
    if outdated:
        out["outdated"] = outdated
    return out


def _number(value: Decimal | float | int) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def _assurance(given: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """The version's assurance rules, its defaults written out: a reader of the file sees what applies."""
    assurance = Assurance.from_document(given)
    return {purpose: [k for k in KINDS if k in getattr(assurance, purpose)] for purpose in PURPOSES}


def version_to_data(version: Any) -> dict[str, Any]:
    """The YAML document of a version, as plain data (the same order every time)."""
    standard = version.standard
    data: dict[str, Any] = {
        "format": FORMAT,
        "standard": {"slug": standard.slug, "name": _text(standard, "name")},
        "version": {"label": version.label, "title": _text(version, "title")},
    }
    if version.commodities:  # left out when empty, so a version without commodities exports as it always did
        data["commodities"] = list(version.commodities)
    data["rules"] = {**{name: version.rule(name) for name in ("level_bonus", "cahra_multiplier", "min_interval_days",
                                                              "max_tiers")},
                     "assurance": _assurance(version.rules.get("assurance"))}
    if standard.description_en:
        data["standard"]["description"] = _text(standard, "description")
    if version.summary_en:
        data["version"]["summary"] = _text(version, "summary")
    levels = []
    for level in version.levels.all():
        requires: dict[str, Any] = {}
        if level.all_gates_clear:
            requires["all_gates_clear"] = True
        if level.mitigation_min is not None:
            requires["mitigation_min"] = level.mitigation_min
        if level.overall_min is not None:
            requires["overall_min"] = _number(level.overall_min)
        if level.every_module_min is not None:
            requires["every_module_min"] = _number(level.every_module_min)
        if level.module_min:
            requires["module_min"] = {k: _number(v) for k, v in sorted(level.module_min.items())}
        item: dict[str, Any] = {"rank": level.rank, "code": level.code, "name": _text(level, "name")}
        if level.description_en:
            item["description"] = _text(level, "description")
        item["requires"] = requires
        levels.append(item)
    data["levels"] = levels
    criteria_by_module: dict[int, list[Any]] = {}
    for criterion in version.criteria.order_by("position", "id"):
        criteria_by_module.setdefault(criterion.module_id, []).append(criterion)
    modules = []
    for module in version.modules.all():
        item = {"code": module.code, "oecd_step": module.oecd_step, "theme": module.theme,
                "title": _text(module, "title")}
        if module.intro_en:
            item["intro"] = _text(module, "intro")
        item["criteria"] = [_criterion_data(c) for c in criteria_by_module.get(module.id, [])]
        modules.append(item)
    data["modules"] = modules
    return data


def _criterion_data(c: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "key": c.key, "code": c.code, "kind": c.kind, "tier": c.tier, "points": c.points,
        "na_allowed": c.na_allowed, "applies_to": list(c.applies_to),
    }
    if c.commodities:  # empty: commodity-independent, the key left out
        item["commodities"] = list(c.commodities)
    item.update({"disclosure": c.disclosure, "risk": c.risk, "oecd_step": c.oecd_step})
    if c.risk_area:  # empty: no risk area, the key left out
        item["risk_area"] = c.risk_area
    if c.timeline_months:
        item["timeline_months"] = c.timeline_months
    if c.kind == "indicator":
        item["unit"] = c.unit
        item["better"] = c.better
    item["title"] = _text(c, "title")
    item["text"] = _text(c, "text")
    for name in ("guidance", "evidence"):
        if getattr(c, f"{name}_en"):
            item[name] = _text(c, name)
    return item


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
