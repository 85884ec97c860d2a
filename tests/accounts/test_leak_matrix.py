"""The leak matrix: every role × every page and endpoint × every disclosure class.

A canary value is planted in data of each class about one actor. For every role and every surface (enumerated
from the URL configuration and the OpenAPI document, so a new page or endpoint that is not listed here fails the
build), the canaries in the response must be exactly those the surface shows (what a superuser sees there) that
the policy lets the role see: nothing leaks, nothing permitted is withheld.
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assay.accounts.roles import ASSESSORS_GROUP, COMMITTEE_GROUP, SECRETARIAT_GROUP
from assay.assessments import services
from assay.assessments.permissions import assessment_standings
from assay.disclosure.access import standings
from assay.disclosure.models import RestrictedRead
from assay.domain.disclosure import Disclosure, Standing, decide
from assay.registry.models import MemberRole, Relationship
from assay.reporting.actor_report import report_fingerprint
from assay.standards.models import Criterion
from tests.factories import (
    ActorFactory,
    AssessmentFactory,
    EmailTemplateFactory,
    MailingListFactory,
    MembershipFactory,
    PartnerFactory,
    RelationshipFactory,
    ResponseFactory,
    RoundFactory,
    SiteFactory,
    UserFactory,
    full_answers,
)

pytestmark = pytest.mark.django_db

CANARIES = {
    "CANARY-PUBLIC-PROFILE": Disclosure.PUBLIC,
    "-2.71717": Disclosure.NETWORK,  # a site's exact latitude
    "CANARY-NETWORK-ANSWER": Disclosure.NETWORK,
    "CANARY-NETWORK-COMMITMENT": Disclosure.NETWORK,
    "CANARY-RESTRICTED-GATE": Disclosure.RESTRICTED,
    "CANARY-RESTRICTED-REVIEW": Disclosure.RESTRICTED,  # the reviewer's comment speaks of the findings
    "canary-restricted-evidence": Disclosure.RESTRICTED,
    "7.777": Disclosure.RESTRICTED,  # children found on site: a restricted indicator
    "CANARY-PRIVATE-DRAFT": Disclosure.PRIVATE,
}
# shared_buyer: a member of a buyer with no relationship to the actor, which shared one assessment's full report
# with it (a standing granted by the data's owner: that report's network data, and nothing anywhere else)
ROLES = ["anonymous", "respondent", "member_admin", "member_editor", "member_viewer", "partner", "ex_partner",
         "assessor", "committee", "secretariat", "superuser", "shared_buyer"]
# Pages that change state (POST only) or belong to sign-in: covered by their own tests, listed so that a new
# page cannot slip past this matrix unlisted.
NOT_READS = {"api:create_assessment", "api:save_answers", "api:submit_assessment", "api:submit_response",
             "assessments:submit", "assessments:assign",
             "assessments:review", "assessments:correct", "assessments:finding", "dashboard:sharing", "logout", "login",
             "reporting:report_shares",  # POST only: an actor's admin shares a report (the escalation matrix)
             "password_change",
             "password_change_done", "password_reset", "password_reset_done", "password_reset_confirm",
             "password_reset_complete", "api:openapi-view", "api:api-root", "api:openapi-json", "two_factor",
             "accounts:token_revoke",  # POST only: revokes one's own API token
             "assessments:evidence_review",  # POST only: the reviewer's word on one file
             "notifications:read",  # POST only: marks one's own notifications read
             # a respondent's private link: its token is the credential; it shows only their own comments
             "consultation:respond", "consultation:verify", "consultation:invite", "consultation:not_me",
             # a subscriber's and a recipient's links (token pages about a mailing list, no actor data)
             "outreach:confirm", "outreach:unsubscribe", "outreach:track", "outreach:mailing_new",
             # a superuser's authenticator set-up pages: they hold no actor data
             "admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode",
             # ODK Collect's submissions (POST, HTTP Basic): tests/consultation/test_openrosa.py, the escalation matrix
             "openrosa:submission",
             # POST only: a juror's conflict and score, the chair's decision and announcement (the escalation
             # matrix, tests/awards)
             "awards:conflict", "awards:score", "awards:decide", "awards:announce",
             "simulation:attach"}  # POST only: the secretariat attaches a summary to a round (escalation matrix)
# POST only: the secretariat's access export (a download) and erasure (the escalation matrix, tests/privacy)
NOT_READS |= {"privacy:access", "privacy:erase"}
# POST only: an action item's status, set by the secretariat or its owner (the escalation matrix, tests/governance)
NOT_READS |= {"governance:action_update"}


# Comments never to be quoted (private, unconfirmed, hidden), and one that may be (text long enough to be a quote).
COMMENT_CANARIES = [
    ("Privata", "private", "confirmed", "CANARY-COMMENT-PRIVATE: a remark its author asked us never to publish."),
    ("Unconfirmed", "named", "submitted", "CANARY-COMMENT-UNCONFIRMED: typed under an address nobody confirmed."),
    ("Hidden", "named", "confirmed", "CANARY-COMMENT-HIDDEN: a remark the moderators hid from every page."),
    ("Publica", "anonymous", "confirmed", "CANARY-COMMENT-PUBLISHABLE: group audits would cut the cost for us."),
]


@pytest.fixture
def world(published):
    x = ActorFactory(name="Canary Coop", slug="canary-coop", country="CD", region="South Kivu",
                     profile="CANARY-PUBLIC-PROFILE", minerals=["gold"])
    SiteFactory(actor=x, name="Canary site", latitude="-2.71717", longitude="28.31313")
    partner = ActorFactory(name="Partner Trader", slug="partner", role="trader", country="UG")
    former = ActorFactory(name="Former Trader", slug="former", role="trader", country="RW")
    RelationshipFactory(buyer=partner, supplier=x, start=date(2022, 1, 1))
    RelationshipFactory(buyer=former, supplier=x, start=date(2020, 1, 1), end=date(2023, 1, 1))
    # The groups carry their roles' permissions (assay.accounts.roles, created by a migration), as deployed.
    groups = {"assessor": [ASSESSORS_GROUP], "committee": [COMMITTEE_GROUP], "secretariat": [SECRETARIAT_GROUP]}
    users = {role: UserFactory(username=role, is_staff=role in ("secretariat", "superuser"),
                               is_superuser=role == "superuser", groups=groups.get(role))
             for role in ROLES[1:]}
    for role, member_role in (("member_admin", MemberRole.ADMIN), ("member_editor", MemberRole.EDITOR),
                              ("member_viewer", MemberRole.VIEWER)):
        MembershipFactory(user=users[role], actor=x, role=member_role)
    MembershipFactory(user=users["partner"], actor=partner, role=MemberRole.VIEWER)
    MembershipFactory(user=users["ex_partner"], actor=former, role=MemberRole.VIEWER)
    shared_buyer = ActorFactory(name="Shared Buyer", slug="shared-buyer", role="brand", country="FR")
    MembershipFactory(user=users["shared_buyer"], actor=shared_buyer, role=MemberRole.VIEWER)

    secretariat, admin = users["secretariat"], users["member_admin"]
    answers = full_answers(published)
    code = {c.code: c.pk for c in Criterion.objects.filter(version=published)}
    answers[code["1.1"]] = services.AnswerInput("2", "CANARY-NETWORK-ANSWER")
    answers[code["3.1"]] = services.AnswerInput("clear", "CANARY-RESTRICTED-GATE")
    answers[code["9.5"]] = services.AnswerInput("7.777")
    verified = AssessmentFactory(
        actor=x, version=published, kind="third_party", by=secretariat, date=date(2025, 2, 1), site=x.sites.first(),
        assessor=users["assessor"], answers=answers,
        evidence=[(Criterion.objects.get(pk=code["3.1"]),
                   SimpleUploadedFile("canary-restricted-evidence.pdf", b"%PDF-1.4\n%%EOF\n"))],
        commitments=[(None, "CANARY-NETWORK-COMMITMENT", "Board", date(2026, 1, 1))],
        reviewer=secretariat, review_comment="CANARY-RESTRICTED-REVIEW")
    draft = AssessmentFactory(actor=x, version=published, by=admin, date=date(2026, 6, 1), status="draft",
                              answers={code["1.1"]: services.AnswerInput("1", "CANARY-PRIVATE-DRAFT")})
    from assay.reporting.services import report_share

    report_share(actor=admin, assessment=verified, buyer=shared_buyer)
    consultation = RoundFactory(version=published.standard.versions.get(label="0.2"), announced_on=date.today(),
                                opens_on=date.today(), closes_on=date.today() + timedelta(days=60))
    from assay.consultation.services import event_create
    from assay.outreach import services as outreach

    # A pilot-site event held at the canary's site: its page must not carry the site's exact position.
    event = event_create(actor=None, round_=consultation, place="Canary site", site=x.sites.get(), held_on=date.today(),
                         facilitator="NGO", language="fr", attendance={("asm", "women"): 3})
    # A response its supposed sender disowned from the receipt: pending the secretariat's review, its comment is on
    # the review page and the redaction page only.
    from assay.consultation.services import response_disown

    disowned = ResponseFactory(round=consultation, name="Disowned", general="A comment its sender disowned.")
    response_disown(response=disowned)
    updates = MailingListFactory(name="Updates", slug="updates")
    outreach.subscription_confirm(subscription=outreach.subscription_request(mailing_list=updates, name="N",
                                                                             email="n@example.org",
                                                                language="en", base_url=""))
    mailing = outreach.mailing_create(actor=None, template=EmailTemplateFactory(name="T"), mailing_list=updates,
                                      round_=consultation, base_url="")
    # A partner's outreach plan whose activity names the event at the canary's site.
    outreach_partner = PartnerFactory(name="NGO", sector="civil_society")
    plan = outreach.plan_save(actor=secretariat, partner=outreach_partner, round_=consultation, expected_reach=9)
    outreach.plan_activity_save(actor=secretariat, plan=plan, kind="pilot_event", title="Meeting",
                                planned_on=date.today(), event=event)
    from assay.reporting.services import shortlist_freeze

    shortlist = shortlist_freeze(actor=secretariat, title="Awards", category="producers", start=date(2020, 1, 1),
                                 end=date(2030, 12, 31), size=5)
    # A buyer's open request to the canary actor: its page and lists name both sides and nothing of the data.
    request = services.request_send(actor=users["superuser"], buyer=partner, supplier=x, kind="self",
                                    due=date.today() + timedelta(days=90), message="Please assess by spring")
    from assay.reporting.services import claim_issue

    # The partner's supply-chain claim for gold over the canary's audit year: its statement is public by its token
    issuer = MembershipFactory(actor=partner, role=MemberRole.EDITOR, user__username="partner_editor").user
    claim = claim_issue(actor=issuer, buyer=partner, mineral="gold", start=date(2025, 1, 1), end=date(2025, 12, 31))
    from assay.consultation.models import Comment
    # Comments on the round that no page may quote: a private one, an unconfirmed one and a hidden one; and one
    # that may be quoted, so the test below knows the pages quote at all.
    for name, consent, status, text in COMMENT_CANARIES:
        ResponseFactory(round=consultation, name=name, consent=consent, status=status, general=text)
    hidden = Comment.objects.get(text=COMMENT_CANARIES[2][3])
    from assay.consultation.services import comment_hide

    comment_hide(actor=None, comment=hidden, reason="Names an official.")
    awards = _awards(x, verified, users, published)
    # The demo's OECD alignment and its example crosswalk: the crosswalk report reads the canary's assessment.
    from assay.web.demo.loader import load_demo_alignment

    load_demo_alignment(None, [published, published.standard.versions.get(label="0.2")])
    # A simulation of the published rules with another level bonus, run (its moves name the canary actor), its
    # public summary attached to the round
    from assay.simulation.services import simulation_attach, simulation_run, simulation_start

    simulation = simulation_run(simulation_id=simulation_start(actor=secretariat, version=published,
                                                               overrides={"level_bonus": 12}).pk)
    simulation_attach(actor=secretariat, simulation=simulation, round_=consultation)
    # The standards committee (the committee user a member), a recorded meeting with a public and an internal
    # item, an action item and a decision on the disowned comment's disposition
    from assay.consultation.services import comment_dispose
    from assay.governance import services as governance

    body = governance.body_create(actor=secretariat, slug="committee", kind="committee", name={"en": "Committee"})
    governance.member_add(actor=secretariat, body=body, user=users["committee"], role="member",
                          term_start=date(2020, 1, 1), sector="civil_society", interests="None declared")
    disposition = comment_dispose(actor=secretariat, comment=Comment.objects.filter(
        response__round=consultation, disposition__isnull=True).order_by("pk").first(),
                                  decision="accepted", response="Accepted.")
    meeting = governance.meeting_record(
        actor=secretariat, body=body, held_on=date(2025, 3, 1), place="Call", attendees=[users["committee"]],
        items=[governance.ItemInput(title="Public item", public=True), governance.ItemInput(title="Internal item")],
        actions=[governance.ActionInput(title="Write to partners", owner=users["committee"],
                                        due_on=date(2025, 4, 1))],
        decisions=[governance.DecisionInput(title="Accept", rationale="Clearer.", outcome="consensus", links=[
            governance.LinkInput(kind="disposition", disposition=disposition)])])
    return {"simulation": simulation, "body": body, "meeting": meeting, "decision": meeting.decisions.get(),
            "actor": x, "users": users, "verified": verified, "draft": draft, "request": request, "awards": awards,
            "evidence": verified.evidence.get(), "round": consultation, "event": event, "mailing": mailing,
            "shortlist": shortlist, "claim": claim, "plan": plan, "comment": disowned.comments.get()}


def _awards(x, verified, users, published) -> dict:
    """Two awards whose shortlist names the canary actor: one with its jury (the canary's admin consented to share
    its network data with it), one announced. Two jurors, from the awarding organisations, seated by the
    secretariat; neither is one of the matrix's roles."""
    from assay.awards import services as awards
    from assay.reporting.models import Shortlist, ShortlistEntry

    listed = Shortlist.objects.create(title="Award list", category="producers", start=date(2024, 1, 1),
                                      end=date(2025, 12, 31), size=1, engine="test")
    ShortlistEntry.objects.create(shortlist=listed, position=1, rank=1, actor=x, actor_name=x.name, country="CD",
                                  value=12.5, level=1, on=date(2025, 2, 1),
                                  evidence={"a1": {"id": verified.pk, "date": "2025-02-01"}, "a0": None})
    secretariat = users["secretariat"]
    jurors = {name: UserFactory(username=name) for name in ("juror_chair", "juror")}
    made = {}
    for key in ("open", "announced"):
        award = awards.award_create(actor=secretariat, shortlist=listed, version=published, category="most_improved",
                                    names={"en": f"Award {key}"}, prizes={"en": "A prize"},
                                    descriptions={"en": "For progress"}, organisations=["LBMA", "RMI"])
        awards.juror_add(actor=secretariat, award=award, user=jurors["juror_chair"], organisation="LBMA", chair=True)
        awards.juror_add(actor=secretariat, award=award, user=jurors["juror"], organisation="RMI")
        made[key] = award
    nomination = made["open"].nominations.get()
    awards.consent_give(actor=users["member_admin"], nomination=nomination)
    done = made["announced"]
    awards.score_record(actor=jurors["juror"], nomination=done.nominations.get(), value=7, comment="Good")
    awards.decision_record(actor=jurors["juror_chair"], award=done, winner=done.nominations.get(),
                           rationale="The most progress")
    awards.award_announce(actor=jurors["juror_chair"], award=done)
    return {**made, "jurors": jurors, "shortlist": listed}


