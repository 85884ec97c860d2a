"""Standard-as-code: the round trip, and every kind of bad file reported with its path while nothing is written."""

import pytest
import yaml

from assay.audit.models import AuditRecord
from assay.standards import services, yaml_io
from assay.standards.models import Criterion, Module, Standard, StandardVersion

pytestmark = pytest.mark.django_db


def dump(data) -> bytes:
    return yaml_io.dump(data).encode()


def import_problems(raw: bytes) -> list[str]:
    """Import a file expected to fail; check that nothing was written and return the problems."""
    counts = (Standard.objects.count(), StandardVersion.objects.count(), Module.objects.count(),
              Criterion.objects.count(), AuditRecord.objects.count())
    with pytest.raises(yaml_io.StandardFileError) as err:
        services.version_import(actor=None, raw=raw)
    assert counts == (Standard.objects.count(), StandardVersion.objects.count(), Module.objects.count(),
                      Criterion.objects.count(), AuditRecord.objects.count())
    return err.value.problems


def test_export_import_export_is_byte_identical(version):
    first = services.version_export(version)
    data = yaml.safe_load(first)
    data["version"]["label"] = "copy"
    again = services.version_import(actor=None, raw=first.replace("label: '0.1'", "label: copy").encode())
    second = services.version_export(again)
    assert second == first.replace("label: '0.1'", "label: copy")


def test_the_shipped_demo_file_is_in_export_form(version, demo_bytes):
    assert services.version_export(version).encode() == demo_bytes


def test_outdated_translations_survive_the_round_trip(standard_data):
    criterion = standard_data["modules"][0]["criteria"][0]
    criterion["text"]["outdated"] = ["es"]
    version = services.version_import(actor=None, raw=dump(standard_data))
    stored = Criterion.objects.get(version=version, key=criterion["key"])
    assert stored.outdated_languages("text") == ["es"] and stored.tr_status_es == "outdated"
    assert yaml.safe_load(services.version_export(version))["modules"][0]["criteria"][0]["text"]["outdated"] == ["es"]


def test_import_counts_the_demo_standard(version):
    assert version.modules.count() == 12
    assert 40 <= version.criteria.count() <= 60
    assert version.levels.count() == 4


def test_malformed_yaml_is_reported_with_its_line():
    problems = import_problems(b"format: assay-standard/1\nmodules: [unclosed\n")
    assert len(problems) == 1 and problems[0].startswith("(file): malformed YAML at line 3")


def test_a_file_that_is_not_utf8_is_refused(demo_bytes):
    raw = demo_bytes.replace("Entrée".encode(), "Entrée".encode("latin-1"), 1)
    problems = import_problems(raw)
    assert len(problems) == 1 and "not UTF-8 text (invalid byte at offset" in problems[0]


def test_unknown_keys_are_reported_with_their_path(standard_data):
    standard_data["modules"][2]["criteria"][4]["colour"] = "red"
    standard_data["rules"]["bonus"] = 3
    assert import_problems(dump(standard_data)) == [
        "rules.bonus: unknown key",
        "modules[2].criteria[4].colour: unknown key",
    ]


def test_duplicate_codes_and_keys_are_reported(standard_data):
    first, second = standard_data["modules"][0]["criteria"][:2]
    second["code"] = first["code"]
    standard_data["modules"][3]["criteria"][0]["key"] = first["key"]
    standard_data["modules"][1]["code"] = standard_data["modules"][0]["code"]
    problems = import_problems(dump(standard_data))
    assert f"modules[0].criteria[1].code: duplicate criterion code '{first['code']}' (also modules[0].criteria[0])" \
        in problems
    assert f"modules[3].criteria[0].key: duplicate criterion key '{first['key']}' (also modules[0].criteria[0])" \
        in problems
    assert "modules[1].code: duplicate module code '1' (also modules[0])" in problems


def test_missing_english_text_is_reported(standard_data):
    del standard_data["modules"][1]["criteria"][2]["text"]["en"]
    standard_data["modules"][0]["title"]["en"] = ""
    assert import_problems(dump(standard_data)) == [
        "modules[0].title.en: must not be empty",
        "modules[1].criteria[2].text.en: English text is required",
    ]


def test_a_level_naming_an_unknown_module_is_reported(standard_data):
    standard_data["levels"][1]["requires"]["module_min"] = {"1": 30, "42": 50}
    assert import_problems(dump(standard_data)) == ["levels[1].requires.module_min.42: names unknown module '42'"]


