"""A small supply chain with verified histories, built through the services as a user would."""

from datetime import date

import pytest

from assay.assessments import services
from assay.registry.models import Actor, CahraDesignation, MemberRole, Membership, Relationship, Site
from assay.standards.models import Criterion
from tests.factories import full_answers

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
        actor = Actor.objects.create(name=slug.replace("-", " ").title(), slug=slug, role="producer",
                                     country=country, region="R", minerals=minerals, miners=40)
        site = Site.objects.create(actor=actor, name=f"{slug} site", country=country, region="R")
        if cahra:
            CahraDesignation.objects.create(site=site, source="test", start=date(2020, 1, 1))
        Membership.objects.create(user=member, actor=actor, role=MemberRole.ADMIN)
        for on, maturity, overrides, verified in history:
            a = services.assessment_start(member, actor, published, "self", on, site=site)
            services.assessment_save_answers(member, a, full_answers(published, maturity=maturity,
                                                                     overrides=overrides))
            services.assessment_submit(member, a)
            if verified:
                services.assessment_review(secretariat, a, verify=True)
        actors[slug] = actor
    for slug, role, country in (("t-east", "trader", "UG"), ("t-west", "exporter", "PE"),
                                ("r-swiss", "refiner", "CH"), ("b-watch", "brand", "US")):
        actors[slug] = Actor.objects.create(name=slug.replace("-", " ").title(), slug=slug, role=role,
                                            country=country, minerals=["gold"])
    links = [("t-east", "p-kivu", "0.6"), ("t-east", "p-ituri", None), ("t-west", "p-andes", None),
             ("t-west", "p-tie", "0.5"), ("t-west", "p-sur", "1"), ("r-swiss", "t-east", "0.5"),
             ("r-swiss", "t-west", "0.25"), ("b-watch", "r-swiss", "0.2"), ("b-watch", "p-new", "0.3")]
    for buyer, supplier, share in links:
        Relationship.objects.create(buyer=actors[buyer], supplier=actors[supplier], start=date(2023, 1, 1),
                                    share=share)
    assert Criterion.objects.filter(version=published, code="3.3", tier=1).exists()  # the breach is Tier I
    return actors
