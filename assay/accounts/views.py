from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assay.domain.disclosure import WHO_SEES, Disclosure, Standing
from assay.standards.models import Disclosure as DisclosureChoice

from .access import DEFAULTS, REQUIRED_OPEN
from .models import DatumKind


def guidance(request: HttpRequest) -> HttpResponse:
    """What is shared with whom, generated from the policy table itself so it cannot drift from the code."""
    from django.utils.translation import gettext as _

    who = {
        Standing.MEMBER: _("the actor's own members"),
        Standing.PARTNER: _("its active direct trading partners"),
        Standing.ASSESSOR: _("assessors of its assessments"),
        Standing.SECRETARIAT: _("the standard's secretariat"),
        Standing.COMMITTEE: _("committee members"),
    }
    labels = dict(DisclosureChoice.choices)
    classes = [{
        "code": c.name.lower(), "label": labels[c.name.lower()],
        "who": _("everyone, signed in or not") if c == Disclosure.PUBLIC else ", ".join(
            str(who[s]) for s in sorted(WHO_SEES[c]) if s != Standing.COMMITTEE),
        "kinds": [DatumKind(k).label for k, d in DEFAULTS.items() if d == c],
    } for c in Disclosure]
    fixed = [DatumKind(k).label for k in REQUIRED_OPEN]
    return render(request, "accounts/guidance.html", {"classes": classes, "fixed": fixed})
