"""A round as an XLSForm for offline collection (KoboToolbox, ODK Collect), and its submissions read back.

The form speaks every language of the round through `label::English (en)`-style columns, opening in the language
asked for (settings `default_language`); there is no plain `label` column, which would add a nameless "default"
language to the form. Field names are the contract with the import and never depend on wording:

- respondent: `name`, `email`, `organisation`, `sector`, `country`, `language`, `consent` (in group `respondent`)
- question: `q_<pk>` (the answer), `q_<pk>_comment` (the comment of a yes/no, scale or choice question), each pair
  in group `g_<pk>`; a text question's answer is its `q_<pk>` alone
- `clause` (a criterion code of the draft) and `clause_comment`; `general`
- `assay_form`, a constant (`assay_round_<pk>`) stored in every submission, so an export of another round's form
  is recognised; `end`, the device's time when the form was finished

A question's own choices are named `c` + a hash of the English choice, so a choice renamed or reordered while
forms are out makes its old answers fail validation instead of silently meaning another choice.
"""

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assay.lib import languages
from assay.lib.text import COMMENT_MAX, NAME_MAX, clean_text
from assay.standards.models import Criterion

from .models import AnswerType, Consent, PilotEvent, Question, Round, Sector

# The language column names KoboToolbox expects (`Name (code)`); native names, as the language switcher shows. One
# per content language of the settings (ASSAY_LANGUAGES): "Français (fr)", "Português (pt)".
LANGUAGE_NAMES = {code: languages.label(code) for code in languages.content()}
RESPONDENT_FIELDS = ("name", "email", "organisation", "sector", "country", "language", "consent")
REQUIRED_COLUMNS = ("name", "sector", "country", "language", "consent")
KEY_COLUMNS = ("instanceID", "KEY", "_uuid")  # Kobo: meta/instanceID and _uuid; ODK Central: meta-instanceID, KEY
QUESTION_FIELD = re.compile(r"^q_(\d+)(_comment)?$")
# Kobo separates group paths with "/" (or a chosen separator), ODK Central with "-": only the last segment counts.
PATH_SEPARATORS = re.compile(r"[/\-.]")
SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message",
                  "appearance", "default", "calculation")
TRANSLATED_COLUMNS = ("label", "hint", "constraint_message")
EMAIL_CONSTRAINT = r"regex(., '^[^@\s]+@[^@\s]+\.[^@\s]+$')"
MAX_LENGTHS = {"name": NAME_MAX, "email": 254, "organisation": NAME_MAX}
TEXT_COLUMNS = ("general", "clause_comment")


@dataclass(frozen=True)
class Submission:
    """One valid row: `respondent` holds response_start's keyword arguments, `answers` maps a question's pk to
    ResponseAnswer's fields (value, text), `clauses` maps a criterion code to its comment."""

    row: int
    key: str | None
    respondent: dict[str, str]
    answers: dict[int, dict[str, str]]
    general: str
    clauses: dict[str, str] = field(default_factory=dict)
    collected_at: datetime | None = None


@dataclass(frozen=True)
class RowError:
    """A problem with one field of one row (the spreadsheet's row number, header = 1); row 0 is the whole file."""

    row: int
    field: str
    message: str


def form_id(round_: Round) -> str:
    """The form's id in settings and the value of its `assay_form` field; a download could be named after it."""
    return f"assay_round_{round_.pk}"


def _languages(round_: Round, language: str) -> list[str]:
    wanted = {"en", language, *(round_.languages or [])}
    return [code for code in LANGUAGE_NAMES if code in wanted]


def _in(obj: Any, name: str, lang: str) -> str:
    """A modeltranslation field in one language, falling back to English as the site does."""
    return (getattr(obj, f"{name}_{lang}", "") or getattr(obj, f"{name}_en", "") or "").strip()


def _choices_in(question: Question, lang: str) -> list[str]:
    return [c.strip() for c in _in(question, "choices", lang).splitlines() if c.strip()]


def choice_name(text: str) -> str:
    """The name a question's choice has in the form (and in exports), from its English text."""
    return "c" + hashlib.sha256(text.encode()).hexdigest()[:8]


