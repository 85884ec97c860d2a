"""The escalation matrix, beside the leak matrix: no self-service action creates a standing.

Every action a signed-in user can take — each page whose view accepts a POST (found in the URL configuration)
and each write operation of the OpenAPI document — is tried by several kinds of users against the canary actor
of the leak matrix and against the actors around it: starting every kind of assessment naming every buyer,
answering, submitting, reviewing, assigning oneself, correcting, opening another actor's data, responding to
the consultation, subscribing, entering pilot-site answers, freezing a shortlist. Afterwards each user's
standing toward every actor and every assessment that existed is what it was, their account holds no new role,
and no page or endpoint shows them (or a visitor) a canary it did not show before.
"""

import inspect
import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assay.accounts.roles import ASSESSORS_GROUP
from assay.assessments import services
from assay.assessments.models import (
    Answer,
    Assessment,
    AssessmentKind,
    AssessmentRequest,
    AssessorAssignment,
    Commitment,
    Evidence,
)
from assay.assessments.permissions import assessment_standings
from assay.disclosure.access import standings
from assay.domain.disclosure import Standing
from assay.registry.models import Actor, MemberRole, Membership
from assay.standards.models import Criterion
from tests.accounts.test_leak_matrix import observed, surfaces, world  # noqa: F401  (world is a fixture)
from tests.factories import ActorFactory, AssessmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Sign-in and a user's own password: they change nothing but the user's own session and secret.
OWN_ACCOUNT = {"login", "logout", "password_change", "password_reset", "password_reset_confirm", "two_factor"}
ATTACKERS = ["outsider", "buyer_editor", "assessor", "member_viewer", "respondent", "committee", "facilitator"]


@pytest.fixture
def esc(world):  # noqa: F811  (the leak matrix's fixture, imported above)
    """The leak matrix's world, with an outsider (admin of its own producer), an editor of the canary's buyer,
    and a submitted third-party assessment waiting for an assessor."""
    x, users = world["actor"], world["users"]
    partner = Actor.objects.get(slug="partner")
    own = ActorFactory(name="Outsider Mining", slug="outsider-mining", country="PE")
    users["outsider"] = MembershipFactory(actor=own, role=MemberRole.ADMIN, user__username="outsider",
                                          user__email="o@example.org").user
    users["buyer_editor"] = MembershipFactory(actor=partner, role=MemberRole.EDITOR, user__username="buyer_editor",
                                              user__email="be@example.org").user
    secretariat, version = users["secretariat"], world["verified"].version
    waiting = AssessmentFactory(actor=x, version=version, kind="third_party", by=secretariat, date=date(2026, 3, 1),
                                status="submitted")
    # The buyer's own second-party assessment, submitted by a colleague: only the secretariat verifies it.
    colleague = MembershipFactory(actor=partner, role=MemberRole.EDITOR, user__username="buyer_colleague",
                                  user__email="bc@example.org").user
    buyers = AssessmentFactory(actor=x, version=version, kind="second_party", by=colleague, date=date(2026, 4, 1),
                               assessing_actor=partner, status="submitted")
    # A commitment its producer marked done, waiting for an assessor no one here is: no attacker may verify it.
    promised = AssessmentFactory(actor=x, version=version, kind="self", by=world["users"]["member_admin"],
                                 date=date(2026, 5, 1), status="submitted",
                                 commitments=[(None, "Fence the old pits", "Board", date(2026, 8, 1))])
    services.commitment_done(actor=world["users"]["member_admin"], commitment=promised.commitments.get(),
                             note="Fenced", upload=SimpleUploadedFile("fence.pdf", b"%PDF-1.4\n%%EOF\n"))
    # Requests: one the canary accepted for a second-party assessment (its buyer may start it), and an assignment
    # whose assessor has not declared yet (another assessor: nobody else may declare for them).
    accepted = services.request_send(actor=colleague, buyer=partner, supplier=x, kind="second_party",
                                     due=date.today() + timedelta(days=300))
    services.request_answer(actor=world["users"]["member_admin"], request=accepted, accept=True)
    other = UserFactory(username="other_assessor", groups=[ASSESSORS_GROUP])
    pending = AssessmentFactory(actor=x, version=version, kind="third_party", by=secretariat, date=date(2026, 6, 1),
                                assessor=other, declare=False, status="draft", answers={})
    # A facilitator of another event of the round, linked by the secretariat: it runs events, but may not link
    # itself to the canary's event, nor see or send that event's form from ODK Collect.
    from assay.accounts.roles import FACILITATOR
    from assay.consultation.services import event_create, event_facilitator_link

    users["facilitator"] = UserFactory(username="facilitator", email="f@example.org", groups=[FACILITATOR.group])
    elsewhere = event_create(actor=None, round_=world["round"], place="Elsewhere", held_on=date.today(),
                             facilitator="NGO", language="fr", attendance={("asm", "men"): 4})
    event_facilitator_link(actor=secretariat, event=elsewhere, user=users["facilitator"])
    return {**world, "waiting": waiting, "buyers": buyers, "own": own, "pending": pending}


def _view_source(pattern: URLPattern) -> str:
    return inspect.getsource(inspect.unwrap(pattern.callback))


