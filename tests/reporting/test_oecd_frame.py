"""The impact report in the OECD's frame, on a hand-built chain: a producer in a CAHRA whose bribery risk was
mitigated within six months while its buyer kept buying, and one outside whose buyer relationship ended."""

from datetime import date

import pypdfium2
import pytest
from django.urls import reverse

from assay.assessments.models import AssessmentKind, Commitment
from assay.reporting import impact
from assay.reporting.oecd_frame import six_months_after
from tests.factories import ActorFactory, AssessmentFactory, CahraDesignationFactory, RelationshipFactory, SiteFactory

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)
PERIOD = "?from=2025-01-01&to=2025-12-31"
BRIBERY = "annex2-bribery_origin"


def table(report, key):
    t = next(t for t in report.tables if t.key == key)
    return {label: values for label, values in t.rows}


@pytest.fixture
def oecd_chain(published, secretariat):
    trader = ActorFactory(name="Trader", slug="trader", role="trader", country="UG", minerals=["gold"])

    def producer(slug, cahra, history):
        actor = ActorFactory(name=slug, slug=slug, country="CD", region="R", minerals=["gold"], miners=50)
        site = SiteFactory(actor=actor)
        if cahra:
            CahraDesignationFactory(site=site)
        for on, overrides in history:
            AssessmentFactory(actor=actor, version=published, kind=AssessmentKind.THIRD_PARTY, date=on, site=site,
                              maturity="3", overrides=overrides, reviewer=secretariat)
        return actor

    # In a CAHRA: bribery found at maturity 1 with a plan (a commitment), at maturity 2 four months later.
    kept = producer("p-kept", True, [(date(2025, 1, 15), {"4.2": "1"}), (date(2025, 5, 15), {"4.2": "2"})])
    RelationshipFactory(buyer=trader, supplier=kept, start=date(2024, 1, 1))
    # Outside: clear at its baseline, bribery unaddressed (maturity 0, no plan) in 2025; its buyer left in June.
    left = producer("p-left", False, [(date(2024, 3, 1), {}), (date(2025, 3, 1), {"4.2": "0"})])
    RelationshipFactory(buyer=trader, supplier=left, start=date(2023, 1, 1), end=date(2025, 6, 30))
    assert Commitment.objects.filter(assessment__actor=kept, criterion__code="4.2").count() == 1
    return kept, left


def test_the_annex_ii_figures_on_the_chain(oecd_chain):
    risk = table(impact.build(START, END, k=1), BRIBERY)  # columns: all, in a CAHRA, outside
    assert risk["Producers assessed on this risk at the baseline"] == [1, 0, 1]  # p-kept has none 180 days back
    assert risk["Risk present at the baseline (%)"] == [0.0, None, 0.0]
    assert risk["Producers assessed on this risk now"] == [2, 1, 1]
    assert risk["Risk present now (%)"] == [100.0, 100.0, 100.0]  # maturity 2 is not yet mitigated
    assert risk["Producers where the risk was found"] == [2, 1, 1]
    assert risk["stayed in trade while mitigating"] == [1, 1, 0]
    assert risk["relationships ended"] == [1, 0, 1]
    assert risk["Producers whose mitigation plan is six months old"] == [1, 1, 0]
    assert risk["measurable improvement within six months (%)"] == [100.0, 100.0, None]
    # every other Annex II risk is clear on every assessment
    money = table(impact.build(START, END, k=1), "annex2-money_laundering")
    assert money["Risk present now (%)"] == [0.0, 0.0, 0.0] and money["Producers where the risk was found"][0] == 0


def test_improvement_after_six_months_does_not_count(published, secretariat):
    actor = ActorFactory(slug="p-slow", country="PE", minerals=["gold"])
    RelationshipFactory(supplier=actor, start=date(2024, 1, 1))
    for on, overrides in ((date(2025, 1, 15), {"4.2": "1"}), (date(2025, 8, 1), {"4.2": "3"})):
        AssessmentFactory(actor=actor, version=published, kind=AssessmentKind.THIRD_PARTY, date=on, maturity="3",
                          overrides=overrides, reviewer=secretariat)
    risk = table(impact.build(START, END, k=1), BRIBERY)
    assert risk["Producers whose mitigation plan is six months old"] == [1, 0, 1]
    assert risk["measurable improvement within six months (%)"] == [0.0, None, 0.0]  # 1 August is too late
    assert risk["Risk present now (%)"] == [0.0, None, 0.0] and risk["stayed in trade while mitigating"][0] == 1


def test_the_steps_and_broader_risks_on_the_chain(oecd_chain):
    report = impact.build(START, END, k=1)
    steps = table(report, "oecd-steps")
    step3 = next(v for label, v in steps.items() if label.startswith("Step 3"))
    assert step3[0] == 2  # both producers answer step 3 criteria (the Tier II risks among them)
    broader = table(report, "broader")
    assert broader["Health and safety"][2] == 0.0  # everything else at maturity 3: no broader risk present
    assert [s.key for s in report.sections] == ["oecd-steps", "annex-ii", "broader"]


def test_small_groups_are_suppressed(oecd_chain):
    risk = table(impact.build(START, END, k=2), BRIBERY)
    assert risk["Producers where the risk was found"] == [2, None, None]  # one producer in each column
    assert risk["stayed in trade while mitigating"] == [None, None, 0]  # a group of one; an empty one shows
    assert risk["Risk present now (%)"] == [100.0, None, None]
    assert table(impact.build(START, END, k=3), BRIBERY)["Producers where the risk was found"] == [None, None, None]
    glance = table(impact.build(START, END, k=3), "annex2")
    assert all(v in (None, 0, 0.0) for values in glance.values() for v in values)


def test_six_months_is_calendar_months():
    assert six_months_after(date(2025, 1, 15)) == date(2025, 7, 15)
    assert six_months_after(date(2025, 8, 31)) == date(2026, 2, 28)


def test_the_forum_pdf_has_a_headline_page_then_the_sections(oecd_chain, client, settings):
    settings.ASSAY_MIN_GROUP = 1
    response = client.get(reverse("reporting:impact_forum") + PERIOD)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(response.content)
    first = pdf[0].get_textpage().get_text_range()
    assert "Due diligence in the OECD's frame" in first and "Annex II risks at a glance" in first
    assert "Producers with a verified assessment in the period" in first and "By OECD step" not in first
    rest = "".join(pdf[i].get_textpage().get_text_range() for i in range(1, len(pdf)))
    for heading in ("By OECD step", "By Annex II risk", "The broader risks the standard gathers",
                    "stayed in trade while mitigating", "Measurable improvement within six months"):
        assert heading in rest


def test_the_page_and_exports_hold_the_new_tables(oecd_chain, client, settings):
    settings.ASSAY_MIN_GROUP = 1
    page = client.get(reverse("reporting:impact") + PERIOD).content.decode()
    assert 'id="t-annex2-bribery_origin"' in page and "Measurable improvement within six months" in page
    assert page.count('id="t-annex2"') == 1  # rendered once, in its section
    csv = client.get(reverse("reporting:impact_file", args=["csv"]) + PERIOD).content.decode("utf-8-sig")
    assert "stayed in trade while mitigating" in csv and "Scores by OECD step" in csv
    data = client.get("/api/v1/reports/impact?start=2025-01-01&end=2025-12-31").json()
    assert {"oecd-steps", "annex2", BRIBERY, "broader"} <= {t["key"] for t in data["tables"]}
