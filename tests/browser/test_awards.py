"""An award from shortlist to announcement in Chromium with JavaScript off, on the demo data: the secretariat makes
it from the producers' shortlist and seats a jury; the candidate's admin shares its network data with the jury; a
juror declares a conflict with that candidate and then neither sees its pack nor can score it; the chair scores,
reads the pack, decides and announces; a visitor reads the announcement and the French certificate."""

import re

import pytest
from pypdf import PdfReader

from tests.browser.test_assessment_flow import second_factor, sign_in

pytestmark = pytest.mark.browser


def _context(browser):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True, locale="en-GB")
    return context, context.new_page()


def test_an_award_from_shortlist_to_announcement_with_a_conflicted_juror(app_server, browser, tmp_path):
    # The secretariat makes the award from the producers' shortlist (its Congolese entries) and seats the jury.
    context, page = _context(browser)
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    page.goto(f"{app_server}/en/awards/")
    page.get_by_role("link", name="Make an award").click()
    page.locator("select[name=shortlist]").select_option(
        page.locator("select[name=shortlist] option", has_text="Progress award").get_attribute("value"))
    page.locator("input[name=group]").fill("CD")
    page.get_by_label("Awarding organisations").fill("LBMA\nRMI")
    english = page.locator("fieldset").first
    english.get_by_label("Name").fill("Kivu progress prize")
    english.get_by_label("Prize").fill("A buyers' visit")
    english.get_by_label("Public description").fill("For the Congolese producer that improved most.")
    page.get_by_role("button", name="Make the award").click()
    award = re.search(r"/awards/(\d+)/manage/", page.url).group(1)
    for username, organisation, chair in (("jury-chair", "LBMA", True), ("jury-rmi", "RMI", False)):
        page.get_by_label("User name").fill(username)
        page.get_by_label("Organisation").select_option(organisation)
        if chair:
            page.get_by_label("Chair of the jury").check()
        page.get_by_role("button", name="Seat on the jury").click()
    assert "jury-rmi" in page.locator("main").inner_text() or "Lena Hoffmann" in page.locator("main").inner_text()
    context.close()

    # The candidate's admin shares its network data with this award's jury.
    context, page = _context(browser)
    sign_in(page, app_server, "coop")
    page.goto(f"{app_server}/en/awards/nominations/")
    card = page.locator("section.card", has_text="Kivu progress prize")
    card.get_by_role("button", name="Share my network data with the jury").click()
    assert "The jury sees your public and network data." in page.locator(
        "section.card", has_text="Kivu progress prize").inner_text()
    context.close()

    # A juror declares a conflict with that candidate: no pack, no score form, and the pack's address is refused.
    context, page = _context(browser)
    sign_in(page, app_server, "jury-rmi")
    page.goto(f"{app_server}/en/awards/")
    page.get_by_role("link", name="Kivu progress prize").click()
    assert f"/awards/{award}/jury/" in page.url
    tujenge = page.locator("section.card", has_text="Tujenge")
    pack_href = tujenge.get_by_role("link", name=re.compile("Jury pack")).get_attribute("href")
    tujenge.get_by_text("Declare a conflict of interest").click()  # a <details>: opens without JavaScript
    tujenge.get_by_label("Nature of the conflict").fill("I advised this co-operative in 2024.")
    tujenge.get_by_role("button", name="Declare the conflict").click()
    tujenge = page.locator("section.card", has_text="Tujenge")
    assert "You declared a conflict of interest" in tujenge.inner_text()
    assert tujenge.get_by_role("link", name=re.compile("Jury pack")).count() == 0
    assert tujenge.get_by_label("Score").count() == 0
    assert context.request.get(f"{app_server}{pack_href}").status == 404
    other = page.locator("section.card").filter(has_not_text="Tujenge").first
    other.get_by_label("Score").fill("6")
    other.get_by_role("button", name="Save my score").click()
    assert "Only you see it until the decision" in page.locator("main").inner_text()
    context.close()

    # The chair scores, reads the pack (network data shared), decides and announces.
    context, page = _context(browser)
    sign_in(page, app_server, "jury-chair")
    page.goto(f"{app_server}/en/awards/{award}/jury/")
    tujenge = page.locator("section.card", has_text="Tujenge")
    tujenge.get_by_label("Score").fill("9")
    tujenge.get_by_label("Comment").fill("Kept every commitment.")
    tujenge.get_by_role("button", name="Save my score").click()
    with page.expect_download() as download:
        page.locator("section.card", has_text="Tujenge").get_by_role("link", name=re.compile("Jury pack")).click()
    path = tmp_path / "pack.pdf"
    download.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Tujenge" in text and "Network data" in text
    page.locator("select[name=winner]").first.select_option(
        page.locator("select[name=winner] option", has_text="Tujenge").first.get_attribute("value"))
    page.get_by_label("Rationale").fill("The largest verified progress in South Kivu.")
    page.get_by_role("button", name="Record the decision").click()
    assert "6" in page.locator("table").first.inner_text()  # the other juror's score, shown after the decision
    page.get_by_role("button", name="Announce the award").click()
    assert f"/awards/{award}/" in page.url
    context.close()

    # Anyone reads the announcement and downloads the certificate in French.
    context, page = _context(browser)
    page.goto(f"{app_server}/en/awards/{award}/")
    assert page.locator("h1").inner_text() == "Kivu progress prize"
    assert "Tujenge" in page.locator(".winner").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("French")).click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    assert "Tujenge" in PdfReader(path).pages[0].extract_text()
    context.close()
