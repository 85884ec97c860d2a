"""The actor's report in a real browser, JavaScript off, on a 320-pixel phone: the co-operative's admin opens the
full report of its latest assessment in French and shares it with its buyer's brand; the brand's member finds it on
its dashboard and reads it in Spanish; a visitor checks the printed fingerprint. No page scrolls sideways."""

import re

import pytest

from tests.browser.test_assessment_flow import sign_in
from tests.browser.test_trust import PHONE, _fits

pytestmark = pytest.mark.browser


def test_a_report_is_shared_with_a_buyer_and_checked_on_a_phone_in_french_and_spanish(app_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "coop")
    page.goto(f"{app_server}/fr/dashboard/")
    page.locator("main ul li a").first.click()  # the member's organisation
    assert _fits(page)
    page.locator("main a[href*='/reports/assessments/'][href$='/full/']").first.click()
    assert re.search(r"/fr/reports/assessments/\d+/full/$", page.url)
    full = page.url
    text = page.locator("main").inner_text()
    assert "Scores par module" in text and "Engagements d’amélioration" in text and _fits(page)
    page.locator('input[name="buyer"]').fill("Lumora Watches SA")
    page.locator("main button[value='share']").click()
    assert page.url == full and "Lumora Watches SA" in page.locator("main").inner_text() and _fits(page)
    fingerprint = page.locator("main code.fingerprint").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)
    page.goto(full.replace("/full/", "/summary/"))
    assert "Scores par module" in page.locator("main").inner_text() and _fits(page)
    context.close()

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "brand")
    page.goto(f"{app_server}/es/dashboard/")
    page.locator("main ul li a").first.click()  # the brand's own organisation
    page.locator(f"main a[href='{full.replace(app_server, '').replace('/fr/', '/es/')}']").click()
    text = page.locator("main").inner_text()
    assert "Puntuaciones por módulo" in text and "Coopérative Minière Tujenge" in text and _fits(page)
    assert "Revoke the share" not in text  # whom the actor shares with is its own business
    context.close()

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)  # a visitor, not signed in
    page = context.new_page()
    pk = re.search(r"/assessments/(\d+)/", full).group(1)
    for lang in ("fr", "es"):
        page.goto(f"{app_server}/{lang}/reports/verify/{pk}/{fingerprint}/")
        text = page.locator("main").inner_text()
        assert "Coopérative Minière Tujenge" in text and fingerprint in text and _fits(page)
    context.close()
