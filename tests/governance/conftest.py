"""A standards committee with two members, and a comment on draft 0.2 whose proposed wording was accepted."""

from datetime import date

import pytest

from assay.consultation import services as consultation
from assay.consultation.models import Comment, Consent
from assay.governance import services
from assay.standards.models import Criterion
from tests.factories import RoundFactory, UserFactory

PROPOSAL = "The producer keeps a grievance mechanism that workers and neighbours may use anonymously, orally too."


@pytest.fixture
def committee(db, secretariat):
    return services.body_create(actor=secretariat, slug="standards-committee", kind="committee",
                                name={"en": "Standards committee", "fr": "Comité des normes",
                                      "es": "Comité de normas"})


@pytest.fixture
def chair(committee, secretariat):
    user = UserFactory(username="chair", first_name="Amina", last_name="Chair", email="chair@example.org")
    services.member_add(actor=secretariat, body=committee, user=user, role="chair", term_start=date(2024, 1, 1),
                        sector="civil_society", interests="Board member of a mining NGO")
    return user


@pytest.fixture
def member(committee, secretariat):
    user = UserFactory(username="member_gov", first_name="Bo", last_name="Member", email="bo@example.org")
    services.member_add(actor=secretariat, body=committee, user=user, role="member", term_start=date(2024, 1, 1),
                        term_end=date(2027, 12, 31), sector="refining")
    return user


@pytest.fixture
def round_(demo):
    return RoundFactory(version=demo[1])


def comment_on(round_, code, text, wording="", consent=Consent.NAMED, name="Amani", language="en"):
    clause = Criterion.objects.get(version=round_.version, code=code)
    r = consultation.response_start(round_=round_, name=name, email=f"{name.lower()}@example.org", sector="asm",
                                    country="CD", language=language, consent=consent)
    consultation.response_save(response=r, answers={}, clauses={clause.pk: text}, general="",
                               wordings={clause.pk: wording} if wording else {})
    consultation.response_submit(response=r, client_key=f"k-{name}")
    consultation.response_verify_email(response=r)
    return Comment.objects.get(response=r)


@pytest.fixture
def accepted(round_, secretariat):
    """A comment on 1.4 proposing wording, accepted as proposed."""
    comment = comment_on(round_, "1.4", "Let complaints be anonymous.", PROPOSAL)
    return consultation.comment_dispose(actor=secretariat, comment=comment, decision="accepted",
                                        response="Accepted: anonymous and oral complaints.")
