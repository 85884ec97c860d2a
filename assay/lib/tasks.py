"""E-mail leaves through the task queue, so a slow or failing SMTP server never slows or fails a request; the
worker (`manage.py db_worker`) retries nothing by itself, and a failure is logged with the recipient."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str]) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def queue_mail(subject: str, body: str, to: list[str]) -> None:
    """Queue one e-mail (call it after the commit that it reports: its data must exist when it is read)."""
    send_email.enqueue(str(subject), body, list(to))
