import re

import pytest

from assay.standards.demo import load_demo_standard
from assay.standards.models import Criterion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_the_standard_switch_to_french_and_download_the_pdf(live_server, page, tmp_path):
    v1, _ = load_demo_standard()
    red_line = Criterion.objects.get(version=v1, code="3.2")

    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Read the standard").first.click()
    assert page.locator("h1").inner_text() == v1.title_en

    # Filter without JavaScript: the form submits as a plain GET.
    page.get_by_label("Tier").select_option("1")
    page.get_by_role("button", name="Filter").click()
    assert "tier=1" in page.url
    assert page.locator("ul.criteria li").count() == Criterion.objects.filter(version=v1, tier=1).count()

    page.get_by_role("link", name=re.compile(r"^3\.2")).click()
    assert red_line.text_en[:50] in page.locator("main").inner_text()

    page.get_by_role("link", name="FR", exact=True).click()
    assert page.url.endswith("/fr/standards/mes/0.1/criteria/3.2/")
    assert page.locator("html").get_attribute("lang") == "fr"
    main = page.locator("main").inner_text()
    assert red_line.title_fr in main and red_line.text_fr[:50] in main
    assert "Exigence" in main  # the interface is French too, not only the content

    page.get_by_role("link", name=v1.title_fr).first.click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = info.value
    assert download.suggested_filename == "mes-0.1-fr.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-" and path.stat().st_size > 20_000
