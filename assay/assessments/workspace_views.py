"""The workspaces around assessments: buyers' requests to their suppliers, and the assessor's and secretariat's
queue with the assessor's declaration of interests."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assay.accounts.roles import is_secretariat
from assay.disclosure import access
from assay.lib import exports
from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest
from assay.registry.models import Actor
from assay.standards.models import StandardVersion, VersionStatus

from . import permissions, selectors, services
from .forms import DeclareForm, RequestAnswerForm, RequestForm
from .models import REQUEST_STATES, AssessmentKind, AssessmentRequest, AssessorAssignment, RequestStatus

QUEUE_LABELS = {
    "declare": gettext_lazy("Declare your interests"), "fill": gettext_lazy("Fill in the assessment"),
    "review": gettext_lazy("Review and verify"), "verify_commitment": gettext_lazy("Verify a commitment"),
    "assign": gettext_lazy("Assign an assessor"), "request_overdue": gettext_lazy("Requested assessment overdue"),
}


def _published() -> QuerySet[StandardVersion]:
    return StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("standard")


def _request_rows(actor: Actor, today: date) -> list[list[object]]:
    lists = selectors.requests_of(actor)
    return [[_("made") if r.buyer_id == actor.pk else _("received"), r.buyer.name, r.supplier.name,
             r.get_kind_display(), r.due, str(REQUEST_STATES[r.state(today)]), r.created_at.date(),
             r.answer_note] for r in lists["made"] + lists["received"]]


@login_required
def actor_requests(request: SignedInRequest, slug: str, fmt: str = "") -> HttpResponse:
    """An organisation's requests: those it made of its suppliers (with the form to make one) and those made of
    it; for its members and the secretariat. As CSV or XLSX with `fmt`."""
    actor = get_object_or_404(Actor, slug=slug)
    if not permissions.can_see_requests_of(request.user, actor.pk):
        raise Http404
    today = date.today()
    if fmt:
        header = [_("Direction"), _("Buyer"), _("Supplier"), _("Kind"), _("Due by"), _("Status"), _("Sent on"),
                  _("Answer")]
        return exports.table_response(f"{actor.slug}-requests", fmt, header, _request_rows(actor, today))
    suppliers = Actor.objects.filter(pk__in=access.direct_suppliers([actor.pk], today)).order_by("name")
    may_request = permissions.can_request(request.user, actor.pk)
    form = RequestForm(request.POST or None, suppliers=suppliers)
    if request.method == "POST":
        if not may_request:
            raise PermissionDenied
        form.is_valid()
        data = form.cleaned_data
        try:
            if data.get("supplier") is None:
                raise ValidationError({"supplier": [_("Choose one of your suppliers.")]})
            made = services.request_send(actor=request.user, buyer=actor, supplier=data["supplier"],
                                         kind=data["kind"], due=data.get("due"), message=data["message"])
        except ValidationError as exc:
            add_service_error(form, exc)
            messages.error(request, _("Nothing was sent: please correct the form below."))
        else:
            messages.success(request, _("Sent to %(supplier)s.") % {"supplier": made.supplier.name})
            return redirect("dashboard:requests", actor.slug)
    lists = selectors.requests_of(actor)

    def rows(items: list[AssessmentRequest]) -> list[tuple[AssessmentRequest, str, str]]:
        return [(r, state, str(REQUEST_STATES[state])) for r in items for state in [r.state(today)]]

    return render(request, "assessments/requests.html", {
        "actor": actor, "made": rows(lists["made"]), "received": rows(lists["received"]),
        "form": form if may_request and suppliers else None})


@login_required
def request_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """One request: the supplier accepts (starting its self-assessment) or declines; the buyer starts its
    second-party assessment or withdraws the request."""
    item = get_object_or_404(AssessmentRequest.objects.select_related("buyer", "supplier", "assessment"), pk=pk)
    if not permissions.can_see_request(request.user, item):
        raise Http404
    versions = _published()
    form = RequestAnswerForm(request.POST or None, versions=versions)
    if request.method == "POST":
        form.is_valid()
        data, decision = form.cleaned_data, form.cleaned_data.get("decision")
        try:
            if decision in ("accept", "decline"):
                services.request_answer(actor=request.user, request=item, accept=decision == "accept",
                                        note=data["note"], version=data.get("version"))
            elif decision == "start":
                if data.get("version") is None:
                    raise ValidationError({"version": [_("Choose the version of the standard to assess against.")]})
                services.request_start(actor=request.user, request=item, version=data["version"])
            elif decision == "withdraw":
                services.request_withdraw(actor=request.user, request=item, reason=data["note"])
            else:
                raise ValidationError(_("Choose what to do with the request."))
        except ValidationError as exc:
            add_service_error(form, exc, lambda key: "note" if key == "reason" else key)
            messages.error(request, _("Nothing was changed: please correct the form below."))
        except PermissionDenied:
            messages.error(request, _("You may not answer this request."))
        else:
            messages.success(request, _("Done."))
            return redirect("assessments:request", pk)
    item.refresh_from_db()
    open_ = item.status in (RequestStatus.SENT, RequestStatus.ACCEPTED)
    return render(request, "assessments/request.html", {
        "r": item, "state": REQUEST_STATES[item.state(date.today())], "form": form, "versions": versions,
        "may_answer": (open_ and item.status == RequestStatus.SENT
                       and permissions.can_answer_request(request.user, item)),
        "may_start": (open_ and item.status == RequestStatus.ACCEPTED and item.kind == AssessmentKind.SECOND_PARTY
                      and item.assessment_id is None and permissions.can_request(request.user, item.buyer_id)),
        "may_withdraw": open_ and permissions.can_request(request.user, item.buyer_id),
        "assessment_visible": item.assessment is not None and permissions.can_view(request.user, item.assessment)})


@login_required
def queue(request: SignedInRequest, fmt: str = "") -> HttpResponse:
    """What waits for an assessor, or for the secretariat across the programme, with its age in days."""
    if not permissions.has_queue(request.user):
        raise Http404
    items = selectors.queue(request.user, date.today())
    if fmt:
        header = [_("Waiting for"), _("Actor"), _("Assessment date"), _("Kind"), _("Days waiting")]
        rows = [[str(QUEUE_LABELS[i.what]), _actor_name(i), i.assessment.date if i.assessment else "",
                 i.assessment.get_kind_display() if i.assessment else "", i.days] for i in items]
        return exports.table_response("queue", fmt, header, rows)
    for i in items:
        i.label = str(QUEUE_LABELS[i.what])
    return render(request, "assessments/queue.html", {"items": items, "secretariat": is_secretariat(request.user)})


def _actor_name(item: selectors.QueueItem) -> str:
    if item.request is not None:
        return f"{item.request.supplier.name} ← {item.request.buyer.name}"
    return item.assessment.actor.name if item.assessment else ""


@login_required
def declare(request: SignedInRequest, pk: int) -> HttpResponse:
    """The assigned assessor's declaration of interests, before the assessment opens to them."""
    assignment = get_object_or_404(AssessorAssignment.objects.select_related("assessment__actor"), pk=pk,
                                   assessor=request.user)
    form = DeclareForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        try:
            if data["conflict"] not in ("yes", "no"):
                raise ValidationError({"conflict": [_("Say whether you have a conflict of interest.")]})
            services.assessor_declare(actor=request.user, assignment=assignment, conflict=data["conflict"] == "yes",
                                      statement=data["statement"])
        except ValidationError as exc:
            add_service_error(form, exc)
            messages.error(request, _("Nothing was saved: please correct the form below."))
        else:
            if data["conflict"] == "yes":
                messages.success(request, _("Your declaration is recorded and the assignment has ended; the "
                                            "secretariat will assign another assessor."))
                return redirect("assessments:queue")
            messages.success(request, _("Your declaration is recorded: the assessment is open to you."))
            return redirect("assessments:overview", assignment.assessment_id)
    return render(request, "assessments/declare.html", {
        "assignment": assignment, "a": assignment.assessment, "form": form,
        "standard_statement": _(services.NO_CONFLICT)})
