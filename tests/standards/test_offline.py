"""Reading a published version offline: the list of pages the page script saves, the page shown for a page it
did not save, the service worker's headers, and the JavaScript budget (issue 16, item 6)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from assay.standards import services

pytestmark = pytest.mark.django_db
LANGS = ("en", "fr", "es")
JS_BUDGET = 5120  # bytes: every script our pages can load, and the service worker


@pytest.mark.parametrize("lang", LANGS)
def test_the_manifest_lists_every_criterion_page_of_the_version_in_the_language(client, demo, lang):
    version = demo[0]
    response = client.get(f"/{lang}/standards/mes/0.1/offline.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    manifest = response.json()
    assert manifest["cache"] == f"assay-mes-0.1-{lang}"
    urls = manifest["urls"]
    criteria = [f"/{lang}/standards/mes/0.1/criteria/{c.code}/" for c in version.criteria.all()]
    assert len(criteria) > 30 and set(criteria) <= set(urls)
    assert {f"/{lang}/standards/mes/0.1/", f"/{lang}/standards/mes/0.1/offline/"} <= set(urls)
    assert {static("assay/site.css"), static("assay/offline.js")} <= set(urls)
    assert len(urls) == len(set(urls)) == len(criteria) + 4
    # only this language's pages: the copy is read in the language it was saved in
    assert [u for u in urls if not u.startswith(settings.STATIC_URL)] == [u for u in urls if u.startswith(f"/{lang}/")]


def test_every_page_the_manifest_lists_opens_for_a_visitor(client, demo):
    """The page script fetches them without cookies: each must answer a visitor, or the saving fails."""
    urls = client.get("/fr/standards/mes/0.1/offline.json").json()["urls"]
    pages = [u for u in urls if not u.startswith(settings.STATIC_URL)]
    for url in pages:
        assert client.get(url).status_code == 200, url
    for url in set(urls) - set(pages):
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


@pytest.mark.parametrize("who", ["visitor", "staff"])
def test_no_manifest_nor_offline_page_for_a_draft_or_a_version_in_consultation(client, draft, staff, who):
    if who == "staff":  # who may read the draft still cannot save it: it changes
        client.force_login(staff)
        assert client.get("/en/standards/mes/0.3/").status_code == 200
    for label in ("0.2", "0.3"):
        assert client.get(f"/fr/standards/mes/{label}/offline.json").status_code == 404
        assert client.get(f"/fr/standards/mes/{label}/offline/").status_code == 404
        page = client.get(f"/fr/standards/mes/{label}/")
        assert 'id="offline"' not in page.content.decode() and "offline.js" not in page.content.decode()
    assert client.get("/fr/standards/mes/9.9/offline.json").status_code == 404


def test_a_retired_version_can_still_be_saved(client, demo):
    services.version_retire(actor=None, version=demo[0])
    assert client.get("/es/standards/mes/0.1/offline.json").json()["cache"] == "assay-mes-0.1-es"


@pytest.mark.parametrize(
    "path", ["/fr/standards/mes/0.1/", "/fr/standards/mes/0.1/criteria/3.2/", "/fr/standards/mes/0.1/offline/"]
)
def test_the_published_pages_carry_the_script_and_its_hidden_placeholder(client, demo, path):
    text = client.get(path).content.decode()
    assert f'<script src="{static("assay/offline.js")}" defer></script>' in text
    assert 'id="offline" hidden data-sw="/sw.js" data-manifest="/fr/standards/mes/0.1/offline.json"' in text
    # in the page's language, with the placeholder the script puts the date in
    assert 'data-saved="Enregistrée pour la lecture hors connexion le %(date)s."' in text
    assert "<button" not in text.split('id="offline"')[1].split("</p>")[0]  # the script adds it, where it can


@pytest.mark.parametrize("lang", LANGS)
def test_the_offline_page_points_back_to_the_saved_version(client, demo, lang):
    response = client.get(f"/{lang}/standards/mes/0.1/offline/")
    assert response.status_code == 200
    assert f'href="/{lang}/standards/mes/0.1/"' in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_service_worker_is_served_from_the_root_uncached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert b'addEventListener("fetch"' in response.content
    assert client.post("/sw.js").status_code == 405


def _our_scripts() -> list[Path]:
    """Every .js file under our apps' static directories (the admin's own scripts serve the staff only)."""
    root = Path(settings.BASE_DIR) / "assay"
    return sorted(p for p in root.glob("**/static/**/*.js"))


def test_all_javascript_stays_under_five_kilobytes():
    scripts = [*_our_scripts(), Path(settings.BASE_DIR) / "assay" / "web" / "sw.js"]
    sizes = {p.name: p.stat().st_size for p in scripts}
    print("JavaScript bytes:", sizes, "total", sum(sizes.values()))
    assert "offline.js" in sizes and "sw.js" in sizes
    assert sum(sizes.values()) < JS_BUDGET


def test_public_pages_load_no_script_but_ours(client, demo):
    import re

    ours = {static(str(p).split("/static/", 1)[1]) for p in _our_scripts()}
    for path in (
        "/fr/",
        "/fr/standards/mes/0.1/",
        "/fr/standards/mes/0.1/criteria/3.2/",
        "/es/standards/mes/0.2/",
        "/fr/standards/mes/0.1/offline/",
    ):
        scripts = set(re.findall(r'<script[^>]*src="([^"]+)"', client.get(path).content.decode()))
        assert scripts <= ours, path
