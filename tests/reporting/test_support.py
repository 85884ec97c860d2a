"""Who needs support (issue 14): the suppliers of a buyer's chain with reasons, as far as the viewer may see them;
recording a finance or technical-support engagement, which counts in enabled impact and grants no standing."""

import csv
import io
from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assay.audit.models import AuditRecord
from assay.disclosure.access import standings, standings_many
from assay.disclosure.models import ActorDisclosure
from assay.domain.disclosure import Standing
from assay.registry.models import MemberRole, Relationship
from assay.reporting import rankings
from assay.reporting.services import engagement_record
from assay.reporting.support import GAP, LAPSED, NO_LEVEL, STALE, TIER2, months_before, who_needs_support
from tests.factories import ActorFactory, AssessmentFactory, MembershipFactory, RelationshipFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def buyer(published, secretariat, settings):
    """A brand sourcing from a trader (no assessment) and three producers directly: one well placed, one low and
    late with its commitments, one not assessed for 500 days; behind the trader, a producer with progress, one
    with Tier II risks open, and an exporter whose own producer the brand may not see named."""
    settings.ASSAY_SUPPORT_GAP_POINTS = 5
    made = {slug: ActorFactory(name=slug.replace("-", " ").title(), slug=slug, role=role, country="CD",
                               minerals=["gold"])
            for slug, role in (("b-brand", "brand"), ("t-trader", "trader"), ("p-good", "producer"),
                               ("p-low", "producer"), ("p-old", "producer"), ("p-behind", "producer"),
                               ("p-risky", "producer"), ("x-exporter", "exporter"), ("p-hidden", "producer"))}
    for buyer, supplier, share in (("b-brand", "t-trader", "0.5"), ("b-brand", "p-good", "0.2"),
                                   ("b-brand", "p-low", None), ("b-brand", "p-old", "1"),
                                   ("t-trader", "p-behind", "0.4"), ("t-trader", "p-risky", None),
                                   ("t-trader", "x-exporter", None), ("x-exporter", "p-hidden", None)):
        RelationshipFactory(buyer=made[buyer], supplier=made[supplier], start=date(2022, 1, 1), share=share,
                            minerals=["gold"])
    audit = {"kind": "third_party", "version": published, "reviewer": secretariat}
    AssessmentFactory(actor=made["p-good"], date=TODAY - timedelta(days=60), maturity="3", **audit)
    # maturity 1: Tier II risks open, commitments due six months on (so lapsed by now), far from level 2
    AssessmentFactory(actor=made["p-low"], date=TODAY - timedelta(days=250), maturity="1", **audit)
    AssessmentFactory(actor=made["p-old"], date=TODAY - timedelta(days=500), maturity="3", **audit)
    AssessmentFactory(actor=made["p-behind"], date=TODAY - timedelta(days=520), maturity="1", **audit)
    AssessmentFactory(actor=made["p-behind"], date=TODAY - timedelta(days=100), maturity="2", **audit)
    AssessmentFactory(actor=made["p-risky"], date=TODAY - timedelta(days=30), maturity="1", **audit)
    made["viewer"] = MembershipFactory(actor=made["b-brand"], role=MemberRole.VIEWER).user
    made["editor"] = MembershipFactory(actor=made["b-brand"], role=MemberRole.EDITOR).user
    return made


def needs(result):
    return {n.supplier.slug: n for n in result.needs}


def test_the_suppliers_that_need_support_and_why(buyer):
    result = who_needs_support(buyer["viewer"], buyer["b-brand"])
    found = needs(result)
    assert "p-good" not in found  # recent, at the top level, nothing open
    assert set(found["p-low"].reasons) == {TIER2, LAPSED, GAP}
    assert found["p-low"].gap == pytest.approx(40 - found["p-low"].supplier.score.overall, abs=0.1)
    assert found["p-low"].next_level == 2
    assert found["p-old"].reasons == [STALE]
    assert set(found["t-trader"].reasons) == {NO_LEVEL, STALE}
    assert result.unnamed == {3: 1}  # behind the exporter, through relationships the brand may not see
    assert next(iter(found)) == "p-low"  # most reasons first


def test_tier2_risks_count_only_where_the_viewer_may_see_them(buyer, secretariat):
    risky = needs(who_needs_support(buyer["viewer"], buyer["b-brand"]))["p-risky"]
    # named (the trader's relationships are its partners' to see), but not the brand's trading partner: its answers
    # are not shared, so its open Tier II risks are no reason here
    assert risky.supplier.tier2_open is None and TIER2 not in risky.reasons
    assert TIER2 in needs(who_needs_support(secretariat, buyer["b-brand"]))["p-risky"].reasons
    ActorDisclosure.objects.create(actor=buyer["p-risky"], kind="answers", opened_to="public")
    assert TIER2 in needs(who_needs_support(buyer["viewer"], buyer["b-brand"]))["p-risky"].reasons


def test_sorting_and_the_months_before():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)


def test_the_query_count_does_not_grow_with_the_suppliers(buyer, secretariat):
    def queries():
        with CaptureQueriesContext(connection) as seen:
            who_needs_support(secretariat, buyer["b-brand"])
        return len(seen.captured_queries)

    queries()
    before = queries()
    for i in range(8):
        RelationshipFactory(buyer=buyer["t-trader"], supplier=ActorFactory(slug=f"p-more-{i}", minerals=["gold"]),
                            start=date(2022, 1, 1))
    assert queries() == before


