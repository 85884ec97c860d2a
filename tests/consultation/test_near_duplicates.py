"""Near-duplicate groups (campaigns) are kept as comments arrive (issue 18): the task after each submission groups
the new comments with the stored groups, pages read those groups and show only the members they may, a comment
not grouped yet still shows, and `manage.py regroup_comments` rebuilds a round from scratch."""

import io

import pytest
from django.core.management import call_command

from assay.audit.models import AuditRecord
from assay.consultation import selectors, services
from assay.consultation.models import Comment, Consent, NearDuplicate
from assay.domain.dedup import group_near_duplicates
from tests.factories import ResponseFactory, RoundFactory

pytestmark = pytest.mark.django_db
LETTER = ("Buyers must stay engaged with artisanal miners and finance their improvement rather than walk away at the "
          "first problem; judge them on the progress of their suppliers.")
OTHER = "Mercury reduction targets should follow the Minamata Convention timelines and be measured per gram of gold."


@pytest.fixture
def round_(demo):
    return RoundFactory(version=demo[1], title="Consultation on draft 0.2")


def signed(round_, name, text, **kw):
    return ResponseFactory(round=round_, name=name, general=text, sector="civil_society", **kw)


def submitted_without_the_task(round_, name, text):
    """A submission whose background grouping has not run yet (its transaction's callbacks are not run here)."""
    r = services.response_start(round_=round_, name=name, email=f"{name.lower()}@example.org", sector="asm",
                                country="CD", language="en", consent=Consent.NAMED)
    services.response_save(response=r, answers={}, clauses={}, general=text)
    services.response_submit(response=r, client_key=f"key-{name}")
    services.response_verify_email(response=r)
    return r


def shown_counts(round_):
    return sorted(s.count for s in selectors.grouped(round_))


def stored_partition(round_):
    groups = {}
    for pk, group in NearDuplicate.objects.filter(round=round_).values_list("comment_id", "group"):
        groups.setdefault(group, set()).add(pk)
    return {frozenset(g) for g in groups.values()}


def test_a_submission_is_grouped_by_the_task_once_it_commits(round_, django_capture_on_commit_callbacks):
    for i in range(3):
        signed(round_, f"Signer{i}", LETTER)
    r = services.response_start(round_=round_, name="Late", email="late@example.org", sector="asm", country="CD",
                                language="en", consent=Consent.NAMED)
    services.response_save(response=r, answers={}, clauses={}, general="Dear committee, " + LETTER)
    with django_capture_on_commit_callbacks(execute=True):
        services.response_submit(response=r, client_key="key-late")
    late = r.comments.get()
    first = Comment.objects.filter(response__name="Signer0").get()
    assert NearDuplicate.objects.get(comment=late).group == NearDuplicate.objects.get(comment=first).group


def test_a_comment_not_grouped_yet_still_shows_on_its_own(round_):
    for i in range(3):
        signed(round_, f"Signer{i}", LETTER)
    late = submitted_without_the_task(round_, "Late", LETTER + " Signed Late")
    assert not NearDuplicate.objects.filter(comment__response=late).exists()
    assert shown_counts(round_) == [1, 3]  # the copy shows, alone, until the task has grouped it
    assert services.comments_group(actor=None, round_=round_) == 1
    assert shown_counts(round_) == [4]
    assert services.comments_group(actor=None, round_=round_) == 0  # nothing left to group


def test_the_stored_groups_are_the_one_shot_grouping_of_the_rounds_texts(round_):
    texts = [LETTER, "Dear committee, " + LETTER, LETTER.upper(), OTHER, OTHER + " Kind regards", "I agree.",
             "i agree", "Third-party audits are too expensive for small cooperatives; allow group certification.",
             LETTER + " In our village the school closed when the buyers left."]
    for i, text in enumerate(texts):
        signed(round_, f"R{i}", text)
    comments = {c.pk: c.text for c in Comment.objects.filter(response__round=round_)}
    assert stored_partition(round_) == {frozenset(g) for g in group_near_duplicates(comments)}
    assert sorted(map(len, stored_partition(round_))) == [1, 2, 2, 4]


