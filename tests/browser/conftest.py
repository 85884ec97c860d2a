"""Headless Chromium (Debian's package) driven by Playwright against Django's live server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ASSAY_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page with JavaScript off: every page must work without it."""
    context = browser.new_context(java_script_enabled=False, accept_downloads=True, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()
