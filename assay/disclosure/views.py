from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assay.domain.disclosure import WHO_SEES, Disclosure, Standing
from assay.lib.http import SignedInRequest
from assay.registry.models import Actor
from assay.standards.models import DISCLOSURE_LABELS

from .access import DEFAULTS, REQUIRED_OPEN
from .forms import SharingForm
from .models import DatumKind
from .services import disclosure_choose


def guidance(request: HttpRequest) -> HttpResponse:
    """What is shared with whom, generated from the policy table itself so it cannot drift from the code."""
    who = {
        Standing.MEMBER: _("the actor's own members"),
        Standing.PARTNER: _("its active direct trading partners"),
        Standing.ASSESSOR: _("assessors of its assessments"),
        Standing.SECRETARIAT: _("the standard's secretariat"),
        Standing.COMMITTEE: _("committee members"),
        Standing.SHARED: _("a buyer it shared one assessment's full report with (that report only)"),
        Standing.JURY: _("an award's jurors, when it consented to share with the jury (its jury pack only)"),
    }
    classes = [{
        "code": c.code, "label": DISCLOSURE_LABELS[c],
        "who": _("everyone, signed in or not") if c == Disclosure.PUBLIC else ", ".join(
            str(who[s]) for s in sorted(WHO_SEES[c]) if s != Standing.COMMITTEE),
        "kinds": [DatumKind(k).label for k, d in DEFAULTS.items() if d == c],
    } for c in Disclosure]
    fixed = [DatumKind(k).label for k in REQUIRED_OPEN]
    return render(request, "disclosure/guidance.html", {"classes": classes, "fixed": fixed})


@login_required
@require_POST
def actor_sharing(request: SignedInRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    form = SharingForm(request.POST)
    form.is_valid()  # always: the service checks the kind and the class
    try:
        kind, opened_to = form.choice()
        disclosure_choose(actor=request.user, organisation=actor, kind=kind, opened_to=opened_to)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your sharing choice is saved."))
    return redirect("dashboard:actor", actor.slug)
