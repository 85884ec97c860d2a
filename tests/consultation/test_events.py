"""Pilot-site events: attendance by sector and gender, paper answer sheets, and the all-or-nothing import of
XLSForm submissions, every response attributed to its event."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from assay.consultation import services
from assay.consultation.models import Attendance, PilotEvent, Response
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1])
    QuestionFactory(round=r, position=0, text_en="Are the red lines clear?", answer_type="yes_no")
    QuestionFactory(round=r, position=1, text_en="What would stop you?", answer_type="text")
    return r


@pytest.fixture
def event(round_):
    return services.event_create(actor=None, round_=round_, place="Kamituga", held_on=TODAY - timedelta(3),
                                 facilitator="FEC Sud-Kivu", language="Swahili",
                                 attendance={("asm", "women"): 7, ("asm", "men"): 12, ("trade", "not_stated"): 1})


def test_an_event_records_attendance_by_sector_and_gender(event):
    counts = {(a.sector, a.gender): a.count for a in Attendance.objects.filter(event=event)}
    assert counts == {("asm", "women"): 7, ("asm", "men"): 12, ("trade", "not_stated"): 1}


def test_an_event_without_participants_is_refused_and_nothing_stored(round_):
    with pytest.raises(ValidationError):
        services.event_create(actor=None, round_=round_, place="X", held_on=TODAY, facilitator="Y", language="fr",
                              attendance={("asm", "women"): 0})
    assert not PilotEvent.objects.exists()


def test_a_paper_sheet_is_stored_once_and_attributed_to_the_event(client, staff, event, round_):
    q_yes, q_text = round_.questions.order_by("position")
    client.force_login(staff)
    form = {"client_key": "sheet-1", "name": "Furaha M.", "sector": "asm", "country": "CD", "language": "fr",
            "consent": "anonymous", f"q{q_yes.pk}": "no", f"t{q_yes.pk}": "Pas clair.",
            f"q{q_text.pk}": "", f"t{q_text.pk}": "Le coût.", "general": ""}
    url = reverse("consultation:event", args=[event.pk])
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # the same sheet sent twice
    response = Response.objects.get()
    assert response.event == event and response.submitted and response.email == ""
    assert sorted(response.comments.values_list("value", "text")) == [("", "Le coût."), ("no", "Pas clair.")]
    page = client.get(url).content.decode()
    assert "Furaha M." in page and "1 answer sheet" in page


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _sheets(round_, bad: bool = False) -> bytes:
    q_yes, q_text = round_.questions.order_by("position")
    base = {"respondent/name": "", "respondent/sector": "asm", "respondent/country": "CD",
            "respondent/language": "fr", "respondent/consent": "named", f"g_{q_yes.pk}/q_{q_yes.pk}": "yes",
            f"g_{q_yes.pk}/q_{q_yes.pk}_comment": "", f"q_{q_text.pk}": "", "general": "",
            "meta/instanceID": ""}
    rows = [{**base, "respondent/name": "Bienvenu K.", f"q_{q_text.pk}": "Les prix.",
             "meta/instanceID": "uuid:0001"},
            {**base, "respondent/name": "Neema A.", "respondent/sector": "miner" if bad else "trade",
             "respondent/country": "ZZ" if bad else "CD", "meta/instanceID": "uuid:0002"},
            {**base, "respondent/name": "Amani", "general": "Formations.", "meta/instanceID": "uuid:0003"}]
    return _csv(rows)


def test_a_file_with_bad_rows_is_reported_row_by_row_and_nothing_is_imported(event, round_):
    with pytest.raises(services.ImportRejected) as rejected:
        services.event_import(actor=None, event=event, data=_sheets(round_, bad=True), filename="submissions.csv")
    assert {(row, field) for row, field, _m in rejected.value.rows} == {(3, "sector"), (3, "country")}
    assert not Response.objects.exists()


def test_a_good_file_imports_every_row_once(event, round_):
    result = services.event_import(actor=None, event=event, data=_sheets(round_), filename="submissions.csv")
    assert (result.stored, result.already) == (3, 0)
    again = services.event_import(actor=None, event=event, data=_sheets(round_), filename="submissions.csv")
    assert (again.stored, again.already) == (0, 3)
    assert Response.objects.filter(event=event, submitted_at__isnull=False).count() == 3
    assert Response.objects.get(name="Bienvenu K.").comments.filter(text="Les prix.").exists()


def test_the_import_page_lists_each_problem(client, staff, event, round_):
    client.force_login(staff)
    upload = io.BytesIO(_sheets(round_, bad=True))
    upload.name = "submissions.csv"
    page = client.post(reverse("consultation:event", args=[event.pk]), {"action": "import", "file": upload})
    text = page.content.decode()
    assert page.status_code == 200 and "Nothing was imported" in text
    assert text.count("<td>3</td>") == 2 and not Response.objects.exists()


def test_events_are_for_facilitators_and_the_secretariat(client, member, event):
    urls = [reverse("consultation:events", args=[event.round_id]), reverse("consultation:event", args=[event.pk])]
    client.force_login(member)
    assert [client.get(u).status_code for u in urls] == [403, 403]
    member.user_permissions.add(Permission.objects.get(codename="add_pilotevent"))
    client.force_login(member)
    assert [client.get(u).status_code for u in urls] == [200, 200]


def test_the_xlsform_is_downloadable_in_each_language(client, round_):
    for lang in ("en", "fr", "es"):
        response = client.get(reverse("consultation:xlsform", args=[round_.pk, lang]))
        assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get(reverse("consultation:xlsform", args=[round_.pk, "de"])).status_code == 404


def test_an_attendance_count_no_meeting_has_is_refused(round_):
    with pytest.raises(ValidationError):
        services.event_create(actor=None, round_=round_, place="Kamituga", held_on=TODAY - timedelta(3),
                              facilitator="NGO",
                              language="fr", attendance={("asm", "women"): 10**12})
    assert not PilotEvent.objects.exists()
