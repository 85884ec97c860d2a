"""Factories for test data, one module per app (factory_boy). No fixtures here, so any test module can import them.

Plain records are made with the ORM; anything with a state change a service owns (an assessment submitted or
verified, a consultation round, a respondent's submission) is made through that service, so scores, audit
records and e-mails are as a user's actions leave them.
"""

from tests.factories.accounts import UserFactory
from tests.factories.assessments import AssessmentFactory, commit_maturity_one, full_answers
from tests.factories.consultation import QuestionFactory, ResponseFactory, RoundFactory
from tests.factories.outreach import ContactFactory, EmailTemplateFactory, MailingListFactory, PartnerFactory
from tests.factories.registry import (
    ActorFactory,
    CahraDesignationFactory,
    MembershipFactory,
    RelationshipFactory,
    SiteFactory,
)
from tests.factories.standards import StandardVersionFactory

__all__ = [
    "ActorFactory", "AssessmentFactory", "CahraDesignationFactory", "ContactFactory", "EmailTemplateFactory",
    "MailingListFactory", "MembershipFactory", "PartnerFactory", "QuestionFactory", "RelationshipFactory",
    "ResponseFactory", "RoundFactory", "SiteFactory", "StandardVersionFactory", "UserFactory", "commit_maturity_one",
    "full_answers",
]