def test_a_hidden_or_withdrawn_copy_leaves_the_group_shown_and_never_shows(round_):
    for i in range(4):
        signed(round_, f"Signer{i}", LETTER)
    hidden = signed(round_, "Hidden", LETTER + " HIDDEN-ADDITION about a named official.")
    private = signed(round_, "Private", LETTER + " PRIVATE-ADDITION", consent=Consent.PRIVATE)
    withdrawn = signed(round_, "Withdrawn", LETTER + " WITHDRAWN-ADDITION")
    services.comment_hide(actor=None, comment=hidden.comments.get(), reason="Insults a named official.")
    services.response_disown(response=withdrawn)
    before = stored_partition(round_)
    (group,) = selectors.grouped(round_)
    assert group.count == 4 and group.additions == []
    assert not any(word in str(group.__dict__) for word in ("HIDDEN", "PRIVATE", "WITHDRAWN"))
    assert stored_partition(round_) == before  # the groups are over texts; the page filters their members
    assert {c.pk for c in Comment.objects.filter(response__in=[hidden, private, withdrawn])} <= max(before, key=len)


def test_pages_read_the_stored_groups(round_):
    signed(round_, "A", LETTER)
    signed(round_, "B", OTHER)
    assert shown_counts(round_) == [1, 1]
    a, b = Comment.objects.filter(response__round=round_).order_by("pk")
    NearDuplicate.objects.filter(comment=b).update(group=a.pk)  # as if a text had joined their groups
    assert shown_counts(round_) == [2]


def test_regroup_comments_rebuilds_a_round_and_is_audited_only_when_that_changes_it(round_):
    for i in range(3):
        signed(round_, f"Signer{i}", LETTER)
    signed(round_, "B", OTHER)
    out = io.StringIO()
    call_command("regroup_comments", str(round_.pk), stdout=out)
    assert "4 comments in 2 groups" in out.getvalue() and "nothing changed" in out.getvalue()
    assert not AuditRecord.objects.filter(action="comments_regroup").exists()
    expected = stored_partition(round_)
    NearDuplicate.objects.filter(round=round_).delete()
    submitted_without_the_task(round_, "Late", "Dear all, " + LETTER)
    call_command("regroup_comments", str(round_.pk), stdout=out)
    assert "groups changed" in out.getvalue()
    assert shown_counts(round_) == [1, 4]
    assert {len(g) for g in stored_partition(round_)} == {1, 4} and len(expected) == 2
    record = AuditRecord.objects.get(action="comments_regroup")
    assert record.object_id == str(round_.pk) and record.details["groups"] == 2


def test_with_the_database_queue_a_submission_queues_its_grouping_in_its_own_transaction(round_, settings):
    """One commit per submission: the grouping task's row (like the receipt's) is written by the transaction that
    stores the comments, so a crash just after that commit cannot leave them waiting for a grouping never queued."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    r = services.response_start(round_=round_, name="Queued", email="queued@example.org", sector="asm",
                                country="CD", language="en", consent=Consent.NAMED)
    services.response_save(response=r, answers={}, clauses={}, general=LETTER)
    before = set(DBTaskResult.objects.values_list("task_path", flat=True))
    services.response_submit(response=r, client_key="key-queued")  # no on-commit callback is run by this test
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True)) - before
    [task] = DBTaskResult.objects.filter(task_path__in=queued)  # one row: the grouping, then the receipt
    assert task.task_path.endswith(".acknowledge_submission") and task.args_kwargs["args"] == [r.pk, ""]


def test_the_receipt_leaves_even_when_the_grouping_fails(round_, mailoutbox):
    """The one task after a submission groups, then sends the receipt: a failed grouping (taken up by the round's
    next one) must not cost the respondent their receipt, and the failure is still raised for the worker's log."""
    signed(round_, "Earlier", OTHER)  # grouped: the round's stored groups now have a representative
    stored = NearDuplicate.objects.get(round=round_)
    good = bytes(stored.signature)
    NearDuplicate.objects.filter(pk=stored.pk).update(signature=b"damaged")  # it cannot be read back
    mailoutbox.clear()
    r = services.response_start(round_=round_, name="Kept", email="kept@example.org", sector="asm",
                                country="CD", language="en", consent=Consent.NAMED)
    services.response_save(response=r, answers={}, clauses={}, general=LETTER)
    services.response_submit(response=r, client_key="key-kept")  # its task is not run: no callback runs here

    with pytest.raises(ValueError, match="damaged signature"):
        services.acknowledge_submission.call(r.pk, "https://assay.example")
    [receipt] = mailoutbox
    assert receipt.to == ["kept@example.org"] and "https://assay.example/" in receipt.body
    assert not NearDuplicate.objects.filter(comment__response=r).exists()
    NearDuplicate.objects.filter(pk=stored.pk).update(signature=good)
    assert services.group_comments.call(round_.pk) == 1  # the round's next grouping takes the comment up