def _safe(text: str) -> str:
    # "${" starts a reference to another field in XLSForm; a question quoting it literally must not break the form.
    return text.replace("${", "$ {")


def _per_language(languages: list[str], make: Callable[[str], object]) -> dict[str, str]:
    texts = {}
    for lang in languages:
        with translation.override(lang):
            texts[lang] = _safe(str(make(lang)))
    return texts


def _question_choices(question: Question, languages: list[str]) -> list[tuple[str, dict[str, str]]]:
    english = _choices_in(question, "en")
    labels = {lang: _choices_in(question, lang) for lang in languages}
    seen: set[str] = set()
    out = []
    for i, text in enumerate(english):
        name = choice_name(text)
        if name in seen:
            continue
        seen.add(name)
        # A translation with another number of choices can't be matched line by line: show English there.
        out.append((name, {lang: _safe(labels[lang][i] if len(labels[lang]) == len(english) else text)
                           for lang in languages}))
    return out


@dataclass(frozen=True)
class Sheets:
    """An XLSForm's three sheets as rows of text (header first), and the version its settings carry."""

    survey: list[list[str]]
    choices: list[list[Any]]
    settings: list[list[str]]
    form_id: str
    title: str
    version: str


def build_xlsform(round_: Round, language: str, event: PilotEvent | None = None) -> bytes:
    """The round as an XLSForm workbook (sheets survey, choices, settings) opening in `language`; for `event`, the
    form of that pilot-site event (its own form id and title), which ODK Collect fetches from the OpenRosa list."""
    return write_workbook(xlsform_sheets(round_, language, event))


def event_form_id(event: PilotEvent) -> str:
    """The form id of one pilot-site event's form: the instance of each submission names it, so it tells which
    event the answers were collected at. Its `assay_form` field still names the round."""
    return f"assay_round_{event.round_id}_event_{event.pk}"


