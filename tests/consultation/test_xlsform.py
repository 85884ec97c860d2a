"""The XLSForm of a round for offline collection, and reading its KoboToolbox / ODK Central exports back."""

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from assay.consultation import services
from assay.consultation.models import Comment
from assay.consultation.xlsform import RowError, Submission, build_xlsform, read_submissions
from assay.standards.models import Criterion
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
XF = "{http://www.w3.org/2002/xforms}"
FR, ES, EN, PT = "Français (fr)", "Español (es)", "English (en)", "Português (pt)"


@pytest.fixture
def r(demo):
    """A round with a question of each answer type; the scale question has no French or Spanish text."""
    round_ = RoundFactory(version=demo[1], title="Pilot sites", title_fr="Sites pilotes", title_es="Sitios piloto")
    clause = Criterion.objects.get(version=demo[1], code="1.4")
    q = SimpleNamespace(round=round_)
    q.text = QuestionFactory(
        round=round_, position=0, answer_type="text", sectors=["asm"], text_en="What would stop you?",
        text_fr="Qu'est-ce qui vous en empêcherait ?", text_es="¿Qué se lo impediría?")
    q.yes_no = QuestionFactory(
        round=round_, position=1, answer_type="yes_no", sectors=["asm", "trade"], criterion=clause,
        text_en="Are the red lines clear?", text_fr="Les lignes rouges sont-elles claires ?",
        text_es="¿Son claras las líneas rojas?")
    q.scale = QuestionFactory(round=round_, position=2, answer_type="scale",
                              text_en="Would the score help you engage? (1 = not at all, 5 = very)")
    q.single = QuestionFactory(
        round=round_, position=3, answer_type="single", sectors=["brands"], text_en="Which multiplier?",
        text_fr="Quel coefficient ?", text_es="¿Qué multiplicador?", choices_en="1.25\n1.5\nNo multiplier",
        choices_fr="1,25\n1,5\nAucun coefficient", choices_es="1,25\n1,5\nNingún multiplicador")
    q.multiple = QuestionFactory(
        round=round_, position=4, answer_type="multiple", text_en="Which languages?",
        text_fr="Quelles langues ?", text_es="¿Qué idiomas?", choices_en="French\nSpanish\nSwahili",
        choices_fr="Français\nEspagnol\nSwahili", choices_es="Francés\nEspañol\nSuajili")
    return q


def xform_of(tmp_path, data: bytes) -> tuple[str, list[str]]:
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    warnings: list[str] = []
    return convert(xlsform=str(path), warnings=warnings, validate=False).xform, warnings


def itext(xform: str) -> dict[str, dict[str, str]]:
    """Each translation's texts by id, e.g. {"Français (fr)": {"/data/g_2/q_2:label": "…"}}."""
    root = ET.fromstring(xform)
    return {t.get("lang"): {text.get("id"): "".join(text.find(f"{XF}value").itertext())
                            for text in t.iter(f"{XF}text")} for t in root.iter(f"{XF}translation")}


def sheet(data: bytes, name: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[name].values)


def choice_names(form: bytes) -> dict[str, dict[str, str]]:
    """The choices the built form defines: list name → English label → name, as a device would record them."""
    rows = sheet(form, "choices")
    head = rows[0]
    names: dict[str, dict[str, str]] = {}
    for row in rows[1:]:
        record = dict(zip(head, row, strict=True))
        names.setdefault(record["list_name"], {})[record[f"label::{EN}"]] = record["name"]
    return names


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def kobo_header(q) -> list[str]:
    """A KoboToolbox "XML values and headers" export with groups in the headers, split select_multiple columns
    and Kobo's meta columns."""
    multiple = f"g_{q.multiple.pk}/q_{q.multiple.pk}"
    return ["start", "end", "respondent/name", "respondent/email", "respondent/organisation", "respondent/sector",
            "respondent/country", "respondent/language", "respondent/consent", "assay_form", f"q_{q.text.pk}",
            *(f"g_{x.pk}/q_{x.pk}{suffix}" for x in (q.yes_no, q.scale, q.single) for suffix in ("", "_comment")),
            multiple, f"{multiple}_comment", f"{multiple}/first", f"{multiple}/third", "clause", "clause_comment",
            "general", "meta/instanceID", "__version__", "_id", "_uuid", "_submission_time", "_validation_status",
            "_index"]


