"""Who said so: the line that goes with every level a page shows (the assessment's kind, date and verifier)."""

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assay.assessments.models import AssessmentKind

register = template.Library()


@register.simple_tag
def assured_by(kind: str | None, on: date | None, verifier: str | None = None) -> str:
    """'third-party assessment, 1 March 2025, verified by A. Kahindo' in the reader's language; '' without a kind."""
    if not kind or on is None:
        return ""
    label = AssessmentKind(kind).label if kind in AssessmentKind.values else kind
    when = date_format(on, "DATE_FORMAT")
    if verifier:
        return _("%(kind)s, %(date)s, verified by %(verifier)s") % {"kind": label, "date": when,
                                                                  "verifier": verifier}
    return _("%(kind)s, %(date)s") % {"kind": label, "date": when}