def surfaces(world) -> dict[str, list[str]]:
    """Every readable page and endpoint, with the paths that show the canary actor's data."""
    x, v, d, e = world["actor"], world["verified"], world["draft"], world["evidence"]
    award_pair = (world["awards"]["open"], world["awards"]["announced"])
    return {
        "web:home": [reverse("web:home")],
        "favicon": [reverse("favicon")], "favicon_ico": [reverse("favicon_ico")],  # the site's icon: no data
        "disclosure:guidance": [reverse("disclosure:guidance")],
        "accounts:tokens": [reverse("accounts:tokens")],  # one's own API tokens: no actor data
        "consultation:list": [reverse("consultation:list")],
        "consultation:round": [reverse("consultation:round", args=[world["round"].pk])],
        "consultation:comments": [reverse("consultation:comments", args=[world["round"].pk])],
        "consultation:synopsis": [reverse("consultation:synopsis", args=[world["round"].pk])],
        "consultation:workshop": [reverse("consultation:workshop", args=[world["round"].pk])],
        "consultation:synopsis_file": [reverse("consultation:synopsis_file", args=[world["round"].pk, "xlsx"])],
        "consultation:events": [reverse("consultation:events", args=[world["round"].pk])],
        "consultation:event": [reverse("consultation:event", args=[world["event"].pk])],
        "consultation:xlsform": [],  # binary; the questionnaire holds no actor data
        # binary; their quotes are checked in tests/consultation/test_workshop.py and below
        "consultation:workshop_file": [], "consultation:workshop_pack": [],
        "consultation:calendar": [reverse("consultation:calendar", args=[world["round"].pk])],
        "consultation:review": [reverse("consultation:review", args=[world["round"].pk])],
        "consultation:redact": [reverse("consultation:redact", args=[world["comment"].pk])],
        # the field kit: its page and the two purpose pages; its PDFs are binary and drawn from the draft alone
        "consultation:kit": [reverse("consultation:kit", args=[world["round"].pk])],
        "consultation:benefits_upstream": [reverse("consultation:benefits_upstream", args=[world["round"].pk])],
        "consultation:benefits_downstream": [reverse("consultation:benefits_downstream", args=[world["round"].pk])],
        "consultation:kit_slides": [], "consultation:kit_handout": [], "consultation:kit_guide": [],
        # ODK Collect's form list and the event's form: HTTP Basic only (a session gets 401), so they are checked
        # role by role with credentials in test_the_openrosa_endpoints_show_no_canary below
        "openrosa:form_list": ["/openrosa/formList"],
        "openrosa:form": [reverse("openrosa:form", args=[world["event"].pk, "fr"])],
        "reporting:rankings": [reverse("reporting:rankings")],
        "reporting:ranking": [reverse("reporting:ranking", args=[c]) + "?from=2020-01-01&to=2030-12-31"
                              for c in ("producers", "downstream")],
        "reporting:ranking_file": [reverse("reporting:ranking_file", args=[c, "csv"]) + "?from=2020-01-01"
                                   for c in ("producers", "downstream")],
        "reporting:shortlists": [reverse("reporting:shortlists")],
        "reporting:credit": [reverse("reporting:credit", args=["partner"]) + "?from=2020-01-01&to=2030-12-31"],
        "reporting:impact": [reverse("reporting:impact") + "?from=2020-01-01&to=2030-12-31"],
        "reporting:impact_file": [reverse("reporting:impact_file", args=[f]) + "?from=2020-01-01&to=2030-12-31"
                                  for f in ("csv",)],
        # the forum's PDF: aggregates only; its text is read (observed below) like a page's
        "reporting:impact_forum": [reverse("reporting:impact_forum") + "?from=2020-01-01&to=2030-12-31"],
        "reporting:secretariat": [reverse("reporting:secretariat")],
        "reporting:secretariat_file": [reverse("reporting:secretariat_file", args=[t, "csv"])
                                       for t in ("participation", "waiting", "overdue", "hot_spots")],
        "api:ranking": [f"/api/v1/reports/rankings/{c}?start=2020-01-01&end=2030-12-31&explain=true"
                        for c in ("producers", "downstream")],
        "api:shortlists": ["/api/v1/reports/shortlists"],
        "api:shortlist": [f"/api/v1/reports/shortlists/{world['shortlist'].pk}"],
        "api:impact_report": ["/api/v1/reports/impact?start=2020-01-01&end=2030-12-31"],
        "reporting:shortlist": [reverse("reporting:shortlist", args=[world["shortlist"].pk])],
        "reporting:shortlist_file": [reverse("reporting:shortlist_file", args=[world["shortlist"].pk, "csv"])],
        "outreach:desk": [reverse("outreach:desk")],
        "outreach:mailing": [reverse("outreach:mailing", args=[world["mailing"].pk])],
        "outreach:mailing_preview": [reverse("outreach:mailing_preview") + "?template={}&list={}&round={}".format(
            world["mailing"].template_id, world["mailing"].mailing_list_id, world["mailing"].round_id)],
        "outreach:mailing_file": [reverse("outreach:mailing_file", args=[world["mailing"].pk, "csv"])],
        "outreach:package": [],  # a compressed ZIP of the standard and the questionnaire: no actor data
        "outreach:plans": [reverse("outreach:plans")],
        "outreach:plans_file": [reverse("outreach:plans_file", args=[f]) for f in ("csv", "xlsx")],
        "outreach:plan": [reverse("outreach:plan", args=[world["plan"].partner_id, world["plan"].round_id])],
        "outreach:subscribe": [reverse("outreach:subscribe", args=["updates"])],
        "outreach:lists": [reverse("outreach:lists")],
        "registry:list": [reverse("registry:list")],
        "registry:actor": [reverse("registry:actor", args=[x.slug])],
        "registry:export": [reverse("registry:export", args=["csv"]), reverse("registry:export", args=["xlsx"])],
        "dashboard:index": [reverse("dashboard:index")],
        "dashboard:actor": [reverse("dashboard:actor", args=[x.slug])],
        "assessments:start": [reverse("assessments:start", args=[x.slug])],
        "assessments:overview": [reverse("assessments:overview", args=[v.pk]),
                                 reverse("assessments:overview", args=[d.pk])],
        "assessments:module": [reverse("assessments:module", args=[v.pk, m]) for m in ("1", "3", "9")]
        + [reverse("assessments:module", args=[d.pk, "1"])],
        "assessments:evidence": [reverse("assessments:evidence", args=[e.pk])],
        "assessments:commitment": [reverse("assessments:commitment", args=[v.commitments.get().pk])],
        "dashboard:commitments_file": [reverse("dashboard:commitments_file", args=[x.slug, "csv"])],
        # the partner's supply chain reaches the canary actor: its page, export and endpoint
        # requests between the canary actor and its buyer; the queue; the assessor's declaration; one's own
        # notifications and choices: names and dates, no datum of the actor
        "dashboard:requests": [reverse("dashboard:requests", args=[s]) for s in (x.slug, "partner")],
        "dashboard:requests_file": [reverse("dashboard:requests_file", args=[x.slug, "csv"])],
        "assessments:request": [reverse("assessments:request", args=[world["request"].pk])],
        "assessments:queue": [reverse("assessments:queue")],
        "assessments:queue_file": [reverse("assessments:queue_file", args=["csv"])],
        "assessments:declare": [reverse("assessments:declare", args=[v.assignments.get().pk])],
        "notifications:inbox": [reverse("notifications:inbox")],
        "notifications:preferences": [reverse("notifications:preferences")],
        "dashboard:supply_chain": [reverse("dashboard:supply_chain", args=["partner"])],
        "dashboard:supply_chain_file": [reverse("dashboard:supply_chain_file", args=["partner", "csv"])],
        # the partner's workspace: who needs support (the canary is a supplier), recording support, its claims
        "dashboard:support": [reverse("dashboard:support", args=["partner"])],
        "dashboard:support_file": [reverse("dashboard:support_file", args=["partner", f]) for f in ("csv", "xlsx")],
        "dashboard:engagement_new": [reverse("dashboard:engagement_new", args=["partner"])],
        "dashboard:claims": [reverse("dashboard:claims", args=["partner"])],
        "dashboard:claim": [reverse("dashboard:claim", args=["partner", world["claim"].pk])],
        "reporting:claim_verify": [reverse("reporting:claim_verify", args=[world["claim"].token])],
        "reporting:claim_verify_file": [],  # binary; the same aggregates as the verify page
        "api:claims_api": ["/api/v1/reports/claims/partner"],
        "api:claim_statement": [f"/api/v1/reports/claim-statements/{world['claim'].token}"],
        "standards:standard": [reverse("standards:standard", args=["mes"])],
        "standards:version": [reverse("standards:version", args=["mes", "0.1"])],
        "standards:criterion": [reverse("standards:criterion", args=["mes", "0.1", "3.1"])],
        "standards:history": [reverse("standards:history", args=["mes"])],
        "standards:compare": [reverse("standards:compare", args=["mes"]) + "?from=0.1&to=0.2"],
        "standards:version_pdf": [],  # binary; the standard holds no actor data
        "standards:version_yaml": [reverse("standards:version_yaml", args=["mes", "0.1"])],
        # reading offline: the pages to save, the page for those not saved (a draft's are a 404), the worker
        "standards:version_offline_manifest": [reverse("standards:version_offline_manifest", args=["mes", v])
                                               for v in ("0.1", "0.2")],
        "standards:version_offline": [reverse("standards:version_offline", args=["mes", "0.1"])],
        "service_worker": [reverse("service_worker")],
        "api:list_versions": ["/api/v1/versions"],
        "api:get_version": ["/api/v1/standards/mes/versions/0.1"],
        "api:list_actors": ["/api/v1/registry/actors"],
        "api:get_actor": [f"/api/v1/registry/actors/{x.slug}"],
        "api:actor_commitments": [f"/api/v1/registry/actors/{x.slug}/commitments"],
        "api:my_notifications": ["/api/v1/notifications"],  # one's own: names and dates, no datum
        "api:actor_requests": [f"/api/v1/registry/actors/{s}/requests" for s in (x.slug, "partner")],
        "api:supply_chain_api": ["/api/v1/reports/supply-chain/partner"],
        "api:get_assessment": [f"/api/v1/assessments/{v.pk}", f"/api/v1/assessments/{d.pk}"],
        "api:list_rounds": ["/api/v1/consultation/rounds"],
        "api:round_comments": [f"/api/v1/consultation/rounds/{world['round'].pk}/comments"],
        "api:round_synopsis": [f"/api/v1/consultation/rounds/{world['round'].pk}/synopsis"],
        "api:assessment_score": [f"/api/v1/assessments/{v.pk}/score", f"/api/v1/assessments/{d.pk}/score"],
        # the actor's report: summary and full, page and endpoint (the PDFs are binary: the same content, checked
        # role by role in tests/reporting/test_actor_report.py); a draft has none
        "reporting:actor_report": [reverse("reporting:actor_report", args=[a.pk, part])
                                   for a in (v, d) for part in ("summary", "full")],
        "reporting:actor_report_pdf": [],
        "api:assessment_report": [f"/api/v1/assessments/{a.pk}/report?part={part}"
                                  for a in (v, d) for part in ("summary", "full")],
        # awards: the list, the secretariat's pages, the jury room, a candidate's nominations, the announcement and
        # the API; the jury pack and the certificate are binary (tests/awards/test_pages.py reads their text)
        "awards:index": [reverse("awards:index")],
        "awards:new": [reverse("awards:new")],
        "awards:nominations": [reverse("awards:nominations")],
        "awards:announcement": [reverse("awards:announcement", args=[a.pk]) for a in award_pair],
        "awards:manage": [reverse("awards:manage", args=[a.pk]) for a in award_pair],
        "awards:room": [reverse("awards:room", args=[a.pk]) for a in award_pair],
        "awards:scores_file": [reverse("awards:scores_file", args=[world["awards"]["announced"].pk, "csv"])],
        "awards:pack": [], "awards:certificate": [],
        "api:awards": ["/api/v1/awards"],
        "api:award": [f"/api/v1/awards/{a.pk}" for a in award_pair],
        # the OECD alignment (no actor data; a draft version's for the secretariat) and the crosswalks; the
        # crosswalk report reads one assessment's answers, as the actor's report does (a draft has none)
        "alignment:reference": [reverse("alignment:reference")],
        "alignment:selfcheck": [reverse("alignment:selfcheck", args=["mes", v]) for v in ("0.1", "0.2")],
        "alignment:selfcheck_file": [reverse("alignment:selfcheck_file", args=["mes", "0.1", "xlsx"])],
        "alignment:compare": [reverse("alignment:compare", args=["mes"]) + "?from=0.1&to=0.2"],
        "alignment:compare_file": [reverse("alignment:compare_file", args=["mes", "xlsx"]) + "?from=0.1&to=0.2"],
        "alignment:rate": [reverse("alignment:rate", args=["mes", "0.2"]) + "?item=S1.E"],
        "alignment:crosswalks": [reverse("alignment:crosswalks")],
        "alignment:crosswalk": [reverse("alignment:crosswalk", args=["example-buyer-programme"])],
        "alignment:crosswalk_report": [reverse("alignment:crosswalk_report", args=[a.pk, "example-buyer-programme"])
                                       for a in (v, d)],
        "alignment:crosswalk_report_file": [],  # binary (PDF, XLSX): the same rows, checked in tests/alignment
        # simulations: the committee's and secretariat's list, results and export; the moves by name and one
        # move explained (the secretariat's); the public summary (attached to the round) and its PDF
        "simulation:list": [reverse("simulation:list")],
        "simulation:detail": [reverse("simulation:detail", args=[world["simulation"].pk]) + q
                              for q in ("", "?by=country", "?by=kind")],
        "simulation:file": [],  # binary (XLSX): the same aggregates, and the moves' names for the secretariat
        "simulation:moves": [reverse("simulation:moves", args=[world["simulation"].pk]) + "?all=1"],
        "simulation:move": [reverse("simulation:move", args=[world["simulation"].pk, m.pk])
                            for m in world["simulation"].moves.filter(actor=x)],
        "simulation:summary": [reverse("simulation:summary", args=[world["simulation"].pk])],
        "simulation:summary_pdf": [reverse("simulation:summary_pdf", args=[world["simulation"].pk])],
        # personal data: the public "what we hold and why", the staff's register, the secretariat's desk
        "privacy:index": [reverse("privacy:index")],
        "privacy:register": [reverse("privacy:register")],
        "privacy:requests": [reverse("privacy:requests")],
        # the standard body's record (no actor data; internal items and action items for committee and secretariat)
        "governance:bodies": [reverse("governance:bodies")],
        "governance:body": [reverse("governance:body", args=[world["body"].slug])],
        "governance:record": [reverse("governance:record", args=[world["body"].slug])],
        "governance:meeting": [reverse("governance:meeting", args=[world["meeting"].pk])],
        "governance:decision": [reverse("governance:decision", args=[world["decision"].pk])],
        "governance:reverse": [reverse("governance:reverse", args=[world["decision"].pk])],
        "governance:why": [reverse("governance:why", args=["mes", "0.2", "1.4"])],
        "governance:report": [reverse("governance:report", args=["mes", v]) for v in ("0.1", "0.2")],
        "governance:report_pdf": [],  # binary: the same content, read back in tests/governance
        "reporting:report_verify": [reverse("reporting:report_verify", args=[v.pk, report_fingerprint(v)]),
                                    reverse("reporting:report_verify", args=[d.pk, "0" * 64])],
    }


