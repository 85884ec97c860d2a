"""The request cycle in a real browser, JavaScript off: a trader asks its supplier for a self-assessment (in
French), the co-operative is told, accepts, fills and submits it; the secretariat verifies it; the trader is told.
On the way, each new page fits a 320-pixel phone in French and Spanish."""

import re
from datetime import date, timedelta

import pytest

from tests.browser.test_assessment_flow import fill_every_module, second_factor, sign_in
from tests.browser.test_trust import PHONE, _fits

pytestmark = pytest.mark.browser


def test_request_self_assessment_submission_verification_and_notifications(app_server, browser):
    trader = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = trader.new_page()
    sign_in(page, app_server, "trader")
    page.goto(f"{app_server}/fr/dashboard/maison-dachat-kivu-lumiere/requests/")
    assert _fits(page)
    page.get_by_label("Fournisseur", exact=True).select_option(label="Coopérative Minière Tujenge")
    page.get_by_label("une auto-évaluation par le fournisseur").check()
    page.get_by_role("button", name="Envoyer la demande").click()  # no due date yet: refused, nothing sent
    assert "Indiquez une échéance" in page.locator("main").inner_text()
    page.get_by_label("À rendre le").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Envoyer la demande").click()
    assert "Envoyée à Coopérative Minière Tujenge" in page.locator("main").inner_text()
    assert "envoyée" in page.locator("table").first.inner_text()
    trader.close()

    coop = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = coop.new_page()
    sign_in(page, app_server, "coop")
    page.goto(f"{app_server}/es/notifications/")
    assert _fits(page)
    page.get_by_role("link", name=re.compile("pide una evaluación a Coopérative Minière Tujenge")).first.click()
    assert re.search(r"/es/assessments/requests/\d+/$", page.url) and _fits(page)
    page.get_by_role("button", name="Aceptar y comenzar la autoevaluación").click()
    assert "Elija la versión del estándar" in page.locator("main").inner_text()  # no version picked: nothing done
    page.get_by_label("Versión del estándar (publicada)").select_option(index=1)
    page.get_by_role("button", name="Aceptar y comenzar la autoevaluación").click()
    page.get_by_role("link", name=re.compile(r"\d{4}-\d{2}-\d{2} · Borrador", re.I)).click()
    overview = page.url.replace("/es/", "/en/")
    page.goto(overview)
    page.locator("table a").first.click()
    assert fill_every_module(page) >= 7
    page.get_by_role("button", name="Submit the assessment").click()
    assert "Submitted" in page.locator("main").inner_text()
    coop.close()

    secretariat = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = secretariat.new_page()
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    page.goto(f"{app_server}/fr/assessments/queue/")
    assert _fits(page)
    page.goto(f"{app_server}/fr/notifications/")
    page.get_by_role("link", name=re.compile("Coopérative Minière Tujenge .* est soumise")).first.click()
    page.goto(page.url.replace("/fr/", "/en/"))
    page.get_by_role("button", name="Verify").click()
    assert "verified" in page.locator(".status").inner_text().lower()
    secretariat.close()

    trader = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = trader.new_page()
    sign_in(page, app_server, "trader")
    page.goto(f"{app_server}/fr/notifications/")
    text = page.locator("main").inner_text()
    assert "a répondu à votre demande\u202f: demande acceptée" in text and "est vérifiée" in text
    page.goto(f"{app_server}/es/dashboard/maison-dachat-kivu-lumiere/requests/")
    assert "presentada" in page.locator("table").first.inner_text() and _fits(page)
    trader.close()
