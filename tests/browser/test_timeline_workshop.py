"""The demo round's timeline, the draft's banner and the forum workshop in a real browser, JavaScript off, on a
320-pixel phone in French and Spanish: nothing scrolls sideways, the calendar file downloads and parses."""

import re

import pytest
from icalendar import Calendar

from tests.browser.test_trust import PHONE, _fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_timeline_banner_and_workshop_fit_a_phone(app_server, browser, tmp_path, lang):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_server}/{lang}/consultation/")
    page.locator("main h2 a").first.click()
    round_url = page.url
    assert re.search(rf"/{lang}/consultation/\d+/$", round_url)
    assert page.locator("ol.timeline li").count() == 6  # announced … next draft, as the demo gives them all
    assert _fits(page)
    with page.expect_download() as download:
        page.locator('a[href$="timeline.ics"]').click()
    path = tmp_path / "timeline.ics"
    download.value.save_as(path)
    events = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert len(events) == 6 and any("OCDE" in str(e.get("location", "")) for e in events)

    # The draft's pages carry the banner back to the round.
    page.locator(f'main a[href*="/{lang}/standards/"]').first.click()
    banner = page.locator("p.banner")
    assert banner.count() == 1 and _fits(page)
    banner.locator("a").click()
    assert page.url == round_url

    page.locator('a[href$="/workshop/"]').click()
    assert page.locator("main h2").count() >= 4 and page.locator("svg.chart").count() >= 1
    assert _fits(page)
    context.close()
