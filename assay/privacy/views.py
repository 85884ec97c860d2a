"""Personal-data pages: the public "what we hold and why", the staff's register, and the secretariat's desk for
access requests and erasures (each a POST: the export is a download, the erasure a redirect)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest

from . import services
from .forms import EraseForm, PersonForm
from .models import PrivacyRequest
from .register import REGISTER
from .selectors import person_find


def _secretariat(request: HttpRequest) -> None:
    if not request.user.has_perm("privacy.handle_requests"):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    """What personal data Assay holds, why, on which basis, who sees it and for how long: for everyone."""
    return render(request, "privacy/index.html", {"register": REGISTER})


def register(request: HttpRequest) -> HttpResponse:
    _secretariat(request)
    return render(request, "privacy/register.html", {"register": REGISTER})


def _desk(request: HttpRequest, access_form: PersonForm | None = None, erase_form: EraseForm | None = None,
          status: int = 200) -> HttpResponse:
    return render(request, "privacy/requests.html", {
        "access_form": access_form or PersonForm(prefix="access"), "erase_form": erase_form or EraseForm(
            prefix="erase"), "log": PrivacyRequest.objects.all()[:50]}, status=status)


def requests(request: HttpRequest) -> HttpResponse:
    _secretariat(request)
    return _desk(request)


@require_POST
def access(request: SignedInRequest) -> HttpResponse:
    _secretariat(request)
    form = PersonForm(request.POST, prefix="access")
    if form.is_valid():
        try:
            person = person_find(username=form.cleaned_data["username"], email=form.cleaned_data["email"])
            data = services.access_export(actor=request.user, person=person)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            response = HttpResponse(data, content_type="application/zip")
            name = f"personal-data-{timezone.localdate().isoformat()}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return _desk(request, access_form=form, status=400)


@require_POST
def erase(request: SignedInRequest) -> HttpResponse:
    _secretariat(request)
    form = EraseForm(request.POST, prefix="erase")
    if form.is_valid():
        try:
            person = person_find(username=form.cleaned_data["username"], email=form.cleaned_data["email"])
            services.person_erase(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The person's identity was erased."))
            return redirect("privacy:requests")
    return _desk(request, erase_form=form, status=400)
