"""A member starts, fills and submits a self-assessment; the secretariat verifies it. JavaScript off."""

import re
import time

import pytest

pytestmark = pytest.mark.browser
PASSWORD = "assay-demo-2026"


def sign_in(page, base, user):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def second_factor(page, user):
    """Staff and assessors confirm the code of their authenticator (the demo's keys are known)."""
    from django_otp.oath import TOTP

    from assay.web.demo.loader import totp_keys

    assert "/accounts/two-factor/" in page.url
    for _attempt in range(2):
        page.get_by_label("Code").fill(f"{TOTP(bytes.fromhex(totp_keys()[user])).token():06d}")
        page.get_by_role("button", name="Confirm").click()
        if "/accounts/two-factor/" not in page.url:
            return
        # A code is good once: another test may have used this 30-second window's code already.
        time.sleep(31 - time.time() % 30)
    raise AssertionError("the second factor was refused twice")


def answer_module(page):
    """Answer every criterion on the module page: gates clear, maturity 2, indicators 10."""
    for fieldset in page.locator("fieldset.criterion").all():
        for value in ("clear", "2"):
            radio = fieldset.locator(f'input[type="radio"][value="{value}"]')
            if radio.count():
                radio.check()
                break
        else:
            fieldset.locator('input[inputmode="decimal"]').fill("10")


def fill_every_module(page) -> int:
    """From the first module's page, answer each module and save it until the overview; how many modules."""
    modules = 0
    while "/modules/" in page.url:
        answer_module(page)
        page.get_by_role("button", name="Save and continue").click()
        modules += 1
        assert modules < 15
    return modules


def test_start_fill_submit_and_verify_a_self_assessment(app_server, browser):
    member = browser.new_context(java_script_enabled=False)
    page = member.new_page()
    sign_in(page, app_server, "coop")
    assert "/dashboard/" in page.url
    page.locator("main a").first.click()  # the member's organisation
    page.get_by_role("link", name="Start an assessment").click()
    page.get_by_label("Self-assessment").check()
    page.get_by_label("Assessment date").fill("2026-10-01")
    page.get_by_role("button", name="Start").click()
    assert re.search(r"/assessments/\d+/$", page.url)
    overview = page.url

    # Submitting too early says what is missing and changes nothing.
    page.get_by_role("button", name="Submit the assessment").click()
    assert "still need an answer" in page.locator("main").inner_text()

    page.locator("table a").first.click()  # module 1
    modules = fill_every_module(page)
    assert page.url == overview and modules >= 7
    page.get_by_role("button", name="Submit the assessment").click()
    text = page.locator("main").inner_text()
    assert "Submitted" in text and "Level 3" in text
    member.close()

    secretariat = browser.new_context(java_script_enabled=False)
    page = secretariat.new_page()
    sign_in(page, app_server, "admin")
    second_factor(page, "admin")
    page.goto(overview)
    page.get_by_role("button", name="Verify").click()
    assert "verified" in page.locator(".status").inner_text().lower()
    secretariat.close()


def test_a_bad_answer_is_shown_in_french_and_nothing_is_saved(app_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, app_server, "coop")
    page.locator("main a").first.click()
    page.get_by_role("link", name="Start an assessment").click()
    page.get_by_label("Assessment date").fill("2026-10-02")
    page.get_by_role("button", name="Start").click()
    page.goto(page.url.replace("/en/", "/fr/") + "modules/9/")  # indicators take numbers
    page.locator('fieldset.criterion input[inputmode="decimal"]').first.fill("beaucoup")
    page.get_by_role("button").filter(has_text=re.compile(".")).last.click()
    assert page.locator("fieldset.has-error").count() == 1
    assert page.locator("fieldset.has-error .error").inner_text() != "Enter a number."
    page.goto(page.url)
    assert page.locator('fieldset.criterion input[inputmode="decimal"]').first.input_value() == ""
    context.close()
