"""Assessments, made through the services (start, answer, submit, review) so their scores and audit are stored."""

import datetime

import factory
from factory.django import DjangoModelFactory

from assay.assessments import services
from assay.assessments.models import Assessment, AssessmentKind, AssessmentStatus
from assay.registry.models import MemberRole
from assay.standards.models import Criterion
from assay.web.demo.loader import load_demo_standard
from tests.factories.accounts import UserFactory
from tests.factories.registry import ActorFactory, MembershipFactory

# What the tests' producers (the `coop` fixture and the like) produce.
GOLD = ("gold",)


def full_answers(version, role="producer", maturity="2", overrides=None, minerals=GOLD):
    """An answer for every criterion applying to `role` and `minerals` (by default gold; None: every commodity, also
    those of the demo standard's 3T, cobalt and gemstone modules): gates clear, scored at `maturity`, indicators 10."""
    out = {}
    for c in Criterion.objects.filter(version=version).applicable_to(role, minerals):
        value = {"gate": "clear", "indicator": "10"}.get(c.kind, maturity)
        out[c.pk] = services.AnswerInput((overrides or {}).get(c.code, value))
    return out


def commit_maturity_one(actor, assessment):
    """A commitment, due six months on, for every answer at maturity 1 that has none: what maturity 1 claims."""
    for criterion in services.uncommitted_answers(assessment):
        services.commitment_add(actor=actor, assessment=assessment, criterion=criterion, owner="Board",
                                action=f"Plan for {criterion.code}",
                                due=assessment.date + datetime.timedelta(days=182))


class AssessmentFactory(DjangoModelFactory):
    """An assessment taken to `status` by the services, as its users would.

    `by` starts it (by default a new admin member of the actor, or for a third-party assessment a new staff user);
    `answers` (by default `full_answers` at `maturity` with `overrides`, for the actor's role; `{}` for none),
    `evidence` ([(criterion, upload)]) and `commitments` ([(criterion, action, owner, due)]) are added (and, before
    a submission, a commitment for every answer at maturity 1 that has none, as maturity 1 requires), and the
    assessment submitted by its assessor if one is assigned, else by `by`; `reviewer` (by default a
    new staff user) verifies it, or returns it with `review_comment` when `status` is "returned". The instance
    returned is as the last service left it.
    """

    class Meta:
        model = Assessment

    actor = factory.SubFactory(ActorFactory)
    version = factory.LazyFunction(lambda: load_demo_standard()[0])
    kind = AssessmentKind.SELF
    date = datetime.date(2025, 3, 1)
    site = None
    assessing_actor = None
    assessor = None
    status = AssessmentStatus.VERIFIED
    # Not fields: who acts, and what the services are given.
    by = None
    reason = ""
    maturity = "2"
    overrides = None
    answers = factory.LazyAttribute(lambda o: full_answers(o.version, role=o.actor.role, maturity=o.maturity,
                                                           overrides=o.overrides,
                                                           minerals=frozenset(o.minerals or o.actor.minerals) or None))
    minerals = None  # in scope: by default all of the actor's
    evidence = ()
    commitments = ()
    reviewer = None
    declare = True  # an assigned assessor declares no conflict of interest (False: leave it undeclared)
    review_comment = ""

    @classmethod
    def _create(cls, model_class, *args, **kw):
        actor, version, kind, status = kw["actor"], kw["version"], kw["kind"], kw["status"]
        by = kw["by"]
        if by is None and kind == AssessmentKind.THIRD_PARTY:
            by = UserFactory(is_staff=True)
        elif by is None:
            by = MembershipFactory(actor=actor, role=MemberRole.ADMIN).user
        a = services.assessment_start(actor=by, organisation=actor, version=version, kind=kind, on=kw["date"],
                                      site=kw["site"],
                                      assessing_actor=kw["assessing_actor"], assessor=kw["assessor"],
                                      reason=kw["reason"], minerals=kw["minerals"])
        if kw["assessor"] is not None and kw.get("declare", True):  # the assessor declares no conflict to begin
            services.assessor_declare(actor=kw["assessor"], assignment=a.assignments.get(withdrawn_at__isnull=True),
                                      conflict=False, statement="")
        answerer = kw["assessor"] or by
        if kw["answers"]:
            services.assessment_save_answers(actor=answerer, assessment=a, given=kw["answers"])
        for criterion, upload in kw["evidence"]:
            services.evidence_add(actor=answerer, assessment=a, criterion=criterion, upload=upload)
        for criterion, action, owner, due in kw["commitments"]:
            services.commitment_add(actor=answerer, assessment=a, criterion=criterion, action=action, owner=owner,
                                    due=due)
        if status == AssessmentStatus.DRAFT:
            return a
        commit_maturity_one(answerer, a)
        a = services.assessment_submit(actor=answerer, assessment=a)
        if status == AssessmentStatus.SUBMITTED:
            return a
        reviewer = kw["reviewer"] or UserFactory(is_staff=True)
        return services.assessment_review(actor=reviewer, assessment=a, verify=status == AssessmentStatus.VERIFIED,
                                          comment=kw["review_comment"])
