"""Supply-chain claims (issue 14): the shares by level and assurance from the registry and the assessments, blank
shares counted apart, small groups suppressed, a frozen statement verified by URL, withdrawn but never edited."""

from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assay.assessments.models import Score
from assay.audit.models import AuditRecord
from assay.registry.models import MemberRole
from assay.reporting import claims
from assay.reporting.models import SupplyChainClaim
from assay.reporting.services import claim_issue, claim_withdraw
from tests.factories import ActorFactory, AssessmentFactory, MembershipFactory, RelationshipFactory

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def brand(published, secretariat):
    """A brand buying gold from a trader and from two producers directly.

    Weights (the share of each producer's output that reaches the brand): p-one 0.5 × 0.4 = 0.2, p-two 0.5 × 0.6
    = 0.3, p-six and p-seven 0.5 × 0.2 = 0.1 each, p-three 0.2 (direct); p-four (direct) and p-five (behind the
    trader) only through relationships whose share is not recorded. p-tin sells the trader tin only."""
    made = {slug: ActorFactory(name=slug.replace("-", " ").title(), slug=slug, role=role, country="CD",
                               minerals=["gold", "tin"] if slug in ("t-trader", "p-tin") else ["gold"])
            for slug, role in (("b-brand", "brand"), ("t-trader", "trader"), ("p-one", "producer"),
                               ("p-two", "producer"), ("p-three", "producer"), ("p-four", "producer"),
                               ("p-five", "producer"), ("p-six", "producer"), ("p-seven", "producer"),
                               ("p-tin", "producer"))}
    for buyer, supplier, share, minerals in (
            ("b-brand", "t-trader", "0.5", []), ("t-trader", "p-one", "0.4", ["gold"]),
            ("t-trader", "p-two", "0.6", ["gold"]), ("t-trader", "p-six", "0.2", ["gold"]),
            ("t-trader", "p-seven", "0.2", ["gold"]), ("t-trader", "p-five", None, ["gold"]),
            ("t-trader", "p-tin", "1", ["tin"]), ("b-brand", "p-three", "0.2", ["gold"]),
            ("b-brand", "p-four", None, ["gold"])):
        RelationshipFactory(buyer=made[buyer], supplier=made[supplier], start=date(2022, 1, 1), share=share,
                            minerals=minerals)
    audit = {"version": published, "reviewer": secretariat, "date": date(2025, 6, 1)}
    for slug in ("p-one", "p-two", "p-four", "p-tin"):
        AssessmentFactory(actor=made[slug], kind="third_party", maturity="3", **audit)
    for slug in ("p-six", "p-seven"):
        AssessmentFactory(actor=made[slug], kind="self", maturity="2", **audit)
    AssessmentFactory(actor=made["p-three"], kind="third_party", maturity="2", status="submitted", **audit)
    made["editor"] = MembershipFactory(actor=made["b-brand"], role=MemberRole.EDITOR).user
    made["viewer"] = MembershipFactory(actor=made["b-brand"], role=MemberRole.VIEWER).user
    return made


def level_of(actor) -> str:
    return str(Score.objects.get(assessment__actor=actor).level)


def bucket(content, level, assurance):
    return next(b for b in content["buckets"] if (b["level"], b["assurance"]) == (level, assurance))


def test_shares_multiply_along_the_tiers_and_blank_shares_are_counted_apart(brand):
    found = claims.reach(brand["b-brand"].pk, "gold", START, END)
    ids = {a.pk: slug for slug, a in brand.items() if hasattr(a, "pk") and hasattr(a, "slug")}
    assert {ids[p]: w for p, w in found.weight.items()} == {
        "p-one": Fraction(1, 5), "p-two": Fraction(3, 10), "p-six": Fraction(1, 10), "p-seven": Fraction(1, 10),
        "p-three": Fraction(1, 5)}
    assert {ids[p] for p in found.unknown} == {"p-four", "p-five"}  # never spread over the others
    assert found.relationships == 3 and {ids[d] for d in found.direct} == {"t-trader", "p-three", "p-four"}
    # tin: only the link that carries it (and the trader's, which lists none)
    assert {ids[p] for p in claims.reach(brand["b-brand"].pk, "tin", START, END).weight} == {"p-tin"}