def posting_url_names() -> set[str]:
    """The URL names whose view takes a POST (its source, decorators included, speaks of POST)."""
    found: set[str] = set()

    def walk(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}".strip(":") if p.namespace else ns
                if inner in ("admin", "api"):  # the admin is staff-only; the API is read from its OpenAPI document
                    continue
                walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern) and p.name:
                try:
                    source = _view_source(p)
                except (OSError, TypeError):
                    source = "POST"  # a view we cannot read is assumed to write
                if "POST" in source:
                    found.add(f"{ns}:{p.name}".strip(":"))

    walk(get_resolver().url_patterns)
    return found


def api_writes(client: Client) -> set[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").json()
    return {(method.upper(), template) for template, ops in document["paths"].items() for method in ops
            if method in ("post", "put", "patch", "delete")}


def _json(client: Client, method: str, path: str, body: dict) -> None:
    getattr(client, method)(path, body, content_type="application/json")


def _kinds_and_buyers(w) -> list[tuple[str, str | None]]:
    buyers = [None, "partner", "former", "outsider-mining", w["actor"].slug]
    return [(kind, b) for kind in AssessmentKind.values for b in buyers]


def try_start_page(client, w):
    url = reverse("assessments:start", args=[w["actor"].slug])
    for kind, buyer in _kinds_and_buyers(w):
        client.post(url, {"version": w["verified"].version_id, "kind": kind, "date": "2025-06-01",
                          "assessing_actor": Actor.objects.get(slug=buyer).pk if buyer else ""})


def try_start_api(client, w):
    for kind, buyer in _kinds_and_buyers(w):
        body = {"actor": w["actor"].slug, "version": "0.1", "kind": kind, "date": "2025-06-01"}
        if buyer:
            body["assessing_actor"] = buyer
        _json(client, "post", "/api/v1/assessments", body)


def _targets(w) -> list[Assessment]:
    return [w[k] for k in ("verified", "draft", "waiting", "buyers") if k in w]


def try_module(client, w):
    code = Criterion.objects.get(version=w["verified"].version_id, code="1.1")
    for a in _targets(w):
        client.post(reverse("assessments:module", args=[a.pk, "1"]), {f"v-{code.pk}": "3", f"n-{code.pk}": "mine"})


def try_save_answers(client, w):
    for a in _targets(w):
        _json(client, "put", f"/api/v1/assessments/{a.pk}/answers", {"answers": {"1.1": {"value": "3"}}})


def try_submit(client, w):
    for a in _targets(w):
        client.post(reverse("assessments:submit", args=[a.pk]))
        client.post(f"/api/v1/assessments/{a.pk}/submit")


def try_review(client, w):
    for a in _targets(w):
        client.post(reverse("assessments:review", args=[a.pk]), {"decision": "verify"})


def try_finding(client, w):
    for a in _targets(w):
        criterion = a.version.criteria.filter(kind="gate").first()
        client.post(reverse("assessments:finding", args=[a.pk]),
                    {"criterion": criterion.pk, "value": "clear", "reason": "I checked it myself"})


def try_assign(client, w, user):
    for a in _targets(w):
        client.post(reverse("assessments:assign", args=[a.pk]), {"assessor": user.pk, "reason": "Me, please"})
        client.post(reverse("assessments:assign", args=[a.pk]), {"action": "withdraw", "withdraw-reason": "Not them"})


def try_correct(client, w):
    for a in _targets(w):
        client.post(reverse("assessments:correct", args=[a.pk]))


def try_commitments(client, w):
    upload = b"%PDF-1.4\n%%EOF\n"
    for c in Commitment.objects.all():
        client.post(reverse("assessments:commitment", args=[c.pk]),
                    {"note": "Done, trust me", "upload": SimpleUploadedFile("done.pdf", upload)})
        client.post(reverse("assessments:commitment", args=[c.pk]), {"decision": "confirm"})


def try_sharing(client, w):
    for slug in (w["actor"].slug, "partner", "outsider-mining"):
        for kind in ("gate_findings", "evidence", "coordinates", "answers", "draft"):
            client.post(reverse("dashboard:sharing", args=[slug]), {"kind": kind, "opened_to": "public"})


def try_consultation(client, w, user):
    round_ = w["round"]
    client.post(reverse("consultation:round", args=[round_.pk]), {
        "name": "Canary Coop", "email": user.email or "x@example.org", "sector": "asm", "country": "CD",
        "language": "en", "consent": "named", "organisation": w["actor"].name})
    response = round_.responses.order_by("-pk").first()
    if response is not None:
        # One response, several clauses: the clause picker, "save and read the draft", and a proposed wording.
        clause = Criterion.objects.filter(version=round_.version).first()
        for action in ("add", "browse"):
            client.post(reverse("consultation:respond", args=[response.token]), {
                "action": action, "add_clause": clause.code, f"c{clause.pk}": "We speak for them",
                f"w{clause.pk}": "New wording for them"})
        client.get(reverse("consultation:round", args=[round_.pk]) + f"?clause={clause.code}")  # back to the draft
        client.post(reverse("consultation:respond", args=[response.token]), {"general": "We speak for them",
                                                                            "action": "submit", "client_key": "k1"})
        client.post(reverse("consultation:verify", args=[response.token]))
    client.post(reverse("consultation:invite", args=["not-a-token"]), {"name": "x"})
    _json(client, "post", f"/api/v1/consultation/rounds/{round_.pk}/responses", {
        "client_key": f"esc-{user.pk}", "name": "Canary Coop", "email": "x@example.org", "sector": "asm",
        "country": "CD", "language": "en", "consent": "named", "general": "hello"})


def try_events(client, w, user):
    client.post(reverse("consultation:events", args=[w["round"].pk]), {
        "place": "Canary site", "held_on": date.today().isoformat(), "facilitator": "Us", "language": "fr"})
    client.post(reverse("consultation:event", args=[w["event"].pk]), {"action": "enter", "name": "A",
                                                                      "sector": "asm"})
    # Linking oneself (or withdrawing the event's facilitator) is the secretariat's: it would open ODK Collect's
    # form and submissions of the event to this account.
    for account in (user.username, user.email):
        client.post(reverse("consultation:event", args=[w["event"].pk]), {"action": "facilitator_add",
                                                                          "account": account})
    for linked in w["event"].facilitators.all():
        client.post(reverse("consultation:event", args=[w["event"].pk]), {"action": "facilitator_remove",
                                                                          "account": str(linked.pk)})


def try_openrosa(client, w, user):
    """ODK Collect with the attacker's own credentials: the form list, the canary event's form, and a submission of
    it (made from the form the event's facilitator gets); none is theirs to see or send."""
    import base64
    import xml.etree.ElementTree as ET

    from assay.consultation.models import Response
    from assay.consultation.openrosa import event_xform
    from tests.consultation.test_openrosa import filled
    from tests.factories.accounts import PASSWORD

    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    auth = {"secure": True, "HTTP_AUTHORIZATION": f"Basic {token}"}
    listed = client.get("/openrosa/formList", **auth)
    assert f"_event_{w['event'].pk}<" not in listed.content.decode()
    assert client.get(reverse("openrosa:form", args=[w["event"].pk, "en"]), **auth).status_code in (401, 403)
    xform = ET.fromstring(event_xform(w["event"], "en").xml)
    before = Response.objects.filter(event=w["event"]).count()
    answers = {"name": "Canary Coop", "sector": "asm", "country": "CD", "language": "en", "consent": "named",
               "general": "We speak for them"}
    upload = SimpleUploadedFile("submission.xml", filled(xform, answers), content_type="text/xml")
    sent = client.post("/openrosa/submission", {"xml_submission_file": upload}, **auth)
    assert sent.status_code in (401, 403)
    assert Response.objects.filter(event=w["event"]).count() == before


def try_integrity(client, w):
    """The receipt's "this was not me" link (with a forged code), the secretariat's review of withdrawals and its
    redaction of a passage: none may be done by anyone else."""
    from assay.consultation.models import Response

    client.post(reverse("consultation:not_me", args=["not-a-code"]))
    for r in Response.objects.filter(round=w["round"]):
        client.post(reverse("consultation:review", args=[w["round"].pk]), {"response": r.pk, "decision": "confirm"})
    client.post(reverse("consultation:redact", args=[w["comment"].pk]), {"passage": "comment",
                                                                         "reason": "defamation"})


def try_outreach(client, w):
    client.post(reverse("outreach:subscribe", args=["updates"]), {"name": "N", "email": "e@example.org",
                                                                  "language": "en"})
    for name in ("outreach:confirm", "outreach:unsubscribe", "outreach:track"):
        client.post(reverse(name, args=["not-a-token"]))
    client.post(reverse("outreach:mailing_new"), {"template": 1, "list": 1, "round": w["round"].pk})
    client.post(reverse("outreach:mailing_new"), {"template": 1, "list": 1, "round": w["round"].pk,
                                                  "fingerprint": "0" * 32})


def try_plan(client, w):
    """Make or change a partner's outreach plan and its activities: the secretariat's, none of the attackers'."""
    from assay.outreach.models import OutreachPlan

    plan = w["plan"]
    url = reverse("outreach:plan", args=[plan.partner_id, plan.round_id])
    client.post(url, {"action": "plan", "expected_reach": "1", "channels": ["radio"]})
    client.post(url, {"action": "activity", "kind": "meeting", "title": "Mine", "planned_on": "2030-01-01"})
    for activity in plan.activities.all():
        client.post(url, {"action": "record", "activity": activity.pk, "done_on": "2030-01-02"})
        client.post(url, {"action": "remove", "activity": activity.pk})
    assert OutreachPlan.objects.get(pk=plan.pk).expected_reach == plan.expected_reach
    assert plan.activities.count() == 1 and plan.activities.get().done_on is None


def try_shortlist(client, w):
    client.post(reverse("reporting:shortlists"), {"title": "Mine", "category": "producers", "from": "2020-01-01",
                                                  "to": "2030-12-31", "size": 3})


def try_report_share(client, w):
    """Share the canary's reports with one's own organisation (or any other), and revoke the shares it made: only
    the canary's admin may, and none of the attackers is."""
    from assay.reporting.models import ReportShare

    for a in _targets(w):
        for buyer in ("outsider-mining", "partner", "former", "shared-buyer", w["actor"].slug):
            client.post(reverse("reporting:report_shares", args=[a.pk]), {"buyer": buyer})
        for share in ReportShare.objects.all():
            client.post(reverse("reporting:report_shares", args=[share.assessment_id]),
                        {"action": "revoke", "share": share.pk})


def try_engagements(client, w):
    """Recording support (finance, technical support, and a "sourcing" one, which would make a trading partner)
    for every buyer with every supplier: an engagement never grants a standing, and a sourcing link is refused."""
    suppliers = [w["actor"].slug, "partner", "former", "outsider-mining"]
    for buyer in ("partner", "former", "outsider-mining", w["actor"].slug):
        for supplier in suppliers:
            for kind in ("finance", "technical_support", "sourcing"):
                client.post(reverse("dashboard:engagement_new", args=[buyer]), {
                    "supplier": supplier, "kind": kind, "start": "2024-01-01", "note": "We support them"})


def try_claims(client, w):
    """Issuing a supply-chain claim for every buyer, and withdrawing every claim there is."""
    from assay.reporting.models import SupplyChainClaim

    for buyer in ("partner", "former", "outsider-mining"):
        client.post(reverse("dashboard:claims", args=[buyer]), {"mineral": "gold", "from": "2025-01-01",
                                                                "to": "2025-12-31"})
    for claim in SupplyChainClaim.objects.select_related("buyer"):
        for buyer in (claim.buyer.slug, "outsider-mining"):
            client.post(reverse("dashboard:claim", args=[buyer, claim.pk]), {"reason": "Mine to withdraw"})


def try_tokens(client, w):
    """A personal API token acts as its user and no more: every API write is tried again with one."""
    from datetime import timedelta

    from assay.accounts.models import ApiToken

    page = client.post(reverse("accounts:tokens"), {"name": "ERP", "scope": "write",
                                                    "expires_on": (date.today() + timedelta(days=30)).isoformat()})
    secret = re.search(r'id="secret"[^>]* value="([^"]+)"', page.content.decode())
    assert secret, "every signed-in user may make a token of their own"
    if secret:
        bearer = Client(HTTP_AUTHORIZATION=f"Bearer {secret.group(1)}")
        for attempt in API_ATTEMPTS.values():
            _call(attempt, bearer, w, ApiToken.objects.filter(name="ERP").latest("pk").user)
    for token in ApiToken.objects.all():  # revoking someone else's token is not found
        client.post(reverse("accounts:token_revoke", args=[token.pk]))


def try_requests(client, w):
    x = w["actor"]
    for slug in (x.slug, "partner", "outsider-mining"):
        for kind in ("self", "second_party"):
            client.post(reverse("dashboard:requests", args=[slug]), {
                "supplier": x.pk, "kind": kind, "due": (date.today() + timedelta(days=200)).isoformat(),
                "message": "Assess, please"})
    version = w["verified"].version
    for r in AssessmentRequest.objects.all():
        for decision in ("accept", "start", "decline", "withdraw"):
            client.post(reverse("assessments:request", args=[r.pk]), {
                "decision": decision, "version": version.pk, "note": "Because"})


def try_declare(client, w):
    for a in AssessorAssignment.objects.all():
        client.post(reverse("assessments:declare", args=[a.pk]), {"conflict": "no"})


def try_evidence_review(client, w):
    for e in Evidence.objects.all():
        client.post(reverse("assessments:evidence_review", args=[e.pk]), {"decision": "accept"})
        client.post(reverse("assessments:evidence_review", args=[e.pk]), {"decision": "challenge", "comment": "x"})


def try_alignment(client, w):
    """Rating an OECD item on the versions, and importing a crosswalk that would replace the example's rows: the
    secretariat's, none of the attackers'."""
    from assay.alignment.models import AlignmentRating, CrosswalkLink

    before = (sorted(AlignmentRating.objects.values_list("pk", "rating", "reason")),
              sorted(CrosswalkLink.objects.values_list("pk", "criterion_key")))
    for label in ("0.1", "0.2"):
        client.post(reverse("alignment:rate", args=["mes", label]), {
            "item": "S3.A", "rating": "full", "criteria": ["supply-chain-policy"], "reason": "Mine"})
    client.post(reverse("alignment:crosswalks"), {
        "slug": "example-buyer-programme", "name": "Mine", "scheme": "Mine",
        "file": SimpleUploadedFile("cw.csv", b"requirement,title,criterion\nM-1,Mine,bribery\n")})
    assert (sorted(AlignmentRating.objects.values_list("pk", "rating", "reason")),
            sorted(CrosswalkLink.objects.values_list("pk", "criterion_key"))) == before


def try_notifications(client, w):
    client.post(reverse("notifications:read"))
    client.post(reverse("notifications:preferences"), {"language": "es", "emailed": ["verified"]})


def try_awards(client, w, user):
    """Make an award, seat oneself on a jury (as its chair), consent for a candidate, declare conflicts, score,
    decide, announce and correct, on both awards of the world: the secretariat seats jurors, a candidate's admin
    consents, a seated juror declares and scores, the chair decides; none of the attackers is any of them."""
    from assay.awards.models import Nomination

    awards = w["awards"]
    client.post(reverse("awards:new"), {"shortlist": awards["shortlist"].pk, "version": w["verified"].version_id,
                                        "category": "most_improved", "organisations": "Mine", "name_en": "Mine",
                                        "prize_en": "Mine", "description_en": "Mine"})
    for award in (awards["open"], awards["announced"]):
        client.post(reverse("awards:manage", args=[award.pk]), {"username": user.username, "organisation": "LBMA",
                                                                  "chair": "1"})
        for n in Nomination.objects.filter(award=award):
            for action in ("give", "withdraw"):
                client.post(reverse("awards:nominations"), {"nomination": n.pk, "action": action})
            client.post(reverse("awards:conflict", args=[award.pk, n.pk]), {"note": "none"})
            client.post(reverse("awards:score", args=[award.pk, n.pk]), {"value": "10", "comment": "Mine"})
            for action in ("decide", "correct"):
                client.post(reverse("awards:decide", args=[award.pk]), {"winner": n.pk, "rationale": "Mine",
                                                                        "action": action})
        client.post(reverse("awards:announce", args=[award.pk]))


def try_simulation(client, w):
    """Start a simulation (the committee may: it writes no score and grants nothing), and attach or detach a
    summary to a round: the secretariat's, none of the attackers'."""
    from assay.assessments.models import Score
    from assay.simulation.models import Simulation

    simulation = w["simulation"]
    before = (sorted(Score.objects.values_list("pk", "level", "overall", "progress")),
              list(Simulation.objects.values_list("pk", "round_id")))
    client.post(reverse("simulation:list"), {"version": w["verified"].version_id, "level_bonus": "20"})
    for value in ("", w["round"].pk):
        client.post(reverse("simulation:attach", args=[simulation.pk]), {"round": value})
    after = (sorted(Score.objects.values_list("pk", "level", "overall", "progress")),
             list(Simulation.objects.values_list("pk", "round_id")))
    assert after[0] == before[0]  # no stored score changed
    assert [r for r in after[1] if r[0] == simulation.pk] == [r for r in before[1] if r[0] == simulation.pk]


def try_privacy(client, w):
    """Export another person's records, or erase the canary's admin: the secretariat's, none of the attackers'."""
    from assay.privacy.models import PrivacyRequest

    target = w["users"]["member_admin"]
    before = (target.username, target.email, target.is_active, PrivacyRequest.objects.count())
    for username in (target.username, "superuser"):
        export = client.post(reverse("privacy:access"), {"access-username": username})
        assert export.get("Content-Type") != "application/zip"
        client.post(reverse("privacy:erase"), {"erase-username": username, "erase-reason": "Mine",
                                               "erase-confirm": "on"})
    target.refresh_from_db()
    assert (target.username, target.email, target.is_active, PrivacyRequest.objects.count()) == before


def try_governance(client, w, user):
    """Record a meeting of the committee with oneself attending and a decision: the secretariat's alone (a body's
    record grants no standing; membership of a body is added by the secretariat only)."""
    from assay.governance.models import ActionItem, Decision, Meeting, Member
    from assay.governance.services import action_item_update

    before = (Meeting.objects.count(), Decision.objects.count(), sorted(Member.objects.values_list("pk", "user_id")))
    client.post(reverse("governance:record", args=[w["body"].slug]), {
        "held_on": "2025-05-01", "place": "Call", "attendees": [user.pk], "decision_title": "Let me in",
        "decision_rationale": "Because.", "decision_outcome": "consensus"})
    # Reverse the committee's decision; mark its action item dropped (its owner may: that grants nothing).
    client.post(reverse("governance:reverse", args=[w["decision"].pk]), {
        "title": "Undo it", "rationale": "Because.", "outcome": "consensus"})
    item = ActionItem.objects.get(meeting=w["meeting"])
    status = item.status
    client.post(reverse("governance:action_update", args=[item.pk]), {"status": "dropped"})
    after = (Meeting.objects.count(), Decision.objects.count(), sorted(Member.objects.values_list("pk", "user_id")))
    assert after == before
    item.refresh_from_db()
    assert item.status == status or item.owner_id == user.pk
    if item.status != status:
        action_item_update(actor=None, item=item, status=status)  # as it was, for the attempts that follow


# Each self-service action: what covers it. A new page that takes a POST, or a new write operation of the API,
# fails test_every_action_is_in_the_escalation_matrix until it is added here.
ATTEMPTS: dict[str, Callable] = {
    "assessments:start": try_start_page, "assessments:module": try_module, "assessments:submit": try_submit,
    "assessments:review": try_review, "assessments:assign": try_assign, "assessments:correct": try_correct,
    "assessments:finding": try_finding, "assessments:commitment": try_commitments,
    "dashboard:sharing": try_sharing, "consultation:round": try_consultation, "consultation:respond": try_consultation,
    "consultation:verify": try_consultation, "consultation:invite": try_consultation,
    "consultation:events": try_events, "consultation:event": try_events, "outreach:subscribe": try_outreach,
    "openrosa:submission": try_openrosa,
    "consultation:not_me": try_integrity, "consultation:review": try_integrity, "consultation:redact": try_integrity,
    "outreach:confirm": try_outreach, "outreach:unsubscribe": try_outreach, "outreach:track": try_outreach,
    "outreach:mailing_new": try_outreach, "outreach:plan": try_plan, "reporting:shortlists": try_shortlist,
    "reporting:report_shares": try_report_share,
    "dashboard:engagement_new": try_engagements, "dashboard:claims": try_claims, "dashboard:claim": try_claims,
    "accounts:tokens": try_tokens, "accounts:token_revoke": try_tokens,
    "dashboard:requests": try_requests, "dashboard:requests_file": try_requests, "assessments:request": try_requests,
    "assessments:declare": try_declare, "assessments:evidence_review": try_evidence_review,
    "alignment:rate": try_alignment, "alignment:crosswalks": try_alignment,
    "notifications:read": try_notifications, "notifications:preferences": try_notifications,
    "awards:new": try_awards, "awards:manage": try_awards, "awards:nominations": try_awards,
    "awards:conflict": try_awards, "awards:score": try_awards, "awards:decide": try_awards,
    "awards:announce": try_awards,
    "simulation:list": try_simulation, "simulation:attach": try_simulation,
    "governance:record": try_governance, "governance:reverse": try_governance,
    "governance:action_update": try_governance,
    "privacy:access": try_privacy, "privacy:erase": try_privacy,
}
API_ATTEMPTS: dict[tuple[str, str], Callable] = {
    ("POST", "/api/v1/assessments"): try_start_api,
    ("PUT", "/api/v1/assessments/{pk}/answers"): try_save_answers,
    ("POST", "/api/v1/assessments/{pk}/submit"): try_submit,
    ("POST", "/api/v1/consultation/rounds/{pk}/responses"): try_consultation,
}


def test_every_action_is_in_the_escalation_matrix(client):
    unlisted = posting_url_names() - set(ATTEMPTS) - OWN_ACCOUNT
    assert unlisted == set(), "add the new action to the escalation matrix"
    assert api_writes(client) - set(API_ATTEMPTS) == set(), "add the new API operation to the escalation matrix"


def _call(attempt: Callable, client: Client, w, user) -> None:
    parameters = inspect.signature(attempt).parameters
    attempt(client, w, user) if "user" in parameters else attempt(client, w)


def _snapshot(user) -> dict:
    from assay.awards import models as awards
    from assay.awards.pack import may_open, pack_standings
    from assay.consultation.models import PilotEvent, Redaction, Response
    from assay.disclosure.models import ActorDisclosure
    from assay.reporting.actor_report import report_standings
    from assay.reporting.models import ReportShare

    fresh = get_user_model().objects.get(pk=user.pk)
    return {
        # an award's jury (the secretariat's), its candidates' consent (their admins'), the jurors' conflicts and
        # scores, the chair's decisions and the announcement; and who opens which jury pack, with what standing
        "awards": (frozenset(awards.Award.objects.values_list("pk", "announced_at")),
                   frozenset(awards.Juror.objects.values_list("award_id", "user_id", "chair")),
                   frozenset(awards.Nomination.objects.values_list("pk", "consented_at")),
                   frozenset(awards.Conflict.objects.values_list("juror_id", "nomination_id")),
                   frozenset(awards.Score.objects.values_list("juror_id", "nomination_id", "value", "comment")),
                   frozenset(awards.Decision.objects.values_list("pk", "winner_id", "rationale", "announced_at"))),
        "packs": {n.pk: (may_open(fresh, n), pack_standings(n)) for n in awards.Nomination.objects.all()},
        # What others decide: an assessment's status and assessor, and how far an actor opened its data.
        "decided": (frozenset(Assessment.objects.values_list("pk", "status", "assessor_id")),
                    frozenset(ActorDisclosure.objects.values_list("actor_id", "kind", "opened_to"))),
        # which buyers an actor's admin shared a report with: only that admin shares or revokes
        "shares": frozenset(ReportShare.objects.values_list("assessment_id", "buyer_id", "revoked_at")),
        # a commitment is done by its producer's editors and verified by an assessor: none of the attackers (a
        # correction, which an assessor may start, carries open ones over: that is neither)
        "commitments": frozenset(Commitment.objects.filter(status__in=("done", "verified")).values_list(
            "pk", "status", "verified_by_id")),
        # a disowned response's review and a comment's redactions are the secretariat's
        "moderation": (frozenset(Response.objects.exclude(withdrawal="").values_list("pk", "withdrawal")),
                       frozenset(Redaction.objects.values_list("pk", flat=True))),
        # the findings of submitted and verified assessments: only their verifier changes them
        "findings": frozenset(Answer.objects.exclude(assessment__status="draft").values_list(
            "assessment_id", "criterion_id", "gate", "maturity", "not_applicable", "number", "verifier_reason")),
        # an evidence file's review is its reviewer's word: none of the attackers reviews
        "evidence": frozenset(Evidence.objects.values_list("pk", "review", "reviewed_by_id")),
        "actors": {a.pk: standings(fresh, a.pk) for a in Actor.objects.all()},
        "assessments": {a.pk: assessment_standings(fresh, a) for a in Assessment.objects.all()},
        "reports": {a.pk: report_standings(fresh, a) for a in Assessment.objects.all()},
        "account": (fresh.is_staff, fresh.is_superuser, frozenset(fresh.groups.values_list("name", flat=True)),
                    frozenset(fresh.user_permissions.values_list("codename", flat=True)),
                    frozenset(Membership.objects.filter(user=fresh).values_list("actor_id", "role"))),
        # which pilot-site events' forms the account may fetch and send from ODK Collect: the secretariat's to say
        "facilitates": frozenset(PilotEvent.objects.filter(facilitators=fresh).values_list("pk", flat=True)),
        "event_facilitators": frozenset(PilotEvent.facilitators.through.objects.values_list("pilotevent_id",
                                                                                          "user_id")),
    }


def _read_paths(w) -> list[str]:
    # every surface of the leak matrix, PDFs listed with paths included (the impact report's forum PDF: its text)
    return [p for paths in surfaces(w).values() for p in paths]


def _sightings(client: Client, paths: list[str]) -> dict[str, set[str]]:
    return {p: observed(client, p) for p in paths}


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_no_self_service_action_creates_a_standing(esc, client, attacker):
    user = esc["users"][attacker]
    paths = _read_paths(esc)
    visitor = Client()
    before, seen, public = _snapshot(user), None, _sightings(visitor, paths)
    client.force_login(user)
    seen = _sightings(client, paths)
    existing = set(before["assessments"])
    for attempt in {**ATTEMPTS, **API_ATTEMPTS}.values():
        _call(attempt, client, esc, user)
    after = _snapshot(user)
    assert after["actors"] == before["actors"], "a standing toward an actor changed"
    assert {pk: s for pk, s in after["assessments"].items() if pk in existing} == before["assessments"]
    assert {pk: s for pk, s in after["reports"].items() if pk in existing} == before["reports"], \
        "a standing toward a report changed"
    own_admin = set(Membership.objects.filter(user=user, role=MemberRole.ADMIN).values_list("actor_id", flat=True))
    assert {s for s in after["shares"] if Assessment.objects.get(pk=s[0]).actor_id not in own_admin} == {
        s for s in before["shares"] if Assessment.objects.get(pk=s[0]).actor_id not in own_admin}, \
        "a report of an actor this user does not administer was shared or its share revoked"
    assert after["account"] == before["account"], "the account gained a role, a permission or a membership"
    assert after["awards"] == before["awards"], "an award, jury, consent, conflict, score or decision changed"
    assert after["packs"] == before["packs"], "a jury pack opened to this user, or with another standing"
    assert after["facilitates"] == before["facilitates"], "the account was linked to a pilot-site event"
    assert after["event_facilitators"] == before["event_facilitators"], "an event's facilitators changed"
    existing_decided = {row for row in after["decided"][0] if row[0] in existing}
    assert existing_decided == set(before["decided"][0]), "an assessment's status or assessor changed"
    assert {f for f in after["findings"] if f[0] in existing} == before["findings"], "a finding was changed"
    assert after["commitments"] == before["commitments"], "a commitment was done or verified"
    assert after["moderation"] == before["moderation"], "a withdrawal was reviewed or a comment redacted"
    assert {e for e in after["evidence"] if e[1] != "open"} == {e for e in before["evidence"] if e[1] != "open"}, \
        "an evidence file was reviewed"
    own = set(Membership.objects.filter(user=user, role=MemberRole.ADMIN).values_list("actor_id", flat=True))
    others = [{r for r in snap["decided"][1] if r[0] not in own} for snap in (before, after)]
    assert others[0] == others[1], "the sharing of an actor this user does not administer changed"
    # An assessment the attempts created gives an assessor's standing only to a buyer of its actor (a fact the
    # actor and its buyer recorded), or, for a correction, to whom the secretariat assigned the corrected one.
    for pk in set(after["assessments"]) - existing:
        made = Assessment.objects.get(pk=pk)
        if Standing.ASSESSOR in after["assessments"][pk]:
            buyer = made.kind == AssessmentKind.SECOND_PARTY and Standing.PARTNER in before["actors"][made.actor_id]
            carried = made.corrects_id in existing and Standing.ASSESSOR in before["assessments"][made.corrects_id]
            assert buyer or carried, f"assessment {pk} ({made.kind}) made its author its assessor"
    client.force_login(get_user_model().objects.get(pk=user.pk))
    now = _sightings(client, paths)
    grown = {p: sorted(now[p] - seen[p]) for p in paths if now[p] - seen[p]}
    assert grown == {}, "a page shows this user a canary it did not show before"
    exposed = {p: sorted(c) for p, c in _sightings(visitor, paths).items() if c - public[p]}
    assert exposed == {}, "a page shows visitors a canary it did not show before"


def test_the_matrix_notices_an_escalation(esc, client):
    """The check itself can fail: a membership granted behind its back is seen as a changed standing."""
    user = esc["users"]["outsider"]
    before = _snapshot(user)
    Membership.objects.create(user=user, actor=esc["actor"], role=MemberRole.VIEWER)
    assert _snapshot(user)["actors"] != before["actors"]


def test_the_matrix_notices_a_link_to_an_event(esc, client):
    """A facilitator linked to the canary's event behind the matrix's back is seen, and then ODK Collect lists
    that event's form to it (so try_openrosa's checks can fail)."""
    import base64

    from tests.factories.accounts import PASSWORD

    user = esc["users"]["facilitator"]
    before = _snapshot(user)
    esc["event"].facilitators.add(user)
    assert _snapshot(user)["facilitates"] != before["facilitates"]
    token = base64.b64encode(f"facilitator:{PASSWORD}".encode()).decode()
    listed = client.get("/openrosa/formList", secure=True, HTTP_AUTHORIZATION=f"Basic {token}")
    assert f"_event_{esc['event'].pk}<" in listed.content.decode()


def test_a_shared_report_grants_that_report_and_no_other_standing(esc, client):
    """The owner's grant is narrow: when the canary's admin shares one assessment's full report with the outsider's
    organisation, the outsider stands to that report as SHARED and to nothing else as before; the report's pages
    and endpoint show it the network data (never restricted), and every other page shows what it did."""
    from assay.reporting import services as reporting
    from assay.reporting.actor_report import report_standings

    user, v = esc["users"]["outsider"], esc["verified"]
    paths = _read_paths(esc)
    before = _snapshot(user)
    client.force_login(user)
    seen = _sightings(client, paths)
    reporting.report_share(actor=esc["users"]["member_admin"], assessment=v, buyer=esc["own"])
    after = _snapshot(user)
    assert after["actors"] == before["actors"] and after["assessments"] == before["assessments"]
    assert after["account"] == before["account"]
    assert report_standings(user, v) == before["reports"][v.pk] | {Standing.SHARED}
    assert {pk: s for pk, s in after["reports"].items() if pk != v.pk} == {
        pk: s for pk, s in before["reports"].items() if pk != v.pk}
    now = _sightings(client, paths)
    grown = {p: now[p] - seen[p] for p in paths if now[p] - seen[p]}
    report_paths = {reverse("reporting:actor_report", args=[v.pk, "full"]),
                    f"/api/v1/assessments/{v.pk}/report?part=full"}
    assert set(grown) == report_paths, "the share opened a page other than the report"
    assert all(c in ("CANARY-NETWORK-ANSWER", "CANARY-NETWORK-COMMITMENT") for g in grown.values() for c in g)


def test_a_recorded_engagement_grants_no_standing(esc, client):
    """The buyer's editor may record support for the canary actor, its direct supplier: the engagement counts in
    enabled impact, but makes no trading partner, so the buyer's members see nothing more of the canary's data;
    and no one records a sourcing relationship by themselves."""
    from assay.registry.models import Relationship

    editor, viewer, x = esc["users"]["buyer_editor"], esc["users"]["partner"], esc["actor"]
    before = {u: standings(u, x.pk) for u in (editor, viewer)}
    paths = _read_paths(esc)
    client.force_login(viewer)
    seen = _sightings(client, paths)
    client.force_login(editor)
    for kind in ("finance", "technical_support", "sourcing"):
        client.post(reverse("dashboard:engagement_new", args=["partner"]),
                    {"supplier": x.slug, "kind": kind, "start": "2024-01-01"})
    assert set(Relationship.objects.filter(buyer__slug="partner", supplier=x).values_list("kind", flat=True)) == {
        "sourcing", "finance", "technical_support"}
    assert Relationship.objects.filter(buyer__slug="partner", supplier=x, kind="sourcing").count() == 1
    assert {u: standings(get_user_model().objects.get(pk=u.pk), x.pk) for u in (editor, viewer)} == before
    client.force_login(viewer)
    assert {p: c for p, c in _sightings(client, paths).items() if c - seen[p]} == {}


def test_a_jurors_own_actions_grant_no_standing_and_consent_opens_the_pack_only(esc, client):
    """A seated juror declares a conflict, scores, and tries to consent for the candidate and to decide: the
    consent stays the candidate's admin's, and the juror stands to the candidate and to every report as before.
    The admin's consent (given in the world) opens the network data in the jury pack, and nothing else: no page
    shows the juror a canary."""
    from assay.awards.models import Decision, Nomination
    from assay.awards.pack import pack_standings
    from assay.reporting.actor_report import report_standings

    juror, award = esc["awards"]["jurors"]["juror"], esc["awards"]["open"]
    nomination = Nomination.objects.get(award=award)
    assert pack_standings(nomination) == {Standing.JURY}
    paths = _read_paths(esc)
    before = {a.pk: standings(juror, a.pk) for a in Actor.objects.all()}
    reports = {a.pk: report_standings(juror, a) for a in Assessment.objects.all()}
    client.force_login(juror)
    seen = _sightings(client, paths)
    client.post(reverse("awards:nominations"), {"nomination": nomination.pk, "action": "withdraw"})
    assert Nomination.objects.get(pk=nomination.pk).consented, "a juror withdrew the candidate's consent"
    client.post(reverse("awards:decide", args=[award.pk]), {"winner": nomination.pk, "rationale": "Mine"})
    assert not Decision.objects.filter(award=award).exists(), "a juror who does not chair decided"
    client.post(reverse("awards:score", args=[award.pk, nomination.pk]), {"value": "8"})
    client.post(reverse("awards:conflict", args=[award.pk, nomination.pk]), {"note": "Old friend"})
    fresh = get_user_model().objects.get(pk=juror.pk)
    assert {a.pk: standings(fresh, a.pk) for a in Actor.objects.all()} == before
    assert {a.pk: report_standings(fresh, a) for a in Assessment.objects.all()} == reports
    assert Standing.JURY not in standings(fresh, esc["actor"].pk)
    client.force_login(fresh)
    assert client.get(reverse("awards:pack", args=[award.pk, nomination.pk])).status_code == 404
    assert {p: c for p, c in _sightings(client, paths).items() if c - seen[p]} == {}
