"""Rankings on the pages and in the API agree with the command-line scorer on the same data (DESIGN §4 rule 7),
and shortlists are frozen snapshots."""

import io
import json
from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assay.assessments import scoring
from assay.assessments.models import Assessment, AssessmentKind, EnabledImpact, Score
from assay.audit.services import data_changed
from assay.domain.scoring.cli import run
from assay.registry import services as registry_services
from assay.registry.models import Actor, MemberRole, Relationship
from assay.reporting import rankings, services
from assay.reporting.models import Shortlist, ShortlistEntry
from assay.reporting.rankings import Filters
from assay.standards import yaml_io
from tests.factories import ActorFactory, AssessmentFactory, MembershipFactory, RelationshipFactory, SiteFactory

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)


def cli_data(published) -> tuple[dict, dict]:
    """The registry as the command-line scorer reads it (docs/scoring.md)."""
    actors = [{"id": str(a.pk), "name": a.name, "role": a.role, "country": a.country.code,
               **({"minerals": a.minerals} if a.minerals else {})} for a in Actor.objects.all()]
    sites = [{"id": str(s.pk), "actor": str(s.actor_id),
              "cahra": [{"start": d.start.isoformat(), "end": d.end and d.end.isoformat()}
                        for d in s.cahra_designations.all()]} for a in Actor.objects.all() for s in a.sites.all()]
    relationships = [{"buyer": str(r.buyer_id), "supplier": str(r.supplier_id), "start": r.start.isoformat(),
                      "end": r.end and r.end.isoformat(), "share": r.share and float(r.share), "type": r.kind,
                      **({"minerals": r.minerals} if r.minerals else {})}
                     for r in Relationship.objects.all()]
    assessments = [{"id": str(a.pk), "actor": str(a.actor_id), "site": str(a.site_id), "date": a.date.isoformat(),
                    "status": a.status, "type": a.kind, "answers": scoring.answers_of(a),
                    **({"minerals": a.minerals} if a.minerals else {})}
                   for a in Assessment.objects.filter(status__in=("submitted", "verified"))]
    return yaml_io.version_to_data(published), {"actors": actors, "sites": sites, "relationships": relationships,
                                                "assessments": assessments}


def test_the_pages_rank_as_the_command_line_scorer_does(chain, published, client):
    standard, data = cli_data(published)
    expected = run(standard, data, START, END)["rankings"]
    producers = rankings.producers(START, END)
    downstream = rankings.downstream(START, END)
    assert [r.candidate.actor for r in producers.ranked] == [e["actor"] for e in expected["producers"]["ranked"]]
    assert [float(r.candidate.value) for r in producers.ranked] == pytest.approx(
        [e["value"] for e in expected["producers"]["ranked"]])
    assert [r.candidate.actor for r in downstream.ranked] == [e["actor"] for e in expected["downstream"]["ranked"]]
    assert [float(r.candidate.value) for r in downstream.ranked] == pytest.approx(
        [e["value"] for e in expected["downstream"]["ranked"]])
    assert {e.candidate.actor: e.reason for e in producers.excluded} == {
        e["actor"]: e["reason"] for e in expected["producers"]["excluded"]}
    page = client.get(reverse("reporting:ranking", args=["producers"]) + "?from=2025-01-01&to=2025-12-31")
    text = page.content.decode()
    order = [text.index(f'/registry/{Actor.objects.get(pk=int(e["actor"])).slug}/')
             for e in expected["producers"]["ranked"]]
    assert order == sorted(order)


def test_rule_7_on_the_chain(chain):
    producers = rankings.producers(START, END)
    slugs = [chain_slug(r.candidate.actor) for r in producers.ranked]
    # p-ituri's latest verified assessment is a Tier I breach: not ranked. p-sur's 2025 one is not verified.
    # p-new has no earlier assessment: no progress. p-andes and p-tie progressed alike: same level, same date,
    # so the name decides.
    assert "p-ituri" not in slugs and "p-sur" not in slugs and "p-new" not in slugs
    assert slugs.index("p-andes") + 1 == slugs.index("p-tie")
    reasons = {chain_slug(e.candidate.actor): e.reason for e in producers.excluded}
    assert reasons == {"p-ituri": "tier1_breach", "p-new": "no_value"}
    kivu = next(r for r in producers.ranked if chain_slug(r.candidate.actor) == "p-kivu")
    assert kivu.candidate.detail["progress"]["cahra_multiplier"] == 1.5


