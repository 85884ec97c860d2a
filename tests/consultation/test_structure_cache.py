"""The submission API's per-process cache of a round's structure (assay/consultation/structure.py): a submission is
always checked against the round, questions and clauses as they are now, and its receipt is queued with it."""

import os

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from assay.audit.models import AuditRecord
from assay.consultation import structure
from assay.consultation.models import Comment, NearDuplicate, Question, Response, Round
from assay.standards import services as standards_services
from assay.standards.models import Criterion
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The task worker closes its connection, which on PostgreSQL would end the test's transaction: commit there.
worker_db = pytest.mark.django_db(transaction=os.environ.get("DATABASE_URL", "").startswith("postgres"))


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1])
    QuestionFactory(round=r, text_en="Whom do you sell to?", answer_type="single", choices_en="Refiners\nTraders")
    return r


def post(client, round_, key, answers, **extra):
    data = {"client_key": key, "name": "Aline Uwase", "email": "aline@example.org", "sector": "asm",
            "country": "RW", "language": "fr", "consent": "named",
            "answers": {str(q.pk): {"value": v} for q, v in answers.items()}, **extra}
    return client.post(f"/api/v1/consultation/rounds/{round_.pk}/responses", data, content_type="application/json")


def structure_version(round_):
    return Round.objects.values_list("structure_version", flat=True).get(pk=round_.pk)


def test_every_change_of_a_round_or_its_questions_grows_its_structure_version(round_):
    seen = [structure_version(round_)]

    def grew() -> bool:
        seen.append(structure_version(round_))
        return seen[-1] > seen[-2]

    q = round_.questions.get()
    stale = Round.objects.get(pk=round_.pk)  # loaded before the changes below, saved after them
    q.choices_en = "Refiners\nTraders\nBanks"
    q.save()
    assert grew()
    Question.objects.filter(pk=q.pk).update(answer_type="multiple")  # a bulk update: no signal
    assert grew()
    with connection.cursor() as cursor:  # raw SQL
        cursor.execute("UPDATE consultation_question SET choices_en = 'Banks' WHERE id = %s", [q.pk])
    assert grew()
    extra = QuestionFactory(round=round_)
    assert grew()
    extra.delete()
    assert grew()
    stale.title_en = "Round, renamed"
    stale.save()  # writes the old number it was loaded with: the triggers still count up
    assert grew()
    Round.objects.filter(pk=round_.pk).update(synthesised=True)
    assert grew()
    other = RoundFactory(version=round_.version)
    before = structure_version(other)
    Question.objects.filter(pk=q.pk).update(round=other)  # a question moved: both rounds changed
    assert grew() and structure_version(other) > before


def test_the_cache_serves_a_round_until_it_or_its_questions_change(round_):
    q = round_.questions.get()
    first = structure.round_structure(round_.pk)
    assert first is not None and first.questions[q.pk].choice_values() == ["Refiners", "Traders"]
    assert structure.round_structure(round_.pk) is first  # served from the cache
    Question.objects.filter(pk=q.pk).update(choices_en="Refiners\nTraders\nBanks")
    second = structure.round_structure(round_.pk)
    assert second is not first and second.questions[q.pk].choice_values() == ["Refiners", "Traders", "Banks"]
    assert structure.round_structure(round_.pk) is second
    Round.objects.filter(pk=round_.pk).update(synthesised=True)
    assert structure.round_structure(round_.pk).round.status() == "synthesised"
    assert structure.round_structure(round_.pk + 1000) is None


def test_a_submission_is_checked_against_the_questions_as_they_are_now(client, round_):
    q = round_.questions.get()
    assert post(client, round_, "k1", {q: "Refiners"}).status_code == 201  # the structure is now cached
    refused = post(client, round_, "k2", {q: "Banks"})
    assert refused.status_code == 400 and f"q{q.pk}" in refused.json()["problems"]
    Question.objects.filter(pk=q.pk).update(choices_en="Refiners\nTraders\nBanks")  # the choice is added
    assert post(client, round_, "k3", {q: "Banks"}).status_code == 201
    Question.objects.filter(pk=q.pk).update(choices_en="Traders\nBanks")  # another is withdrawn
    refused = post(client, round_, "k4", {q: "Refiners"})
    assert refused.status_code == 400 and f"q{q.pk}" in refused.json()["problems"]
    added = QuestionFactory(round=round_, text_en="Do you use mercury?", answer_type="yes_no")
    assert post(client, round_, "k5", {q: "Traders", added: "yes"}).status_code == 201
    assert Comment.objects.get(response__client_key="k5", question=added).value == "yes"
    Round.objects.filter(pk=round_.pk).update(synthesised=True)  # the round closed for good
    assert post(client, round_, "k6", {q: "Traders"}).status_code == 400
    assert sorted(Response.objects.values_list("client_key", flat=True)) == ["k1", "k3", "k5"]


