"""Pages of the body's record: bodies, meetings and decisions (the public sees published items only), the
secretariat's meeting form, and the traceability of the text: why a criterion reads as it does, and the
justification report of a version (page and PDF)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest
from assay.lib.pdf import html_to_pdf, pdf_download
from assay.standards import selectors as standards

from . import selectors, services
from .forms import ActionStatusForm, MeetingForm, ReverseForm
from .models import ActionItem, Body, Decision, Meeting, MeetingStatus


def bodies(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/bodies.html", {"bodies": Body.objects.all()})


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(Body, slug=slug)
    return render(request, "governance/body.html", {
        "body": body, "members": selectors.current_members(body.pk), "internal": selectors.may_read_internal(
            request.user), "meetings": selectors.meetings_of(request.user, body.pk),
        "decisions": body.decisions.select_related("reverses")[:50],
        "may_record": request.user.has_perm("governance.record"),
    })


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    internal = selectors.may_read_internal(request.user)
    if meeting.status != MeetingStatus.RECORDED and not internal:
        raise Http404  # a draft is nobody else's business
    return render(request, "governance/meeting.html", {
        "meeting": meeting, "body": meeting.body, "internal": internal,
        "attendance": meeting.attendance.select_related("member__user"),
        "items": selectors.meeting_items(request.user, meeting),
        "actions": meeting.actions.select_related("owner", "round", "version", "plan__partner") if internal else [],
        "decisions": meeting.decisions.all(), "may_record": request.user.has_perm("governance.record"),
        "statuses": ActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
    })


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision: Decision = get_object_or_404(Decision.objects.select_related("body", "meeting", "reverses"), pk=pk)
    links = decision.links.select_related("disposition__comment__criterion", "disposition__comment__response__round",
                                          "from_version__standard", "to_version", "round")
    published = selectors.published_dispositions([link.disposition for link in links if link.disposition])
    return render(request, "governance/decision.html", {
        "decision": decision, "links": links, "published": published,
        "reversed_by": Decision.objects.filter(reverses=decision).first(),
        "may_record": request.user.has_perm("governance.record"),
        "meeting_visible": decision.meeting is not None and (decision.meeting.status == MeetingStatus.RECORDED
                                                            or selectors.may_read_internal(request.user)),
    })


def meeting_record(request: SignedInRequest, slug: str) -> HttpResponse:
    if not request.user.has_perm("governance.record"):
        raise PermissionDenied
    body = get_object_or_404(Body, slug=slug)
    form = MeetingForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions = [services.ActionInput(d["action_title"], d["action_owner"], d["action_due"], d["action_round"],
                                        d["action_version"])] if d["action_title"] else []
        links = ([services.LinkInput("disposition", disposition=d["decision_disposition"])]
                 if d["decision_disposition"] else [])
        decisions = [services.DecisionInput(
            d["decision_title"], d["decision_rationale"], d["decision_outcome"], d["decision_options"],
            d["votes_for"], d["votes_against"], d["abstentions"], links)] if d["decision_title"] else []
        items = [services.ItemInput(d["item_title"], d["item_notes"], d["item_public"])] if d["item_title"] else []
        try:
            meeting = services.meeting_record(
                actor=request.user, body=body, held_on=d["held_on"], place=d["place"], call_link=d["call_link"],
                agenda=d["agenda"], minutes=d["minutes"], attendees=d["attendees"], items=items, actions=actions,
                decisions=decisions)
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("governance:meeting", meeting.pk)
    return render(request, "governance/record.html", {"body": body, "form": form})


@require_POST
def action_update(request: SignedInRequest, pk: int) -> HttpResponse:
    """Mark an action item done, dropped or open again: the secretariat, or the item's owner."""
    item = get_object_or_404(ActionItem, pk=pk)
    if not (request.user.has_perm("governance.record") or
            (request.user.is_authenticated and item.owner_id == request.user.pk)):
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the action item's status."))
    else:
        services.action_item_update(actor=request.user, item=item, status=form.cleaned_data["status"])
        messages.success(request, _("The action item is updated."))
    return redirect("governance:meeting", item.meeting_id)


def decision_reverse(request: SignedInRequest, pk: int) -> HttpResponse:
    """Record a new decision that reverses this one (a recorded decision never changes)."""
    if not request.user.has_perm("governance.record"):
        raise PermissionDenied
    reversed_decision: Decision = get_object_or_404(Decision.objects.select_related("body"), pk=pk)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = services.decision_reverse(actor=request.user, reversed_decision=reversed_decision,
                                             decision=services.DecisionInput(
                                                 d["title"], d["rationale"], d["outcome"], d["options"],
                                                 d["votes_for"], d["votes_against"], d["abstentions"]))
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("governance:decision", made.pk)
    return render(request, "governance/reverse.html", {"decision": reversed_decision, "form": form})


def criterion_why(request: HttpRequest, slug: str, label: str, code: str) -> HttpResponse:
    version = standards.version_get(request.user, slug, label)
    criterion = get_object_or_404(version.criteria.select_related("module"), code=code)
    return render(request, "governance/why.html", {
        "why": selectors.why(version, criterion, (get_language() or "en")[:2]), "version": version,
        "standard": version.standard, "criterion": criterion,
    })


def _report_context(request: HttpRequest, slug: str, label: str, lang: str) -> dict:
    version = standards.version_get(request.user, slug, label)
    return {"report": selectors.justification(version, lang), "version": version, "standard": version.standard,
            "lang": lang}


def justification_report(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    lang = (get_language() or "en")[:2]
    return render(request, "governance/report.html", _report_context(request, slug, label, lang))


def justification_pdf(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    lang = (get_language() or "en")[:2]
    context = _report_context(request, slug, label, lang)
    with translation.override(lang):
        html = render(request, "governance/report_pdf.html", context).content.decode()
    return pdf_download(html_to_pdf(html), f"{slug}-{label}-justification-{lang}.pdf")
