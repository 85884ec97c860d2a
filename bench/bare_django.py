"""The bare-Django ceiling of bench/consultation_load.py: one view that reads a JSON body and stores it with one
durable PostgreSQL INSERT, with no middleware, no apps, no validation. Served by the same gunicorn
configuration as Assay (`gunicorn bare_django:application --chdir bench`, DATABASE_URL and CONN_MAX_AGE from
the environment); never part of Assay's URLs. The table is created by the benchmark:
`CREATE TABLE bench_bare (id bigserial PRIMARY KEY, body jsonb NOT NULL)`."""

import json
import os

import environ
from django.conf import settings

database = environ.Env.db_url_config(os.environ["DATABASE_URL"])
database.update(CONN_MAX_AGE=int(os.environ.get("CONN_MAX_AGE", "60")), CONN_HEALTH_CHECKS=True)
settings.configure(DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, DATABASES={"default": database},
                   MIDDLEWARE=[], INSTALLED_APPS=[], USE_TZ=True, SECRET_KEY="bench-only")

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def store(request: HttpRequest, pk: int) -> JsonResponse:
    body = json.loads(request.body)
    if not isinstance(body, dict) or not body.get("client_key"):
        return JsonResponse({"detail": "invalid"}, status=400)
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (body) VALUES (%s) RETURNING id", [json.dumps(body)])
        (id_,) = cursor.fetchone()
    return JsonResponse({"id": id_, "submitted_at": None, "comments": 0, "duplicate": False, "confirmed": False},
                        status=201)


urlpatterns = [path("api/v1/consultation/rounds/<int:pk>/responses", store)]
application = get_wsgi_application()
