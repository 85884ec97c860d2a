"""E-mail queued with the transaction it reports (assay.lib.tasks.queue_with_commit)."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from assay.lib.tasks import queue_mail, queue_with_commit

pytestmark = pytest.mark.django_db


def _queue() -> None:
    queue_mail("Receipt", "Thank you.", ["aline@example.org"])


def test_with_the_database_queue_the_task_is_written_in_the_transaction_and_rolls_back_with_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_with_commit(_queue)
        assert DBTaskResult.objects.count() == 1  # written at once, inside the transaction
        raise RuntimeError("the change it reports fails")
    assert not DBTaskResult.objects.exists() and mail.outbox == []
    with transaction.atomic():
        queue_with_commit(_queue)
    assert DBTaskResult.objects.count() == 1 and mail.outbox == []  # committed, for the worker to send


def test_with_a_backend_that_sends_at_once_the_mail_leaves_only_after_the_commit(django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_with_commit(_queue)
        raise RuntimeError("the change it reports fails")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_with_commit(_queue)
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Receipt"]