def test_the_statement_by_level_and_assurance(brand, settings):
    settings.ASSAY_MIN_GROUP = 1
    content = claims.compute(brand["b-brand"], "gold", START, END, date(2026, 1, 5))
    top, mid = level_of(brand["p-one"]), level_of(brand["p-six"])
    # p-one and p-two: 0.5 of 0.9, audited by a third party
    assert bucket(content, top, "third_party") == {"level": top, "assurance": "third_party", "producers": 2,
                                                  "share": 55.6}
    # p-three alone (submitted, not yet verified) would be one producer's share: hidden; p-six and p-seven
    # (self-declared, at the same level) go with it, or p-three's could be worked out from their line
    assert bucket(content, mid, "unverified")["share"] is None
    assert bucket(content, mid, "self")["share"] is None
    assert bucket(content, "2", "second_party") == {"level": "2", "assurance": "second_party", "producers": 0,
                                                   "share": 0.0}
    assert content["share_unknown"] == {"only": 2, "also": 0}
    assert content["producers"] == 7 and content["direct_suppliers"] == 3
    assert content["basis"] == {"shares": "product_along_paths", "unknown_shares": "counted_apart",
                                "volumes": "equal"}
    assert content["period"] == {"start": "2025-01-01", "end": "2025-12-31"} and content["engine"]


def test_small_groups_are_suppressed_by_default(brand):
    content = claims.compute(brand["b-brand"], "gold", START, END, date(2026, 1, 5))
    assert content["min_group"] == 5
    assert all(b["producers"] in (None, 0) for b in content["buckets"])  # no non-empty cell of 5 producers
    assert content["producers"] == 7 and content["direct_suppliers"] is None
    assert content["share_unknown"]["only"] is None


def test_a_claim_for_a_period_without_relationships_is_refused_and_nothing_is_written(brand):
    with pytest.raises(ValidationError) as refused:
        claim_issue(actor=brand["editor"], buyer=brand["b-brand"], mineral="gold", start=date(2019, 1, 1),
                    end=date(2019, 12, 31))
    assert "B Brand has no sourcing relationship carrying gold active between 2019-01-01 and 2019-12-31" in str(
        refused.value)
    with pytest.raises(ValidationError):
        claim_issue(actor=brand["editor"], buyer=brand["b-brand"], mineral="cobalt", start=START, end=END)
    with pytest.raises(ValidationError) as future:
        claim_issue(actor=brand["editor"], buyer=brand["b-brand"], mineral="gold", start=START,
                    end=date.today().replace(year=date.today().year + 1))
    assert "end today or earlier" in str(future.value)
    assert not SupplyChainClaim.objects.exists() and not AuditRecord.objects.filter(action="claim_issue").exists()


def test_who_issues_and_withdraws(brand, secretariat):
    for user in (brand["viewer"], secretariat):
        with pytest.raises(PermissionDenied):
            claim_issue(actor=user, buyer=brand["b-brand"], mineral="gold", start=START, end=END)
    claim = claim_issue(actor=brand["editor"], buyer=brand["b-brand"], mineral="gold", start=START, end=END)
    from assay.notifications.kinds import render
    from assay.notifications.models import Notification

    told = Notification.objects.filter(kind="claim_issued")  # the buyer's members, the viewer too
    assert set(told.values_list("user_id", flat=True)) == {brand["editor"].pk, brand["viewer"].pk}
    assert "for gold, " in render("claim_issued", told.first().params)[1]
    with pytest.raises(PermissionDenied):
        claim_withdraw(actor=brand["viewer"], claim=claim, reason="no")
    with pytest.raises(ValidationError):
        claim_withdraw(actor=secretariat, claim=claim, reason="  ")
    claim_withdraw(actor=secretariat, claim=claim, reason="Misleading: the shares were out of date")
    with pytest.raises(ValidationError):
        claim_withdraw(actor=brand["editor"], claim=claim, reason="again")
    claim.refresh_from_db()
    assert claim.withdrawn and claim.withdrawn_by == secretariat
    assert list(AuditRecord.objects.filter(object_id=str(claim.pk), object_type="reporting.supplychainclaim")
                .values_list("action", flat=True).order_by("pk")) == ["claim_issue", "claim_withdraw"]


def test_a_claim_is_frozen(brand):
    claim = claim_issue(actor=brand["editor"], buyer=brand["b-brand"], mineral="gold", start=START, end=END)
    assert claim.fingerprint == claims.fingerprint(claim.content) and len(claim.fingerprint) == 64
    claim.content = {**claim.content, "producers": 99}
    for attempt in (lambda: claim.save(), lambda: claim.save(update_fields=["content"]),
                    lambda: claim.save(update_fields=["content", "withdrawn_at"]), claim.delete,
                    lambda: SupplyChainClaim.objects.filter(pk=claim.pk).update(mineral="tin"),
                    lambda: SupplyChainClaim.objects.filter(pk=claim.pk).delete()):
        with pytest.raises(ValidationError):
            attempt()
    stored = SupplyChainClaim.objects.get(pk=claim.pk)
    assert stored.content["producers"] == 7 and stored.mineral == "gold"
    assert claims.fingerprint(stored.content) == stored.fingerprint
    withdrawn = claim_withdraw(actor=brand["editor"], claim=stored, reason="Superseded")
    withdrawn.withdrawn_reason = "Something else"
    with pytest.raises(ValidationError):  # a withdrawal is not edited either
        withdrawn.save(update_fields=["withdrawn_reason"])


