"""Member outreach plans: a plan per partner and round, its activities, and its progress read from the platform's
own records (packages, deliveries, clicks, pilot-site events, responses that came by the partner's links)."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assay.audit.models import AuditRecord
from assay.consultation import services as consultation
from assay.consultation.models import Response
from assay.outreach import selectors, services
from assay.outreach.models import OutreachPlan, PlanActivity, TrackedLink

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def open_round(round_):
    round_.announced_on, round_.opens_on = TODAY - timedelta(40), TODAY - timedelta(30)
    round_.closes_on = TODAY + timedelta(60)
    round_.save()
    return round_


@pytest.fixture
def plan(staff, open_round, partner):
    return services.plan_save(actor=staff, partner=partner, round_=open_round, networks="42 co-operatives",
                              audiences=["asm", "trade"], channels=["radio", "meetings"], languages="Swahili, French",
                              expected_reach=400)


def test_a_plan_is_one_per_partner_and_round_and_audited(staff, plan, open_round, partner):
    again = services.plan_save(actor=staff, partner=partner, round_=open_round, networks="45 co-operatives",
                               audiences=["asm"], channels=["radio"], languages="Swahili", expected_reach=450)
    assert again.pk == plan.pk and OutreachPlan.objects.count() == 1 and again.expected_reach == 450
    assert AuditRecord.objects.filter(action="plan_save").count() == 2
    with pytest.raises(ValidationError):
        services.plan_save(actor=staff, partner=partner, round_=open_round, channels=["carrier pigeons"])
    with pytest.raises(ValidationError):
        services.plan_save(actor=staff, partner=partner, round_=open_round, expected_reach=-1)
    assert OutreachPlan.objects.get().expected_reach == 450  # a refusal changes nothing


def test_progress_is_read_from_packages_deliveries_events_and_responses(client, staff, plan, open_round, partner,
                                                                       updates, template,
                                                                       django_capture_on_commit_callbacks):
    # a package in French, a mailing delivered to the partner's contact, a click on it
    services.tracked_link(round_=open_round, language="fr", partner=partner)
    contact = partner.contacts.get()
    services.subscription_confirm(subscription=services.subscription_request(
        mailing_list=updates, name=contact.name, email=contact.email, language="fr", base_url=""))
    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.mailing_create(actor=None, template=template, mailing_list=updates, round_=open_round,
                                          base_url="")
    link = mailing.deliveries.get().link
    # a visitor follows the partner's link and answers: the response is attributed to the partner
    visitor = client
    assert visitor.get(reverse("outreach:track", args=[link.token])).status_code == 302
    started = visitor.post(f"/fr/consultation/{open_round.pk}/", {
        "name": "Amani", "email": "amani@example.org", "sector": "asm", "country": "CD", "language": "fr",
        "consent": "anonymous"})
    assert started.status_code == 302
    response = Response.objects.get(email="amani@example.org")
    assert response.referral == link.token
    consultation.response_save(response=response, answers={}, clauses={}, general="Merci.")
    consultation.response_submit(response=response, client_key="k1")
    # a pilot-site event the partner facilitated, and one its activity names, each with a paper answer sheet
    own = consultation.event_create(actor=staff, round_=open_round, place="Kamituga", held_on=TODAY - timedelta(5),
                                    facilitator=partner.name, language="fr", attendance={("asm", "women"): 11,
                                                                                         ("asm", "men"): 19})
    named = consultation.event_create(actor=staff, round_=open_round, place="Mwenga", held_on=TODAY - timedelta(2),
                                      facilitator="A local NGO", language="sw", attendance={("asm", "women"): 5})
    other = consultation.event_create(actor=staff, round_=open_round, place="Elsewhere", held_on=TODAY,
                                      facilitator="Someone else", language="fr", attendance={("asm", "men"): 50})
    for i, event in enumerate((own, named, other)):
        consultation.event_response_enter(actor=staff, event=event, respondent={
            "name": f"R{i}", "sector": "asm", "country": "CD", "consent": "anonymous", "language": "fr"},
            answers={}, general="Un avis.", client_key=f"sheet-{i}")
    for event in (own, named):
        services.plan_activity_save(actor=staff, plan=plan, kind="pilot_event", title=f"Meeting in {event.place}",
                                    planned_on=event.held_on, event=event)
    services.plan_activity_save(actor=staff, plan=plan, kind="radio", title="Radio", planned_on=TODAY + timedelta(9))
    [row] = selectors.plans_progress()
    assert row.packages == ["fr"] and row.emails_sent == 1 and row.clicks == 1
    assert {e.pk for e in row.events} == {own.pk, named.pk} and row.participants == 35
    assert (row.responses_by_link, row.responses_at_events, row.responses) == (1, 2, 3)
    assert (row.activities_done, len(row.activities)) == (2, 3)
    # the overview page and its files say the same
    client.force_login(staff)
    page = client.get(reverse("outreach:plans")).content.decode()
    assert partner.name in page and reverse("outreach:plan", args=[partner.pk, open_round.pk]) in page
    with translation.override("en"):  # the requests above (a French package's link) left French active
        book = load_workbook(io.BytesIO(client.get(reverse("outreach:plans_file", args=["xlsx"])).content))
    header, values = list(book.active.values)
    record = dict(zip(header, values, strict=True))
    assert record["Expected reach"] == 400 and record["Events held"] == 2 and record["Responses by its links"] == 1
    assert record["Packages prepared"] == "FR" and record["Next activity"].endswith("Radio")
    csv = client.get(reverse("outreach:plans_file", args=["csv"])).content.decode("utf-8-sig")
    assert partner.name in csv


def test_the_overview_s_queries_do_not_grow_with_the_plans(client, staff, open_round, django_assert_max_num_queries):
    from tests.factories import PartnerFactory

    def make(n):
        for i in range(n):
            p = PartnerFactory(name=f"Partner {OutreachPlan.objects.count()}-{i}", sector="asm")
            plan = services.plan_save(actor=staff, partner=p, round_=open_round, expected_reach=10)
            services.plan_activity_save(actor=staff, plan=plan, kind="meeting", title="M", planned_on=TODAY)
            TrackedLink.objects.create(round=open_round, partner=p, language="en", for_package=True)

    client.force_login(staff)
    make(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("outreach:plans")).status_code == 200
    make(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("outreach:plans")).status_code == 200


def test_the_secretariat_edits_a_plan_on_its_page(client, staff, open_round, partner):
    client.force_login(staff)
    url = reverse("outreach:plan", args=[partner.pk, open_round.pk])
    assert "Make the plan" in client.get(url).content.decode()
    response = client.post(url, {"action": "plan", "networks": "Co-operatives of Kamituga", "audiences": ["asm"],
                                 "channels": ["radio", "pilot_sites"], "languages": "Swahili", "expected_reach": "300"})
    assert response.status_code == 302
    plan = OutreachPlan.objects.get()
    assert plan.channels == ["radio", "pilot_sites"] and plan.expected_reach == 300
    response = client.post(url, {"action": "activity", "kind": "meeting", "title": "Assembly",
                                 "planned_on": (TODAY + timedelta(7)).isoformat(), "language": "Swahili",
                                 "expected_reach": "40"})
    assert response.status_code == 302
    activity = PlanActivity.objects.get()
    client.post(url, {"action": "record", "activity": activity.pk, "done_on": TODAY.isoformat()})
    activity.refresh_from_db()
    assert activity.done_on == TODAY and activity.title == "Assembly"
    page = client.get(url).content.decode()
    assert "Assembly" in page and "1 / 1" in page
    bad = client.post(url, {"action": "plan", "expected_reach": "-5"})
    assert bad.status_code == 200 and OutreachPlan.objects.get().expected_reach == 300
    client.post(url, {"action": "remove", "activity": activity.pk})
    assert not PlanActivity.objects.exists()
    assert set(AuditRecord.objects.values_list("action", flat=True)) >= {
        "plan_save", "plan_activity_save", "plan_activity_delete"}


@pytest.mark.parametrize("name", ["outreach:plans", "outreach:plans_file", "outreach:plan"])
def test_plans_are_for_the_secretariat_only(client, member, open_round, partner, name):
    args = {"outreach:plans": [], "outreach:plans_file": ["csv"], "outreach:plan": [partner.pk, open_round.pk]}[name]
    url = reverse(name, args=args)
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "plan", "expected_reach": "5"}).status_code == 403
    assert not OutreachPlan.objects.exists()


def test_an_event_counts_for_the_plan_that_names_it_not_for_a_facilitator_of_the_same_name(staff, plan, open_round,
                                                                                           partner):
    from tests.factories import PartnerFactory

    other = PartnerFactory(name="Réseau des femmes minières", sector="asm", country="CD", language="fr")
    other_plan = services.plan_save(actor=staff, partner=other, round_=open_round, expected_reach=50)
    by_name = consultation.event_create(actor=staff, round_=open_round, place="Kamituga", held_on=TODAY - timedelta(3),
                                        facilitator=partner.name, language="fr", attendance={("asm", "women"): 8})
    joint = consultation.event_create(actor=staff, round_=open_round, place="Shabunda", held_on=TODAY - timedelta(1),
                                      facilitator="FSK et RFM", language="fr", attendance={("asm", "men"): 12})
    progress = {r.plan.pk: r for r in selectors.plans_progress()}
    assert progress[plan.pk].events == [] and progress[other_plan.pk].events == []  # a name alone links nothing
    services.plan_activity_save(actor=staff, plan=other_plan, kind="pilot_event", title="Kamituga",
                                planned_on=by_name.held_on, event=by_name)
    for p in (plan, other_plan):  # held together: it counts for both
        services.plan_activity_save(actor=staff, plan=p, kind="pilot_event", title="Shabunda",
                                    planned_on=joint.held_on, event=joint)
    partner.name = "Fédération des coopératives du Sud-Kivu"  # renamed: its plan keeps its events
    partner.save()
    progress = {r.plan.pk: r for r in selectors.plans_progress()}
    assert [e.pk for e in progress[plan.pk].events] == [joint.pk] and progress[plan.pk].participants == 12
    assert [e.pk for e in progress[other_plan.pk].events] == [by_name.pk, joint.pk]
    assert progress[other_plan.pk].participants == 20


def test_the_migration_keeps_the_events_counted_by_name_as_activities(staff, plan, open_round, partner):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("assay.outreach.migrations.0007_pilot_events_attributed_by_activity")
    by_name = consultation.event_create(actor=staff, round_=open_round, place="Kamituga", held_on=TODAY - timedelta(3),
                                        facilitator=partner.name, language="fr", attendance={("asm", "women"): 8})
    consultation.event_create(actor=staff, round_=open_round, place="Later", held_on=TODAY + timedelta(9),
                              facilitator=partner.name, language="fr", attendance={("asm", "men"): 1})  # not held yet
    linked = consultation.event_create(actor=staff, round_=open_round, place="Mwenga", held_on=TODAY - timedelta(2),
                                       facilitator=partner.name, language="fr", attendance={("asm", "men"): 4})
    consultation.event_create(actor=staff, round_=open_round, place="Elsewhere", held_on=TODAY - timedelta(1),
                              facilitator="Someone else", language="fr", attendance={("asm", "men"): 50})
    services.plan_activity_save(actor=staff, plan=plan, kind="pilot_event", title="Mwenga",
                                planned_on=linked.held_on, event=linked)
    migration.link_events_counted_by_name(apps, None)
    migration.link_events_counted_by_name(apps, None)  # again: nothing twice
    added = PlanActivity.objects.get(plan=plan, event=by_name)
    assert (added.kind, added.title, added.planned_on) == ("pilot_event", "Kamituga", by_name.held_on)
    assert PlanActivity.objects.filter(plan=plan, event=linked).count() == 1
    assert PlanActivity.objects.filter(plan=plan).count() == 2
    assert AuditRecord.objects.filter(action="plan_activity_save", object_id=str(added.pk)).exists()
    [row] = selectors.plans_progress()
    assert {e.pk for e in row.events} == {by_name.pk, linked.pk}
