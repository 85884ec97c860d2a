"""A small supply chain with verified histories, built through the services as a user would."""

from datetime import date

import pytest

from assay.assessments.models import AssessmentKind, AssessmentStatus
from assay.registry.models import MemberRole
from assay.standards.models import Criterion
from tests.factories import (
    ActorFactory,
    AssessmentFactory,
    CahraDesignationFactory,
    MembershipFactory,
    RelationshipFactory,
    SiteFactory,
)

# producer slug: country, minerals, in CAHRA, [(date, maturity, code overrides, verified)]
PRODUCERS = {
    "p-kivu": ("CD", ["gold"], True, [(date(2024, 1, 10), "1", {}, True), (date(2025, 3, 1), "2", {}, True)]),
    "p-andes": ("PE", ["gold"], False, [(date(2024, 2, 1), "1", {}, True), (date(2025, 4, 1), "3", {}, True)]),
    "p-ituri": ("CD", ["gold", "tin"], False, [(date(2024, 3, 1), "2", {}, True),
                                               (date(2025, 5, 1), "2", {"3.3": "breach"}, True)]),
    "p-sur": ("CO", ["gold"], False, [(date(2024, 4, 1), "1", {}, True), (date(2025, 2, 1), "2", {}, False)]),
    "p-tie": ("PE", ["tin"], False, [(date(2024, 2, 1), "1", {}, True), (date(2025, 4, 1), "3", {}, True)]),
    "p-new": ("CO", ["gold"], False, [(date(2025, 6, 1), "2", {}, True)]),
}


@pytest.fixture
def chain(published, member, secretariat):
    actors = {}
    for slug, (country, minerals, cahra, history) in PRODUCERS.items():
        actor = ActorFactory(name=slug.replace("-", " ").title(), slug=slug, country=country, region="R",
                             minerals=minerals, miners=40)
        site = SiteFactory(actor=actor)
        if cahra:
            CahraDesignationFactory(site=site)
        MembershipFactory(user=member, actor=actor, role=MemberRole.ADMIN)
        for on, maturity, overrides, verified in history:
            # third-party audits: only assessments of a kind that may count make progress and rank (assurance)
            AssessmentFactory(actor=actor, version=published, kind=AssessmentKind.THIRD_PARTY,
                              date=on, site=site, maturity=maturity,
                              overrides=overrides, reviewer=secretariat,
                              status=AssessmentStatus.VERIFIED if verified else AssessmentStatus.SUBMITTED)
        actors[slug] = actor
    for slug, role, country in (("t-east", "trader", "UG"), ("t-west", "exporter", "PE"),
                                ("r-swiss", "refiner", "CH"), ("b-watch", "brand", "US")):
        actors[slug] = ActorFactory(name=slug.replace("-", " ").title(), slug=slug, role=role, country=country,
                                    minerals=["gold"])
    links = [("t-east", "p-kivu", "0.6"), ("t-east", "p-ituri", None), ("t-west", "p-andes", None),
             ("t-west", "p-tie", "0.5"), ("t-west", "p-sur", "1"), ("r-swiss", "t-east", "0.5"),
             ("r-swiss", "t-west", "0.25"), ("b-watch", "r-swiss", "0.2"), ("b-watch", "p-new", "0.3")]
    for buyer, supplier, share in links:
        RelationshipFactory(buyer=actors[buyer], supplier=actors[supplier], start=date(2023, 1, 1), share=share)
    assert Criterion.objects.filter(version=published, code="3.3", tier=1).exists()  # the breach is Tier I
    return actors
