"""Two people with every kind of record about them, each marked with canaries (their names, addresses and comment
texts), so a test can tell whose data a page or an export holds."""

from datetime import date, timedelta

import pytest

from assay.accounts.roles import ASSESSORS_GROUP, SECRETARIAT_GROUP
from assay.accounts.services import token_create
from assay.consultation.models import Consent
from assay.notifications.kinds import Kind
from assay.notifications.services import notify
from assay.outreach import services as outreach
from assay.registry.models import MemberRole
from tests.factories import (
    ActorFactory,
    AssessmentFactory,
    MailingListFactory,
    MembershipFactory,
    ResponseFactory,
    RoundFactory,
    UserFactory,
)

PEOPLE = {
    "alice": {"first": "Alicia", "last": "Quillfeather", "email": "alicia.quill@example.org",
              "comment": "ALICE-CANARY-COMMENT: group audits would halve our costs."},
    "bob": {"first": "Bartholomew", "last": "Inkwright", "email": "bart.inkwright@example.org",
            "comment": "BOB-CANARY-COMMENT: the fees are too high for small sites."},
}


def canaries(key: str) -> list[str]:
    p = PEOPLE[key]
    return [f"{p['first']} {p['last']}", p["last"], p["email"], f"{key}_canary", p["comment"].split(":")[0]]


def identity(key: str) -> list[str]:
    """What must vanish on erasure (the comment's text may stay)."""
    return canaries(key)[:4]


@pytest.fixture
def people(db, published):
    secretariat = UserFactory(username="secretariat", is_staff=True, groups=[SECRETARIAT_GROUP])
    round_ = RoundFactory(version=published.standard.versions.get(label="0.2"), announced_on=date.today(),
                          opens_on=date.today(), closes_on=date.today() + timedelta(days=60))
    updates = MailingListFactory(name="Updates", slug="updates")
    made = {"secretariat": secretariat, "round": round_, "list": updates}
    for key, p in PEOPLE.items():
        user = UserFactory(username=f"{key}_canary", email=p["email"], first_name=p["first"], last_name=p["last"],
                           groups=[ASSESSORS_GROUP])
        actor = ActorFactory(name=f"{key.title()} Mining", slug=f"{key}-mining", country="CD")
        MembershipFactory(user=user, actor=actor, role=MemberRole.ADMIN)
        colleague = MembershipFactory(actor=actor, role=MemberRole.ADMIN).user  # so neither is the last admin
        token_create(actor=user, name=f"{key} token", scope="read", expires_on=date.today() + timedelta(days=30))
        response = ResponseFactory(round=round_, name=f"{p['first']} {p['last']}", email=p["email"],
                                   consent=Consent.NAMED, general=p["comment"], key=f"key-{key}")
        sub = outreach.subscription_request(mailing_list=updates, name=f"{p['first']} {p['last']}", email=p["email"],
                                            language="en", base_url="")
        outreach.subscription_confirm(subscription=sub)
        assessed = ActorFactory(name=f"Assessed by {key}", slug=f"assessed-{key}", country="CD", minerals=["gold"])
        assessment = AssessmentFactory(actor=assessed, version=published, kind="third_party", by=secretariat,
                                       assessor=user, status="draft", answers={})
        from django.db import transaction

        with transaction.atomic():
            notify([user], Kind.ASSIGNMENT, f"test-{key}", "/", actor=assessed.name)
        made[key] = {"user": user, "actor": actor, "colleague": colleague, "response": response,
                     "subscription": sub, "assessment": assessment}
    return made
