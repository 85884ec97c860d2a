"""A CAHRA list from CSV: every bad row reported, nothing half-imported, and the list re-applied to sites."""

from datetime import date

import pytest

from assay.registry.models import CahraArea, CahraDesignation
from assay.registry.services import RowErrors, cahra_import
from tests.factories import ActorFactory, CahraDesignationFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(db):
    coop = ActorFactory(name="Coop", slug="coop", country="CD")
    kivu = SiteFactory(actor=coop, name="Kivu site", region="South Kivu")
    lualaba = SiteFactory(actor=coop, name="Lualaba site", region="Lualaba")
    choco = SiteFactory(actor=coop, name="Chocó site", country="CO", region="Chocó")
    return kivu, lualaba, choco


def test_a_good_list_designates_matching_sites(sites):
    kivu, lualaba, choco = sites
    csv = (b"country,region,source,start,end\n"
           b"CD,South Kivu,Demo list,2015-01-01,\n"
           b"CO,,Demo list,2018-01-01,2024-06-30\n")
    assert cahra_import(actor=None, raw=csv) == 2
    assert kivu.in_cahra(date(2025, 1, 1)) and not lualaba.in_cahra(date(2025, 1, 1))
    assert choco.in_cahra(date(2020, 1, 1)) and not choco.in_cahra(date(2025, 1, 1))  # a whole country, ended


def test_every_bad_row_is_reported_and_nothing_is_imported(sites):
    cahra_import(actor=None, raw=b"country,region,source,start,end\nCD,South Kivu,Old list,2015-01-01,\n")
    csv = ("country,region,source,start,end\n"
           "CD,South Kivu,Demo,2015-01-01,\n"
           "XX,Somewhere,Demo,2015-01-01,\n"
           "CO,Chocó,Demo,01/02/2018,\n"
           "PE,Puno,,2019-01-01,2018-01-01\n").encode()
    with pytest.raises(RowErrors) as err:
        cahra_import(actor=None, raw=csv)
    assert err.value.problems == [
        "row 3: country “XX” is not an ISO 3166-1 alpha-2 code",
        "row 4: start “01/02/2018” is not a date (YYYY-MM-DD)",
        "row 5: end is before start; source is empty",
    ]
    assert list(CahraArea.objects.values_list("source", flat=True)) == ["Old list"]
    assert CahraDesignation.objects.count() == 1


def test_a_file_without_the_columns_or_not_utf8_is_refused(sites):
    with pytest.raises(RowErrors, match="Missing column"):
        cahra_import(actor=None, raw=b"pays,region\nCD,Kivu\n")
    with pytest.raises(RowErrors, match="not UTF-8"):
        cahra_import(actor=None, raw="country,region,source,start\nCO,Chocó,x,2020-01-01\n".encode("latin-1"))


def test_reimporting_replaces_the_list_and_keeps_hand_entered_designations(sites):
    kivu, lualaba, _ = sites
    CahraDesignationFactory(site=lualaba, source="field report", start=date(2023, 1, 1))
    cahra_import(actor=None, raw=b"country,region,source,start,end\nCD,South Kivu,List A,2015-01-01,\n")
    cahra_import(actor=None, raw=b"country,region,source,start,end\nCD,South Kivu,List B,2016-01-01,\n")
    assert list(kivu.cahra_designations.values_list("source", flat=True)) == ["List B"]
    assert list(lualaba.cahra_designations.values_list("source", flat=True)) == ["field report"]
