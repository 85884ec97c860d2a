"""API fuzzing (issue 11): schemathesis over /api/v1/openapi.json, anonymously and as a signed-in member (with a
write token: the session would need a CSRF token), with a bounded, derandomised number of examples per operation.
Zero 5xx, zero answers that break the document: every status code, content type and body as declared."""

from datetime import date, timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assay.accounts.services import token_create
from tests.factories import RoundFactory

EXAMPLES = 12  # per operation and per generation mode; the whole file runs in about a minute on 2 cores

# The document as the app serves it; requests go over WSGI in this process, so into the test's transaction.
# (Loaded at collection: schemathesis.pytest.from_fixture does not run on pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def world(db, demo, coop, trader, member, self_assessment):
    """The demo standard (0.1 published, 0.2 in consultation), a cooperative with a site, its buyer, its member and
    a draft self-assessment, and a consultation round."""
    RoundFactory(version=demo[1], announced_on=date.today(), opens_on=date.today(),
                 closes_on=date.today() + timedelta(days=60))
    # As Django's test client does: a request's end must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def member_token(member) -> str:
    return token_create(actor=member, name="fuzz", scope="write", expires_on=date.today() + timedelta(days=30))[1]


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_answers_every_request_as_its_document_says(case, world, member_token):
    plain = {"Accept-Encoding": "identity"}  # the WSGI test client does not inflate what GZipMiddleware packs
    # Every check but "schema-valid data is accepted": rules a schema cannot state (a period ends after it starts,
    # an assessment needs a published version and a standing) rightly refuse some of it, with a declared 400/403.
    skip = [positive_data_acceptance]
    case.call_and_validate(headers=plain, excluded_checks=skip)
    case.call_and_validate(headers={**plain, "Authorization": f"Bearer {member_token}"}, excluded_checks=skip)
