"""One French response, JavaScript off, on a 320-pixel phone: a respondent comments on three clauses, each reached
from its own criterion page, proposes new wording for one of them, and submits once. One response holds it all,
and the committee's synopsis shows the wording as a tracked change."""

import re
import sqlite3
from urllib.parse import urlparse

import pytest

from tests.browser.test_trust import PHONE, _fits

pytestmark = pytest.mark.browser

COMMENTS = {
    "1.4": "Il faut accepter les plaintes orales, recueillies par une personne de confiance.",
    "6.2": "Vingt-quatre mois pour abandonner le mercure, c'est trop court sans aide des acheteurs.",
    "5.8": "Un exercice par an est difficile pendant la saison des pluies.",
}
WORDING = ("Le producteur dispose d'un plan d'urgence en cas d'effondrement, d'inondation et d'incendie, connu de "
           "chaque travailleur et mis en pratique au moins une fois par an, hors saison des pluies.")


def _rows(app_server, sql: str, *args):
    """Read the app server's own database (the test process's Django talks to another one)."""
    url = app_server.database_url
    if url.startswith("sqlite"):
        with sqlite3.connect(urlparse(url).path) as conn:
            return conn.execute(sql.replace("%s", "?"), args).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, args).fetchall()


def _comment_from_criterion_page(page, app_server, code):
    page.goto(f"{app_server}/fr/standards/mes/0.2/criteria/{code}/")
    page.locator('main a[href*="?clause="]').click()


def test_three_clauses_and_a_proposed_wording_in_one_french_response(app_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    email = "mukamana@example.org"

    _comment_from_criterion_page(page, app_server, "1.4")
    assert "clause=1.4" in page.url and page.locator("#name").count() == 1  # the first time: who takes part
    page.locator("#name").fill("Claudine Mukamana")
    page.locator("#email").fill(email)
    page.locator("#sector").select_option("asm")
    page.locator("#country").select_option("RW")
    page.locator("#language").select_option("fr")
    page.locator('input[name="consent"][value="named"]').check()
    page.locator("form.stack button[type=submit]").click()
    private_link = page.url.split("?")[0]
    assert "/fr/consultation/r/" in private_link
    _fits(page)
    page.locator('[id="clause-1.4"] textarea[name^="c"]').fill(COMMENTS["1.4"])
    page.locator('button[value="browse"]').click()  # save and read the draft
    assert "/fr/standards/mes/0.2/" in page.url

    # The second and third clauses from their own pages: straight back to the same response, nothing lost.
    for code in ("6.2", "5.8"):
        _comment_from_criterion_page(page, app_server, code)
        assert page.url.split("?")[0] == private_link and page.locator("#name").count() == 0
        assert page.locator('[id="clause-1.4"] textarea[name^="c"]').input_value() == COMMENTS["1.4"]
        page.locator(f'[id="clause-{code}"] textarea[name^="c"]').fill(COMMENTS[code])
        if code == "5.8":
            page.locator('[id="clause-5.8"] textarea[name^="w"]').fill(WORDING)
        _fits(page)
        page.locator('button[value="save"]').click()
        assert page.locator(f'[id="clause-{code}"] textarea[name^="c"]').input_value() == COMMENTS[code]

    assert page.locator('[id="clause-6.2"] textarea[name^="c"]').input_value() == COMMENTS["6.2"]
    assert page.locator('[id="clause-5.8"] textarea[name^="w"]').input_value() == WORDING
    page.locator('button[value="submit"]').click()
    assert page.locator("[role=status]").count() >= 1
    context.close()

    responses = _rows(app_server, "SELECT id, submitted_at FROM consultation_response WHERE email = %s", email)
    assert len(responses) == 1 and responses[0][1] is not None  # one response, submitted
    comments = _rows(app_server, "SELECT s.code, c.text, c.proposed_wording FROM consultation_comment c "
                                 "JOIN standards_criterion s ON s.id = c.criterion_id WHERE c.response_id = %s",
                     responses[0][0])
    assert {code: (text, wording) for code, text, wording in comments} == {
        "1.4": (COMMENTS["1.4"], ""), "6.2": (COMMENTS["6.2"], ""), "5.8": (COMMENTS["5.8"], WORDING)}


def test_a_proposed_wording_reads_as_a_tracked_change_on_a_phone(app_server, browser):
    """The synopsis, where the committee and the public read proposals, fits 320 px with its <ins> and <del>."""
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="es-ES")
    page = context.new_page()
    page.goto(f"{app_server}/es/consultation/")
    page.locator("main h2 a").first.click()
    round_url = page.url.split("?")[0]
    page.goto(round_url + "synopsis/")
    _fits(page)
    assert re.search(r"/es/consultation/\d+/synopsis/", page.url)
    assert page.locator("main .proposal ins").count() >= 1 and page.locator("main .proposal del").count() >= 1
    context.close()
