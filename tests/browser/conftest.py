"""Headless Chromium (Debian's package) driven by Playwright against a real app server.

The server is gunicorn in its own process with its own database (a temporary SQLite file, or a fresh
`<name>_browser` PostgreSQL database when DATABASE_URL points at PostgreSQL), migrated and loaded with the demo
data, exactly as `bin/demo` does. Tests drive it through the browser and must not depend on each other's data.
"""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.servers import start_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ASSAY_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _click_then_settle() -> None:
    """Make every click wait until the page it leads to has loaded.

    JavaScript is off in these tests, so a click on a link or a button is a navigation, and Playwright's click
    returns once the new document is committed, before it is parsed: a `count()` or a measurement right after it
    read a half-built page (CI, 5 December 2026: a round's timeline counted 0 items of 6). Waiting for the load
    event after each click makes what a test reads the page a person would see; a click that navigates nowhere
    (a <details>, a download) finds the current document loaded and returns at once."""
    from playwright.sync_api import Locator

    click = Locator.click

    def settled(self: Locator, *args, **kwargs) -> None:
        click(self, *args, **kwargs)
        self.page.wait_for_load_state()

    Locator.click = settled  # type: ignore[method-assign]


_click_then_settle()


def _database_url(tmp: Path) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{tmp / 'browser.sqlite3'}"
    import psycopg

    url = urlparse(base)
    name = f"{url.path.lstrip('/') or 'assay'}_browser"
    with psycopg.connect(base.replace(url.path, "/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.replace(url.path, f"/{name}")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=_database_url(tmp), DEBUG="0", MEDIA_ROOT=str(tmp / "media"),
               EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(tmp / "mail"))
    if env.get("DATABASE_REPLICA_URL") and env["DATABASE_URL"].startswith("postgres"):
        # The server's own database on the replica's server: the router on, as in the rest of the suite. A test
        # often reads in one browser what it wrote in another (no pin cookie there), which only a replica that is
        # caught up can serve: a tight bound sends reads to the primary as soon as the replica falls behind (when
        # something else loads this machine's primary).
        replica = urlparse(env["DATABASE_REPLICA_URL"])
        env.update(DATABASE_REPLICA_URL=replica._replace(path=urlparse(env["DATABASE_URL"]).path).geturl(),
                   ASSAY_REPLICA_MAX_LAG="0.2", ASSAY_REPLICA_CHECK_SECONDS="0.2", ASSAY_REPLICA_PIN_SECONDS="10")
    for args in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = start_server(
        [sys.executable, "-m", "gunicorn", "assay.wsgi", "--bind", f"127.0.0.1:{port}", "--threads", "4"],
        port=port, cwd=ROOT, env=env, log=tmp / "gunicorn.stderr",
    )
    app = type("AppServer", (str,), {})(f"http://127.0.0.1:{port}")
    app.mail_dir = tmp / "mail"  # every e-mail the app sends lands here as a file
    app.database_url = env["DATABASE_URL"]  # for a test that checks what the server stored
    yield app
    server.terminate()
    server.wait(timeout=10)


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
