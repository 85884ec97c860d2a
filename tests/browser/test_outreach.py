"""Outreach in a real browser, JavaScript off, on a 320-pixel phone in French and Spanish: the secretariat reads the
partners' outreach plans, adds an activity, previews a mailing as one recipient gets it (and nothing is sent before
the confirmation); a visitor signs up to the list from the consultation's page."""

import pytest

from tests.browser.test_assessment_flow import second_factor, sign_in
from tests.browser.test_trust import PHONE, _fits

pytestmark = pytest.mark.browser


def test_the_secretariat_plans_and_previews_on_a_phone_in_french(app_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    page.goto(f"{app_server}/fr/outreach/plans/")
    main = page.locator("main").inner_text()
    assert "Fédération des coopératives minières du Sud-Kivu" in main and "Red de Minería Artesanal del Sur" in main
    assert _fits(page)
    page.locator("main table a", has_text="Fédération").click()
    main = page.locator("main").inner_text()
    assert "Kamituga" in main and _fits(page)
    page.locator('select[name="kind"]').select_option("meeting")
    page.locator('input[name="title"]').fill("Réunion des présidentes à Uvira")
    page.locator('input[name="planned_on"]').fill("2027-01-10")
    page.locator('button[name="action"][value="activity"]').click()
    assert "Réunion des présidentes à Uvira" in page.locator("main").inner_text() and _fits(page)
    page.goto(page.url.replace("/fr/", "/es/"))
    assert _fits(page)
    # a mailing: the desk's form leads to the preview, never straight to sending
    page.goto(f"{app_server}/fr/outreach/")
    page.locator('form[action$="/outreach/mailings/preview/"] button[type=submit]').click()
    assert "/outreach/mailings/preview/" in page.url and _fits(page)
    page.locator("#recipient").select_option(label=page.locator("#recipient option", has_text="Marie Kabila")
                                             .inner_text())
    page.locator('form[method="get"] button[type=submit]').last.click()
    text = page.locator("pre.email").inner_text()
    assert "Bonjour Marie Kabila" in text and "N'hésitez pas" in text
    assert "si  pouvait" not in text and "joint" not in text
    assert _fits(page)
    if shot := __import__("os").environ.get("ASSAY_SHOT"):
        page.screenshot(path=shot, full_page=True)
    context.close()


def test_a_visitor_finds_the_list_from_the_consultation_on_a_phone_in_spanish(app_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{app_server}/es/consultation/")
    page.locator("p.signup a").click()
    assert "/es/outreach/lists/" in page.url
    assert "Novedades de las consultas" in page.locator("main").inner_text() and _fits(page)
    page.locator('input[name="name"]').first.fill("Lucía Pérez")
    page.locator('input[name="email"]').first.fill("lucia.perez@example.org")
    page.locator("main form button[type=submit]").first.click()
    assert "Gracias" in page.locator("main").inner_text() or "Thank you" in page.locator("main").inner_text()
    assert _fits(page)
    context.close()
