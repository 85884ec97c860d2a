"""Outreach pages: the secretariat's desk (lists, mailings and their progress, partner packages), and the public
links a recipient follows (subscribe, confirm, unsubscribe, the tracked link to a round)."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from assay.consultation.models import REFERRAL_SESSION_KEY, Round
from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest
from assay.lib.ratelimit import over_limit, too_many_requests

from . import package, selectors, services
from .forms import ActivityForm, MailingForm, PlanForm, SubscribeForm
from .models import (
    Delivery,
    DeliveryStatus,
    EmailTemplate,
    Mailing,
    MailingList,
    OutreachPlan,
    Partner,
    PlanActivity,
    Subscription,
    TrackedLink,
)

LANGS = [code for code, _name in settings.LANGUAGES]


def _secretariat(request: HttpRequest) -> None:
    if not request.user.has_perm("outreach.use_desk"):
        raise PermissionDenied


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


def desk(request: HttpRequest) -> HttpResponse:
    _secretariat(request)
    lists = MailingList.objects.annotate(
        confirmed=Count("subscriptions", filter=Q(subscriptions__status="confirmed")),
        pending=Count("subscriptions", filter=Q(subscriptions__status="pending")),
        unsubscribed=Count("subscriptions", filter=Q(subscriptions__status="unsubscribed")))
    mailings = Mailing.objects.select_related("template", "mailing_list", "round").annotate(
        total=Count("deliveries"), sent=Count("deliveries", filter=Q(deliveries__status="sent")))[:20]
    rounds = [r for r in Round.objects.all() if r.status() in ("announced", "open")]
    return render(request, "outreach/desk.html", {
        "lists": lists, "mailings": mailings, "templates": EmailTemplate.objects.all(), "rounds": rounds,
        "partners": Partner.objects.prefetch_related("contacts"), "langs": LANGS})


def _mailing_choice(data: Any) -> tuple[EmailTemplate, MailingList, Round]:
    form = MailingForm(data)
    if not form.is_valid():
        raise Http404  # a template, list or round that is not there
    return form.cleaned_data["template"], form.cleaned_data["list"], form.cleaned_data["round"]


def mailing_preview(request: HttpRequest) -> HttpResponse:
    """Step one of a mailing: what it would send, merged for one recipient the secretariat picks, and who would
    get an empty merge field; the confirmation form carries the preview's fingerprint. Nothing is sent here."""
    _secretariat(request)
    template, mailing_list, round_ = _mailing_choice(request.GET)
    try:
        template.full_clean()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outreach:desk")
    recipient = request.GET.get("recipient", "")
    preview = selectors.mailing_preview(template=template, mailing_list=mailing_list, round_=round_,
                                        base_url=_base(request),
                                        recipient_pk=int(recipient) if recipient.isdigit() else None)
    return render(request, "outreach/mailing_preview.html", {"preview": preview})


def mailing_new(request: SignedInRequest) -> HttpResponse:
    """Step two: the confirmation. A POST without the preview's fingerprint (or with a stale one) sends nothing
    and goes back to the preview."""
    _secretariat(request)
    if request.method != "POST":
        return redirect("outreach:desk")
    template, mailing_list, round_ = _mailing_choice(request.POST)
    again = (reverse("outreach:mailing_preview") + "?"
             + urlencode({"template": template.pk, "list": mailing_list.pk, "round": round_.pk}))
    fingerprint = request.POST.get("fingerprint", "")
    if not fingerprint:
        return redirect(again)
    try:
        mailing = services.mailing_create(actor=request.user, template=template, mailing_list=mailing_list,
                                          round_=round_, base_url=_base(request), fingerprint=fingerprint)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(again)
    return redirect("outreach:mailing", mailing.pk)


