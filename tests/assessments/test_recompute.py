"""The set-based batch recompute gives exactly what scoring each assessment one by one gives."""

from datetime import date
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.db import connection

from assay.assessments import scoring
from assay.assessments.models import AssessmentKind, AssessmentStatus, EnabledImpact, Score
from assay.registry.models import Actor
from assay.reporting import rankings
from tests.factories import ActorFactory, AssessmentFactory, CahraDesignationFactory, RelationshipFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(published, coop, trader, member, secretariat):
    """Three verified assessments of the coop (one a Tier I breach) and a submitted one, in a CAHRA."""
    site = coop.sites.first()
    CahraDesignationFactory(site=site)
    plans = [(date(2023, 2, 1), "1", {"3.3": "breach"}), (date(2023, 11, 1), "1", {"4.1": "na"}),
             (date(2024, 9, 1), "2", {"6.3": "na"}), (date(2025, 6, 1), "3", {"9.1": "250"})]
    # third-party audits: only assessments of a kind that may count make progress (assurance)
    made = [AssessmentFactory(actor=coop, version=published, kind=AssessmentKind.THIRD_PARTY,
                              date=on, site=site, maturity=maturity,
                              overrides=overrides, reviewer=secretariat,
                              status=AssessmentStatus.VERIFIED if i < 3 else AssessmentStatus.SUBMITTED)
            for i, (on, maturity, overrides) in enumerate(plans)]
    brand = ActorFactory(name="Brand", slug="brand", role="brand", country="US")
    RelationshipFactory(buyer=brand, supplier=trader, start=date(2020, 1, 1), share="0.4")
    return made


def stored():
    return {s.assessment_id: (s.outcome, s.level, s.overall, s.overall_num, s.overall_den, s.residual_risk, s.modules,
                              s.progress, s.progress_detail, s.baseline_id, s.in_cahra)
            for s in Score.objects.all()}


def test_batch_equals_one_by_one(history):
    one_by_one = stored()
    assert len(one_by_one) == 4
    call_command("recompute_scores", "--quiet", "--from", "2024-01-01", "--to", "2024-12-31")
    assert stored() == one_by_one


def test_recompute_is_safe_to_rerun(history):
    call_command("recompute_scores", "--quiet", "--from", "2024-01-01", "--to", "2024-12-31")
    first = (stored(), list(EnabledImpact.objects.values_list("actor__slug", "value")))
    call_command("recompute_scores", "--quiet", "--from", "2024-01-01", "--to", "2024-12-31")
    assert (stored(), list(EnabledImpact.objects.values_list("actor__slug", "value"))) == first


def test_the_breach_remediation_and_cahra_progress_in_the_stored_history(history):
    breach, remediated, _better, latest = (Score.objects.get(assessment=a) for a in history)
    assert breach.outcome == "disengage" and breach.progress is None
    assert remediated.outcome == "level" and remediated.baseline_id == history[0].pk
    assert remediated.progress > 0 and remediated.progress_detail["cahra_multiplier"] == 1.5
    assert latest.baseline_id == history[2].pk


def test_enabled_impact_reaches_the_brand_through_the_trader(history):
    call_command("recompute_scores", "--quiet", "--from", "2024-01-01", "--to", "2024-12-31")
    progress = Score.objects.get(assessment=history[2]).progress  # coop's latest verified in 2024
    impact = {e.actor.slug: e for e in EnabledImpact.objects.select_related("actor")}
    assert impact["trader-test"].value == pytest.approx(0.5 * progress)
    assert impact["brand"].value == pytest.approx(0.4 * 0.5 * progress)
    explained = rankings.credit(impact["brand"].actor_id, date(2024, 1, 1), date(2024, 12, 31))
    assert explained["value"] == pytest.approx(impact["brand"].value)
    assert explained["contributions"][0]["paths"] == [
        [Actor.objects.get(slug=s).pk for s in ("brand", "trader-test", "coop-test")]]