def test_negative_points_are_reported(standard_data):
    standard_data["modules"][4]["criteria"][4]["points"] = -1
    assert import_problems(dump(standard_data)) == ["modules[4].criteria[4].points: must be ≥ 0"]


def test_every_problem_is_reported_at_once(standard_data):
    standard_data["modules"][0]["criteria"][0]["points"] = -5
    standard_data["modules"][0]["criteria"][1]["kind"] = "wish"
    standard_data["modules"][4]["oecd_step"] = 6
    del standard_data["version"]["title"]
    problems = import_problems(dump(standard_data))
    assert problems == [
        "version.title: is required",
        "modules[0].criteria[0].points: must be ≥ 0",
        "modules[0].criteria[1].kind: must be one of: gate, mitigation, practice, indicator",
        "modules[4].oecd_step: must be ≤ 5",
    ]


def test_an_indicator_needs_a_unit_and_a_gate_no_points(standard_data):
    indicator = next(c for m in standard_data["modules"] for c in m["criteria"] if c["kind"] == "indicator")
    del indicator["unit"]
    gate = standard_data["modules"][2]["criteria"][0]
    gate["points"] = 3
    problems = import_problems(dump(standard_data))
    assert "modules[2].criteria[0].points: must be 0 for a gate" in problems
    assert any(p.endswith(".unit: is required for an indicator") for p in problems)


def test_importing_an_existing_label_is_refused(version, demo_bytes):
    assert import_problems(demo_bytes) == ["version.label: version 0.1 of mes already exists"]


def test_a_file_that_is_not_a_mapping_is_refused():
    assert import_problems(b"- just\n- a list\n") == ["(file): must be a YAML mapping (see docs/standard-format.md)"]


def test_problems_are_translated(standard_data):
    from django.utils import translation

    standard_data["modules"][4]["criteria"][4]["points"] = -1
    with translation.override("fr"):
        problems = import_problems(dump(standard_data))
    assert problems[0].startswith("modules[4].criteria[4].points: ") and "≥ 0" in problems[0]
    assert "must be" not in problems[0]


def test_the_commands_export_and_import(tmp_path, version):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "mes.yaml"
    call_command("standard_export", "mes", "0.1", "-o", str(out))
    assert out.read_bytes() == services.version_export(version).encode()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("standard_import", str(out))
    out.write_text(out.read_text(encoding="utf-8").replace("label: '0.1'", "label: '0.9'"), encoding="utf-8")
    call_command("standard_import", str(out))
    assert StandardVersion.objects.filter(label="0.9").exists()


def test_the_json_schema_is_valid_and_accepts_the_demo_file(demo_data):
    import jsonschema

    schema = yaml_io.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(demo_data)) == []


# ------------------------------------------------------------------------------------------------ commodities

COMMODITIES = ["gold", "tin", "tantalum", "tungsten", "cobalt", "gemstones"]


def without_commodities(data: dict) -> dict:
    """The demo standard as if it covered no commodity: no version list, every criterion commodity-independent."""
    data.pop("commodities", None)
    for module in data["modules"]:
        for criterion in module["criteria"]:
            criterion.pop("commodities", None)
    return data


def with_commodities(data: dict) -> dict:
    """The demo standard covering the four commodity groups, two of its criteria (and no other) commodity-specific."""
    data = without_commodities(data)
    out = {k: data[k] for k in ("format", "standard", "version")}
    out["commodities"] = list(COMMODITIES)
    out.update({k: v for k, v in data.items() if k not in out})
    out["modules"][1]["criteria"][0]["commodities"] = ["gold"]
    out["modules"][1]["criteria"][1]["commodities"] = ["tin", "tantalum", "tungsten"]
    return out


