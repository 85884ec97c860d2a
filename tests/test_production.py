"""Production mode: Django's deployment checks pass, and gunicorn serves pages and static files with DEBUG off."""

import os
import secrets
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import brotli
import pytest

from tests.servers import start_server

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path) -> dict[str, str]:
    # The browser tests allow sync ORM calls under Playwright's loop; production must not inherit that.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "ASSAY_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "assay.settings",
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_deployment_checks_pass_on_production_settings(tmp_path):
    # The check does not connect to the cache: naming a shared one is what it asks.
    env = {**production_env(tmp_path), "CACHE_URL": "redis://127.0.0.1:6379/1"}
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deployment_checks_warn_of_a_per_process_cache(tmp_path):
    """Rate limits counted per gunicorn worker multiply by the number of workers."""
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "assay.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.fixture
def gunicorn(tmp_path):
    env = production_env(tmp_path)
    for args in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("load_demo",)):
        result = manage(env, *args)
        assert result.returncode == 0, result.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = start_server(
        [sys.executable, "-m", "gunicorn", "assay.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        port=port, cwd=ROOT, env=env, log=tmp_path / "gunicorn.stderr",
    )
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    return urllib.request.urlopen(request, timeout=10)


def test_gunicorn_serves_pages_and_compressed_static_files(gunicorn):
    page = get(f"{gunicorn}/fr/", **{"Accept-Encoding": "br"})
    assert page.status == 200 and page.headers["Content-Encoding"] == "br"
    html = brotli.decompress(page.read()).decode()
    assert "Norme d'accès au marché" in html.replace("&#x27;", "'")
    assert "Strict-Transport-Security" in page.headers
    assert "<style>" in html and 'rel="stylesheet"' not in html  # the stylesheet is inlined: one round trip
    # The one script, on a published version's pages, is a hashed (cacheable) and compressed static file.
    version = get(f"{gunicorn}/fr/standards/mes/0.1/").read().decode()
    js_path = version.split('<script src="')[1].split('"')[0]
    assert js_path.startswith("/static/assay/offline.") and js_path.endswith(".js")
    assert js_path != "/static/assay/offline.js"  # hashed name: cacheable
    js = get(f"{gunicorn}{js_path}", **{"Accept-Encoding": "gzip"})
    assert js.status == 200 and js.headers["Content-Encoding"] == "gzip"
    assert "max-age" in js.headers["Cache-Control"]


def test_plain_http_is_redirected_to_https(gunicorn):
    request = urllib.request.Request(f"{gunicorn}/en/")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as err:
        opener.open(request, timeout=10)
    assert err.value.code == 301 and err.value.headers["Location"].startswith("https://")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