def test_the_page_and_exports_are_the_buyers_own(client, buyer, member):
    url = reverse("dashboard:support", args=["b-brand"])
    client.force_login(member)  # a member of other actors
    assert client.get(url).status_code == 404
    assert client.get(reverse("dashboard:support_file", args=["b-brand", "csv"])).status_code == 404
    client.force_login(buyer["viewer"])
    page = client.get(url + "?sort=gap").content.decode()
    assert "P Low" in page and "P Old" in page and "P Good" not in page and "P Hidden" not in page
    assert reverse("dashboard:engagement_new", args=["b-brand"]) not in page  # a viewer does not record
    table = list(csv.reader(io.StringIO(client.get(reverse("dashboard:support_file", args=["b-brand", "csv"]))
                                        .content.decode("utf-8-sig"))))
    assert {r[1] for r in table[1:]} >= {"P Low", "P Old", "T Trader"}
    assert table[-1][:2] == ["3", "1 suppliers you may not see named"]
    assert client.get(reverse("dashboard:support_file", args=["b-brand", "xlsx"])).status_code == 200
    assert client.get(reverse("dashboard:engagement_new", args=["b-brand"])).status_code == 403


def test_an_editor_records_an_engagement_and_it_counts_in_enabled_impact(buyer, client):
    start, end = date(TODAY.year, 1, 1), TODAY
    before = rankings.credit(buyer["b-brand"].pk, start, end)
    behind = next(c for c in before["contributions"] if c["producer"] == buyer["p-behind"].pk)
    assert behind["weight"] == pytest.approx(0.2)  # 0.5 × 0.4 through the trader
    held = standings(buyer["editor"], buyer["p-behind"].pk)
    client.force_login(buyer["editor"])
    response = client.post(reverse("dashboard:engagement_new", args=["b-brand"]), {
        "supplier": "p-behind", "kind": "technical_support", "start": (TODAY - timedelta(days=30)).isoformat(),
        "minerals": ["gold"], "note": "Mercury-free processing training"})
    assert response.status_code == 302 and response.url == reverse("dashboard:support", args=["b-brand"])
    made = Relationship.objects.get(buyer=buyer["b-brand"], supplier=buyer["p-behind"])
    assert made.kind == "technical_support" and made.note == "Mercury-free processing training"
    assert AuditRecord.objects.filter(action="engagement_record", object_id=str(made.pk)).exists()
    after = rankings.credit(buyer["b-brand"].pk, start, end)
    behind_after = next(c for c in after["contributions"] if c["producer"] == buyer["p-behind"].pk)
    # the engagement is a direct link of unknown share: 1 ÷ the producer's 2 active buyers, beside the 0.2
    assert behind_after["weight"] == pytest.approx(0.7)
    assert after["value"] - before["value"] == pytest.approx(Fraction(str(behind["progress"])) * Fraction(1, 2))
    # ... and no standing: an engagement makes no trading partner (the disclosure policy counts sourcing only)
    fresh = type(buyer["editor"]).objects.get(pk=buyer["editor"].pk)
    assert standings(fresh, buyer["p-behind"].pk) == held and Standing.PARTNER not in held
    assert standings_many(fresh, [buyer["p-behind"].pk])[buyer["p-behind"].pk] == held
    page = client.get(reverse("dashboard:support", args=["b-brand"])).content.decode()
    assert "technical support" in page


def test_who_may_record_and_toward_whom(buyer, secretariat):
    far = ActorFactory(slug="p-far", minerals=["gold"])
    kwargs = {"kind": "finance", "start": TODAY}
    with pytest.raises(PermissionDenied):
        engagement_record(actor=buyer["viewer"], buyer=buyer["b-brand"], supplier=buyer["p-low"], **kwargs)
    with pytest.raises(ValidationError) as refused:
        engagement_record(actor=buyer["editor"], buyer=buyer["b-brand"], supplier=far, **kwargs)
    assert "is not in the supply chain of B Brand" in str(refused.value)
    with pytest.raises(ValidationError):
        engagement_record(actor=buyer["editor"], buyer=buyer["b-brand"], supplier=buyer["p-low"], kind="sourcing",
                          start=TODAY)
    with pytest.raises(ValidationError) as minerals:
        engagement_record(actor=buyer["editor"], buyer=buyer["b-brand"], supplier=buyer["p-low"],
                          minerals=["cobalt"], **kwargs)
    assert "minerals" in minerals.value.message_dict
    assert not Relationship.objects.exclude(kind="sourcing").exists()
    engagement_record(actor=secretariat, buyer=buyer["b-brand"], supplier=buyer["p-low"], **kwargs)
    with pytest.raises(ValidationError) as twice:
        engagement_record(actor=buyer["editor"], buyer=buyer["b-brand"], supplier=buyer["p-low"],
                          kind="finance", start=TODAY + timedelta(days=10))
    assert "already records an engagement of this kind" in str(twice.value)
    assert Relationship.objects.filter(kind="finance").count() == 1
    # another kind, or after the first one ended, is another engagement
    engagement_record(actor=buyer["editor"], buyer=buyer["b-brand"], supplier=buyer["p-low"],
                      kind="technical_support", start=TODAY)


def test_the_form_shows_the_services_refusal(buyer, client):
    client.force_login(buyer["editor"])
    url = reverse("dashboard:engagement_new", args=["b-brand"])
    assert "P Low" in client.get(url + "?supplier=p-low").content.decode()
    page = client.post(url, {"supplier": "p-low", "kind": "finance", "start": "2026-05-01", "end": "2026-01-01"})
    assert page.status_code == 200 and "The engagement must end after it starts." in page.content.decode()
    assert not Relationship.objects.exclude(kind="sourcing").exists()
