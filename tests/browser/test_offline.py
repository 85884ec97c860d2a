"""Reading the published standard offline (issue 16, item 6): save a version in French, lose the connection,
read a criterion of it; and without JavaScript the pages work and offer no saving."""

from datetime import UTC, date, datetime, timedelta

import pytest

from assay.web.demo.loader import DEMO_FILE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def criteria():
    import yaml

    data = yaml.safe_load(DEMO_FILE.read_bytes())
    return {c["code"]: c for m in data["modules"] for c in m["criteria"]}


@pytest.fixture
def js_context(browser):
    context = browser.new_context(java_script_enabled=True, locale="fr-FR", service_workers="allow")
    yield context
    context.close()


def test_save_a_version_in_french_and_read_a_criterion_with_no_connection(app_server, js_context, criteria):
    from playwright.sync_api import Error as PlaywrightError

    page = js_context.new_page()
    page.goto(f"{app_server}/fr/standards/mes/0.1/")
    note = page.locator("#offline")
    note.get_by_role("button", name="Enregistrer cette version pour la lire hors connexion").click()
    note.locator("time").wait_for()  # the pages are in the cache and the worker is active
    saved = date.fromisoformat(note.locator("time").get_attribute("datetime"))
    assert abs(saved - datetime.now(UTC).date()) <= timedelta(days=1)

    js_context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    red_line = criteria["3.2"]
    page.goto(f"{app_server}/fr/standards/mes/0.1/criteria/3.2/")
    main = page.locator("main").inner_text()
    assert red_line["title"]["fr"] in main and red_line["text"]["fr"][:50] in main
    assert page.locator("html").get_attribute("lang") == "fr"
    # the offline copy shows its date, read from the cache by the cached script
    time = page.locator("#offline time")
    time.wait_for()
    assert date.fromisoformat(time.get_attribute("datetime")) == saved
    assert time.inner_text().endswith(str(saved.year))
    # the stylesheet came from the cache too
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") != "inline"

    # a page of the version that was not saved: its "not saved" page, linking back to the saved overview
    page.goto(f"{app_server}/fr/standards/mes/0.1/pdf/")
    assert page.locator("a[href='/fr/standards/mes/0.1/']").last.is_visible()
    page.locator("main a[href='/fr/standards/mes/0.1/']").last.click()
    assert page.locator("ul.criteria li").count() == len(criteria)

    # and no connection means no connection: a page outside the saved copy does not open
    with pytest.raises(PlaywrightError, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(f"{app_server}/fr/registry/")


def save_in_french(page, app_server):
    page.goto(f"{app_server}/fr/standards/mes/0.1/")
    page.get_by_role("button", name="Enregistrer cette version pour la lire hors connexion").click()
    page.locator("#offline time").wait_for()


def test_a_saved_copy_is_shown_when_the_network_hangs(app_server, js_context, criteria):
    """A weak signal: requests neither answer nor fail. After a few seconds the saved page is shown."""
    page = js_context.new_page()
    save_in_french(page, app_server)
    hanging = []
    js_context.route("**/fr/standards/**", lambda route: hanging.append(route))  # never continued: it hangs
    page.goto(f"{app_server}/fr/standards/mes/0.1/criteria/3.2/", timeout=20_000)
    assert criteria["3.2"]["title"]["fr"] in page.locator("main").inner_text()
    assert hanging, "the request went to the (hanging) network first"


def test_the_saved_copy_can_be_removed(app_server, js_context, criteria):
    from playwright.sync_api import Error as PlaywrightError

    page = js_context.new_page()
    save_in_french(page, app_server)
    note = page.locator("#offline")
    note.get_by_role("button", name="Supprimer la copie hors connexion").click()
    from playwright.sync_api import expect

    expect(note.get_by_role("status")).to_have_text("La copie hors connexion a été supprimée de cet appareil.")
    assert note.get_by_role("button", name="Enregistrer cette version pour la lire hors connexion").is_visible()
    assert not note.get_by_role("button", name="Supprimer la copie hors connexion").is_visible()
    assert page.evaluate("caches.keys()") == []

    # the version's "not saved" page went with the copy: a page outside it no longer opens offline
    js_context.set_offline(True)
    with pytest.raises(PlaywrightError, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(f"{app_server}/fr/standards/mes/0.1/pdf/")


def test_without_javascript_the_version_page_works_and_offers_no_saving(app_server, page, criteria):
    page.goto(f"{app_server}/fr/standards/mes/0.1/")
    assert page.locator("#offline button").count() == 0
    assert not page.locator("#offline").is_visible()
    assert page.locator("ul.criteria li").count() == len(criteria)
    page.get_by_role("link", name=criteria["3.2"]["title"]["fr"]).click()
    assert criteria["3.2"]["text"]["fr"][:50] in page.locator("main").inner_text()
    assert page.locator("#offline button").count() == 0
