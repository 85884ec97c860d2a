"""The simulation's pages: who may start and read them, the progress page, the results, the summary."""

import pytest
from django.urls import reverse

from assay.accounts.roles import COMMITTEE_GROUP, SECRETARIAT_GROUP
from assay.audit.models import AuditRecord
from assay.simulation.models import Simulation, SimulationStatus
from assay.simulation.services import simulation_attach, simulation_run, simulation_start
from tests.factories import RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(registry, raised):
    simulation = simulation_start(actor=None, version=raised, title="Raised Progressing")
    return simulation_run(simulation_id=simulation.pk)


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sec", is_staff=True, groups=[SECRETARIAT_GROUP])


@pytest.fixture
def committee(db):
    return UserFactory(username="com", groups=[COMMITTEE_GROUP])


def test_the_committee_starts_a_simulation_from_the_form(client, committee, registry, raised,
                                                        django_capture_on_commit_callbacks):
    client.force_login(committee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("simulation:list"), {"version": raised.pk, "title": "T", "level_bonus": "12"})
    simulation = Simulation.objects.get()
    assert response.status_code == 302
    assert simulation.overrides == {"level_bonus": "12"}
    assert simulation.status == SimulationStatus.DONE  # the immediate backend ran the task after the commit
    assert AuditRecord.objects.filter(action="simulation_start", object_id=str(simulation.pk)).exists()
    page = client.get(reverse("simulation:detail", args=[simulation.pk]))
    assert "would move down a level" in page.content.decode()


def test_a_bad_parameter_is_shown_and_nothing_is_stored(client, committee, registry, raised):
    client.force_login(committee)
    response = client.post(reverse("simulation:list"), {"version": raised.pk, "progressing": "140"})
    assert response.status_code == 200 and "between 0 and 100" in response.content.decode()
    assert not Simulation.objects.exists()


def test_a_running_simulation_refreshes_itself(client, committee, registry, raised):
    simulation = simulation_start(actor=None, version=raised)  # queued: the commit never comes in this test
    client.force_login(committee)
    page = client.get(reverse("simulation:detail", args=[simulation.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page


def test_results_show_the_matrix_and_names_only_to_the_secretariat(client, done, committee, secretariat):
    client.force_login(committee)
    page = client.get(reverse("simulation:detail", args=[done.pk])).content.decode()
    assert "Mine mixed-0" not in page and "level 2" in page
    assert client.get(reverse("simulation:moves", args=[done.pk])).status_code == 403
    move = done.moves.first()
    assert client.get(reverse("simulation:move", args=[done.pk, move.pk])).status_code == 403
    client.force_login(secretariat)
    assert "Mine" in client.get(reverse("simulation:moves", args=[done.pk])).content.decode()
    assert "1.3" in client.get(reverse("simulation:move", args=[done.pk, move.pk])).content.decode()
    for by in ("country", "role", "mineral", "cahra", "kind"):
        assert client.get(reverse("simulation:detail", args=[done.pk]) + f"?by={by}").status_code == 200
    xlsx = client.get(reverse("simulation:file", args=[done.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_others_see_nothing_until_the_summary_is_attached_to_a_round(client, done, secretariat, published):
    outsider = UserFactory(username="out")
    client.force_login(outsider)
    assert client.get(reverse("simulation:detail", args=[done.pk])).status_code == 403
    assert client.get(reverse("simulation:summary", args=[done.pk])).status_code == 403
    round_ = RoundFactory(version=published.standard.versions.get(label="0.2"))
    simulation_attach(actor=secretariat, simulation=done, round_=round_)
    client.logout()
    summary = client.get(reverse("simulation:summary", args=[done.pk])).content.decode()
    assert "of 16 assessed producers 6 would move down a level" in summary
    assert "Mine" not in summary  # aggregates only
    assert reverse("simulation:summary", args=[done.pk]) in client.get(
        reverse("consultation:round", args=[round_.pk])).content.decode()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_summary_exists_in_french_and_spanish(client, done, secretariat, lang):
    client.force_login(secretariat)
    url = reverse("simulation:summary", args=[done.pk]).replace("/en/", f"/{lang}/")
    assert client.get(url).status_code == 200


def test_the_summary_pdf(client, done, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("simulation:summary_pdf", args=[done.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
