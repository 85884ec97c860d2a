"""Proposed wording (amendments): a respondent's new wording for a clause, shown as a word-level tracked change
against the draft, in the respondent's language and against the English source.

The diff itself is the redline's (`assay.domain.redline.word_diff`, on difflib); here it is rendered as <ins> and
<del> that a screen reader announces too (each run carries a visually hidden "inserted:" / "deleted:" label, since
most screen readers say nothing of the elements themselves).
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from assay.domain.redline import word_diff
from assay.lib import languages
from assay.standards.models import Criterion


def criterion_text(criterion: Criterion, lang: str) -> str:
    """The draft's requirement in `lang`, or in English where it is not translated."""
    return getattr(criterion, f"text_{lang}", "") or getattr(criterion, "text_en", "") or ""


def tracked_change(before: str, after: str) -> SafeString:
    """`after` as a tracked change against `before`: deleted words in <del>, inserted ones in <ins>."""
    inserted, deleted = _("inserted:"), _("deleted:")
    parts = []
    for segment in word_diff(before, after):
        if segment.op == "insert":
            parts.append(format_html('<ins><span class="visually-hidden">[{} </span>{}<span class="visually-hidden">]'
                                     '</span></ins>', inserted, segment.text))
        elif segment.op == "delete":
            parts.append(format_html('<del><span class="visually-hidden">[{} </span>{}<span class="visually-hidden">]'
                                     '</span></del>', deleted, segment.text))
        else:
            parts.append(format_html("{}", segment.text))
    return format_html_join("", "{}", ((p,) for p in parts))


@dataclass
class TrackedChange:
    label: str  # what the wording is compared with, e.g. "Against the draft in French"
    lang: str  # the language of the text compared with
    html: SafeString


def proposal_changes(criterion: Criterion, wording: str, lang: str) -> list[TrackedChange]:
    """A proposal written in `lang` against the draft in that language (English where the draft is not yet
    translated), and, when that is another language, against the English source that prevails."""
    if not wording:
        return []
    own = lang if getattr(criterion, f"text_{lang}", "") else "en"
    out = [TrackedChange(_("Against the draft in %(language)s") % {"language": languages.name(own)}, own,
                         tracked_change(criterion_text(criterion, own), wording))]
    if own != "en":
        out.append(TrackedChange(_("Against the English source"), "en",
                                 tracked_change(criterion_text(criterion, "en"), wording)))
    return out
