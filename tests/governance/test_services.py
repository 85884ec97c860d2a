"""The body's record: bodies, members, meetings with attendance, action items with reminders, and decisions that
cannot change once recorded; every bad input refused with a clear error and nothing half-written."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from assay.audit.models import AuditRecord
from assay.governance import services
from assay.governance.models import (
    ActionItem,
    Attendance,
    Decision,
    DecisionLink,
    DecisionRecorded,
    Meeting,
    MeetingItem,
)
from assay.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MEETING_DAY = date(2026, 3, 10)


def consensus(title="Accept the proposal", rationale="It answers the concern of producers.", links=()):
    return services.DecisionInput(title, rationale, "consensus", links=list(links))


def test_a_meeting_is_recorded_with_attendance_items_actions_and_a_decision(committee, chair, member, secretariat,
                                                                          accepted):
    meeting = services.meeting_record(
        actor=secretariat, body=committee, held_on=MEETING_DAY, place="Kigali", agenda={"en": "1. Comments"},
        minutes={"en": "The committee reviewed the comments.", "fr": "Le comité a examiné les commentaires."},
        attendees=[chair, member],
        items=[services.ItemInput("Comments on 1.4", "Discussed", public=True),
               services.ItemInput("Budget", "Confidential figures", public=False)],
        actions=[services.ActionInput("Draft 0.3", chair, MEETING_DAY + timedelta(days=30))],
        decisions=[consensus(links=[services.LinkInput("disposition", disposition=accepted)])])
    assert set(Attendance.objects.filter(meeting=meeting).values_list("member__user__username", flat=True)) == {
        "chair", "member_gov"}
    assert meeting.minutes_fr.startswith("Le comité")
    assert list(MeetingItem.objects.filter(meeting=meeting).values_list("public", flat=True)) == [True, False]
    decision = Decision.objects.get(meeting=meeting)
    assert decision.links.get().disposition == accepted
    assert AuditRecord.objects.filter(action="meeting_record", object_id=str(meeting.pk)).exists()


def test_an_attendee_who_is_not_a_member_is_refused_and_nothing_is_written(committee, chair, secretariat):
    stranger = UserFactory(username="stranger", first_name="Sam", last_name="Stranger")
    with pytest.raises(ValidationError) as e:
        services.meeting_record(actor=secretariat, body=committee, held_on=MEETING_DAY, attendees=[chair, stranger],
                                decisions=[consensus()])
    assert "Sam Stranger did not serve on Standards committee" in e.value.messages[0]
    assert not Meeting.objects.exists() and not Decision.objects.exists()


def test_a_member_outside_their_term_does_not_attend(committee, member, secretariat):
    with pytest.raises(ValidationError, match="did not serve"):
        services.meeting_record(actor=secretariat, body=committee, held_on=date(2028, 1, 5), attendees=[member])


def test_an_action_item_without_an_owner_is_refused(committee, chair, secretariat):
    with pytest.raises(ValidationError, match="An action item needs an owner"):
        services.meeting_record(actor=secretariat, body=committee, held_on=MEETING_DAY, attendees=[chair],
                                actions=[services.ActionInput("Something", None, MEETING_DAY)])
    assert not Meeting.objects.exists() and not ActionItem.objects.exists()
    meeting = services.meeting_record(actor=secretariat, body=committee, held_on=MEETING_DAY)
    with pytest.raises(ValidationError, match="An action item needs an owner"):
        services.action_item_add(actor=secretariat, meeting=meeting, title="Something", owner=None, due_on=MEETING_DAY)


def test_a_decision_without_a_rationale_is_refused(committee, secretariat):
    with pytest.raises(ValidationError, match="A decision needs its rationale"):
        services.decision_record(actor=secretariat, body=committee, decision=consensus(rationale="  "))
    with pytest.raises(ValidationError, match="A decision needs its rationale"):
        services.meeting_record(actor=secretariat, body=committee, held_on=MEETING_DAY,
                                decisions=[consensus(rationale="")])
    assert not Decision.objects.exists() and not Meeting.objects.exists()


def test_a_vote_needs_its_counts_and_consensus_has_none(committee, secretariat):
    with pytest.raises(ValidationError, match="Give the votes"):
        services.decision_record(actor=secretariat, body=committee,
                                 decision=services.DecisionInput("T", "R", "vote"))
    with pytest.raises(ValidationError, match="consensus has no vote"):
        services.decision_record(actor=secretariat, body=committee,
                                 decision=services.DecisionInput("T", "R", "consensus", votes_for=3))
    voted = services.decision_record(actor=secretariat, body=committee, decision=services.DecisionInput(
        "T", "R", "vote", votes_for=5, votes_against=1, abstentions=0))
    assert (voted.votes_for, voted.votes_against, voted.abstentions) == (5, 1, 0)


def test_the_links_of_a_decision_are_checked(committee, secretariat, demo, round_):
    old, new = demo
    with pytest.raises(ValidationError, match="Name the criterion"):
        services.decision_record(actor=secretariat, body=committee,
                                 decision=consensus(links=[services.LinkInput("criterion")]))
    with pytest.raises(ValidationError, match="Neither version has criterion"):
        services.decision_record(actor=secretariat, body=committee, decision=consensus(links=[
            services.LinkInput("criterion", criterion_key="no-such-key", from_version=old, to_version=new)]))
    with pytest.raises(ValidationError, match="Give the rule parameter"):
        services.decision_record(actor=secretariat, body=committee,
                                 decision=consensus(links=[services.LinkInput("parameter", parameter="level_bonus")]))
    with pytest.raises(ValidationError, match="Name the consultation round"):
        services.decision_record(actor=secretariat, body=committee,
                                 decision=consensus(links=[services.LinkInput("round_close")]))
    made = services.decision_record(actor=secretariat, body=committee, decision=consensus(links=[
        services.LinkInput("parameter", parameter="cahra_multiplier", value="1.5"),
        services.LinkInput("round_open", round=round_)]))
    assert made.links.count() == 2


def test_a_recorded_decision_is_immutable_and_reversed_by_a_new_one(committee, secretariat):
    decision = services.decision_record(actor=secretariat, body=committee, decision=consensus())
    decision.title_en = "Something else"
    with pytest.raises(DecisionRecorded):
        decision.save()
    with pytest.raises(DecisionRecorded):
        decision.delete()
    with pytest.raises(DecisionRecorded):
        Decision.objects.filter(pk=decision.pk).update(rationale_en="changed")
    with pytest.raises(DecisionRecorded):
        Decision.objects.filter(pk=decision.pk).delete()
    with pytest.raises(DecisionRecorded):
        DecisionLink.objects.all().delete()
    decision.refresh_from_db()
    assert decision.title_en == "Accept the proposal"
    reversal = services.decision_reverse(actor=secretariat, reversed_decision=decision,
                                         decision=consensus("Withdraw the acceptance", "New evidence."))
    assert reversal.reverses == decision and decision.reversed_by == reversal
    with pytest.raises(ValidationError, match="already been reversed"):
        services.decision_reverse(actor=secretariat, reversed_decision=decision, decision=consensus())


def test_action_items_remind_their_owner_once(committee, chair, secretariat):
    meeting = services.meeting_record(actor=secretariat, body=committee, held_on=MEETING_DAY, attendees=[chair])
    today = date(2026, 4, 1)
    soon = services.action_item_add(actor=secretariat, meeting=meeting, title="Soon", owner=chair,
                                    due_on=today + timedelta(days=3))
    late = services.action_item_add(actor=secretariat, meeting=meeting, title="Late", owner=chair,
                                    due_on=today - timedelta(days=2))
    services.action_item_add(actor=secretariat, meeting=meeting, title="Later", owner=chair,
                             due_on=today + timedelta(days=60))
    done = services.action_item_add(actor=secretariat, meeting=meeting, title="Done", owner=chair,
                                    due_on=today - timedelta(days=5))
    services.action_item_update(actor=secretariat, item=done, status="done")
    told = services.action_reminders_send(today)
    assert (told.due_soon, told.overdue) == (1, 1)
    assert set(Notification.objects.filter(user=chair).values_list("kind", flat=True)) == {
        "action_item_due", "action_item_overdue"}
    call_command("send_governance_reminders", "--today", today.isoformat())
    assert Notification.objects.filter(user=chair).count() == 2
    services.action_item_update(actor=secretariat, item=soon, due_on=today + timedelta(days=5))
    assert services.action_reminders_send(today).due_soon == 1  # a new due date reminds again
    assert late.pk


def test_the_notification_texts_render_in_three_languages(committee, chair, secretariat):
    from django.utils import translation

    from assay.notifications.kinds import render

    for lang in ("en", "fr", "es"):
        with translation.override(lang):
            subject, body = render("action_item_due", {"body": "SC", "date": "2026-03-10", "due": "2026-04-04"})
            assert "2026-04-04" in subject and "SC" in body


def test_a_body_needs_an_english_name(secretariat, db):
    with pytest.raises(ValidationError, match="name in English"):
        services.body_create(actor=secretariat, slug="wg", kind="working", name={"fr": "Groupe"})