def chain_slug(actor_id: str) -> str:
    return Actor.objects.get(pk=int(actor_id)).slug


def test_filters_rank_within_the_country_and_the_role(chain):
    peru = rankings.producers(START, END, rankings.Filters(country="PE"))
    assert {chain_slug(r.candidate.actor) for r in peru.ranked} == {"p-andes", "p-tie"}
    tin = rankings.producers(START, END, rankings.Filters(mineral="tin"))
    assert {chain_slug(r.candidate.actor) for r in tin.ranked} == {"p-tie"}
    refiners = rankings.downstream(START, END, rankings.Filters(role="refiner"))
    assert [chain_slug(r.candidate.actor) for r in refiners.ranked] == ["r-swiss"]


def test_a_shortlist_does_not_change_when_scores_are_recomputed(chain, secretariat, published):
    snapshot = services.shortlist_freeze(actor=secretariat, title="Awards 2025", category="producers", start=START,
                                         end=END, size=2, group_by="country")
    before = list(snapshot.entries.values_list("group", "position", "actor_id", "value", "level"))
    assert {g for g, *_ in before} == {"CD", "PE"}
    Score.objects.update(progress=0.0, level=0)  # scores move on; the snapshot must not
    call_command("recompute_scores", "--quiet", "--from", "2025-01-01", "--to", "2025-12-31")
    assert list(Shortlist.objects.get().entries.values_list("group", "position", "actor_id", "value",
                                                            "level")) == before
    entry = snapshot.entries.first()
    with pytest.raises(ValidationError):
        entry.value = 1
        entry.save()
    with pytest.raises(ValidationError):
        ShortlistEntry.objects.first().delete()


def test_a_downstream_shortlist_names_producers_only_through_public_relationships(chain, secretariat):
    snapshot = services.shortlist_freeze(actor=secretariat, title="Buyers", category="downstream", start=START, end=END,
                                         size=3)
    top = snapshot.entries.get(position=1)
    assert top.evidence["top"] == [] and top.evidence["unnamed"]["count"] == top.evidence["producers_credited"] > 0
    from assay.disclosure.models import ActorDisclosure

    for slug in ("b-watch", "r-swiss", "t-east", "t-west"):
        ActorDisclosure.objects.create(actor=chain[slug], kind="relationships", opened_to="public")
    again = services.shortlist_freeze(actor=secretariat, title="Buyers", category="downstream", start=START, end=END,
                                      size=3)
    assert again.entries.get(position=1).evidence["top"]


