"""Rankings and the impact report in Chromium with JavaScript off, on the demo data: filter, read a row's
explanation, follow a buyer's credit, switch to Spanish, download the impact report PDF."""

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def test_rankings_explanations_and_the_impact_report(app_server, page, tmp_path):
    page.goto(f"{app_server}/en/")
    page.get_by_role("link", name="Rankings").first.click()
    assert page.locator("h1").inner_text() == "Rankings"
    first = page.locator("tbody tr").first
    assert first.locator("td").first.inner_text() == "1"

    # The explanation opens without JavaScript (a <details> element).
    first.get_by_text("Explanation").click()
    assert "Overall change" in first.inner_text()

    # Filter as a plain GET form, then the buyers' ranking and one buyer's credit.
    page.get_by_label("Country").select_option("CD")
    page.get_by_role("button", name="Show").click()
    assert "country=CD" in page.url
    countries = [cell.inner_text() for cell in page.locator("tbody tr td:nth-child(3)").all()]
    assert countries and set(countries) == {"CD"}
    page.get_by_role("link", name="Downstream actors by enabled impact").click()
    buyer = page.locator("tbody tr").first.locator("td:nth-child(2)").inner_text()
    page.get_by_role("link", name="The producers and paths behind this credit").first.click()
    assert page.locator("h1").inner_text() == buyer
    assert "Enabled impact" in page.locator("main").inner_text()

    page.goto(f"{app_server}/es/reports/impact/")
    assert page.locator("h1").inner_text() == "Informe de impacto"
    assert page.locator("svg.chart").count() >= 2  # charts beside the tables, drawn by the server
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()  # the report (the forum PDF is its own link)
    path = tmp_path / "impact.pdf"
    download.value.save_as(path)
    assert "Informe de impacto" in PdfReader(path).pages[0].extract_text()