def test_commodities_are_stored_and_round_trip(standard_data):
    data = with_commodities(standard_data)
    version = services.version_import(actor=None, raw=dump(data))
    assert version.commodities == COMMODITIES
    first, second = data["modules"][1]["criteria"][:2]
    assert Criterion.objects.get(version=version, key=first["key"]).commodities == ["gold"]
    assert Criterion.objects.get(version=version, key=second["key"]).commodities == ["tin", "tantalum", "tungsten"]
    assert Criterion.objects.filter(version=version, commodities=[]).count() == version.criteria.count() - 2
    exported = services.version_export(version)
    again = services.version_import(actor=None, raw=exported.replace("label: '0.1'", "label: copy").encode())
    assert services.version_export(again) == exported.replace("label: '0.1'", "label: copy")
    reread = yaml.safe_load(exported)
    assert list(reread)[:5] == ["format", "standard", "version", "commodities", "rules"]
    assert reread["modules"][1]["criteria"][0]["commodities"] == ["gold"]
    assert "commodities" not in reread["modules"][0]["criteria"][0]  # commodity-independent: left out


def test_the_scoring_rules_read_the_commodities(standard_data):
    from assay.domain.scoring import Rules

    version = services.version_import(actor=None, raw=dump(with_commodities(standard_data)))
    rules = Rules.from_document(yaml_io.version_to_data(version))
    assert rules.commodities == tuple(COMMODITIES)
    code = standard_data["modules"][1]["criteria"][0]["code"]
    assert rules.by_code[code].commodities == frozenset({"gold"})


def test_a_criterion_commodity_not_in_the_version_list_is_refused(standard_data):
    data = with_commodities(standard_data)
    data["commodities"] = ["gold", "cobalt"]
    data["modules"][3]["criteria"][0]["commodities"] = ["cobalt", "gemstones"]
    assert import_problems(dump(data)) == [
        "modules[1].criteria[1].commodities[0]: commodity 'tin' is not in the version's commodities (gold, cobalt)",
        "modules[1].criteria[1].commodities[1]: commodity 'tantalum' is not in the version's commodities "
        "(gold, cobalt)",
        "modules[1].criteria[1].commodities[2]: commodity 'tungsten' is not in the version's commodities "
        "(gold, cobalt)",
        "modules[3].criteria[0].commodities[1]: commodity 'gemstones' is not in the version's commodities "
        "(gold, cobalt)",
    ]


def test_a_criterion_commodity_without_a_version_list_is_refused(standard_data):
    standard_data = without_commodities(standard_data)
    standard_data["modules"][0]["criteria"][0]["commodities"] = ["gold"]
    assert import_problems(dump(standard_data)) == [
        "modules[0].criteria[0].commodities[0]: commodity 'gold' is not in the version's commodities (none)"]


def test_commodity_codes_are_lower_case_slugs_listed_once(standard_data):
    data = with_commodities(standard_data)
    data["commodities"] = ["gold", "Tin", "gold"]
    data["modules"][1]["criteria"][1]["commodities"] = ["gold"]
    data["modules"][2]["criteria"][0]["commodities"] = "gold"
    problems = import_problems(dump(data))
    assert "commodities: has repeated items" in problems
    assert "commodities[1]: is not in the expected form" in problems
    assert "modules[2].criteria[0].commodities: must be of type array" in problems


def test_the_commodity_problem_is_translated(standard_data):
    from django.utils import translation

    standard_data = without_commodities(standard_data)
    standard_data["modules"][0]["criteria"][0]["commodities"] = ["gold"]
    for lang, words in (("fr", "ne figure pas"), ("es", "no figura")):
        with translation.override(lang):
            problems = import_problems(dump(standard_data))
        assert problems[0].startswith("modules[0].criteria[0].commodities[0]: ") and words in problems[0]


def test_risk_areas_are_stored_and_round_trip(version):
    areas = dict(Criterion.objects.filter(version=version).values_list("code", "risk_area"))
    # every Annex II risk is addressed by the demo standard; management criteria address none
    assert {areas["3.2"], areas["3.6"], areas["4.1"], areas["4.3"], areas["4.4"], areas["4.5"]} == {
        "serious_abuses", "armed_groups", "security_forces", "bribery_origin", "money_laundering", "taxes"}
    assert areas["1.1"] == "" and areas["6.1"] == "mercury"
    exported = yaml.safe_load(services.version_export(version))
    first = exported["modules"][0]["criteria"][0]
    assert "risk_area" not in first and exported["modules"][3]["criteria"][0]["risk_area"] == "security_forces"


def test_an_unknown_risk_area_is_reported(standard_data):
    standard_data["modules"][3]["criteria"][1]["risk_area"] = "piracy"
    assert any(p.startswith("modules[3].criteria[1].risk_area: ") for p in import_problems(dump(standard_data)))
