"""Reads that outreach pages share: the preview of a mailing before it is confirmed, and the partners' outreach
plans with their progress as the platform's own records show it."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from assay.consultation.models import Attendance, PilotEvent, Response, Round

from . import services
from .models import (
    Delivery,
    DeliveryStatus,
    EmailTemplate,
    MailingList,
    OutreachPlan,
    Partner,
    PlanActivity,
    Subscription,
    TrackedLink,
)

PREVIEW_TOKEN = "preview"  # the tracked link of a delivery is made when the mailing is confirmed


@dataclass
class MailingPreview:
    """What a mailing would send: to how many, in which languages and audiences, what one chosen recipient
    receives exactly, who would get an empty merge field, and the fingerprint a confirmation must repeat."""

    template: EmailTemplate
    mailing_list: MailingList
    round: Round
    recipients: list[Subscription]
    recipient: Subscription | None
    subject: str = ""
    body: str = ""
    by_language: list[tuple[str, int]] = field(default_factory=list)
    by_audience: list[tuple[str, int]] = field(default_factory=list)
    problems: list[tuple[str, set[str]]] = field(default_factory=list)
    fingerprint: str = ""


def mailing_preview(*, template: EmailTemplate, mailing_list: MailingList, round_: Round, base_url: str,
                    recipient_pk: int | None = None) -> MailingPreview:
    recipients = services.confirmed_subscriptions(mailing_list)
    chosen = next((s for s in recipients if s.pk == recipient_pk), recipients[0] if recipients else None)
    preview = MailingPreview(template=template, mailing_list=mailing_list, round=round_, recipients=recipients,
                             recipient=chosen)
    for sub in recipients:
        subject, body, empty = services.mailing_merge(template=template, subscription=sub, round_=round_,
                                                      base_url=base_url, token=PREVIEW_TOKEN)
        if empty:
            preview.problems.append((sub.contact.email, empty))
        if sub is chosen:
            # a stand-in token: the preview shows the footer, never a subscriber's own way out
            unsubscribe = services.link_url(base_url, "outreach:unsubscribe", PREVIEW_TOKEN, sub.contact.language)
            preview.subject, preview.body = subject, body + services.mail_footer(unsubscribe, sub.contact.language)
    languages = Counter(s.contact.language for s in recipients)
    preview.by_language = sorted(languages.items())
    partners = sum(1 for s in recipients if s.contact.partner_id)
    preview.by_audience = [(_("contacts of a partner organisation"), partners),
                           (_("subscribers of no partner organisation"), len(recipients) - partners)]
    preview.fingerprint = services.mailing_fingerprint(template=template, subscriptions=recipients, round_=round_)
    return preview


@dataclass
class PlanProgress:
    """A plan beside what the platform recorded of its partner in its round: the packages prepared (languages),
    the mailing e-mails delivered to its contacts, clicks on its links, the pilot-site events it held (those its
    activities name) with their participants, and the submitted responses attributed to
    it (that came by its links, or that its events collected)."""

    plan: OutreachPlan
    activities: list[PlanActivity]
    packages: list[str] = field(default_factory=list)
    emails_sent: int = 0
    clicks: int = 0
    events: list[PilotEvent] = field(default_factory=list)
    participants: int = 0
    responses_by_link: int = 0
    responses_at_events: int = 0

    @property
    def responses(self) -> int:
        return self.responses_by_link + self.responses_at_events

    @property
    def activities_done(self) -> int:
        return sum(1 for a in self.activities if activity_done(a))

    @property
    def events_held(self) -> int:
        return len(self.events)


def activity_done(activity: PlanActivity, today: date | None = None) -> bool:
    today = today or date.today()
    return (activity.done_on is not None and activity.done_on <= today) or (
        activity.event is not None and activity.event.held_on <= today)


def plans_progress(plans: list[OutreachPlan] | None = None) -> list[PlanProgress]:
    """Every plan (or those given) with its progress, in a fixed number of queries whatever the number of plans."""
    if plans is None:
        plans = list(OutreachPlan.objects.select_related("partner", "round"))
    if not plans:
        return []
    today = date.today()
    partners = {p.partner_id for p in plans}
    rounds = {p.round_id for p in plans}
    activities: dict[int, list[PlanActivity]] = defaultdict(list)
    for a in PlanActivity.objects.filter(plan__in=plans).select_related("event").order_by("planned_on", "id"):
        activities[a.plan_id].append(a)
    links = TrackedLink.objects.filter(partner__in=partners, round__in=rounds)
    clicks = {(r["partner"], r["round"]): r["n"] or 0 for r in
              links.values("partner", "round").annotate(n=Sum("clicks"))}
    packages: dict[tuple[int, int], list[str]] = defaultdict(list)
    for partner, round_, language in links.filter(for_package=True).order_by("language").values_list(
            "partner", "round", "language"):
        packages[(partner, round_)].append(language)
    sent = {(r["link__partner"], r["link__round"]): r["n"] for r in Delivery.objects.filter(
        status=DeliveryStatus.SENT, link__partner__in=partners, link__round__in=rounds).values(
        "link__partner", "link__round").annotate(n=Count("id"))}
    came_by = Response.objects.filter(submitted_at__isnull=False, round__in=rounds).exclude(referral="").annotate(
        partner=Subquery(TrackedLink.objects.filter(token=OuterRef("referral")).values("partner")[:1]))
    by_link = {(r["partner"], r["round"]): r["n"] for r in came_by.filter(partner__in=partners).values(
        "partner", "round").annotate(n=Count("id"))}
    # The events a plan's activities name (a foreign key), held by today. The event's "facilitating organisation"
    # is free text: a partner renamed, or another body of the same name, would move events between plans.
    named: dict[int, set[int]] = defaultdict(set)
    for rows in activities.values():
        for a in rows:
            if a.event_id:
                named[a.event_id].add(a.plan_id)
    events = list(PilotEvent.objects.filter(round__in=rounds, held_on__lte=today, pk__in=named).annotate(
        people=Subquery(Attendance.objects.filter(event=OuterRef("pk")).values("event").annotate(
            s=Sum("count")).values("s")[:1]), answered=Count("responses", filter=Q(
            responses__submitted_at__isnull=False), distinct=True)).order_by("held_on", "id"))
    by_plan: dict[int, list[PilotEvent]] = defaultdict(list)
    for event in events:
        for owner in named[event.pk]:
            by_plan[owner].append(event)
    out = []
    for plan in plans:
        key = (plan.partner_id, plan.round_id)
        held = by_plan.get(plan.pk, [])
        out.append(PlanProgress(
            plan=plan, activities=activities.get(plan.pk, []), packages=packages.get(key, []),
            emails_sent=sent.get(key, 0), clicks=clicks.get(key, 0), events=held,
            participants=sum(int(getattr(e, "people", 0) or 0) for e in held),
            responses_by_link=by_link.get(key, 0),
            responses_at_events=sum(int(getattr(e, "answered", 0)) for e in held)))
    return out


def partners_without_plan(round_: Round) -> list[Partner]:
    return list(Partner.objects.exclude(plans__round=round_).order_by("name"))
