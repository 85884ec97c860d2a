"""Pages paint styled from the one response: the inlined stylesheet passes the CSP (no violation), and the
browser fetches no stylesheet."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/en/", "/fr/standards/mes/0.1/", "/es/standards/mes/0.1/criteria/4.1/", "/fr/reports/impact/"]
# Every CSP violation the page reports, whatever its cause (the listener is added before any of the page's own).
LISTEN = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""


@pytest.fixture
def js_page(browser):
    """JavaScript on, for the violation listener only: the site itself runs none of it on these pages."""
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(LISTEN)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_the_page_paints_styled_with_no_request_for_a_stylesheet_and_no_csp_violation(app_server, js_page, path):
    requests, errors = [], []
    js_page.on("request", lambda r: requests.append((r.resource_type, r.url)))
    js_page.on("pageerror", lambda e: errors.append(str(e)))
    js_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = js_page.goto(f"{app_server}{path}", wait_until="load")
    assert response.status == 200
    # Styled by the site's stylesheet: the body's margin, the main column's width, the header's flex row.
    assert js_page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert js_page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "960px"
    assert js_page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"
    assert js_page.evaluate("window.__violations") == [] and errors == []
    kinds = [kind for kind, _url in requests]
    assert kinds[0] == "document" and "stylesheet" not in kinds and "font" not in kinds
    # The one script (offline reading, on published versions' pages) is deferred: it never blocks the paint.
    scripts = [url for kind, url in requests if kind == "script"]
    assert all("/static/assay/offline" in url for url in scripts)
    assert js_page.evaluate("document.querySelectorAll('script:not([defer])').length") == 0


def test_the_violation_listener_sees_a_style_the_policy_does_not_allow(app_server, js_page):
    """The check above can fail: an inline style other than the site's is refused, and reported."""
    js_page.goto(f"{app_server}/en/")
    js_page.evaluate("""() => { const s = document.createElement('style');
        s.textContent = 'body{margin:40px}'; document.head.appendChild(s); }""")
    js_page.wait_for_function("window.__violations.length > 0")
    assert js_page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert js_page.evaluate("window.__violations")[0].startswith("style-src")


def test_the_favicon_is_fetched_once_and_the_ico_exists(app_server, page):
    page.goto(f"{app_server}/en/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    icon = page.request.get(f"{app_server}{href}")
    assert icon.status == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert page.request.get(f"{app_server}/favicon.ico").status == 200