def xlsform_sheets(round_: Round, language: str, event: PilotEvent | None = None) -> Sheets:
    """The sheets of the round's XLSForm opening in `language` (for `event`: that event's form)."""
    if language not in LANGUAGE_NAMES:
        raise ValueError(f"unknown language {language!r}")
    languages = _languages(round_, language)
    survey: list[dict[str, Any]] = []
    choices: list[tuple[str, str, dict[str, str]]] = []

    def row(type_: str, name: str, label: Any = None, **extra: Any) -> None:
        entry: dict[str, Any] = {"type": type_, "name": name, **extra}
        if label is not None:
            entry["label"] = _per_language(languages, label)
        for key in ("hint", "constraint_message"):
            if callable(extra.get(key)):
                entry[key] = _per_language(languages, extra[key])
        survey.append(entry)

    def choice_list(list_name: str, items: list[tuple[str, Any]]) -> None:
        for name, label in items:
            choices.append((list_name, name, label if isinstance(label, dict) else _per_language(languages, label)))

    if any(_in(round_, "purpose", lang) for lang in languages):
        row("note", "intro", lambda lang: _in(round_, "purpose", lang))
    row("begin group", "respondent", lambda lang: _("Take part"), appearance="field-list")
    row("text", "name", lambda lang: _("Name"), required="yes")
    row("text", "email", lambda lang: _("E-mail (never published)"), constraint=EMAIL_CONSTRAINT,
        constraint_message=lambda lang: _("Enter a valid email address."))
    row("text", "organisation", lambda lang: _("Organisation"))
    row("select_one sector", "sector", lambda lang: _("Sector"), required="yes")
    row("select_one country", "country", lambda lang: _("Country"), required="yes", appearance="autocomplete")
    round_languages = [code for code in languages if code in (round_.languages or languages)] or [language]
    row("select_one language", "language", lambda lang: _("Language"), required="yes",
        default=language if language in round_languages else round_languages[0])
    row("select_one consent", "consent", lambda lang: _("May we publish your comments?"), required="yes")
    row("end group", "respondent")
    row("calculate", "assay_form", calculation=f"'{form_id(round_)}'")
    row("end", "end")

    choice_list("sector", [(value, lambda lang, label=label: capfirst(str(label))) for value, label in Sector.choices])
    names_by_language = {}
    for lang in languages:
        with translation.override(lang):
            names_by_language[lang] = {c.code: str(c.name) for c in countries}
    with translation.override(language):
        ordered = [c.code for c in countries]  # alphabetical in the form's own language
    choice_list("country", [(code, {lang: names_by_language[lang][code] for lang in languages}) for code in ordered])
    choice_list("language", [(code, {lang: LANGUAGE_NAMES[code].split(" (")[0] for lang in languages})
                             for code in round_languages])
    choice_list("consent", [(value, lambda lang, label=label: capfirst(str(label)))
                            for value, label in Consent.choices])
    choice_list("yes_no", [("yes", lambda lang: capfirst(_("yes"))), ("no", lambda lang: capfirst(_("no")))])
    choice_list("scale", [(str(n), {lang: str(n) for lang in languages}) for n in range(1, 6)])

    for q in round_.questions.all():
        label = partial(_in, q, "text")
        # The web page names the sectors only when a question is aimed at some of them; so does the form.
        hint = (lambda lang, q=q: f"{capfirst(_('aimed at'))}: {', '.join(q.sector_labels())}") if q.sectors else None
        if q.answer_type == AnswerType.TEXT:
            row("text", f"q_{q.pk}", label, hint=hint, appearance="multiline")
            continue
        if q.answer_type in (AnswerType.SINGLE, AnswerType.MULTIPLE):
            list_name = f"q_{q.pk}"
            choice_list(list_name, _question_choices(q, languages))
            kind = "select_one" if q.answer_type == AnswerType.SINGLE else "select_multiple"
            type_ = f"{kind} {list_name}"
        else:
            type_ = "select_one yes_no" if q.answer_type == AnswerType.YES_NO else "select_one scale"
        row("begin group", f"g_{q.pk}", appearance="field-list")
        row(type_, f"q_{q.pk}", label, hint=hint)
        row("text", f"q_{q.pk}_comment", lambda lang: _("Comment"), appearance="multiline")
        row("end group", f"g_{q.pk}")

    criteria = list(Criterion.objects.filter(version=round_.version_id).order_by("module__position", "position"))
    if criteria:
        row("select_one clause", "clause", lambda lang: _("Comment on a clause of the draft"),
            appearance="autocomplete")
        row("text", "clause_comment", lambda lang: _("Comment"), relevant="${clause} != ''", appearance="multiline")
        choice_list("clause", [(c.code, lambda lang, c=c: f"{c.code} {_in(c, 'title', lang)}") for c in criteria])
    row("text", "general", lambda lang: _("General comment"), appearance="multiline")

    title = _in(round_, "title", language)
    if event is not None:
        title = f"{title} · {event.place}, {event.held_on.isoformat()}"
    survey_header = [c for c in SURVEY_COLUMNS if c not in TRANSLATED_COLUMNS]
    survey_header[2:2] = [f"{col}::{LANGUAGE_NAMES[lang]}" for col in TRANSLATED_COLUMNS for lang in languages]
    survey_rows = [[_cell(entry, col) for col in survey_header] for entry in survey]
    choices_header = ["list_name", "name", *(f"label::{LANGUAGE_NAMES[lang]}" for lang in languages)]
    choices_rows = [[list_name, name, *(labels[lang] for lang in languages)] for list_name, name, labels in choices]
    the_id = form_id(round_) if event is None else event_form_id(event)
    settings_row = {"form_title": title, "form_id": the_id, "default_language": LANGUAGE_NAMES[language],
                    "instance_name": "${name}"}
    # ODK Central refuses a changed form under an old version string; a digest of the content changes with it.
    digest = hashlib.sha256(repr((survey_rows, choices_rows, settings_row)).encode()).hexdigest()[:10]
    settings_row["version"] = digest
    return Sheets(survey=[survey_header, *survey_rows], choices=[choices_header, *choices_rows],
                  settings=[list(settings_row), list(settings_row.values())], form_id=the_id, title=title,
                  version=digest)


