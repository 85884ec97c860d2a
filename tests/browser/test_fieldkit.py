"""The purpose pages and the field kit in a real browser, JavaScript off, on a 320-pixel phone in French and
Spanish: from the round page to each purpose page and the kit, whose guide downloads as a PDF."""

import pytest

from tests.browser.test_trust import PHONE, _fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_purpose_pages_and_the_kit_fit_a_phone(app_server, browser, lang):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_server}/{lang}/consultation/")
    page.locator("main h2 a").first.click()
    round_url = page.url
    assert _fits(page)
    links = page.locator("main p a[href*='/for-']")
    assert links.count() == 2
    for i in range(2):
        page.goto(round_url)
        page.locator("main p a[href*='/for-']").nth(i).click()
        text = page.locator("main").inner_text()
        assert page.locator("main h2 svg").count() >= 2  # the groups' drawings
        assert {"fr": "Aucun soutien aux groupes armés", "es": "Sin apoyo a grupos armados"}[lang] in text
        assert _fits(page)
    page.locator("main a[href$='/kit/']").first.click()
    assert _fits(page)
    with page.expect_download() as download:
        page.locator(f"main a[href$='/kit/guide-{lang}.pdf']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert download.value.suggested_filename.endswith(f"-{lang}.pdf")
    context.close()