def mailing_detail(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """Progress of a mailing and the record of what went to whom (also as CSV or XLSX)."""
    _secretariat(request)
    mailing = get_object_or_404(Mailing.objects.select_related("template", "mailing_list", "round"), pk=pk)
    deliveries = Delivery.objects.filter(mailing=mailing).select_related("link")
    if fmt != "html":
        from assay.lib import exports

        return exports.table_response(
            f"mailing-{mailing.pk}", fmt,
            [_("E-mail"), _("Language"), _("Subject"), _("Status"), _("Sent at"), _("Error"), _("Clicks")],
            [[d.email, d.language, d.subject, d.get_status_display(), d.sent_at.isoformat() if d.sent_at else "",
              d.error, d.link.clicks] for d in deliveries])
    counts = {row["status"]: row["n"] for row in deliveries.values("status").annotate(n=Count("id"))}
    total = sum(counts.values())
    return render(request, "outreach/mailing.html", {
        "mailing": mailing, "deliveries": deliveries, "total": total,
        "sent": counts.get(DeliveryStatus.SENT, 0), "failed": counts.get(DeliveryStatus.FAILED, 0),
        "pending": counts.get(DeliveryStatus.PENDING, 0)})


def partner_package(request: HttpRequest, round_pk: int, partner_pk: int, lang: str) -> HttpResponse:
    """One ZIP for a partner organisation in one language (see package.py for what is inside)."""
    _secretariat(request)
    if lang not in LANGS:
        raise Http404
    round_ = get_object_or_404(Round.objects.select_related("version__standard"), pk=round_pk)
    partner = get_object_or_404(Partner, pk=partner_pk)
    template = EmailTemplate.objects.filter(for_packages=True).first()
    if template is None:
        messages.error(request, _("Mark one e-mail template as the cover e-mail of distribution packages."))
        return redirect("outreach:desk")
    data = package.build(round_, partner, lang, _base(request), template)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="consultation-{round_.pk}-partner-{partner.pk}-{lang}.zip"'
    return response


def lists(request: HttpRequest) -> HttpResponse:
    """The public sign-up: every list open to anyone, in the visitor's language."""
    return render(request, "outreach/lists.html", {
        "lists": MailingList.objects.filter(open_signup=True), "languages": settings.LANGUAGES,
        "language": (get_language() or "en")[:2]})


def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    mailing_list = get_object_or_404(MailingList, slug=slug, open_signup=True)
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        form.is_valid()  # always: the service checks the address
        if wait := over_limit(request, "subscribe", form.cleaned_data["email"]):
            return too_many_requests(request, wait)  # each request sends a confirmation e-mail
        try:
            services.subscription_request(mailing_list=mailing_list, **form.cleaned_data, base_url=_base(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return render(request, "outreach/subscribe.html", {"list": mailing_list, "asked": True})
    else:
        form = SubscribeForm(initial={"language": (get_language() or "en")[:2]})
    return render(request, "outreach/subscribe.html", {"list": mailing_list, "form": form,
                                                       "languages": settings.LANGUAGES})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: a page with one button, so that mail scanners that open links do
    not subscribe anyone."""
    subscription = get_object_or_404(Subscription.objects.select_related("mailing_list"), token=token)
    if request.method == "POST":
        subscription = services.subscription_confirm(subscription=subscription)
    return render(request, "outreach/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the secret token is the authority
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = get_object_or_404(Subscription.objects.select_related("mailing_list"), token=token)
    if request.method == "POST":
        subscription = services.subscription_cancel(subscription=subscription)
    return render(request, "outreach/unsubscribe.html", {"subscription": subscription})


def track(request: HttpRequest, token: str) -> HttpResponse:
    link = get_object_or_404(TrackedLink, token=token)
    services.link_click(link=link)
    # a response started in this session is attributed to the link (and so to its partner organisation)
    request.session[REFERRAL_SESSION_KEY] = {"round": link.round_id, "token": link.token}
    return redirect("consultation:round", link.round_id)


# --- Member outreach plans ----------------------------------------------------------------------------------------

def plans(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """The secretariat's overview of every partner's outreach plan and its progress (also as CSV or XLSX)."""
    _secretariat(request)
    rows = selectors.plans_progress()
    if fmt != "html":
        from assay.lib import exports

        return exports.table_response("outreach-plans", fmt, [
            _("Partner organisation"), _("Round"), _("Stakeholder groups"), _("Channels"), _("Languages"),
            _("Expected reach"), _("Activities planned"), _("Activities done"), _("Next activity"),
            _("Packages prepared"), _("E-mails delivered"), _("Clicks"), _("Events held"), _("Participants"),
            _("Responses by its links"), _("Responses at its events"), _("Networks and audiences")], [
            [r.plan.partner.name, r.plan.round.title, ", ".join(r.plan.audience_labels()),
             ", ".join(r.plan.channel_labels()), r.plan.languages, r.plan.expected_reach, len(r.activities),
             r.activities_done, next((f"{a.planned_on.isoformat()} {a.title}" for a in r.activities
                                      if not selectors.activity_done(a)), ""),
             " ".join(lang.upper() for lang in r.packages), r.emails_sent, r.clicks, r.events_held, r.participants,
             r.responses_by_link, r.responses_at_events, r.plan.networks] for r in rows])
    rounds = [r for r in Round.objects.all() if r.status() in ("announced", "open", "closed")]
    missing = [(r, selectors.partners_without_plan(r)) for r in rounds]
    return render(request, "outreach/plans.html", {"rows": rows, "missing": [m for m in missing if m[1]],
                                                   "totals": _totals(rows)})


def _totals(rows: list[selectors.PlanProgress]) -> dict[str, int]:
    return {"expected": sum(r.plan.expected_reach for r in rows), "participants": sum(r.participants for r in rows),
            "responses": sum(r.responses for r in rows), "events": sum(r.events_held for r in rows)}


def plan(request: SignedInRequest, partner_pk: int, round_pk: int) -> HttpResponse:
    """One partner's plan for one round: the plan, its activities, and what the platform recorded of it. The
    secretariat edits it here (each change through an audited service)."""
    _secretariat(request)
    partner = get_object_or_404(Partner, pk=partner_pk)
    round_ = get_object_or_404(Round, pk=round_pk)
    existing = OutreachPlan.objects.filter(partner=partner, round=round_).first()
    plan_form = PlanForm(initial={f: getattr(existing, f) for f in PlanForm.base_fields} if existing else
                         {"languages": partner.get_language_display()})
    activity_form = ActivityForm(round_=round_, initial={"language": partner.get_language_display()})
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "plan":
                plan_form = PlanForm(request.POST)
                if plan_form.is_valid():
                    services.plan_save(actor=request.user, partner=partner, round_=round_, **plan_form.cleaned_data)
                    messages.success(request, _("The plan is saved."))
                    return redirect("outreach:plan", partner.pk, round_.pk)
            elif action == "activity" and existing is not None:
                activity_form = ActivityForm(request.POST, round_=round_)
                if activity_form.is_valid():
                    services.plan_activity_save(actor=request.user, plan=existing, **activity_form.cleaned_data)
                    messages.success(request, _("The activity is added."))
                    return redirect("outreach:plan", partner.pk, round_.pk)
            elif action in ("record", "remove") and existing is not None:
                picked = request.POST.get("activity", "")
                activity = get_object_or_404(PlanActivity, pk=int(picked) if picked.isdigit() else 0, plan=existing)
                if action == "remove":
                    services.plan_activity_delete(actor=request.user, activity=activity)
                else:
                    form = ActivityForm({**{f: getattr(activity, f) for f in ("kind", "title", "language",
                                                                             "expected_reach")},
                                         "planned_on": activity.planned_on.isoformat(),
                                         "event": request.POST.get("event", ""),
                                         "done_on": request.POST.get("done_on", "")}, round_=round_)
                    if not form.is_valid():
                        raise ValidationError(_("Give the date as YYYY-MM-DD."))
                    services.plan_activity_save(actor=request.user, plan=existing, activity=activity,
                                                **form.cleaned_data)
                return redirect("outreach:plan", partner.pk, round_.pk)
        except ValidationError as exc:
            target = activity_form if action == "activity" else plan_form
            if action in ("record", "remove"):
                messages.error(request, " ".join(exc.messages))
                return redirect("outreach:plan", partner.pk, round_.pk)
            add_service_error(target, exc)
    progress = selectors.plans_progress([existing]) if existing else []
    return render(request, "outreach/plan.html", {
        "partner": partner, "round": round_, "plan": existing, "progress": progress[0] if progress else None,
        "plan_form": plan_form, "activity_form": activity_form,
        "events": list(round_.events.all()) if existing else []})