def test_a_resend_after_the_round_closed_still_returns_the_stored_response(client, round_):
    """The key is not looked up before the checks (most keys are new), so a resend that fails them now (the round
    closed, a choice withdrawn) must still be answered with what was stored, not with the check's error."""
    q = round_.questions.get()
    first = post(client, round_, "k1", {q: "Refiners"})
    Question.objects.filter(pk=q.pk).update(choices_en="Traders\nBanks")  # "Refiners" withdrawn
    Round.objects.filter(pk=round_.pk).update(synthesised=True)  # and the round closed for good
    again = post(client, round_, "k1", {q: "Refiners"})
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == {**first.json(), "duplicate": True}
    assert post(client, round_, "k2", {q: "Traders"}).status_code == 400  # a new key is refused
    assert Response.objects.count() == 1 and Comment.objects.count() == 1


def test_a_clause_renumbered_in_the_draft_is_known_by_its_new_code_at_once(client, round_):
    q = round_.questions.get()
    assert post(client, round_, "k1", {q: "Traders"}, clauses={"1.4": "Anonymous grievances."}).status_code == 201
    clause = Criterion.objects.get(version=round_.version, code="1.4")
    clause.code = "1.4a"
    standards_services.content_save(actor=None, obj=clause, changed=["code"])  # audited: the data version grows
    old = post(client, round_, "k2", {q: "Traders"}, clauses={"1.4": "Anonymous grievances."})
    assert old.status_code == 400 and list(old.json()["problems"]) == ["clauses.1.4"]
    new = post(client, round_, "k3", {q: "Traders"}, clauses={"1.4a": "Anonymous grievances."})
    assert new.status_code == 201 and Comment.objects.get(response__client_key="k3", criterion=clause)


@pytest.mark.parametrize("country", ["ZZ", "", "R"])
def test_an_unknown_country_is_refused_by_name_and_nothing_is_stored(client, round_, country):
    q = round_.questions.get()
    refused = post(client, round_, "k1", {q: "Traders"}, country=country)
    assert refused.status_code == 400 and list(refused.json()["problems"]) == ["country"]
    assert all(refused.json()["problems"]["country"])
    assert not Response.objects.exists() and not Comment.objects.exists()


@worker_db
def test_a_resend_returns_the_same_response_and_queues_no_second_receipt(client, round_, settings):
    settings.TASKS = DATABASE_TASKS  # as in production: the receipt waits in the database for the worker
    q = round_.questions.get()
    first = post(client, round_, "k1", {q: "Traders"}, general="Merci.")
    again = post(client, round_, "k1", {q: "Traders"}, general="Merci.")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == {**first.json(), "duplicate": True} and first.json()["comments"] == 2
    assert Response.objects.count() == 1 and Comment.objects.count() == 2
    assert AuditRecord.objects.filter(action="response_submit").count() == 1
    # queued with the submission, not sent: one task, which groups its comments and then sends the receipt
    [queued] = DBTaskResult.objects.values_list("task_path", flat=True)
    assert queued.endswith(".acknowledge_submission") and mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert NearDuplicate.objects.filter(comment__response__client_key="k1").count() == 2
    [receipt] = mail.outbox
    response = Response.objects.get()
    with translation.override("fr"):
        assert receipt.subject == gettext("Receipt: your comments on %(title)s") % {"title": round_.title}
    assert receipt.to == ["aline@example.org"] and receipt.subject != f"Receipt: your comments on {round_.title}"
    assert "Whom do you sell to?" in receipt.body and "Traders" in receipt.body and "Merci." in receipt.body
    assert response.email_verified_at is None and "http://testserver/" in receipt.body  # the links, to this site


def test_the_receipt_leaves_after_the_commit_with_the_links_that_confirm_and_disown(
        client, round_, django_capture_on_commit_callbacks):
    from assay.consultation.confirmation import confirm_code, disown_code

    q = round_.questions.get()
    with django_capture_on_commit_callbacks() as callbacks:  # the immediate backend of development and tests
        assert post(client, round_, "k1", {q: "Traders"}).status_code == 201
    # nothing is sent before the commit; after it, one task: the comments' grouping, then the receipt
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert NearDuplicate.objects.filter(comment__response__client_key="k1").count() == 1
    [receipt] = mail.outbox
    response = Response.objects.get()
    assert confirm_code(response) in receipt.body and disown_code(response) in receipt.body
