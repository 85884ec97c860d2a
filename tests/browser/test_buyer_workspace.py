"""The buyer's workspace in a real browser, JavaScript off, on a 320-pixel phone in French and Spanish: a trader's
editor issues a supply-chain claim, opens its public verification page, and reads who needs support."""

import re

import pytest

from tests.browser.test_assessment_flow import sign_in
from tests.browser.test_trust import PHONE, _fits

pytestmark = pytest.mark.browser


def test_a_trader_issues_a_claim_and_a_customer_verifies_it_on_a_phone(app_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "trader")  # an editor of Maison d'Achat Kivu Lumière
    page.goto(f"{app_server}/fr/dashboard/")
    page.locator("main ul li a").first.click()  # the trader's own organisation
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.locator(f'main a[href="/fr/dashboard/{slug}/claims/"]').click()
    assert _fits(page)
    page.locator("#cl-mineral").select_option("gold")
    page.locator("main form.stack button[type=submit]").click()
    assert re.search(rf"/fr/dashboard/{slug}/claims/\d+/$", page.url), page.locator("main").inner_text()
    assert _fits(page)
    verify = page.locator('main a[href*="/reports/claims/"]').first.get_attribute("href")
    assert verify and "/fr/reports/claims/" in verify
    public = browser.new_context(java_script_enabled=False, viewport=PHONE).new_page()  # a customer, signed out
    for lang in ("fr", "es"):
        public.goto(verify.replace("/fr/", f"/{lang}/"))
        assert public.locator("html").get_attribute("lang") == lang
        text = public.locator("main").inner_text()
        assert "Maison d'Achat Kivu Lumière" in text and re.search(r"[0-9a-f]{64}", text) and _fits(public)
        assert public.locator("main table").count() == 1
    # who needs support, in Spanish
    page.goto(f"{app_server}/es/dashboard/{slug}/support/")
    assert page.locator("main tbody tr").count() >= 1 and _fits(page)
    page.goto(f"{app_server}/es/dashboard/{slug}/support/engage/")
    assert _fits(page)
    public.context.close()
    context.close()
