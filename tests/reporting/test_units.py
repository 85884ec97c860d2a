"""Units in reports follow the page's language (issue 15, defect 4): "people", "children", "accidents/year" were
shown in English on /fr/ and /es/."""

from datetime import date

import pytest
from django.utils import translation

from assay.reporting import impact
from assay.standards.models import Criterion
from assay.standards.units import unit_label
from tests.reporting.test_impact import table

pytestmark = pytest.mark.django_db


def test_units_are_worded_in_the_readers_language():
    assert unit_label("people", "fr") == "personnes" and unit_label("accidents/year", "es") == "accidentes/año"
    assert unit_label("%", "fr") == "%" and unit_label("g Hg/g Au", "es") == "g Hg/g Au"  # symbols as stored


def test_the_impact_report_names_its_indicators_units_in_french(chain):
    with translation.override("fr"):
        rows = table(impact.build(date(2025, 1, 1), date(2025, 12, 31), k=1), "indicators")
    (label,) = [lbl for lbl in rows if lbl.startswith("9.1 ")]
    assert label.endswith("(personnes)") and "(people)" not in label


def test_the_criterion_page_names_its_unit_in_the_pages_language(client, published):
    c = Criterion.objects.get(version=published, code="9.1")
    assert c.unit == "people"
    html = client.get(f"/es/standards/mes/{published.label}/criteria/9.1/").content.decode()
    assert "personas" in html and ">people" not in html