def kobo_row(q, names: dict[str, dict[str, str]], **changes: object) -> list[object]:
    single, multiple = names[f"q_{q.single.pk}"], names[f"q_{q.multiple.pk}"]
    values: dict[str, object] = {
        "start": "2026-03-01T10:02:11.000+02:00", "end": "2026-03-01T10:22:31.123+02:00",
        "respondent/name": "Jean Mukendi", "respondent/email": "", "respondent/organisation": "Coopérative Kamituga",
        "respondent/sector": "asm", "respondent/country": "CD", "respondent/language": "fr",
        "respondent/consent": "named", "assay_form": f"assay_round_{q.round.pk}",
        f"q_{q.text.pk}": "Le coût des audits.",
        f"g_{q.yes_no.pk}/q_{q.yes_no.pk}": "yes", f"g_{q.yes_no.pk}/q_{q.yes_no.pk}_comment": "Sauf la 3.2.",
        f"g_{q.scale.pk}/q_{q.scale.pk}": 4,  # a number, as a spreadsheet keeps "4"
        f"g_{q.single.pk}/q_{q.single.pk}": single["1.5"],
        f"g_{q.multiple.pk}/q_{q.multiple.pk}": f"{multiple['Swahili']} {multiple['French']}",
        f"g_{q.multiple.pk}/q_{q.multiple.pk}/first": 1, f"g_{q.multiple.pk}/q_{q.multiple.pk}/third": 1,
        "clause": "1.4", "clause_comment": "Ajouter les plaintes anonymes.", "general": "Merci.\nÀ bientôt.",
        "meta/instanceID": "uuid:6f1c0d2e-1111-4a5b-9c3d-000000000001", "__version__": "vGqz6Jk3fQ",
        "_id": 101, "_uuid": "6f1c0d2e-1111-4a5b-9c3d-000000000001",
        "_submission_time": datetime(2026, 3, 2, 8, 0), "_validation_status": "", "_index": 1,
    }
    values.update(changes)
    return [values.get(column, "") for column in kobo_header(q)]


def expected_first(q, row: int = 2) -> Submission:
    return Submission(
        row=row, key="uuid:6f1c0d2e-1111-4a5b-9c3d-000000000001",
        respondent={"name": "Jean Mukendi", "email": "", "organisation": "Coopérative Kamituga", "sector": "asm",
                    "country": "CD", "language": "fr", "consent": "named"},
        answers={q.text.pk: {"value": "", "text": "Le coût des audits."},
                 q.yes_no.pk: {"value": "yes", "text": "Sauf la 3.2."},
                 q.scale.pk: {"value": "4", "text": ""},
                 q.single.pk: {"value": "1.5", "text": ""},
                 q.multiple.pk: {"value": "French\nSwahili", "text": ""}},
        general="Merci.\nÀ bientôt.", clauses={"1.4": "Ajouter les plaintes anonymes."},
        collected_at=datetime(2026, 3, 1, 10, 22, 31, 123000, tzinfo=timezone(timedelta(hours=2))))


# The form


def test_the_form_converts_with_pyxform_and_holds_every_question(r, tmp_path):
    xform, warnings = xform_of(tmp_path, build_xlsform(r.round, "en"))
    assert warnings == []
    instance = ET.fromstring(xform).find(f".//{XF}instance/{XF}data")
    assert instance.get("id") == f"assay_round_{r.round.pk}"
    fields = {element.tag.removeprefix(XF) for element in instance.iter()}
    assert {"name", "email", "organisation", "sector", "country", "language", "consent", "general", "clause",
            "clause_comment", "assay_form", "end"} <= fields
    assert f"q_{r.text.pk}" in fields and f"q_{r.text.pk}_comment" not in fields
    for question in (r.yes_no, r.scale, r.single, r.multiple):
        assert {f"q_{question.pk}", f"q_{question.pk}_comment"} <= fields
    assert f'<select ref="/data/g_{r.multiple.pk}/q_{r.multiple.pk}">' in xform
    assert f'<select1 ref="/data/g_{r.single.pk}/q_{r.single.pk}">' in xform
    assert "instance('scale')" in xform and "instance('yes_no')" in xform
    assert "<assay_form/>" in xform and f"'assay_round_{r.round.pk}'" in xform


