"""A crosswalk file (CSV): our criteria mapped to another scheme's requirement codes.

Columns: requirement, title, criterion[, note]; one row per (requirement, criterion) pair; a requirement's title is
given on its first row and may be left empty on the next. Reading checks every row first and returns every problem
with its row number (the header is row 1), as the standard file's import does; only a file with no problem is
written (assay.alignment.services.crosswalk_import).
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from assay.standards.models import Criterion, Standard

COLUMNS = ("requirement", "title", "criterion", "note")
REQUIRED = COLUMNS[:3]
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
MAX_ROWS = 5000


@dataclass(frozen=True)
class Row:
    number: int
    requirement: str
    title: str
    criterion_key: str
    note: str


class CrosswalkFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _at(row: int, message: str) -> str:
    return _("row %(row)s: %(problem)s") % {"row": row, "problem": message}


def check(raw: bytes, standard: Standard) -> tuple[list[Row], list[str]]:
    """Parse and check a crosswalk file against the standard's criterion keys (of any version)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], ["(file): " + _("not UTF-8 text (invalid byte at offset %(offset)s)") % {"offset": exc.start}]
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        return [], ["(file): " + _("the file is empty")]
    header = [h.strip().lower() for h in lines[0]]
    if [h for h in header if h not in COLUMNS] or [c for c in REQUIRED if c not in header]:
        return [], [_at(1, _("the header must name the columns %(columns)s (and may add %(optional)s)")
                        % {"columns": ", ".join(REQUIRED), "optional": COLUMNS[3]})]
    if len(lines) - 1 > MAX_ROWS:
        return [], ["(file): " + _("more than %(n)s rows") % {"n": MAX_ROWS}]
    keys = set(Criterion.objects.filter(version__standard=standard).values_list("key", flat=True))
    rows: list[Row] = []
    problems: list[str] = []
    titles: dict[str, tuple[str, int]] = {}
    pairs: dict[tuple[str, str], int] = {}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) != len(header):
            problems.append(_at(number, _("has %(n)s cells; the header has %(m)s")
                                % {"n": len(cells), "m": len(header)}))
            continue
        value = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        code, title, key, note = (value.get(c, "") for c in COLUMNS)
        found = []
        if not code:
            found.append(_("the requirement code is missing"))
        elif not CODE.match(code):
            found.append(_("the requirement code %(code)s is not in the expected form (letters, digits, '.', '-' "
                           "or '_', at most 40)") % {"code": code})
        if len(title) > 200:
            found.append(_("the title must be at most %(n)s characters") % {"n": 200})
        if len(note) > 300:
            found.append(_("the note must be at most %(n)s characters") % {"n": 300})
        if code and code in titles:
            first, at = titles[code]
            if title and title != first:
                found.append(_("the title differs from the one given for %(code)s in row %(other)s")
                             % {"code": code, "other": at})
        elif code and not title:
            found.append(_("the title is missing (give it on the requirement's first row)"))
        if not key:
            found.append(_("the criterion key is missing"))
        elif key not in keys:
            found.append(_("%(key)s is not the key of a criterion of %(standard)s")
                         % {"key": key, "standard": standard.slug})
        elif (code, key) in pairs:
            found.append(_("%(key)s is already mapped to %(code)s in row %(other)s")
                         % {"key": key, "code": code, "other": pairs[(code, key)]})
        problems += [_at(number, p) for p in found]
        if code and code not in titles and title:
            titles[code] = (title, number)
        if code and key:
            pairs.setdefault((code, key), number)
        if not found:
            rows.append(Row(number, code, title or titles[code][0], key, note))
    if not rows and not problems:
        problems.append("(file): " + _("the file has no rows"))
    return rows, problems