def test_a_shortlist_entry_counts_evidence_and_commitments_as_they_stand(chain, secretariat, member, client):
    """Defect found: the counts called every commitment not done "open", carried-over ones included, and the
    spreadsheet left the evidence files out."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assay.assessments import services as assessments
    from assay.assessments.models import Commitment

    kivu = chain["p-kivu"]
    latest = kivu.assessments.order_by("-date").first()
    old = kivu.assessments.order_by("date").first()
    today = date.today()
    made = [Commitment.objects.create(assessment=old, action=f"Plan {i}", owner="Board", due=due)
            for i, due in enumerate((today.replace(year=today.year + 1), today.replace(year=today.year - 1),
                                     today.replace(year=today.year + 1), today.replace(year=today.year + 1)))]
    Commitment.objects.create(assessment=old, action="Carried over", owner="Board", due=today, status="superseded")
    assessments.commitment_done(actor=member, commitment=made[2], note="Done",
                                upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"))
    assessments.commitment_done(actor=member, commitment=made[3], note="Done",
                                upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n"))
    assessments.commitment_verify(actor=secretariat, commitment=made[3], confirm=True)
    snapshot = services.shortlist_freeze(actor=secretariat, title="Awards", category="producers", start=START,
                                         end=END, size=10)
    entry = snapshot.entries.get(actor_id=kivu.pk)
    planned = Commitment.objects.live().filter(assessment__actor=kivu)  # what the factories committed to
    expected = {"verified": 1, "done": 1,
                "open": planned.filter(status="open", due__gte=today).count(),
                "lapsed": planned.filter(status="open", due__lt=today).count()}
    assert entry.evidence["commitments"] == expected and expected["lapsed"] >= 1 and expected["open"] >= 1
    assert entry.evidence["a1"]["evidence_files"] == latest.evidence.count()
    client.force_login(secretariat)
    csv_text = client.get(reverse("reporting:shortlist_file", args=[snapshot.pk, "csv"])).content.decode("utf-8-sig")
    assert (f"commitments: 1 verified, 1 done and waiting for verification, {expected['open']} open, "
            f"{expected['lapsed']} lapsed; {latest.evidence.count()} evidence files") in csv_text
    assert "third-party assessment" in csv_text


def test_bad_shortlist_input_is_refused_and_nothing_stored(chain, secretariat):
    with pytest.raises(ValidationError):
        services.shortlist_freeze(actor=secretariat, title="", category="producers", start=END, end=START, size=0)
    assert not Shortlist.objects.exists()


def test_the_shortlist_pdf_renders_and_the_xlsx_reads_back(chain, secretariat, client):
    import pypdfium2

    snapshot = services.shortlist_freeze(actor=secretariat, title="Awards 2025", category="producers", start=START,
                                         end=END, size=3)
    client.force_login(secretariat)
    pdf = client.get(reverse("reporting:shortlist_file", args=[snapshot.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = pypdfium2.PdfDocument(pdf.content)[0]
    image = page.render(scale=1).to_pil()
    darkest, lightest = image.convert("L").getextrema()
    assert image.width > 500 and darkest < 100 < lightest  # a page with something drawn on it
    assert "Awards 2025" in page.get_textpage().get_text_range()
    book = load_workbook(io.BytesIO(client.get(reverse("reporting:shortlist_file",
                                                        args=[snapshot.pk, "xlsx"])).content))
    rows = list(book.active.values)
    assert [r[3] for r in rows[1:]] == list(snapshot.entries.values_list("actor_name", flat=True))


def test_shortlists_are_for_the_secretariat_and_the_committee(chain, secretariat, client, member):
    snapshot = services.shortlist_freeze(actor=secretariat, title="A", category="producers", start=START, end=END,
                                         size=1)
    url = reverse("reporting:shortlist", args=[snapshot.pk])
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_the_ranking_export_reads_back(chain, client):
    url = reverse("reporting:ranking_file", args=["producers", "xlsx"])
    response = client.get(url + "?from=2025-01-01&to=2025-12-31")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [r[0] for r in rows[1:]] == list(range(1, len(rows)))
    assert rows[1][1] == rankings.producers(START, END).ranked[0].candidate.name


def test_a_buyers_own_progress_is_not_credited_to_those_above_it(chain, published, member, secretariat):
    """Enabled impact sums producers' progress only: a trader that improved adds nothing to its refiner."""
    before = {r.candidate.actor: r.candidate.value for r in rankings.downstream(START, END).ranked}
    trader = chain["t-east"]
    MembershipFactory(user=member, actor=trader, role=MemberRole.ADMIN)
    for on, maturity in ((date(2024, 1, 5), "1"), (date(2025, 2, 5), "3")):
        AssessmentFactory(actor=trader, version=published, kind=AssessmentKind.THIRD_PARTY, date=on, maturity=maturity,
                          reviewer=secretariat)  # answers the criteria that apply to a trader
    assert Score.objects.filter(assessment__actor=trader, progress__gt=0).exists()
    after = {r.candidate.actor: r.candidate.value for r in rankings.downstream(START, END).ranked}
    assert after == before


def test_the_credit_page_matches_the_ranking_and_hides_private_paths(chain, client):
    top = rankings.downstream(START, END).ranked[0]
    actor = Actor.objects.get(pk=int(top.candidate.actor))
    url = reverse("reporting:credit", args=[actor.slug]) + "?from=2025-01-01&to=2025-12-31"
    assert rankings.credit(actor.pk, START, END)["value"] == top.candidate.value
    page = client.get(url).content.decode()
    assert f"{float(top.candidate.value):.1f}" in page and "not public" in page
    assert "P Kivu" not in page  # the producers are reached only through network-class relationships


