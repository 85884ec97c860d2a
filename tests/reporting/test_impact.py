"""The impact report: its figures on a known chain, suppression of small groups, and its real formats."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assay.reporting import impact
from tests.factories import RelationshipFactory

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)


def table(report, key):
    t = next(t for t in report.tables if t.key == key)
    return {label: values for label, values in t.rows}


def test_the_figures_on_the_chain(chain):
    RelationshipFactory(buyer=chain["t-west"], supplier=chain["p-andes"], kind="finance", start=date(2024, 6, 1))
    report = impact.build(START, END, k=1)
    # Verified in 2025: kivu, andes, ituri (a Tier I breach), tie, new; sur's 2025 assessment is not verified.
    assert list(table(report, "coverage").values()) == [[5], [200]]
    assert table(report, "breaches")["found in the period"] == [1.0]
    assert table(report, "breaches")["remediated since"] == [None]  # no one: an empty group is not shown either
    cahra = table(report, "cahra")
    assert cahra["inside a CAHRA"][0] == 1 and cahra["outside"][0] == 2  # andes and tie; ituri and new: none
    support = table(report, "support")
    assert support["supported by a buyer"][0] == 1


def test_small_groups_are_suppressed(chain):
    at5 = impact.build(START, END, k=5)
    assert table(at5, "coverage")["Producers with a verified assessment in the period"] == [5]
    assert table(at5, "breaches")["found in the period"] == [None]  # one producer: never shown
    assert table(at5, "cahra")["inside a CAHRA"] == [None, None]
    at6 = impact.build(START, END, k=6)
    assert list(table(at6, "coverage").values()) == [[None], [None]]


def test_one_producer_dominating_the_miners_hides_the_sum(chain):
    chain["p-kivu"].miners = 10_000
    chain["p-kivu"].save()
    assert table(impact.build(START, END, k=2), "coverage")["Miners they count"] == [None]


@pytest.mark.parametrize("lang, title", [("fr", "Rapport d'impact"), ("es", "Informe de impacto")])
def test_the_pdf_renders_in_each_language(chain, client, lang, title):
    import pypdfium2

    response = client.get(f"/{lang}/reports/impact.pdf?from=2025-01-01&to=2025-12-31")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    page = pypdfium2.PdfDocument(response.content)[0]
    darkest, lightest = page.render(scale=1).to_pil().convert("L").getextrema()
    assert darkest < 100 < lightest
    assert title in page.get_textpage().get_text_range()


def test_the_xlsx_and_csv_hold_the_tables(chain, client, settings):
    settings.ASSAY_MIN_GROUP = 1
    report = impact.build(START, END)
    book = load_workbook(io.BytesIO(client.get(reverse("reporting:impact_file", args=["xlsx"])
                                               + "?from=2025-01-01&to=2025-12-31").content))
    assert len(book.sheetnames) == len(report.tables)
    coverage = list(book[book.sheetnames[0]].values)
    assert coverage[1][1] == 5
    csv = client.get(reverse("reporting:impact_file", args=["csv"]) + "?from=2025-01-01&to=2025-12-31")
    assert "Miners they count" in csv.content.decode("utf-8-sig")


def test_the_api_gives_null_for_a_suppressed_figure(chain, client):
    data = client.get("/api/v1/reports/impact?start=2025-01-01&end=2025-12-31").json()
    breaches = next(t for t in data["tables"] if t["key"] == "breaches")
    assert data["min_group"] == 5 and breaches["rows"][0]["values"] == [None]


def test_risks_and_indicators_on_the_chain(chain):
    report = impact.build(START, END, k=1)
    risks = {label.split()[0]: values for label, values in table(report, "risks").items()}
    # Latest in 2025: kivu at maturity 2 (from 1), andes and tie at 3 (from 1), ituri at 2 (from 2), new at 2.
    assert risks["4.2"] == [5, 3.0, 2.0, 3]
    indicators = {label.split()[0]: values for label, values in table(report, "indicators").items()}
    assert indicators["9.1"] == [4, 0.0, 0.0]  # every assessment records 10: no change, for the four with a past
