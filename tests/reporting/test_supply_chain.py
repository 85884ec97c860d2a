"""A buyer's supply chain (issue 14): the right suppliers, tier by tier, and only what each viewer may see."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assay.accounts.roles import ASSESSORS_GROUP, COMMITTEE_GROUP, SECRETARIAT_GROUP
from assay.assessments.models import Commitment
from assay.disclosure.access import standings, standings_many
from assay.disclosure.models import ActorDisclosure, RestrictedRead
from assay.registry.models import Actor, MemberRole
from assay.reporting.supply_chain import supply_chain
from tests.factories import ActorFactory, AssessmentFactory, MembershipFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def chain(published, secretariat):
    """brand → refiner → trader → two producers (one with a Tier I breach on its latest verified audit, one with
    a lapsed commitment); and an ended relationship the brand no longer counts."""
    made = {slug: ActorFactory(name=slug.replace("-", " ").title(), slug=slug, role=role, country=country,
                               minerals=["gold"])
            for slug, role, country in (("b-brand", "brand", "US"), ("r-refiner", "refiner", "CH"),
                                        ("t-trader", "trader", "UG"), ("p-clear", "producer", "CD"),
                                        ("p-breach", "producer", "CD"), ("p-former", "producer", "PE"))}
    for buyer, supplier in (("b-brand", "r-refiner"), ("r-refiner", "t-trader"), ("t-trader", "p-clear"),
                            ("t-trader", "p-breach")):
        RelationshipFactory(buyer=made[buyer], supplier=made[supplier], start=date(2022, 1, 1), minerals=["gold"])
    RelationshipFactory(buyer=made["b-brand"], supplier=made["p-former"], start=date(2020, 1, 1),
                        end=date(2022, 1, 1))
    AssessmentFactory(actor=made["p-clear"], version=published, kind="third_party", date=TODAY - timedelta(days=400),
                      reviewer=secretariat, commitments=[(None, "Lapsed plan", "Board", TODAY - timedelta(days=5))])
    AssessmentFactory(actor=made["p-breach"], version=published, kind="third_party", date=TODAY - timedelta(days=90),
                      reviewer=secretariat, overrides={"3.3": "breach"})
    made["brand_user"] = MembershipFactory(actor=made["b-brand"], role=MemberRole.VIEWER).user
    return made


def rows(result):
    return {s.slug: s for s in result.suppliers}


def test_the_brand_sees_its_tiers_and_names_only_what_it_may(chain):
    result = supply_chain(chain["brand_user"], chain["b-brand"])
    seen = rows(result)
    # tier 1 and tier 2 are named: the brand sees the refiner's relationships (it is the refiner's partner)
    assert {s: r.tier for s, r in seen.items()} == {"r-refiner": 1, "t-trader": 2}
    # tier 3: the trader's relationships are its partners' to see, not the brand's: counted, not named
    assert result.unnamed == {3: 2}
    assert "p-former" not in seen  # an ended relationship reaches no one
    assert seen["r-refiner"].commitments is not None  # a direct partner's commitments are network data
    assert seen["t-trader"].commitments is None  # a tier-2 supplier is not the brand's trading partner
    assert seen["t-trader"].tier1_breach is None  # findings are restricted


def test_a_supplier_that_opens_its_relationships_is_named_further_down(chain):
    ActorDisclosure.objects.create(actor=chain["t-trader"], kind="relationships", opened_to="public")
    seen = rows(supply_chain(chain["brand_user"], chain["b-brand"]))
    assert seen["p-clear"].tier == 3 and seen["p-breach"].tier == 3
    assert seen["p-clear"].commitments is None and seen["p-breach"].tier1_breach is None
    assert seen["p-clear"].score.at_level and seen["p-clear"].score.kind == "third_party"


def test_the_secretariat_sees_flags_and_commitments_and_its_restricted_reads_are_logged(chain, secretariat):
    result = supply_chain(secretariat, chain["b-brand"])
    seen = rows(result)
    assert result.unnamed == {}
    assert seen["p-breach"].tier1_breach is True and seen["p-clear"].tier1_breach is False
    assert seen["p-clear"].commitments["lapsed"] == 1
    logged = set(RestrictedRead.objects.filter(user=secretariat, kind="gate_findings")
                 .values_list("actor_id", flat=True))
    assert logged == {chain["p-clear"].pk, chain["p-breach"].pk}  # the suppliers with findings to read


def test_a_mineral_follows_only_the_links_that_carry_it(chain):
    from assay.registry.models import Relationship

    Relationship.objects.filter(buyer=chain["r-refiner"], supplier=chain["t-trader"]).update(minerals=["tin"])
    Actor.objects.filter(pk=chain["t-trader"].pk).update(minerals=["gold", "tin"])
    assert set(rows(supply_chain(chain["brand_user"], chain["b-brand"], mineral="gold"))) == {"r-refiner"}
    assert supply_chain(chain["brand_user"], chain["b-brand"], mineral="gold").unnamed == {}
    assert set(rows(supply_chain(chain["brand_user"], chain["b-brand"], tiers=1))) == {"r-refiner"}


def test_the_query_count_does_not_grow_with_the_suppliers(chain, secretariat):
    def queries():
        with CaptureQueriesContext(connection) as seen:
            supply_chain(secretariat, chain["b-brand"])
        return len(seen.captured_queries)

    queries()  # the user's groups are read once and kept on the user object, as for one request
    before = queries()
    for i in range(12):
        extra = ActorFactory(slug=f"p-extra-{i}", minerals=["gold"])
        RelationshipFactory(buyer=chain["t-trader"], supplier=extra, start=date(2022, 1, 1))
    assert queries() == before


def test_bulk_standings_agree_with_one_by_one(chain, secretariat):
    users = [chain["brand_user"], secretariat, UserFactory(groups=[COMMITTEE_GROUP]),
             UserFactory(groups=[ASSESSORS_GROUP]), UserFactory(groups=[SECRETARIAT_GROUP]),
             MembershipFactory(actor=chain["t-trader"], role=MemberRole.ADMIN).user]
    ids = list(Actor.objects.values_list("pk", flat=True))
    for user in users:
        assert standings_many(user, ids) == {a: standings(user, a) for a in ids}


def test_the_page_export_and_api_are_the_buyers_own(client, chain, member):
    url = reverse("dashboard:supply_chain", args=["b-brand"])
    client.force_login(member)  # a member of another actor
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/reports/supply-chain/b-brand").status_code == 404
    client.force_login(chain["brand_user"])
    page = client.get(url.replace("/en/", "/fr/")).content.decode()
    assert "R Refiner" in page and "T Trader" in page and "P Clear" not in page
    assert "Rang 3\u202f: 2 fournisseurs de plus, atteints par des relations que vous ne pouvez pas voir." in page
    table = list(csv.reader(io.StringIO(client.get(reverse("dashboard:supply_chain_file", args=["b-brand", "csv"]))
                                         .content.decode("utf-8-sig"))))
    # the export follows the reader's language, as the page did
    assert [r[1] for r in table[1:3]] == ["R Refiner", "T Trader"]
    assert table[3][:2] == ["3", "2 fournisseurs que vous ne pouvez pas voir nommés"]
    data = client.get("/api/v1/reports/supply-chain/b-brand").json()
    assert [s["slug"] for s in data["suppliers"]] == ["r-refiner", "t-trader"] and data["unnamed"] == {"3": 2}
    assert data["suppliers"][1]["commitments"] is None


def test_lapsed_commitments_show_to_the_direct_buyer(client, chain):
    trader_user = MembershipFactory(actor=chain["t-trader"], role=MemberRole.VIEWER).user
    seen = rows(supply_chain(trader_user, chain["t-trader"]))
    assert seen["p-clear"].commitments["lapsed"] == 1 == Commitment.objects.live().lapsed(TODAY).count()
    assert seen["p-breach"].tier1_breach is None  # restricted: not the buyer's to see


@pytest.mark.parametrize("sort", ["tier", "name", "level", "progress"])
def test_a_window_is_a_slice_of_the_whole_sorted_chain(chain, secretariat, sort):
    whole = supply_chain(secretariat, chain["b-brand"], sort=sort)
    for offset in (0, 1, 2, 3):
        window = supply_chain(secretariat, chain["b-brand"], sort=sort, offset=offset, limit=2)
        assert window.named == len(whole.suppliers) == 4
        assert [s.slug for s in window.suppliers] == [s.slug for s in whole.suppliers[offset:offset + 2]], offset
        assert window.suppliers == whole.suppliers[offset:offset + 2]  # same rows, scores, flags and counts
    past_the_end = supply_chain(secretariat, chain["b-brand"], sort=sort, offset=99, limit=3)
    assert past_the_end.offset == 3 and past_the_end.suppliers == whole.suppliers[3:]


def test_only_the_window_shown_is_logged_as_read(chain, secretariat):
    window = supply_chain(secretariat, chain["b-brand"], sort="name", limit=3)
    assert [s.slug for s in window.suppliers] == ["p-breach", "p-clear", "r-refiner"]
    shown = supply_chain(secretariat, chain["b-brand"], sort="name", offset=3, limit=3)
    assert [s.slug for s in shown.suppliers] == ["t-trader"]
    logged = list(RestrictedRead.objects.filter(user=secretariat, kind="gate_findings")
                  .values_list("actor_id", flat=True))
    assert sorted(logged) == sorted([chain["p-breach"].pk, chain["p-clear"].pk])  # the trader has no findings


def test_the_page_shows_one_window_and_a_pager(client, chain, monkeypatch):
    from assay.reporting import views

    monkeypatch.setattr(views, "SUPPLY_CHAIN_PAGE", 3)
    ActorDisclosure.objects.create(actor=chain["t-trader"], kind="relationships", opened_to="public")
    client.force_login(chain["brand_user"])  # now sees all four named
    url = reverse("dashboard:supply_chain", args=["b-brand"]).replace("/en/", "/es/")
    first = client.get(url, {"sort": "name"}).content.decode()
    assert "P Breach" in first and "R Refiner" in first and "T Trader" not in first
    assert "Página 1 de 2" in first and "sort=name&amp;page=2" in first
    second = client.get(url, {"sort": "name", "page": "2"}).content.decode()
    assert "T Trader" in second and "P Breach" not in second
    for bad in ("x9", "-3"):  # a page that is no number, or none before the first: the first
        assert "P Breach" in client.get(url, {"sort": "name", "page": bad}).content.decode()
    assert "T Trader" in client.get(url, {"sort": "name", "page": "50"}).content.decode()  # past the end: the last
