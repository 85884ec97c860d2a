"""Shared fixtures. Data comes from the shipped demo standard or is built here; never from a dump."""

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from assay.accounts.roles import ASSESSORS_GROUP
from assay.assessments.models import AssessmentStatus
from assay.registry.models import MemberRole
from assay.standards import services
from assay.web.demo.loader import DEMO_FILE
from tests.factories import (
    ActorFactory,
    AssessmentFactory,
    MembershipFactory,
    RelationshipFactory,
    SiteFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parent.parent
# Test users' passwords are test data: hash them cheaply (the production hasher still verifies, and the browser
# and production tests run their own servers with the real settings).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(scope="session")
def demo_bytes() -> bytes:
    return DEMO_FILE.read_bytes()


@pytest.fixture(scope="session")
def demo_data(demo_bytes) -> dict:
    return yaml.load(demo_bytes, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.fixture
def standard_data(demo_data) -> dict:
    """A fresh, mutable copy of the demo standard's data, for tests that break or change it."""
    return copy.deepcopy(demo_data)


@pytest.fixture
def version(db, demo_bytes):
    """The demo standard imported as a draft."""
    return services.version_import(actor=None, raw=demo_bytes)


@pytest.fixture
def staff(db):
    return UserFactory(username="editor", email="editor@example.org", password="pw-editor-123", is_staff=True,
                       is_superuser=True)


@pytest.fixture
def demo(db):
    """The demo versions: 0.1 published, 0.2 in consultation."""
    from assay.web.demo.loader import load_demo_standard

    return load_demo_standard()


@pytest.fixture
def draft(demo):
    """A staff-only working draft 0.3 derived from 0.2."""
    return services.version_derive(actor=None, version=demo[1], label="0.3")

@pytest.fixture
def published(demo):
    return demo[0]


@pytest.fixture
def coop(db):
    actor = ActorFactory(name="Coopérative Test", slug="coop-test", country="CD", region="South Kivu",
                         minerals=["gold"], miners=120)
    SiteFactory(actor=actor, name="Site A", latitude="-2.5", longitude="28.8")
    return actor


@pytest.fixture
def trader(db, coop):
    actor = ActorFactory(name="Trader Test", slug="trader-test", role="trader", country="UG")
    RelationshipFactory(buyer=actor, supplier=coop, start="2022-01-01", share="0.5")
    return actor


@pytest.fixture
def member(db, coop):
    return MembershipFactory(actor=coop, role=MemberRole.ADMIN, user__username="member", user__email="m@example.org",
                             user__password="pw-member-123").user


@pytest.fixture
def assessor(db):
    """An accredited assessor (in the Assessors group); assigned to nothing until the secretariat says so."""
    return UserFactory(username="assessor", email="a@example.org", password="pw-assessor-123",
                       groups=[ASSESSORS_GROUP])


@pytest.fixture
def secretariat(db):
    return UserFactory(username="secretariat", email="s@example.org", password="pw-secretariat-123", is_staff=True)


@pytest.fixture
def self_assessment(published, coop, member):
    """A draft self-assessment of the co-operative, with no answers yet."""
    return AssessmentFactory(actor=coop, version=published, by=member, date=date(2025, 3, 1),
                             site=coop.sites.first(), status=AssessmentStatus.DRAFT, answers={})


@pytest.fixture(autouse=True)
def _second_factor_off_unless_tested(request, settings):
    """Client tests of other concerns sign staff in with force_login; tests of the second factor turn it on."""
    settings.ASSAY_REQUIRE_2FA = "two_factor" in request.keywords


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """LocaleMiddleware leaves the last request's language active in the thread; each test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rankings and reports are cached by the data version, and published versions' rules by id; each test starts
    from empty caches (its database is rolled back, so ids and the data version are reused by the next test)."""
    from django.core.cache import cache

    from assay.assessments.scoring import _rules
    from assay.consultation import structure

    cache.clear()
    _rules.cache_clear()
    structure.clear()  # rounds' structures by id and structure version, which a rolled-back test reuses too