# Pages for the secretariat only (like the admin): nothing may leak there, but others are not owed what they show.
SECRETARIAT_ONLY = {"reporting:secretariat", "reporting:secretariat_file", "outreach:desk", "outreach:mailing",
                    "outreach:mailing_preview", "outreach:plans", "outreach:plans_file", "outreach:plan",
                    "outreach:mailing_file", "assessments:queue", "assessments:queue_file", "consultation:review",
                    "consultation:redact", "awards:new", "awards:manage", "alignment:rate", "simulation:list",
                    "simulation:detail", "simulation:moves", "simulation:move", "governance:record",
                    "governance:reverse", "privacy:register", "privacy:requests"}
ADMIN_NOT_READS = ("_add", "_delete", "autocomplete", "login", "logout", "password_change", "password_change_done",
                   "jsi18n", "view_on_site")


def admin_surfaces(world) -> dict[str, list[str]]:
    """The admin: its index, every model's list, and the change and history pages of objects about the actor."""
    from django.contrib import admin

    v, d = world["verified"], world["draft"]
    objects = {"assessments.assessment": [v.pk, d.pk], "assessments.score": [v.score.pk]}
    out = {"admin:index": [reverse("admin:index")]}
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        out[f"admin:{label}_changelist"] = [reverse(f"admin:{label}_changelist")]
        pks = objects.get(model._meta.label_lower) or list(model._default_manager.values_list("pk", flat=True)[:1])
        out[f"admin:{label}_change"] = [reverse(f"admin:{label}_change", args=[pk]) for pk in pks]
        out[f"admin:{label}_history"] = [reverse(f"admin:{label}_history", args=[pk]) for pk in pks]
    out["admin:app_list"] = [reverse("admin:app_list", args=[app]) for app in
                             {m._meta.app_label for m in admin.site._registry}]
    return out


