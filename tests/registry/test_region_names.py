"""Region names follow the page's language (issue 15, defect 4); they are stored once, as CAHRA lists name them."""

import pytest
from django.urls import reverse

from assay.registry.regions import region_name
from tests.factories import ActorFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_a_region_is_named_in_the_readers_language():
    assert region_name("South Kivu", "fr") == "Sud-Kivu" and region_name("South Kivu", "es") == "Kivu del Sur"
    assert region_name("South Kivu", "en") == "South Kivu"
    assert region_name("South Kivu", "pt") == "Kivu do Sul"
    assert region_name("Ituri", "fr") == "Ituri"  # a name it does not list stays as stored


@pytest.mark.parametrize(("lang", "shown"), [("fr", "Sud-Kivu"), ("es", "Kivu del Sur"),
                                            ("pt", "Kivu do Sul"), ("en", "South Kivu")])
def test_the_actor_page_names_its_sites_regions_in_the_pages_language(client, lang, shown):
    actor = ActorFactory(name="Coop Kamituga", slug="coop-kamituga", country="CD")
    SiteFactory(actor=actor, region="South Kivu")
    html = client.get(f"/{lang}" + reverse("registry:actor", args=[actor.slug])[3:]).content.decode()
    assert shown in html
    if lang != "en":
        assert "South Kivu" not in html