def test_the_single_score_and_the_batch_agree_on_a_site_outside_any_cahra(published, coop, member, secretariat):
    site = SiteFactory(actor=coop, name="Other", region="Lualaba")
    a = AssessmentFactory(actor=coop, version=published, by=member, date=date(2025, 1, 1), site=site,
                          status=AssessmentStatus.SUBMITTED)
    single = scoring.score_of(a)
    call_command("recompute_scores", "--quiet")
    assert Score.objects.get(assessment=a).overall == pytest.approx(float(single.overall))


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="only PostgreSQL writes by difference (COPY)")
def test_a_rerun_writes_nothing_and_a_new_designation_writes_only_what_it_changes(history):
    from assay.assessments.recompute import recompute

    # the fixture's scores were stored one by one, without the batch's tally and digest: the first recompute
    # writes them, and a second finds every digest equal and writes none
    assert recompute(date(2024, 1, 1), date(2024, 12, 31))["scores_written"] == 4
    assert recompute(date(2024, 1, 1), date(2024, 12, 31))["scores_written"] == 0
    # a row changed by other means than the batch loses its digest (a trigger), so the next recompute rewrites it
    Score.objects.filter(assessment=history[1]).update(level=None, overall=0)
    assert recompute(date(2024, 1, 1), date(2024, 12, 31))["scores_written"] == 1
    assert recompute(date(2024, 1, 1), date(2024, 12, 31))["scores_written"] == 0
    other = SiteFactory(actor=history[0].actor, name="Second pit", region="Ituri")
    moved = history[3]
    moved.site = other
    moved.save(update_fields=["site"])
    before = Score.objects.get(assessment=moved).in_cahra
    assert recompute(date(2024, 1, 1), date(2024, 12, 31))["scores_written"] == 1
    assert before and not Score.objects.get(assessment=moved).in_cahra


def test_several_sets_of_rules_summed_in_one_pass_equal_each_summed_alone(history):
    """The simulation sums the answers by two sets of rules in one query; each part equals its own query, and two
    sets that add alike share one array."""
    import numpy as np

    from assay.assessments.recompute import _meta, _quiet, _sums_of
    from assay.domain.scoring.packing import Layout
    from assay.simulation.engine import overridden
    from assay.standards.models import StandardVersion

    meta = _meta()
    versions = {v.pk: scoring.rules_for(v) for v in StandardVersion.objects.filter(
        pk__in=[int(x) for x in np.unique(meta.version)])}
    own = {pk: Layout.of(r) for pk, r in versions.items()}
    changed = {pk: Layout.of(overridden(r, {"points": {"1.3": 9, "4.1": 1}})) for pk, r in versions.items()}
    alone_own = _sums_of(meta, [(own, None)], _quiet)[0]
    alone_changed = _sums_of(meta, [(changed, None)], _quiet)[0]
    together = _sums_of(meta, [(own, None), (changed, None), (own, None)], _quiet)
    assert (together[0] == alone_own).all() and (together[1] == alone_changed).all()
    assert not (alone_own == alone_changed).all()
    assert together[2] is together[0]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="only PostgreSQL keeps the tallies (and their trigger)")
def test_a_recompute_reads_the_stored_tallies_and_from_answers_sums_them_again(history):
    from assay.assessments.recompute import recompute

    one_by_one = stored()
    recompute(date(2024, 1, 1), date(2024, 12, 31))
    assert stored() == one_by_one
    assert all(s.tally_key and s.tally and s.digest for s in Score.objects.all())
    # spoil one tally under its own key: the next recompute judges what is stored, not the answers
    spoiled = history[3].pk
    with connection.cursor() as cursor:
        cursor.execute("UPDATE assessments_score SET tally = decode(repeat('00', length(tally)), 'hex') "
                       "WHERE assessment_id = %s", [spoiled])
    recompute(date(2024, 1, 1), date(2024, 12, 31))
    assert stored()[spoiled] != one_by_one[spoiled]
    # summing from the answers repairs it, and writes the true tally back
    recompute(date(2024, 1, 1), date(2024, 12, 31), from_answers=True)
    assert stored() == one_by_one
    recompute(date(2024, 1, 1), date(2024, 12, 31))
    assert stored() == one_by_one


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="only PostgreSQL keeps the tallies (and their trigger)")
def test_an_answer_changed_by_any_means_clears_its_tally_and_the_recompute_sums_it_again(history):
    from assay.assessments.models import Answer
    from assay.assessments.recompute import recompute

    recompute(date(2024, 1, 1), date(2024, 12, 31))
    changed = history[3]
    before = Score.objects.get(assessment=changed).overall
    # behind the services' back (as a data repair would): the database clears the tally and the digest itself
    assert Answer.objects.filter(assessment=changed, maturity=3).update(maturity=1) > 0
    score = Score.objects.get(assessment=changed)
    assert (score.tally, score.tally_key, score.digest) == (None, "", None)
    assert Score.objects.exclude(assessment=changed).filter(tally_key="").count() == 0
    assert recompute(date(2024, 1, 1), date(2024, 12, 31))["scores_written"] == 1
    single = scoring.score_of(changed)
    score = Score.objects.get(assessment=changed)
    assert score.overall == pytest.approx(float(single.overall)) and score.level == single.level
    assert score.overall < before
    assert score.tally_key and score.tally is not None
    assert recompute(date(2024, 1, 1), date(2024, 12, 31))["scores_written"] == 0