def test_labels_come_in_french_and_spanish_with_the_form_opening_in_the_language_asked(r, tmp_path):
    xform, _warnings = xform_of(tmp_path, build_xlsform(r.round, "fr"))
    texts = itext(xform)
    assert set(texts) == {EN, FR, ES, PT}  # every language of the settings the round is in
    default = [t.get("lang") for t in ET.fromstring(xform).iter(f"{XF}translation") if t.get("default")]
    assert default == [FR]
    yes_no = f"/data/g_{r.yes_no.pk}/q_{r.yes_no.pk}"
    assert texts[FR][f"{yes_no}:label"] == "Les lignes rouges sont-elles claires ?"
    assert texts[ES][f"{yes_no}:label"] == "¿Son claras las líneas rojas?"
    assert texts[EN][f"{yes_no}:label"] == "Are the red lines clear?"
    assert texts[PT][f"{yes_no}:label"] == "Are the red lines clear?"  # no Portuguese text: English, as the site
    assert texts[FR][f"{yes_no}:hint"] == "Destinée à: producteurs EMAPE, négociants et exportateurs"
    assert texts[ES][f"{yes_no}:hint"] == "Dirigida a: productores MAPE, comerciantes y exportadores"
    scale = f"/data/g_{r.scale.pk}/q_{r.scale.pk}"
    assert texts[FR][f"{scale}:label"] == r.scale.text_en  # no French text: English, as the site shows it
    assert f"{scale}:hint" not in texts[FR]  # aimed at every sector, so no sectors named
    assert texts[FR]["/data/general:label"] == "Commentaire général"
    assert texts[FR]["/data/respondent:label"] == "Participer"
    multiple_labels = {texts[lang][key] for lang in (FR, ES) for key in texts[lang] if key.startswith("q_")}
    assert {"Français", "Espagnol", "Francés", "Suajili", "Aucun coefficient", "Ningún multiplicador"} \
        <= multiple_labels
    title = ET.fromstring(xform).find(".//{http://www.w3.org/1999/xhtml}title").text
    assert title == "Sites pilotes"


def test_settings_name_the_round_and_version_the_content(r):
    first = build_xlsform(r.round, "es")
    settings = dict(zip(*sheet(first, "settings"), strict=True))
    assert settings["form_id"] == f"assay_round_{r.round.pk}"
    assert settings["default_language"] == ES and settings["form_title"] == "Sitios piloto"
    again = dict(zip(*sheet(build_xlsform(r.round, "es"), "settings"), strict=True))
    assert again["version"] == settings["version"]
    r.yes_no.text_es = "¿Están claras las líneas rojas?"
    r.yes_no.save()
    changed = dict(zip(*sheet(build_xlsform(r.round, "es"), "settings"), strict=True))
    assert changed["version"] != settings["version"] and changed["form_id"] == settings["form_id"]
    with pytest.raises(ValueError):
        build_xlsform(r.round, "de")


def test_a_question_quoting_a_field_reference_or_a_formula_still_converts(r, tmp_path):
    odd = QuestionFactory(round=r.round, position=5, answer_type="single", text_en="Cost in ${currency}?",
                          choices_en="=2\n3")
    data = build_xlsform(r.round, "en")
    xform, warnings = xform_of(tmp_path, data)
    assert warnings == [] and f"q_{odd.pk}" in xform
    assert itext(xform)[EN][f"/data/g_{odd.pk}/q_{odd.pk}:label"] == "Cost in $ {currency}?"
    assert "=2" in choice_names(data)[f"q_{odd.pk}"]


# Reading submissions back


