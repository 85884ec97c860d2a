"""E-mail leaves through the task queue, so a slow or failing SMTP server never slows or fails a request; the
worker (`manage.py db_worker`) retries nothing by itself, and a failure is logged with the recipient."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task
from django_tasks_db import DatabaseBackend


@task()
def send_email(subject: str, body: str, to: list[str]) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def queue_mail(subject: str, body: str, to: list[str]) -> None:
    """Queue one e-mail (call it after the commit that it reports: its data must exist when it is read)."""
    send_email.enqueue(str(subject), body, list(to))


def queue_with_commit(queue: Callable[[], Any]) -> None:
    """Call `queue` (which queues a task on the default backend that reads this transaction's data: queue_mail, a
    task that sends e-mail, the grouping of new comments) so that what it queues exists exactly when the current
    transaction commits. With the task queue in the database (django_tasks_db,
    production), at once: the task's row is written in the same transaction, so it commits with the data it
    reports, a crash just after the commit cannot lose it, and a rollback takes it back. With a backend that may
    send at once (immediate, in development and tests), after the commit, as e-mail always leaves."""
    if isinstance(send_email.get_backend(), DatabaseBackend):
        queue()
    else:
        transaction.on_commit(queue)