def url_names() -> set[str]:
    def walk(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{ns}:{p.namespace}".strip(":") if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{ns}:{p.name}".strip(":")
    return set(walk(get_resolver().url_patterns))


def all_surfaces(world) -> dict[str, list[str]]:
    return {**surfaces(world), **admin_surfaces(world)}


def test_every_page_and_endpoint_is_in_the_matrix(world, client):
    listed = set(all_surfaces(world)) | NOT_READS
    unlisted = {n for n in url_names() - listed if not n.endswith(ADMIN_NOT_READS)}
    assert unlisted == set(), "add the new page or endpoint to the leak matrix"
    openapi = client.get("/api/v1/openapi.json").json()["paths"]
    covered = {p for paths in surfaces(world).values() for p in paths if p.startswith("/api/")}
    templates = {p for p, ops in openapi.items() if "get" in ops}
    import re

    for template in templates:
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        assert any(re.match(pattern, path.split("?")[0]) for path in covered), f"{template} not in the matrix"


def observed(client, path: str) -> set[str]:
    response = client.get(path)
    if response.status_code != 200:
        return set()
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if body.startswith(b"%PDF"):  # a rendered PDF: its text too, as a reader would copy it
        import contextlib

        import pypdfium2

        # the planted evidence "PDF" is a stub, not a document: its bytes are what it holds
        with contextlib.suppress(pypdfium2.PdfiumError):
            text += "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(body))
    return {c for c in CANARIES if c in text}


def assessment_of(world, path: str):
    """The assessment a surface shows, if it shows one: there, its assessor's standing counts (DESIGN §5)."""
    import re

    if path.startswith(reverse("assessments:evidence", args=[world["evidence"].pk])):
        return world["verified"]
    if path.startswith(reverse("assessments:commitment", args=[world["verified"].commitments.get().pk])):
        return world["verified"]  # a commitment's page shows one assessment's data
    match = re.match(r"^(?:/en/assessments|/api/v1/assessments|/en/reports/assessments|/en/alignment/assessments)"
                     r"/(\d+)(?:/|$)", path)
    if match:
        return next(a for a in (world["verified"], world["draft"]) if a.pk == int(match.group(1)))
    return None


def is_report(path: str) -> bool:
    """A page or endpoint of the actor's report (a shared report opens there and nowhere else)."""
    return path.startswith("/en/reports/assessments/") or "/report?" in path


def permitted(world, role: str, path: str = "") -> set[str]:
    if role == "superuser":
        return set(CANARIES)
    user = world["users"].get(role)
    assessment = assessment_of(world, path)
    if user is None:
        held = frozenset()
    elif assessment is not None:
        held = assessment_standings(user, assessment)
        # the one place a shared report counts: that assessment's report, for the buyer it was shared with
        if role == "shared_buyer" and assessment == world["verified"] and is_report(path):
            held |= {Standing.SHARED}
    else:
        held = standings(user, world["actor"].pk)
    return {c for c, cls in CANARIES.items() if decide(held, cls)}


def test_the_leak_matrix(world, client):
    paths = [p for ps in all_surfaces(world).values() for p in ps]
    admin_paths = {p for ps in admin_surfaces(world).values() for p in ps}
    admin_paths |= {p for name, ps in surfaces(world).items() if name in SECRETARIAT_ONLY for p in ps}
    shown = {}
    client.force_login(world["users"]["superuser"])
    for path in paths:
        shown[path] = observed(client, path)
    assert set().union(*shown.values()) == set(CANARIES), "some canary is shown nowhere, even to a superuser"
    failures = []
    cells = 0
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        for path in paths:
            got = observed(client, path)
            expected = shown[path] & permitted(world, role, path)
            cells += len(CANARIES)
            # The admin and the secretariat's pages: there, nothing may leak, but visitors are not owed them.
            if got != expected and not (path in admin_paths and got <= expected):
                failures.append(f"{role} {path}: leaked {sorted(got - expected)}, withheld {sorted(expected - got)}")
    print(f"leak matrix: {len(ROLES)} roles × {len(paths)} surfaces × {len(CANARIES)} canaries "
          f"({len(set(CANARIES.values()))} classes) = {cells} checks")
    assert failures == []


def test_no_page_quotes_a_private_unconfirmed_or_hidden_comment(world, client):
    """Whoever asks, no page or endpoint outside the admin shows a comment that may not be published; the
    publishable one does show (on the workshop summary, say), so the pages were looked at."""
    never = [text.split(":")[0] for _n, _c, _s, text in COMMENT_CANARIES[:3]]
    paths = [p for name, ps in surfaces(world).items() if name not in SECRETARIAT_ONLY for p in ps]
    seen_publishable = set()
    for role in ("anonymous", "superuser"):
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        for path in paths:
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", errors="replace")
            assert not [c for c in never if c in text], f"{role} {path}"
            if "CANARY-COMMENT-PUBLISHABLE" in text:
                seen_publishable.add(path)
    assert reverse("consultation:workshop", args=[world["round"].pk]) in seen_publishable


def test_reads_of_restricted_data_are_logged(world, client):
    assessor = world["users"]["assessor"]
    client.force_login(assessor)
    client.get(reverse("assessments:evidence", args=[world["evidence"].pk]))
    client.get(reverse("assessments:module", args=[world["verified"].pk, "3"]))
    reads = RestrictedRead.objects.filter(user=assessor)
    assert {r.kind for r in reads} >= {"evidence", "answers"}
    assert all(r.surface.startswith("/en/assessments/") for r in reads)


def test_ending_a_relationship_removes_network_access_at_once(world, client):
    partner = world["users"]["partner"]
    client.force_login(partner)
    profile = reverse("registry:actor", args=[world["actor"].slug])
    assert "-2.71717" in client.get(profile).content.decode()
    Relationship.objects.filter(buyer__slug="partner").update(end=date(2024, 1, 1))
    client.force_login(partner)
    assert "-2.71717" not in client.get(profile).content.decode()


def test_an_actor_may_open_its_data_and_the_pages_follow(world, client):
    profile = reverse("registry:actor", args=[world["actor"].slug])
    assert "-2.71717" not in client.get(profile).content.decode()
    client.force_login(world["users"]["member_admin"])
    client.post(reverse("dashboard:sharing", args=[world["actor"].slug]),
                {"kind": "coordinates", "opened_to": "public"})
    client.logout()
    assert "-2.71717" in client.get(profile).content.decode()


def test_an_actor_can_neither_close_its_data_nor_let_a_viewer_decide(world, client):
    from assay.disclosure.models import ActorDisclosure

    client.force_login(world["users"]["member_admin"])
    client.post(reverse("dashboard:sharing", args=[world["actor"].slug]), {"kind": "level", "opened_to": "private"})
    client.force_login(world["users"]["member_viewer"])
    response = client.post(reverse("dashboard:sharing", args=[world["actor"].slug]),
                           {"kind": "gate_findings", "opened_to": "public"})
    assert response.status_code == 404
    assert not ActorDisclosure.objects.exists()


def test_the_openrosa_endpoints_show_no_canary(world, client):
    """ODK Collect signs in with HTTP Basic: every role, and a facilitator linked to the event held at the canary's
    site, lists the forms and fetches that event's form with its own credentials. The form names the event (so it
    was looked at) and carries none of the actor's data; only the linked facilitator gets it."""
    import base64

    from assay.accounts.roles import FACILITATOR
    from assay.consultation.services import event_facilitator_link
    from tests.factories.accounts import PASSWORD

    linked = UserFactory(username="site_facilitator", groups=[FACILITATOR.group])
    event_facilitator_link(actor=world["users"]["secretariat"], event=world["event"], user=linked)
    form = reverse("openrosa:form", args=[world["event"].pk, "fr"])
    fetched = {}
    for user in [*world["users"].values(), linked]:
        token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
        for path in ("/openrosa/formList", form):
            response = client.get(path, secure=True, HTTP_AUTHORIZATION=f"Basic {token}")
            text = response.content.decode()
            assert [c for c in CANARIES if c in text] == [], f"{user.username} {path}"
            fetched[(user.username, path)] = response.status_code
    assert fetched[("site_facilitator", form)] == 200
    assert {status for (name, path), status in fetched.items() if path == form and name != "site_facilitator"} <= {
        403}
