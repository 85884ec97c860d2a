"""Background work of outreach (django-tasks): `manage.py db_worker` runs it where TASK_BACKEND is the
database queue; elsewhere it runs at once."""

from django_tasks import task

from . import services


@task()
def send_mailing(mailing_id: int) -> dict[str, int]:
    return services.mailing_send(mailing_id)