def test_a_kobo_xlsx_export_reads_back(r):
    names = choice_names(build_xlsform(r.round, "fr"))
    second = kobo_row(r, names, **{"respondent/name": "Ana Quispe", "respondent/organisation": "",
                                   "respondent/sector": "civil_society", "respondent/country": "pe",
                                   "respondent/language": "es", "respondent/consent": "anonymous",
                                   f"q_{r.text.pk}": "", f"g_{r.yes_no.pk}/q_{r.yes_no.pk}": "",
                                   f"g_{r.yes_no.pk}/q_{r.yes_no.pk}_comment": "",
                                   f"g_{r.scale.pk}/q_{r.scale.pk}": "",
                                   f"g_{r.scale.pk}/q_{r.scale.pk}_comment": "Depende.",
                                   f"g_{r.single.pk}/q_{r.single.pk}": "",
                                   f"g_{r.multiple.pk}/q_{r.multiple.pk}": "", "clause": "", "clause_comment": "",
                                   "end": "", "meta/instanceID": "", "_uuid": "0a0b0c0d-2222"})
    data = xlsx([kobo_header(r), kobo_row(r, names), [None] * 5, second])
    submissions, errors = read_submissions(data, "kobo.xlsx", r.round)
    assert errors == []
    assert submissions == [expected_first(r), Submission(
        row=4, key="uuid:0a0b0c0d-2222",
        respondent={"name": "Ana Quispe", "email": "", "organisation": "", "sector": "civil_society",
                    "country": "PE", "language": "es", "consent": "anonymous"},
        answers={r.scale.pk: {"value": "", "text": "Depende."}}, general="Merci.\nÀ bientôt.")]


@pytest.mark.parametrize("dialect", ["odk_central", "kobo"])
def test_a_csv_export_reads_back(r, dialect):
    names = choice_names(build_xlsform(r.round, "en"))
    values = dict(zip(kobo_header(r), kobo_row(r, names), strict=True))
    if dialect == "odk_central":  # "-" between group and field, its own meta columns, commas
        header = ["SubmissionDate", *(h.replace("/", "-") for h in kobo_header(r) if not h.startswith("_")),
                  "KEY", "SubmitterID", "SubmitterName", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
        values = {h.replace("/", "-"): v for h, v in values.items()}
        values.update(SubmissionDate="2026-03-02T08:00:00.000Z", KEY=values["meta-instanceID"], Edits=0)
        delimiter, encoding = ",", "utf-8"
    else:  # Kobo writes semicolons, and spreadsheets that save CSV add a byte-order mark
        header, delimiter, encoding = kobo_header(r), ";", "utf-8-sig"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerow([values.get(h, "") for h in header])
    submissions, errors = read_submissions(out.getvalue().encode(encoding), "export.csv", r.round)
    assert errors == []
    assert submissions == [expected_first(r)]


def test_every_bad_field_of_every_bad_row_is_reported(r):
    names = choice_names(build_xlsform(r.round, "en"))
    multiple = names[f"q_{r.multiple.pk}"]
    header = [*kobo_header(r), "q_999"]
    yes_no, scale = f"g_{r.yes_no.pk}/q_{r.yes_no.pk}", f"g_{r.scale.pk}/q_{r.scale.pk}"
    single, multi = f"g_{r.single.pk}/q_{r.single.pk}", f"g_{r.multiple.pk}/q_{r.multiple.pk}"
    rows = [
        [*kobo_row(r, names), ""],  # row 2: fine
        [*kobo_row(r, names, **{
            "respondent/name": "", "respondent/email": "not-an-address", "respondent/sector": "miners",
            "respondent/country": "ZZ", "respondent/language": "de", "respondent/consent": "public",
            "assay_form": "assay_round_999", yes_no: "maybe", scale: 7, single: "c00000000",
            multi: f"{multiple['French']} c00000000", "clause": "99.9", "meta/instanceID": "uuid:row-3",
            "_uuid": "row-3"}), "an answer to a question this round does not ask"],
        [*kobo_row(r, names, **{
            "respondent/organisation": "x" * 201, "respondent/sector": "", f"q_{r.text.pk}": "", yes_no: "",
            f"{yes_no}_comment": "", scale: "", single: "", multi: "", "clause": "", "general": "",
            "meta/instanceID": "uuid:row-4", "_uuid": "row-4"}), ""],
        [*kobo_row(r, names, **{"meta/instanceID": "", "respondent/name": "Resent"}), ""],  # row 2's _uuid again
    ]
    submissions, errors = read_submissions(xlsx([header, *rows]), "kobo.xlsx", r.round)
    assert [s.row for s in submissions] == [2]
    assert sorted((e.row, e.field) for e in errors) == sorted([
        (3, "name"), (3, "email"), (3, "sector"), (3, "country"), (3, "language"), (3, "consent"),
        (3, "assay_form"), (3, f"q_{r.yes_no.pk}"), (3, f"q_{r.scale.pk}"), (3, f"q_{r.single.pk}"),
        (3, f"q_{r.multiple.pk}"), (3, "q_999"), (3, "clause"),
        (4, "organisation"), (4, "sector"), (4, "clause"), (4, ""),
        (5, "key"),
    ])
    messages = {(e.row, e.field): e.message for e in errors}
    assert messages[(3, f"q_{r.scale.pk}")] == "Choose a value from 1 to 5."
    assert messages[(3, "name")] == "This field is required."
    assert messages[(5, "key")] == "This submission already appears in row 2."
    assert all(isinstance(e, RowError) and e.message for e in errors)


def test_error_messages_follow_the_active_language(r):
    names = choice_names(build_xlsform(r.round, "en"))
    data = xlsx([kobo_header(r), kobo_row(r, names, **{"respondent/name": ""})])
    with translation.override("fr"):
        _submissions, errors = read_submissions(data, "kobo.xlsx", r.round)
    assert errors == [RowError(2, "name", "Ce champ est obligatoire.")]


def test_a_choice_changed_after_the_form_went_out_no_longer_reads(r):
    names = choice_names(build_xlsform(r.round, "en"))
    r.single.choices_en = "1.25\n1.50\nNo multiplier"  # "1.5" renamed while devices still hold the old form
    r.single.save()
    _submissions, errors = read_submissions(xlsx([kobo_header(r), kobo_row(r, names)]), "kobo.xlsx", r.round)
    assert errors == [RowError(2, f"q_{r.single.pk}", "Choose among the options given.")]


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return out.getvalue()


UNREADABLE = "The file is not a spreadsheet that can be read (XLSX or CSV)."


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "empty.csv", "The file is empty."),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00<<>>", "export.pdf", UNREADABLE),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old.xls", UNREADABLE),
    (b"name,sector,country,language,consent\n", "export.xlsx", UNREADABLE),  # CSV text under a workbook's name
    (_zip_without_workbook(), "export.xlsx", UNREADABLE),
    (b"name,sector\nJean,asm\n", "short.csv", "The file lacks the columns country, language, consent. Export the "
                                               "submissions with XML values and headers."),
    (b"name,sector,country,language,consent\n", "header_only.csv", "The file holds no submissions."),
    ("name,sector,country,language,consent\nJosé,asm,CD,fr,named\n".encode("latin-1"), "latin1.csv",
     "The CSV file must be encoded in UTF-8."),
])
def test_a_file_that_cannot_be_read_is_one_error_on_row_0(r, data, filename, message):
    assert read_submissions(data, filename, r.round) == ([], [RowError(0, "", message)])


