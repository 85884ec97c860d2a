"""A receipt's "this was not me" link on a 320-pixel phone in French, JavaScript off: the link opens a page with
one button (opening it withdraws nothing); the button withdraws the response; the secretariat reviews it on its
page in Spanish and reinstates it; the redaction page fits the phone too."""

import re

import pytest

from tests.browser.test_assessment_flow import second_factor, sign_in
from tests.browser.test_consultation import mails
from tests.browser.test_trust import PHONE, _fits

pytestmark = pytest.mark.browser


def test_this_was_not_me_on_a_phone_in_french_then_the_secretariat_reinstates(app_server, browser):
    before = len(mails(app_server))
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{app_server}/fr/consultation/")
    page.locator("main h2 a").first.click()
    round_url = page.url
    page.locator("#name").fill("Usurpée")
    page.locator("#email").fill("usurpee@example.org")
    page.locator("#sector").select_option("civil_society")
    page.locator("#country").select_option("CD")
    page.locator("#language").select_option("fr")
    page.locator('input[name="consent"][value="named"]').check()
    page.locator("main form button[type=submit]").last.click()
    assert "/fr/consultation/r/" in page.url
    page.locator('textarea[name="general"]').fill("Un commentaire envoyé sous le nom d'une autre.")
    page.locator('button[name="action"][value="submit"]').click()
    receipt = next(m for m in mails(app_server)[before:] if "usurpee@example.org" in m and "not-me" in m)
    assert "&#x27;" not in receipt and "d'une autre" in receipt  # plain text, unescaped
    link = re.search(r"https?://\S+/not-me/\S+/", receipt).group(0)

    page.goto(link.replace("/en/", "/fr/"))
    assert page.locator("main form button").count() == 1 and _fits(page)
    page.locator("main form button").click()
    assert page.locator("[role=status]").count() == 1 and _fits(page)
    context.close()

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    round_pk = re.search(r"/consultation/(\d+)/", round_url).group(1)
    page.goto(f"{app_server}/es/consultation/{round_pk}/review/")
    row = page.locator("main table").first.locator("tr", has_text="Usurpée")  # the disowned, not the flagged
    assert row.count() == 1 and _fits(page)
    row.locator('button[value="reinstate"]').click()
    assert _fits(page)
    page.goto(f"{app_server}/es/consultation/{round_pk}/comments/")
    page.locator("main a[href*='/redact/']").first.click()
    assert "/redact/" in page.url and _fits(page)
    context.close()
