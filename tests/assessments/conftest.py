import pytest
from django.contrib.auth import get_user_model

from assay.assessments import services
from assay.registry.models import Actor, MemberRole, Membership, Relationship, Site
from assay.standards.models import Criterion


@pytest.fixture
def published(demo):
    return demo[0]


@pytest.fixture
def coop(db):
    actor = Actor.objects.create(name="Coopérative Test", slug="coop-test", role="producer", country="CD",
                                 region="South Kivu", minerals=["gold"], miners=120)
    Site.objects.create(actor=actor, name="Site A", country="CD", region="South Kivu", latitude="-2.5",
                        longitude="28.8")
    return actor


@pytest.fixture
def trader(db, coop):
    actor = Actor.objects.create(name="Trader Test", slug="trader-test", role="trader", country="UG")
    Relationship.objects.create(buyer=actor, supplier=coop, start="2022-01-01", share="0.5")
    return actor


@pytest.fixture
def member(db, coop):
    user = get_user_model().objects.create_user("member", "m@example.org", "pw-member-123")
    Membership.objects.create(user=user, actor=coop, role=MemberRole.ADMIN)
    return user


@pytest.fixture
def assessor(db):
    return get_user_model().objects.create_user("assessor", "a@example.org", "pw-assessor-123")


@pytest.fixture
def secretariat(db):
    return get_user_model().objects.create_user("secretariat", "s@example.org", "pw-secretariat-123", is_staff=True)


def full_answers(version, role="producer", maturity="2", overrides=None):
    """An answer for every criterion applying to `role`: gates clear, scored at `maturity`, indicators 10."""
    out = {}
    for c in Criterion.objects.filter(version=version):
        if role not in c.applies_to:
            continue
        value = {"gate": "clear", "indicator": "10"}.get(c.kind, maturity)
        out[c.pk] = services.AnswerInput((overrides or {}).get(c.code, value))
    return out


@pytest.fixture
def self_assessment(published, coop, member):
    from datetime import date

    return services.assessment_start(member, coop, published, "self", date(2025, 3, 1),
                                     site=coop.sites.first())