def test_an_export_of_another_rounds_form_is_one_error_on_row_0(r):
    names = choice_names(build_xlsform(r.round, "en"))
    data = xlsx([kobo_header(r), kobo_row(r, names, assay_form="assay_round_999"),
                 kobo_row(r, names, assay_form="assay_round_999", **{"meta/instanceID": "uuid:2", "_uuid": "2"})])
    submissions, errors = read_submissions(data, "kobo.xlsx", r.round)
    assert submissions == [] and errors == [
        RowError(0, "assay_form", "This file holds submissions to the form of another round.")]


def test_what_is_read_is_what_the_services_store(r):
    """Under French, choices come back as their English wording, as response_save checks and stores them (an
    answer's value is the same in every language, so tallies agree)."""
    names = choice_names(build_xlsform(r.round, "fr"))
    data = xlsx([kobo_header(r), kobo_row(r, names, **{"respondent/email": "jean@example.org"})])
    with translation.override("fr"):
        (submission,), errors = read_submissions(data, "kobo.xlsx", r.round)
        assert errors == []
        response = services.response_start(round_=r.round, **submission.respondent)
        clauses = {c.code: c.pk for c in Criterion.objects.filter(version=r.round.version, code__in=submission.clauses)}
        services.response_save(
            response=response, answers={pk: services.ResponseAnswer(**a) for pk, a in submission.answers.items()},
            clauses={clauses[code]: text for code, text in submission.clauses.items()}, general=submission.general)
        services.response_submit(response=response, client_key=submission.key)
    stored = {c.question_id: c.value for c in Comment.objects.filter(response=response, question__isnull=False)}
    assert stored[r.multiple.pk] == "French\nSwahili" and stored[r.single.pk] == "1.5"
    assert stored[r.yes_no.pk] == "yes" and stored[r.scale.pk] == "4"
    assert Comment.objects.get(response=response, criterion__code="1.4").text == "Ajouter les plaintes anonymes."