def write_workbook(sheets: Sheets) -> bytes:
    """The sheets as an XLSX workbook."""
    workbook = Workbook()
    named = [("survey", sheets.survey), ("choices", sheets.choices), ("settings", sheets.settings)]
    for index, (name, rows) in enumerate(named):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = name
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if isinstance(value, str):  # a character a worksheet refuses would make the download fail
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # a choice like "=2" is text, not a formula for the spreadsheet to compute
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(entry: dict[str, Any], column: str) -> str:
    base, _sep, lang_name = column.partition("::")
    value = entry.get(base)
    if lang_name:
        code = next(code for code, name in LANGUAGE_NAMES.items() if name == lang_name)
        return value.get(code, "") if isinstance(value, dict) else ""
    return "" if value is None or callable(value) or isinstance(value, dict) else str(value)


# Reading submissions back


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet turns the scale answer "4" into 4.0
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).strip()


def _rows(data: bytes, filename: str) -> list[list[str]]:
    """The file's rows as text; raises ValueError with a message for the user."""
    if not data.strip():
        raise ValueError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return [[_text(v) for v in values] for values in workbook.worksheets[0].iter_rows(values_only=True)]
            finally:
                workbook.close()
        except Exception as exc:  # an uploaded file may break the reader in any way: it is unreadable, not a crash
            raise ValueError(_("The file is not a spreadsheet that can be read (XLSX or CSV).")) from exc
    if filename.lower().endswith((".xlsx", ".xls", ".ods")) or b"\x00" in data[:4096]:
        raise ValueError(_("The file is not a spreadsheet that can be read (XLSX or CSV)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(_("The CSV file must be encoded in UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    # Kobo writes CSV with semicolons, ODK Central with commas; the header line tells which.
    delimiter = max(",;\t", key=first_line.count)
    return [[cell.strip() for cell in values] for values in csv.reader(io.StringIO(text, newline=""),
                                                                       delimiter=delimiter)]


def _column_name(header: str) -> str:
    return PATH_SEPARATORS.split(header.strip())[-1] if header.strip() else ""


def _key(cells: dict[str, str]) -> str | None:
    for column in KEY_COLUMNS:
        key = cells.get(column, "").strip()
        if key:
            # Kobo's _uuid is the instanceID without its prefix: one submission gets one key from either column.
            return key if key.startswith("uuid:") or column != "_uuid" else f"uuid:{key}"
    return None


def _collected_at(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


class _Context:
    """What validating a row needs to know of the round, read once."""

    def __init__(self, round_: Round) -> None:
        self.form_id = form_id(round_)
        self.questions = {q.pk: q for q in round_.questions.all()}
        self.clauses = set(Criterion.objects.filter(version=round_.version_id).values_list("code", flat=True))
        self.countries = {c.code for c in countries}
        self.languages = {code for code, _name in settings.LANGUAGES}
        # Values are returned as response_save checks them: the English wording of the choice the form names
        # (an answer's value is the same in every language).
        self.choices: dict[int, dict[str, str]] = {}
        for pk, q in self.questions.items():
            self.choices[pk] = {}
            for text in q.choice_values():
                self.choices[pk].setdefault(choice_name(text), text)


def _required(row: int, name: str) -> RowError:
    return RowError(row, name, _("This field is required."))


def _check_row(row: int, cells: dict[str, str], known: _Context) -> tuple[Submission | None, list[RowError]]:
    errors: list[RowError] = []

    def text(column: str, value: str, limit: int) -> str:
        """The cell as the services will store it (no NUL, no other control character, bounded), or a problem."""
        try:
            return clean_text(value, limit)
        except ValidationError as exc:
            errors.extend(RowError(row, column, m) for m in exc.messages)
            return ""

    respondent = {name: cells.get(name, "") for name in RESPONDENT_FIELDS}
    for name in ("sector", "language", "consent"):
        respondent[name] = respondent[name].lower()
    respondent["country"] = respondent["country"].upper()
    for name in REQUIRED_COLUMNS:
        if not respondent[name]:
            errors.append(_required(row, name))
    for name, limit in MAX_LENGTHS.items():
        respondent[name] = text(name, respondent[name], limit)
    if respondent["email"]:
        try:
            validate_email(respondent["email"])
        except ValidationError:
            errors.append(RowError(row, "email", _("Enter a valid email address.")))
    allowed = {"sector": set(Sector.values), "language": known.languages, "consent": set(Consent.values)}
    for name, values in allowed.items():
        if respondent[name] and respondent[name] not in values:
            errors.append(RowError(row, name, _("Select a valid choice. %(value)s is not one of the available "
                                                "choices.") % {"value": respondent[name]}))
    if respondent["country"] and respondent["country"] not in known.countries:
        errors.append(RowError(row, "country", _("country “%(value)s” is not an ISO 3166-1 alpha-2 code")
                               % {"value": respondent["country"]}))
    stamp = cells.get("assay_form", "")
    if stamp and stamp != known.form_id:
        errors.append(RowError(row, "assay_form", _("This submission was made with the form of another round.")))

    answers: dict[int, dict[str, str]] = {}
    for column, value in cells.items():
        match = QUESTION_FIELD.match(column)
        if not match or not value:
            continue
        pk, is_comment = int(match.group(1)), bool(match.group(2))
        question = known.questions.get(pk)
        if question is None:
            errors.append(RowError(row, column, _("Unknown question.")))
            continue
        answer = answers.setdefault(pk, {"value": "", "text": ""})
        if question.answer_type == AnswerType.TEXT:
            if is_comment:
                errors.append(RowError(row, column, _("Unknown question.")))
            else:
                answer["text"] = text(column, value, COMMENT_MAX)
        elif is_comment:
            answer["text"] = text(column, value, COMMENT_MAX)
        elif (message := _check_value(question, value, known)) is not None:
            errors.append(RowError(row, column, message))
        else:
            answer["value"] = _value(question, value, known)
    answers = {pk: a for pk, a in sorted(answers.items()) if a["value"] or a["text"]}

    clauses: dict[str, str] = {}
    clause = cells.get("clause", "")
    clause_comment = text("clause_comment", cells.get("clause_comment", ""), COMMENT_MAX)
    if clause and clause not in known.clauses:
        errors.append(RowError(row, "clause", _("Unknown clause.")))
    elif clause_comment and not clause:
        errors.append(_required(row, "clause"))
    elif clause and clause_comment:
        clauses[clause] = clause_comment
    general = text("general", cells.get("general", ""), COMMENT_MAX)
    if not (answers or clauses or general) and not any(e.field.startswith("q_") or e.field in TEXT_COLUMNS
                                                       for e in errors):
        errors.append(RowError(row, "", _("There is nothing to submit yet: answer a question or write a comment.")))
    if errors:
        return None, errors
    return Submission(row=row, key=_key(cells), respondent=respondent, answers=answers, general=general,
                      clauses=clauses, collected_at=_collected_at(cells.get("end", ""))), []


def _check_value(question: Question, value: str, known: _Context) -> str | None:
    if question.answer_type == AnswerType.YES_NO and value.lower() not in ("yes", "no"):
        return _("Answer yes or no.")
    if question.answer_type == AnswerType.SCALE and value not in {"1", "2", "3", "4", "5"}:
        return _("Choose a value from 1 to 5.")
    if question.answer_type == AnswerType.SINGLE and value not in known.choices[question.pk]:
        return _("Choose among the options given.")
    if question.answer_type == AnswerType.MULTIPLE and not set(value.split()) <= set(known.choices[question.pk]):
        return _("Choose among the options given.")
    return None


def _value(question: Question, value: str, known: _Context) -> str:
    if question.answer_type == AnswerType.YES_NO:
        return value.lower()
    if question.answer_type == AnswerType.SINGLE:
        return known.choices[question.pk][value]
    if question.answer_type == AnswerType.MULTIPLE:
        # Stored as the web form stores it: the chosen choices one per line, in the question's order.
        picked = set(value.split())
        return "\n".join(text for name, text in known.choices[question.pk].items() if name in picked)
    return value


def read_submissions(data: bytes, filename: str, round_: Round) -> tuple[list[Submission], list[RowError]]:
    """Parse a KoboToolbox or ODK Central export (XLSX or CSV, "XML values and headers") of the round's form.
    Returns the valid rows and every problem of the others; reads the database, writes nothing."""
    try:
        rows = _rows(data, filename)
    except ValueError as exc:
        return [], [RowError(0, "", str(exc))]
    numbered = [(number, values) for number, values in enumerate(rows, start=1) if any(values)]
    if not numbered:
        return [], [RowError(0, "", _("The file is empty."))]
    (_header_row, header), records = numbered[0], numbered[1:]
    columns = [_column_name(h) for h in header]
    seen: set[str] = set()
    repeated = sorted({c for c in columns if c and (c in seen or seen.add(c))})
    if repeated:
        return [], [RowError(0, "", _("These columns appear more than once: %(columns)s.")
                             % {"columns": ", ".join(repeated)})]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [RowError(0, "", _("The file lacks the columns %(columns)s. Export the submissions with XML "
                                      "values and headers.") % {"columns": ", ".join(missing)})]
    if not records:
        return [], [RowError(0, "", _("The file holds no submissions."))]
    known = _Context(round_)
    stamps = {dict(zip(columns, values, strict=False)).get("assay_form", "") for _n, values in records}
    if "" not in stamps and known.form_id not in stamps:
        return [], [RowError(0, "assay_form", _("This file holds submissions to the form of another round."))]

    submissions: list[Submission] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    for number, values in records:
        cells = {c: v for c, v in zip(columns, values, strict=False) if c}
        submission, problems = _check_row(number, cells, known)
        key = _key(cells)
        if key is not None:
            if key in first_row_of:
                problems.append(RowError(number, "key", _("This submission already appears in row %(row)s.")
                                         % {"row": first_row_of[key]}))
                submission = None
            else:
                first_row_of[key] = number
            if len(key) > 64:
                problems.append(RowError(number, "key", _("The submission's identifier is too long.")))
                submission = None
        errors += problems
        if submission is not None:
            submissions.append(submission)
    return submissions, errors


# Reading one submission sent from ODK Collect (an OpenRosa instance of the form, as XML)

MAX_INSTANCE_BYTES = 1024 * 1024  # a form of text answers: far above the largest a round's questions allow


@dataclass(frozen=True)
class Instance:
    """A filled-in form as ODK Collect sends it: the form id and version on its root, its instance id
    (meta/instanceID), and each answer by its field's name (the last segment of its path, as in an export)."""

    form_id: str
    version: str
    instance_id: str
    cells: dict[str, str]


def parse_instance(data: bytes) -> Instance:
    """The instance in `data`; raises ValueError with a message for the user if it is not one. Parsed with
    defusedxml: a document that declares entities or a DTD is refused, not expanded."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    if len(data) > MAX_INSTANCE_BYTES:
        raise ValueError(_("The submission is too large."))
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise ValueError(_("The submission is not a well-formed XML document.")) from exc
    cells: dict[str, str] = {}
    for element in root.iter():
        if len(element) or element is root:
            continue  # a group: its fields are read one by one
        name = str(element.tag).rpartition("}")[2]
        if name in cells:
            raise ValueError(_("The submission holds the field %(name)s twice.") % {"name": name})
        cells[name] = (element.text or "").strip()
    form = (root.get("id") or "").strip()
    if not form:
        raise ValueError(_("The submission does not name its form."))
    return Instance(form_id=form, version=(root.get("version") or "").strip(),
                    instance_id=cells.get("instanceID", ""), cells=cells)


def read_instance(instance: Instance, round_: Round) -> tuple[Submission | None, list[RowError]]:
    """Check one instance of the round's form as the import checks a row of an export (the same fields, the same
    rules); reads the database, writes nothing."""
    return _check_row(1, instance.cells, _Context(round_))