def test_a_cached_ranking_follows_new_scores(chain, published, member, secretariat):
    first = rankings.producers(START, END)
    assert rankings.producers(START, END).ranked == first.ranked  # served again, unchanged
    AssessmentFactory(actor=chain["p-new"], version=published, kind=AssessmentKind.THIRD_PARTY,
                      date=date(2025, 12, 20), maturity="3", reviewer=secretariat)  # p-new now has progress
    again = rankings.producers(START, END)
    assert "p-new" in {chain_slug(r.candidate.actor) for r in again.ranked}


def test_a_ranking_never_says_a_baselines_red_line_outcome(chain, published, member, secretariat, client):
    """A producer that had a Tier I breach and remediated it ranks on its progress; the ranking (page and API)
    shows the baseline's date and overall, never that it was "disengage" (a restricted gate finding)."""
    actor = ActorFactory(name="Remediated", slug="p-remediated", country="CD", region="R", minerals=["gold"],
                         miners=40)
    MembershipFactory(user=member, actor=actor, role=MemberRole.ADMIN)
    for on, overrides in ((date(2024, 1, 10), {"3.3": "breach"}), (date(2025, 3, 1), {})):
        AssessmentFactory(actor=actor, version=published, kind=AssessmentKind.THIRD_PARTY, date=on, overrides=overrides,
                          reviewer=secretariat)
    body = client.get("/api/v1/reports/rankings/producers?start=2025-01-01&end=2025-12-31").json()
    row = next(r for r in body["ranked"] if r["actor"] == "p-remediated")
    assert row["explanation"]["a0"]["level"] is None and "outcome" not in row["explanation"]["a0"]
    assert "disengage" not in json.dumps(body)
    page = client.get(reverse("reporting:ranking", args=["producers"]) + "?from=2025-01-01&to=2025-12-31")
    assert "Remediated" in page.content.decode() and "disengage" not in page.content.decode()


def test_who_is_not_ranked_is_counted_only_in_groups_of_five_except_for_the_secretariat(chain, secretariat, client):
    """p-ituri's open Tier I breach keeps it out: a public "open Tier I breach: 1" would point at it."""
    url = "/api/v1/reports/rankings/producers?start=2025-01-01&end=2025-12-31"
    assert client.get(url).json()["not_ranked"]["tier1_breach"] is None
    page = client.get(reverse("reporting:ranking", args=["producers"]) + "?from=2025-01-01&to=2025-12-31")
    assert "fewer than 5" in page.content.decode()
    client.force_login(secretariat)
    assert client.get(url).json()["not_ranked"]["tier1_breach"] == 1


def test_the_ranking_page_states_the_published_versions_own_rules(db, client, standard_data):
    """How progress and enabled impact are computed is said with the version's parameters, not DESIGN's defaults."""
    from assay.standards import services as standard_services

    standard_data["version"]["label"] = "9.0"
    standard_data["rules"].update(level_bonus=5, cahra_multiplier=2, min_interval_days=365, max_tiers=2)
    draft = standard_services.version_import(actor=None, raw=yaml_io.dump(standard_data).encode())
    standard_services.version_publish(actor=None, version=draft)
    producers = client.get(reverse("reporting:ranking", args=["producers"])).content.decode()
    assert "at least 365 days before, plus 5 points per level gained, × 2 when" in producers
    downstream = client.get(reverse("reporting:ranking", args=["downstream"])).content.decode()
    assert "through up to 2 tiers" in downstream and "four tiers" not in downstream
    french = client.get(reverse("reporting:ranking", args=["producers"]).replace("/en/", "/fr/")).content.decode()
    assert "au moins 365 jours" in french