def test_enabled_impact_is_written_by_difference(history):
    from assay.assessments.recompute import recompute
    from assay.registry.models import Relationship

    recompute(date(2024, 1, 1), date(2024, 12, 31))
    rows = {e.actor.slug: (e.pk, e.value) for e in EnabledImpact.objects.select_related("actor")}
    assert set(rows) == {"trader-test", "brand"}
    recompute(date(2024, 1, 1), date(2024, 12, 31))  # nothing changed: every row is kept as it was
    assert {e.actor.slug: (e.pk, e.value) for e in EnabledImpact.objects.select_related("actor")} == rows
    Relationship.objects.filter(buyer__slug="brand").update(share="0.2")
    recompute(date(2024, 1, 1), date(2024, 12, 31))
    after = {e.actor.slug: (e.pk, e.value) for e in EnabledImpact.objects.select_related("actor")}
    assert after["trader-test"] == rows["trader-test"]  # its figure did not change, so its row was not rewritten
    assert after["brand"][0] != rows["brand"][0] and after["brand"][1] == pytest.approx(rows["brand"][1] / 2)


def test_the_recompute_reads_the_same_links_as_the_credit_pages(history, trader):
    """The recompute's packed read of the relationships gives exactly the links `supply_links` gives (dates, exact
    shares, kinds, minerals carried), so the stored enabled impact is the credit pages' figure."""
    from assay.assessments.recompute import _links

    brand = Actor.objects.get(slug="brand")
    other = ActorFactory(name="Refiner", slug="refiner-x", role="refiner", country="CH")
    RelationshipFactory(buyer=other, supplier=trader, start=date(2023, 5, 2), end=date(2024, 3, 31), share="0.1234",
                        minerals=["gold", "tin"])
    RelationshipFactory(buyer=brand, supplier=other, start=date(2024, 2, 29), share=None, kind="finance",
                        minerals=["gold"])
    RelationshipFactory(buyer=other, supplier=brand, start=date(2025, 1, 1))  # not active in the period
    RelationshipFactory(buyer=brand, supplier=trader, start=date(2020, 1, 1), end=date(2023, 12, 31))  # ended

    def key(link):
        return (link.buyer, link.supplier, link.start, link.end or date.max, link.share or 0, link.kind,
                sorted(link.minerals))

    for start, end in ((date(2024, 1, 1), date(2024, 12, 31)), (date(2019, 1, 1), date(2030, 1, 1))):
        packed, orm = sorted(_links(start, end), key=key), sorted(scoring.supply_links(start, end), key=key)
        assert packed == orm and len(orm) >= 3
    shares = {link.share for link in _links(date(2024, 1, 1), date(2024, 12, 31))}
    assert Fraction(1234, 10000) in shares and None in shares


def test_a_recompute_with_stored_scores_but_none_left_to_score_runs(history):
    from assay.assessments.models import Assessment
    from assay.assessments.recompute import recompute

    recompute(date(2024, 1, 1), date(2024, 12, 31))
    Assessment.objects.update(status=AssessmentStatus.RETURNED)  # their scores and tallies stay stored
    assert recompute(date(2024, 1, 1), date(2024, 12, 31)) == {
        "assessments": 0, "progress": 0, "enabled_impact": 0, "scores_written": 0}
