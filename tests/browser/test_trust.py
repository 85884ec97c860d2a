"""Trust pages in a real browser, JavaScript off, on a 320-pixel phone in French and Spanish: the secretariat
assigns an assessor (and the assessment page does not scroll sideways); a member makes an API token and an
integration uses it."""

import json
import re
import urllib.request

import pytest

from tests.browser.test_assessment_flow import second_factor, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 320, "height": 640}


def _fits(page) -> bool:
    """No sideways scrolling at 320 px (WCAG 1.4.10); on failure, say which elements stick out."""
    wide = page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 321 && !e.closest('table *'))
        .map(e => e.tagName + ' ' + e.className + ' ' + (e.id || '')).slice(0, 8)""") + page.evaluate("""
        [...document.querySelectorAll('table')].map(t => [t.getBoundingClientRect().right, t.scrollWidth,
         getComputedStyle(t).display, getComputedStyle(t).overflowX, t.parentElement.tagName])""")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (page.url, wide)
    return True


def test_the_secretariat_assigns_an_assessor_on_a_phone_in_french(app_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    page.goto(f"{app_server}/fr/registry/?role=producer")
    page.locator("main table a").first.click()
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{app_server}/fr/assessments/start/{slug}/")
    page.locator('input[name="kind"][value="third_party"]').check()
    page.locator('input[name="date"]').fill("2026-11-02")
    page.locator("form.stack button[type=submit]").click()
    assert re.search(r"/fr/assessments/\d+/$", page.url)
    assert "Aucun évaluateur n’est désigné" in page.locator("main").inner_text()
    assert _fits(page)
    page.locator("#id_assessor").select_option(label="assessor")
    page.locator("#id_reason").fill("Accrédité, parle swahili")
    page.locator('button[name="action"][value="assign"]').click()
    text = page.locator("main").inner_text()
    assert "Évaluateur désigné." in text and "Accrédité, parle swahili" in text
    assert _fits(page)
    page.goto(page.url.replace("/fr/", "/es/"))
    assert "Retirar la asignación" in page.locator("main").inner_text() and _fits(page)
    context.close()


def test_a_member_makes_a_token_on_a_phone_in_spanish_and_an_integration_uses_it(app_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "coop")
    page.goto(f"{app_server}/es/account/tokens/")
    assert _fits(page)
    page.locator('input[name="name"]').fill("ERP de la cooperativa")
    page.locator('input[name="scope"][value="read"]').check()
    page.locator("main form button[type=submit]").first.click()
    secret = page.locator("#secret").input_value()
    assert secret.startswith("assay_") and _fits(page)
    assert "ERP de la cooperativa" in page.locator("main").inner_text()
    context.close()
    request = urllib.request.Request(f"{app_server}/api/v1/registry/actors?limit=2",
                                     headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200 and len(json.load(answer)) == 2
    wrong = urllib.request.Request(f"{app_server}/api/v1/registry/actors",
                                   headers={"Authorization": "Bearer assay_not-a-token"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(wrong, timeout=10)
    assert refused.value.code == 401


def test_a_member_marks_a_commitment_done_on_a_phone_in_french_and_it_waits_in_spanish(app_server, browser,
                                                                                      tmp_path):
    proof = tmp_path / "preuve.pdf"
    proof.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "coop")
    page.goto(f"{app_server}/fr/dashboard/")
    page.locator("main ul li a").first.click()  # the member's organisation
    assert "Engagements d’amélioration" in page.locator("main").inner_text() and _fits(page)
    page.locator("main table tr:has-text('échu') a, main table tr:has-text('ouvert') a").first.click()
    assert re.search(r"/fr/assessments/commitments/\d+/$", page.url) and _fits(page)
    page.get_by_role("button", name="Marquer comme réalisé").click()  # nothing filled: the browser asks first
    assert re.search(r"/commitments/\d+/$", page.url)
    page.get_by_label("Ce qui a été fait").fill("Hangar à cornues construit, utilisé depuis juin")
    page.get_by_label("Un fichier qui le montre").set_input_files(str(proof))
    page.get_by_role("button", name="Marquer comme réalisé").click()
    text = page.locator("main").inner_text()
    assert "Marqué comme réalisé\u202f; un évaluateur le vérifiera." in text and "preuve.pdf" in text and _fits(page)
    page.goto(page.url.replace("/fr/", "/es/"))
    text = page.locator("main").inner_text()
    assert "realizado, pendiente de verificación" in text and "Marcar como realizado" not in text and _fits(page)
    context.close()


def test_a_brand_reads_its_supply_chain_on_a_phone_in_french_and_spanish(app_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, app_server, "brand")
    page.goto(f"{app_server}/fr/dashboard/")
    page.locator("main ul li a").first.click()  # the brand's own organisation
    page.get_by_role("link", name="Chaîne d’approvisionnement").click()
    text = page.locator("main").inner_text()
    assert "Chaîne d’approvisionnement" in text and "Rang" in text and _fits(page)
    assert page.locator("main tbody tr").count() >= 1
    page.locator("#sc-tiers").select_option("1")
    page.get_by_role("button", name="Afficher").click()
    assert "tiers=1" in page.url and _fits(page)
    assert set(page.locator("main tbody tr td:first-child").all_inner_texts()) <= {"1"}
    page.goto(page.url.replace("/fr/", "/es/"))
    assert "Cadena de suministro" in page.locator("main").inner_text() and _fits(page)
    context.close()
