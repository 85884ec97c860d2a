"""A simulation in Chromium with JavaScript off, on the demo data: the secretariat simulates the draft under
consultation with a raised Progressing threshold from the form, reads the result (the transition matrix, the
downstream actors' enabled impact before and after), one explained move and the public summary; every one of
those pages, and the governance and personal-data pages, reflows at 320 CSS px in English, French and Spanish."""

import re

import pytest

from tests.browser.test_assessment_flow import second_factor, sign_in
from tests.browser.test_reflow import LANGUAGES, _phone, _problems

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def simulated(app_server, browser):
    """The secretariat's simulation of draft 0.2 with level 2 at an overall 60: its address."""
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    page.goto(f"{app_server}/en/simulation/")
    page.get_by_label("Rules of").select_option(label="mes 0.2")
    page.get_by_label("Title").fill("Progressing at 60")
    page.get_by_label("Overall score a level needs (level 2)").fill("60")
    page.get_by_role("button", name="Start the simulation").click()
    path = re.search(r"/simulation/\d+/", page.url).group(0)
    text = page.locator("main").inner_text()
    context.close()
    return path, text


def test_the_secretariat_simulates_the_draft_and_reads_the_result(simulated):
    _path, text = simulated
    assert "Levels before and after" in text
    assert "Downstream actors' enabled impact before and after" in text
    assert "Producers' ranking, top places before and after" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_simulation_governance_and_privacy_pages_reflow_at_320_px(app_server, browser, simulated, lang):
    path, _text = simulated
    context = _phone(browser, lang)
    page = context.new_page()
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    page.goto(f"{app_server}/{lang}{path}moves/?all=1")
    moves = [h for h in page.evaluate("[...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'))")
             if re.search(r"/moves/\d+/$", h)]
    assert moves, "the demo's simulation lists no move"
    paths = [f"/{lang}/simulation/", f"/{lang}{path}", f"/{lang}{path}?by=country", f"/{lang}{path}moves/?all=1",
             moves[0], f"/{lang}{path}summary/", f"/{lang}/governance/standards-committee/record/",
             f"/{lang}/privacy/requests/", f"/{lang}/governance/", f"/{lang}/governance/standards-committee/",
             f"/{lang}/governance/why/mes/0.2/5.8/", f"/{lang}/governance/justification/mes/0.2/",
             f"/{lang}/privacy/", f"/{lang}/privacy/register/"]
    problems = []
    for p in paths:
        problems += _problems(page, f"{app_server}{p}")
    context.close()
    assert not problems, "\n".join(problems)
