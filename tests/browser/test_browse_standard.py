import re

import pytest

from assay.web.demo.loader import DEMO_FILE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_criterion():
    import yaml

    data = yaml.safe_load(DEMO_FILE.read_bytes())
    by_code = {c["code"]: c for m in data["modules"] for c in m["criteria"]}
    return data["version"], by_code["3.2"], sum(1 for c in by_code.values() if c["tier"] == 1)


def test_browse_the_standard_switch_to_french_and_download_the_pdf(app_server, page, tmp_path, demo_criterion):
    version, red_line, tier_one = demo_criterion

    page.goto(f"{app_server}/en/")
    page.get_by_role("link", name="Read the standard").first.click()
    assert page.locator("h1").inner_text() == version["title"]["en"]

    # Filter without JavaScript: the form submits as a plain GET.
    page.get_by_label("Tier").select_option("1")
    page.get_by_role("button", name="Filter").click()
    assert "tier=1" in page.url
    assert page.locator("ul.criteria li").count() == tier_one

    page.get_by_role("link", name=re.compile(r"^3\.2")).click()
    assert red_line["text"]["en"][:50] in page.locator("main").inner_text()

    page.locator("nav.langs a[hreflang=fr]").click()
    assert page.url.endswith("/fr/standards/mes/0.1/criteria/3.2/")
    assert page.locator("html").get_attribute("lang") == "fr"
    main = page.locator("main").inner_text()
    assert red_line["title"]["fr"] in main and red_line["text"]["fr"][:50] in main
    assert "Exigence" in main  # the interface is French too, not only the content

    page.get_by_role("link", name=version["title"]["fr"]).first.click()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Télécharger \(PDF")).click()
    download = info.value
    assert download.suggested_filename == "mes-0.1-fr.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-" and path.stat().st_size > 20_000
    # Rendered once and kept: the link now says how much it costs to fetch.
    page.reload()
    kib = round(path.stat().st_size / 1024)
    assert page.get_by_role("link", name=f"Télécharger (PDF, {kib} Kio)", exact=True).count() == 1


def test_the_public_redline_between_the_published_version_and_the_consultation_draft(app_server, page):
    page.goto(f"{app_server}/es/standards/mes/versions/")
    page.get_by_role("button").filter(has_text=re.compile(".")).last.click()
    assert "from=0.1" in page.url and "to=0.2" in page.url
    assert page.locator("article.change.added").count() == 1
    assert page.locator("article.change.removed").count() == 1
    assert page.locator("ins", has_text="anonymous complaints").count() == 1
