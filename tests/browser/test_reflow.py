"""Every page at 320 CSS pixels, in English, French and Spanish, JavaScript off (WCAG 2.2 1.4.10, reflow).

On each page: the document is never wider than the viewport (a wide table scrolls inside its own labelled
region, which the page itself never does), and every chart's text renders at 12 CSS px or more, inside the
chart (no clipped name), with its table beside it. A failure lists every page and what sticks out.
"""

import pytest

from tests.browser.test_assessment_flow import second_factor, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
LANGUAGES = ("en", "fr", "es")

PUBLIC = (
    "/",
    "/standards/mes/",  # the standard browser (the published version)
    "/standards/mes/0.2/",  # the draft under consultation
    "/standards/mes/0.1/criteria/1.1/",
    "/standards/mes/0.2/criteria/6.2/",
    "/standards/mes/versions/",
    "/standards/mes/compare/?from=0.1&to=0.2",  # the redline
    "/consultation/",
    "/consultation/1/",
    "/consultation/1/?clause=1.4",  # the response form's first step, reached from a criterion page
    "/consultation/1/comments/",
    "/consultation/1/synopsis/",
    "/consultation/1/workshop/",
    "/consultation/1/kit/",
    "/consultation/1/for-producers-and-traders/",
    "/consultation/1/for-buyers/",
    "/registry/",
    "/registry/?role=producer&country=CD",
    "/registry/cooperative-miniere-tujenge/",  # a producer, with its chart
    "/registry/acopiadora-amazonia-dorada-sac/",  # a trader
    "/reports/rankings/",
    "/reports/rankings/downstream/",
    "/reports/rankings/downstream/fairlode-impact-fund/",
    "/reports/impact/",
    "/reports/impact/?from=2024-01-01&to=2025-12-31",  # the OECD frame's sections over two years
    "/awards/",
    "/awards/1/",  # the demo's announced award
    "/disclosure/",
    "/outreach/lists/",
    "/alignment/",  # the OECD reference list and the method
    "/alignment/standards/mes/0.1/",  # the published version's self-check
    "/alignment/standards/mes/compare/?from=0.1&to=0.2",
    "/alignment/crosswalks/",
    "/alignment/crosswalks/example-buyer-programme/",
    "/accounts/login/",
    "/accounts/password_reset/",
)

MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > vw + 1 && !e.closest('.table-scroll'))
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + (e.id ? '#' + e.id : ''))
    .slice(0, 5);
  const charts = [...document.querySelectorAll('svg.chart')].map(svg => {
    const box = svg.getBoundingClientRect();
    const scale = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? box.width / svg.viewBox.baseVal.width : 1;
    const texts = [...svg.querySelectorAll('text')];
    const small = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale).filter(px => px < 12);
    const clipped = texts.filter(t => { const r = t.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1; })
      .map(t => t.textContent);
    let table = false;
    for (let n = svg.nextElementSibling; n && !/^H[1-6]$/.test(n.tagName); n = n.nextElementSibling) {
      if (n.matches('table, .table-scroll')) { table = true; break; }
    }
    return {title: svg.querySelector('title')?.textContent, texts: texts.length, smallest: Math.min(...small),
            small: small.length, clipped, table};
  });
  return {width: document.documentElement.scrollWidth, wide, charts};
}"""


def _problems(page, url: str) -> list[str]:
    """What is wrong with the page at 320 px, as lines of a report (empty when it reflows)."""
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    m = page.evaluate(MEASURE)
    found = []
    if m["width"] > PHONE["width"]:
        found.append(f"{url}: {m['width']} px wide ({', '.join(m['wide'])})")
    for c in m["charts"]:
        if c["small"]:
            found.append(
                f"{url}: chart “{c['title']}”: {c['small']}/{c['texts']} texts under 12 px "
                f"(smallest {c['smallest']:.1f} px)"
            )
        if c["clipped"]:
            found.append(f"{url}: chart “{c['title']}”: clipped {c['clipped'][:3]}")
        if not c["table"]:
            found.append(f"{url}: chart “{c['title']}” has no table beside it")
    return found


def _phone(browser, lang: str):
    locale = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}[lang]
    return browser.new_context(java_script_enabled=False, viewport=PHONE, locale=locale)


@pytest.fixture(scope="module")
def response_link(app_server, browser):
    """A respondent's private response form (its address holds the token)."""
    context = _phone(browser, "en")
    page = context.new_page()
    page.goto(f"{app_server}/en/consultation/1/?clause=1.4")
    page.locator("#name").fill("Amani Reflow")
    page.locator("#email").fill("reflow@example.org")
    page.locator("#sector").select_option("asm")
    page.locator("#country").select_option("CD")
    page.locator('input[name="consent"][value="anonymous"]').check()
    page.locator("form.stack button[type=submit]").click()
    path = page.url.split("?")[0].removeprefix(app_server)
    context.close()
    assert path.startswith("/en/consultation/r/"), path
    return path.removeprefix("/en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_reflows_at_320_px(app_server, browser, response_link, lang):
    context = _phone(browser, lang)
    page = context.new_page()
    problems = []
    for path in (*PUBLIC, response_link):
        problems += _problems(page, f"{app_server}/{lang}{path}")
    context.close()
    assert not problems, "\n".join(problems)


def _links(page, prefix: str) -> list[str]:
    """The distinct addresses under `prefix` that the page links to, in order."""
    hrefs = page.evaluate("[...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(h.split("#")[0] for h in hrefs if h.startswith(prefix)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_members_pages_reflow_at_320_px(app_server, browser, lang):
    context = _phone(browser, lang)
    page = context.new_page()
    sign_in(page, app_server, "coop")
    page.goto(f"{app_server}/{lang}/dashboard/")
    actor = _links(page, f"/{lang}/dashboard/")[0]
    page.goto(f"{app_server}{actor}")
    assessment = _links(page, f"/{lang}/assessments/")
    paths = [
        f"/{lang}/dashboard/",
        actor,
        f"{actor}requests/",
        f"/{lang}/account/tokens/",
        f"/{lang}/notifications/",
        f"/{lang}/notifications/settings/",
        f"/{lang}/awards/nominations/",
        *assessment[:3],
    ]
    problems = []
    for path in paths:
        problems += _problems(page, f"{app_server}{path}")
    context.close()

    context = _phone(browser, lang)  # a buyer's workspace: its supply chain, who needs support, its claims
    page = context.new_page()
    sign_in(page, app_server, "brand")
    page.goto(f"{app_server}/{lang}/dashboard/")
    buyer = _links(page, f"/{lang}/dashboard/")[0]
    for path in (buyer, f"{buyer}supply-chain/", f"{buyer}support/", f"{buyer}claims/"):
        problems += _problems(page, f"{app_server}{path}")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_secretariats_main_pages_reflow_at_320_px(app_server, browser, lang):
    context = _phone(browser, lang)
    page = context.new_page()
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    page.goto(f"{app_server}/{lang}/reports/shortlists/")
    shortlists = _links(page, f"/{lang}/reports/shortlists/")
    page.goto(f"{app_server}/{lang}/consultation/1/events/")
    events = _links(page, f"/{lang}/consultation/events/")
    page.goto(f"{app_server}/{lang}/outreach/plans/")
    plans = _links(page, f"/{lang}/outreach/plans/")
    paths = [
        f"/{lang}/dashboard/",
        f"/{lang}/reports/secretariat/",
        f"/{lang}/assessments/queue/",
        f"/{lang}/reports/shortlists/",
        *shortlists[:1],
        f"/{lang}/consultation/1/review/",
        f"/{lang}/consultation/1/events/",
        *events[:1],
        f"/{lang}/outreach/",
        f"/{lang}/outreach/plans/",
        *plans[:1],
        f"/{lang}/awards/new/",
        f"/{lang}/awards/1/manage/",
        f"/{lang}/awards/1/jury/",  # the secretariat follows the demo's jury
        f"/{lang}/alignment/standards/mes/0.2/rate/?item=S1.E",  # rating an OECD item on the draft
        f"/{lang}/alignment/crosswalks/",  # with the import form
    ]
    problems = []
    for path in paths:
        problems += _problems(page, f"{app_server}{path}")
    context.close()
    assert not problems, "\n".join(problems)