def test_the_mineral_filter_credits_progress_in_that_mineral_only(chain):
    """Defect found: a gold-only brand was credited for the progress of tin co-operatives through a gold refiner.
    With the gold filter, only gold producers' progress counts, along links that carry gold."""
    def values(ranking):
        return {chain_slug(r.candidate.actor): r.candidate.value for r in ranking.ranked}

    whole, gold = values(rankings.downstream(START, END)), values(rankings.downstream(START, END, Filters(
        mineral="gold")))
    tie = rankings.explain(rankings.downstream(START, END), {str(chain["t-west"].pk)})
    west = next(r for r in tie.ranked if r.candidate.actor == str(chain["t-west"].pk))
    from_tie = sum(Fraction(str(c["credit"])) for c in west.candidate.detail["contributions"]
                   if c["producer"] == chain["p-tie"].pk)
    assert from_tie > 0  # p-tie (tin only) progressed, and t-west buys from it
    assert float(gold["t-west"]) == pytest.approx(float(whole["t-west"] - from_tie))
    assert all(gold[a] <= whole[a] for a in gold)
    # a link that carries tin only passes no gold credit: r-swiss then earns nothing through t-west
    Relationship.objects.filter(buyer=chain["r-swiss"], supplier=chain["t-west"]).update(minerals=["tin"])
    data_changed()  # written past the services: say so, as they would
    narrowed = values(rankings.downstream(START, END, Filters(mineral="gold")))
    assert narrowed["r-swiss"] < gold["r-swiss"]


def test_progress_counts_for_the_minerals_its_assessment_covered(chain, published, secretariat):
    """A producer of gold and tin assessed for tin only has made progress in tin, not in gold."""
    def value(mineral):
        ranked = rankings.downstream(START, END, Filters(mineral=mineral)).ranked
        return next(r.candidate.value for r in ranked if r.candidate.actor == str(chain["t-east"].pk))

    Actor.objects.filter(pk=chain["t-east"].pk).update(minerals=["gold", "tin"])  # it ranks for both
    data_changed()
    gold_before, tin_before = value("gold"), value("tin")
    mixed = ActorFactory(name="P Mix", slug="p-mix", country="CD", region="R", minerals=["gold", "tin"], miners=40)
    for on, maturity in ((date(2024, 1, 15), "1"), (date(2025, 3, 15), "3")):
        AssessmentFactory(actor=mixed, version=published, kind=AssessmentKind.THIRD_PARTY, date=on,
                          maturity=maturity, reviewer=secretariat, minerals=["tin"])
    RelationshipFactory(buyer=chain["t-east"], supplier=mixed, start=date(2023, 1, 1), share="0.5")
    assert Score.objects.filter(assessment__actor=mixed, progress__gt=0).exists()
    assert value("gold") == gold_before and value("tin") > tin_before


@pytest.fixture
def gold_brand(published, member, secretariat):
    """Issue 13: a gold-only brand buys gold from a refiner that buys tin from a tin co-op and gold from a gold one;
    both co-ops progressed (third-party audits, maturity 1 in 2024, 3 in 2025)."""
    def producer(slug, minerals):
        actor = ActorFactory(name=slug.replace("-", " ").title(), slug=slug, country="CD", region="R",
                             minerals=minerals, miners=40)
        site = SiteFactory(actor=actor)
        MembershipFactory(user=member, actor=actor, role=MemberRole.ADMIN)
        for on, maturity in ((date(2024, 2, 1), "1"), (date(2025, 4, 1), "3")):
            AssessmentFactory(actor=actor, version=published, kind=AssessmentKind.THIRD_PARTY, date=on, site=site,
                              maturity=maturity, reviewer=secretariat)
        return actor

    actors = {"tin": producer("p-tin-coop", ["tin"]), "gold": producer("p-gold-coop", ["gold"]),
              "refiner": ActorFactory(name="Refiner Both", slug="r-both", role="refiner", country="CH",
                                      minerals=["gold", "tin"]),
              "brand": ActorFactory(name="Brand Gold", slug="b-gold", role="brand", country="US", minerals=["gold"])}
    for buyer, supplier, minerals in (("brand", "refiner", ["gold"]), ("refiner", "tin", ["tin"]),
                                      ("refiner", "gold", ["gold"])):
        RelationshipFactory(buyer=actors[buyer], supplier=actors[supplier], start=date(2023, 1, 1), share="0.5",
                            minerals=minerals)
    actors["progress"] = {k: Score.objects.get(assessment__actor=actors[k], assessment__date=date(2025, 4, 1)).progress
                          for k in ("tin", "gold")}
    assert actors["progress"]["tin"] > 0 and actors["progress"]["gold"] > 0
    return actors


