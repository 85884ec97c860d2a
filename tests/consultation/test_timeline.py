"""A round's timeline: its milestones on the round page, as an iCalendar file that parses back with its dates, and
the draft's banner while the round is open."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, translation
from icalendar import Calendar

from assay.consultation import services
from assay.consultation.timeline import milestones
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def round_(demo):
    return RoundFactory(version=demo[1], title="Round one", title_fr="Premier tour", title_es="Primera ronda",
                        announced_on=TODAY - timedelta(days=20), opens_on=TODAY - timedelta(days=10),
                        closes_on=TODAY + timedelta(days=60), synopsis_due_on=TODAY + timedelta(days=90),
                        workshop_on=TODAY + timedelta(days=120), workshop_place="OECD Conference Centre, Paris",
                        next_draft_on=TODAY + timedelta(days=150))


def test_the_milestones_come_in_date_order_and_only_those_with_a_date(round_, demo):
    assert [m.key for m in milestones(round_)] == ["announced", "opens", "closes", "synopsis", "workshop",
                                                   "next_draft"]
    bare = RoundFactory(version=demo[1], title="Bare")
    assert [m.key for m in milestones(bare)] == ["announced", "opens", "closes"]


@pytest.mark.parametrize(("field", "days"), [("synopsis_due_on", 60), ("workshop_on", 30), ("next_draft_on", 0)])
def test_a_later_milestone_before_the_round_closes_is_refused_and_nothing_is_made(demo, field, days):
    from assay.consultation.models import Round

    with pytest.raises(ValidationError):
        services.round_create(actor=None, version=demo[1], title="Early", announced_on=TODAY, opens_on=TODAY,
                              closes_on=TODAY + timedelta(days=60), **{field: TODAY + timedelta(days=days)})
    assert not Round.objects.filter(title="Early").exists()


def test_a_next_draft_before_the_synopsis_is_refused(demo):
    with pytest.raises(ValidationError):
        services.round_create(actor=None, version=demo[1], title="Odd", announced_on=TODAY, opens_on=TODAY,
                              closes_on=TODAY + timedelta(days=60), synopsis_due_on=TODAY + timedelta(days=100),
                              next_draft_on=TODAY + timedelta(days=80))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_round_page_shows_every_milestone_with_its_date(client, round_, lang):
    html = client.get(f"/{lang}/consultation/{round_.pk}/").content.decode()
    with translation.override(lang):
        for m in milestones(round_):
            assert formats.date_format(m.on, "DATE_FORMAT") in html, m.key
            assert m.label in html
    assert "OECD Conference Centre, Paris" in html
    assert reverse("consultation:calendar", args=[round_.pk]).replace("/en/", f"/{lang}/") in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_calendar_file_parses_back_with_every_milestones_date(client, round_, lang):
    response = client.get(f"/{lang}/consultation/{round_.pk}/timeline.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["version"] == "2.0" and calendar["prodid"]
    events = {str(e["uid"]).split("@")[0].split("-", 2)[2]: e for e in calendar.walk("VEVENT")}
    expected = {m.key: m.on for m in milestones(round_)}
    assert set(events) == set(expected)
    for key, event in events.items():
        assert event.decoded("dtstart") == expected[key]  # an all-day date, not a time
        assert event.decoded("dtend") == expected[key] + timedelta(days=1)
        assert event["dtstamp"] and f"/{lang}/consultation/{round_.pk}/" in str(event["url"])
    assert str(events["workshop"]["location"]) == "OECD Conference Centre, Paris"
    title = "Premier tour" if lang == "fr" else "Round one"
    assert all(title in str(e["summary"]) for e in events.values())


def test_the_calendar_keeps_its_uids_from_one_download_to_the_next(client, round_):
    def uids() -> list[str]:
        ics = client.get(f"/en/consultation/{round_.pk}/timeline.ics").content
        return sorted(str(e["uid"]) for e in Calendar.from_ical(ics).walk("VEVENT"))

    assert uids() == uids() and len(set(uids())) == 6


BANNER = "open for comment until"


def test_the_draft_under_consultation_carries_the_banner_linking_to_the_round(client, round_, demo):
    draft = demo[1]
    pages = [reverse("standards:version", args=[draft.standard.slug, draft.label]),
             reverse("standards:criterion", args=[draft.standard.slug, draft.label,
                                                   draft.criteria.order_by("id").first().code])]
    for path in pages:
        html = client.get(path).content.decode()
        assert BANNER in html, path
        assert formats.date_format(round_.closes_on, "DATE_FORMAT") in html
        assert f'href="/en/consultation/{round_.pk}/"' in html


def test_the_published_version_carries_no_banner(client, round_, demo):
    published = demo[0]
    html = client.get(reverse("standards:version", args=[published.standard.slug, published.label])).content.decode()
    assert BANNER not in html


def test_a_closed_round_puts_no_banner_on_the_draft(client, demo):
    RoundFactory(version=demo[1], title="Past", announced_on=TODAY - timedelta(days=100),
                 opens_on=TODAY - timedelta(days=90), closes_on=TODAY - timedelta(days=1))
    draft = demo[1]
    html = client.get(reverse("standards:version", args=[draft.standard.slug, draft.label])).content.decode()
    assert BANNER not in html
