"""A round's timeline: its milestones from announcement to the next draft, for its page, the partner package and
calendars (an iCalendar file, RFC 5545, written with the `icalendar` library)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Round


@dataclass(frozen=True)
class Milestone:
    key: str  # announced, opens, closes, synopsis, workshop, next_draft: stable, the calendar's UIDs use it
    label: str
    on: date
    place: str = ""

    def past(self, today: date | None = None) -> bool:
        return self.on < (today or date.today())


def milestones(round_: Round) -> list[Milestone]:
    """The round's milestones that have a date, in date order, labelled in the active language."""
    rows = [
        Milestone("announced", pgettext("milestone", "Announced"), round_.announced_on),
        Milestone("opens", pgettext("milestone", "Opens for comment"), round_.opens_on),
        Milestone("closes", pgettext("milestone", "Closes for comment (last day)"), round_.closes_on),
    ]
    if round_.synopsis_due_on:
        rows.append(Milestone("synopsis", pgettext("milestone", "Synopsis of comments and responses due"),
                              round_.synopsis_due_on))
    if round_.workshop_on:
        rows.append(Milestone("workshop", pgettext("milestone", "Forum workshop on the feedback"), round_.workshop_on,
                              round_.workshop_place))
    if round_.next_draft_on:
        rows.append(Milestone("next_draft", pgettext("milestone", "Next draft expected"), round_.next_draft_on))
    order = [m.key for m in rows]
    return sorted(rows, key=lambda m: (m.on, order.index(m.key)))


def next_milestone(rows: list[Milestone], today: date | None = None) -> Milestone | None:
    """The first milestone not yet past: the one a reader most needs."""
    return next((m for m in rows if not m.past(today)), None)


def round_calendar(round_: Round, language: str, base_url: str) -> bytes:
    """The round's milestones as an iCalendar file in `language`: one all-day event each, with a UID that stays
    the same when the file is downloaded again, so a calendar updates its events rather than adding copies."""
    from icalendar import Calendar, Event  # late: only this download needs it

    host = base_url.split("//")[-1].split("/")[0] or "assay.invalid"
    with translation.override(language):
        url = base_url + reverse("consultation:round", args=[round_.pk])
        calendar = Calendar()
        calendar.add("prodid", "-//Assay//consultation timeline//" + language.upper())
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", round_.title)
        stamp = datetime.now(UTC).replace(microsecond=0)
        for m in milestones(round_):
            event = Event()
            event.add("uid", f"round-{round_.pk}-{m.key}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", m.on)
            event.add("dtend", m.on + timedelta(days=1))  # all-day: DTEND is the day after (RFC 5545 §3.6.1)
            event.add("summary", f"{m.label}: {round_.title}")
            event.add("description", _("Consultation timeline: %(url)s") % {"url": url})
            event.add("url", url)
            event.add("transp", "TRANSPARENT")  # a milestone does not make anyone busy
            if m.place:
                event.add("location", m.place)
            calendar.add_component(event)
    return calendar.to_ical()
