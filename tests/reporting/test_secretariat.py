"""The secretariat's dashboard: what waits, what is overdue, where risks are, and every table downloadable."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from assay.assessments import services
from assay.assessments.models import AssessmentStatus
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(chain, published, member, secretariat):
    actor = chain["p-sur"]
    a = actor.assessments.get(status="submitted")
    draft = AssessmentFactory(actor=actor, version=published, by=member, date=date(2025, 10, 1), answers={},
                              status=AssessmentStatus.DRAFT)
    # a draft's plan is private to the actor until submitted: it lapses for no one
    services.commitment_add(actor=member, assessment=draft, criterion=None, action="Draft plan, still private",
                            owner="Coop board", due=date.today() - timedelta(days=10))
    verified = AssessmentFactory(actor=chain["p-new"], version=published, by=member, date=date(2025, 9, 1),
                                 overrides={"4.2": "0"}, reviewer=secretariat,
                                 commitments=[(None, "Fence the shaft", "Coop board",
                                               date.today() - timedelta(days=10))])
    return a, verified.commitments.get(action="Fence the shaft")


def test_waiting_overdue_and_hot_spots(client, secretariat, pending):
    a, _late = pending
    client.force_login(secretariat)
    page = client.get(reverse("reporting:secretariat")).content.decode()
    assert "Fence the shaft" in page and a.actor.name in page and "Draft plan, still private" not in page
    rows = list(csv.reader(io.StringIO(client.get(reverse("reporting:secretariat_file",
                                                          args=["hot_spots", "csv"])).content.decode("utf-8-sig"))))
    assert rows[1][:2] == ["CO", "4.2"]  # p-new (Colombia) answered 4.2 at maturity 0
    waiting = client.get(reverse("reporting:secretariat_file", args=["waiting", "csv"])).content.decode("utf-8-sig")
    assert a.actor.name in waiting


def test_only_the_secretariat_sees_it(client, member, pending):
    url = reverse("reporting:secretariat")
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.get(reverse("reporting:secretariat_file", args=["overdue", "csv"])).status_code == 403