def test_pages_verify_url_and_api(brand, client, member):
    client.force_login(brand["editor"])
    response = client.post(reverse("dashboard:claims", args=["b-brand"]),
                           {"mineral": "gold", "from": "2025-01-01", "to": "2025-12-31"})
    claim = SupplyChainClaim.objects.get()
    assert response.status_code == 302 and response.url == reverse("dashboard:claim", args=["b-brand", claim.pk])
    page = client.get(response.url).content.decode()
    verify = reverse("reporting:claim_verify", args=[claim.token])
    assert verify in page and claim.fingerprint in page
    # a period without relationships: the form says so, nothing is created
    refused = client.post(reverse("dashboard:claims", args=["b-brand"]),
                          {"mineral": "gold", "from": "2019-01-01", "to": "2019-12-31"}).content.decode()
    assert "there is nothing to claim" in refused and SupplyChainClaim.objects.count() == 1
    client.force_login(brand["viewer"])  # members see, do not issue nor withdraw
    listing = client.get(reverse("dashboard:claims", args=["b-brand"])).content.decode()
    assert reverse("dashboard:claim", args=["b-brand", claim.pk]) in listing and "Issue the claim" not in listing
    assert client.post(reverse("dashboard:claims", args=["b-brand"]),
                       {"mineral": "gold", "from": "2025-01-01", "to": "2025-06-30"}).status_code == 403
    assert client.post(reverse("dashboard:claim", args=["b-brand", claim.pk]),
                       {"reason": "x"}).status_code == 403
    assert [c["id"] for c in client.get("/api/v1/reports/claims/b-brand").json()] == [claim.pk]
    client.force_login(member)  # others are not told the buyer's claims exist
    assert client.get(reverse("dashboard:claims", args=["b-brand"])).status_code == 404
    assert client.get(reverse("dashboard:claim", args=["b-brand", claim.pk])).status_code == 404
    assert client.get("/api/v1/reports/claims/b-brand").status_code == 404
    client.logout()  # anyone verifies by the URL
    public = client.get(verify).content.decode()
    assert "standing" in public and "The statement matches its fingerprint." in public and "P One" not in public
    data = client.get(f"/api/v1/reports/claim-statements/{claim.token}").json()
    assert data["intact"] and data["fingerprint"] == claim.fingerprint and data["withdrawn_at"] is None
    assert data["statement"]["producers"] == 7 and data["verify_url"].endswith(verify)
    assert client.get(reverse("reporting:claim_verify", args=["not-a-token"])).status_code == 404
    client.force_login(brand["editor"])
    client.post(reverse("dashboard:claim", args=["b-brand", claim.pk]), {"reason": "Superseded by the 2026 claim"})
    client.logout()
    public = client.get(verify).content.decode()
    assert "withdrawn" in public and "Superseded by the 2026 claim" in public
    assert client.get(f"/api/v1/reports/claim-statements/{claim.token}").json()["withdrawn_at"]


@pytest.mark.parametrize("lang, title", [("en", "Supply-chain claim"), ("fr", "claim"), ("es", "claim")])
def test_the_pdf_renders_in_each_language(brand, client, lang, title):
    import pypdfium2

    claim = claim_issue(actor=brand["editor"], buyer=brand["b-brand"], mineral="gold", start=START, end=END)
    response = client.get(f"/{lang}/reports/claims/{claim.token}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert f"-{lang}.pdf" in response["Content-Disposition"]
    page = pypdfium2.PdfDocument(response.content)[0]
    darkest, lightest = page.render(scale=1).to_pil().convert("L").getextrema()
    assert darkest < 100 < lightest
    text = page.get_textpage().get_text_range()
    assert "B Brand" in text and claim.token[:10] in text.replace("\r\n", "").replace("\n", "")


def test_a_claim_reaches_through_active_relationships_only(brand):
    from assay.registry.models import Relationship

    Relationship.objects.filter(buyer=brand["b-brand"]).update(end=date(2024, 12, 31))
    with pytest.raises(ValidationError):
        claim_issue(actor=brand["editor"], buyer=brand["b-brand"], mineral="gold", start=START, end=END)
    other = ActorFactory(slug="b-other", role="brand", minerals=["gold"])
    RelationshipFactory(buyer=other, supplier=brand["t-trader"], start=date(2022, 1, 1), share="0.1",
                        minerals=["tin"])
    editor = MembershipFactory(actor=other, role=MemberRole.ADMIN).user
    with pytest.raises(ValidationError) as none:  # tin links only: no gold relationship
        claim_issue(actor=editor, buyer=other, mineral="gold", start=START, end=END)
    assert "no sourcing relationship carrying gold" in str(none.value)
    claim = claim_issue(actor=editor, buyer=other, mineral="tin", start=START, end=END)
    assert claim.content["producers"] is None  # one producer: under k