def test_a_gold_only_brand_is_not_credited_in_the_total_for_tin_through_its_gold_refiner(gold_brand, published):
    """Defect (issue 13): without a mineral filter the brand's credit summed brand —(gold)→ refiner —(tin)→ tin co-op.
    A path counts only for a mineral that every link on it carries (and the co-op covered): the ranking, the credit
    page, an explanation and the stored figure of the batch recompute leave the tin co-op out of the brand's total,
    and the refiner, which buys both, keeps both."""
    brand, refiner, tin, gold = (gold_brand[k] for k in ("brand", "refiner", "tin", "gold"))
    p_tin, p_gold = (gold_brand["progress"][k] for k in ("tin", "gold"))
    downstream = rankings.downstream(START, END)
    values = {int(r.candidate.actor): float(r.candidate.value) for r in downstream.ranked}
    assert values[brand.pk] == pytest.approx(0.25 * p_gold)  # the defect: 0.25 × (p_gold + p_tin)
    assert values[refiner.pk] == pytest.approx(0.5 * (p_gold + p_tin))
    gold_only = rankings.downstream(START, END, Filters(mineral="gold"))
    assert float(next(r.candidate.value for r in gold_only.ranked if r.candidate.actor == str(brand.pk))) == \
        pytest.approx(values[brand.pk])  # a gold-only brand's total is its credit in gold
    credit = rankings.credit(brand.pk, START, END)
    assert float(credit["value"]) == pytest.approx(values[brand.pk])
    assert [(c["producer"], c["paths"]) for c in credit["contributions"]] == [(gold.pk, [[brand.pk, refiner.pk,
                                                                                           gold.pk]])]
    explained = rankings.explain(downstream, {str(brand.pk)})
    detail = next(r.candidate.detail for r in explained.ranked if r.candidate.actor == str(brand.pk))
    assert [c["producer"] for c in detail["contributions"]] == [gold.pk]
    call_command("recompute_scores", "--quiet", "--from", "2025-01-01", "--to", "2025-12-31")
    stored = dict(EnabledImpact.objects.filter(start=START, end=END).values_list("actor_id", "value"))
    assert stored[brand.pk] == pytest.approx(values[brand.pk]) and stored[refiner.pk] == pytest.approx(
        values[refiner.pk])
    standard, data = cli_data(published)  # the command-line scorer agrees
    cli = {e["actor"]: e["value"] for e in run(standard, data, START, END)["enabled_impact"]}
    assert cli[str(brand.pk)] == pytest.approx(values[brand.pk])
    assert tin.pk not in [c["producer"] for c in credit["contributions"]]


def test_a_relationship_carries_only_what_its_supplier_produces(chain):
    buyer, supplier = chain["t-east"], chain["p-kivu"]  # p-kivu produces gold
    for minerals in (["cobalt"], ["plutonium"], ["gold", "gold"]):
        with pytest.raises(ValidationError) as err:
            registry_services.relationship_create(actor=None, buyer=buyer, supplier=supplier, start=date(2024, 1, 1),
                                                  minerals=minerals)
        assert "minerals" in err.value.message_dict
    assert "P Kivu does not produce cobalt" in str(_cobalt_error(buyer, supplier))
    with translation.override("fr"):
        assert "ne produit pas" in _cobalt_error(buyer, supplier)
    assert Relationship.objects.filter(buyer=buyer, supplier=supplier).count() == 1  # only the chain's own
    made = registry_services.relationship_create(actor=None, buyer=buyer, supplier=supplier,
                                                 start=date(2024, 1, 1), minerals=["gold"])
    assert made.minerals == ["gold"]


def _cobalt_error(buyer, supplier) -> str:
    try:
        registry_services.relationship_create(actor=None, buyer=buyer, supplier=supplier, start=date(2024, 1, 1),
                                              minerals=["cobalt"])
    except ValidationError as exc:
        return " ".join(exc.message_dict["minerals"])
    return ""
