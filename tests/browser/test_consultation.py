"""A respondent answers in Spanish, leaves, comes back by the private link, submits twice, gets one receipt."""

import re

import pytest

pytestmark = pytest.mark.browser


def mails(app_server) -> list[str]:
    if not app_server.mail_dir.exists():
        return []
    return [p.read_text(encoding="utf-8") for p in sorted(app_server.mail_dir.iterdir())]


def test_a_spanish_respondent_resumes_and_submits_once(app_server, browser):
    before = len(mails(app_server))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{app_server}/es/consultation/")
    page.locator("main h2 a").first.click()
    page.get_by_label("Nombre", exact=True).fill("Rosa Quispe")
    page.get_by_label(re.compile("Correo electrónico")).fill("rosa@example.org")
    page.locator("#sector").select_option("asm")
    page.locator("#country").select_option("PE")
    page.locator("#language").select_option("es")
    page.locator('input[name="consent"][value="anonymous"]').check()
    page.get_by_role("button", name=re.compile("Comenzar|Empezar|Iniciar")).click()
    private_link = page.url
    assert "/es/consultation/r/" in private_link
    first = page.locator("fieldset.criterion").first
    assert first.locator(".badge").count() == 1  # the question aimed at ASM producers comes first
    first.locator("textarea").fill("El costo de la auditoría.")
    page.get_by_role("button", name="Guardar", exact=True).click()
    context.close()

    # Another day, another device: only the private link.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(private_link)
    assert page.locator("fieldset.criterion textarea").first.input_value() == "El costo de la auditoría."
    form_html = page.content()
    page.get_by_role("button", name=re.compile("Enviar")).click()
    assert page.locator("[role=status]").count() >= 1
    # The same form sent again (a slow connection's retry): the key it carries makes it a no-op.
    key = re.search(r'name="client_key" value="([0-9a-f]+)"', form_html).group(1)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html).group(1)
    answer = page.locator("textarea").count()  # the submitted page shows no form any more
    retry = page.request.post(private_link, form={"client_key": key, "action": "submit",
                                                  "csrfmiddlewaretoken": csrf},
                              headers={"Referer": private_link}, max_redirects=0)
    assert retry.ok and answer == 0 and 'role="status"' in retry.text()  # shown as already submitted
    context.close()
    receipts = [m for m in mails(app_server)[before:] if "rosa@example.org" in m and "auditor" in m.lower()]
    assert len(receipts) == 1
