"""The actor's report: a summary (public) and a full report (network) of one assessment, read through the one
policy, as pages, PDFs in three languages and JSON; the fingerprint and the verification page; sharing the full
report with a named buyer, and revoking it."""

import hashlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from assay.assessments.models import Score
from assay.assessments.permissions import assessment_standings
from assay.audit.models import AuditRecord
from assay.disclosure.access import standings
from assay.disclosure.models import RestrictedRead
from assay.domain.disclosure import Standing
from assay.lib.fingerprint import canonical_json, fingerprint
from assay.registry.models import Actor, MemberRole
from assay.reporting import actor_report, services
from assay.reporting.models import ReportShare
from tests.accounts.test_leak_matrix import CANARIES, world  # noqa: F401  (world is a fixture)
from tests.factories import ActorFactory, MembershipFactory

pytestmark = pytest.mark.django_db
NETWORK = {"CANARY-NETWORK-ANSWER", "CANARY-NETWORK-COMMITMENT"}
RESTRICTED = {"CANARY-RESTRICTED-GATE", "CANARY-RESTRICTED-REVIEW", "canary-restricted-evidence", "7.777"}


def _url(a, part: str) -> str:
    return reverse("reporting:actor_report", args=[a.pk, part])


def _canaries(response) -> set[str]:
    text = response.content.decode()
    return {c for c in CANARIES if c in text}


def _as(client, w, role):
    client.logout()
    if role != "anonymous":
        client.force_login(w["users"][role])
    return client


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(("role", "summary", "full"), [
    ("anonymous", set(), None),  # full: sent to sign in
    ("respondent", set(), 404), ("committee", set(), 404), ("ex_partner", set(), 404),
    ("partner", set(), NETWORK), ("shared_buyer", set(), NETWORK),
    ("member_viewer", set(), NETWORK | {"7.777"}), ("assessor", set(), NETWORK | {"7.777"}),
    ("secretariat", set(), NETWORK | {"7.777"}), ("superuser", set(), NETWORK | {"7.777"}),
])
def test_each_role_sees_what_the_policy_lets_it(world, client, role, summary, full):  # noqa: F811
    v = world["verified"]
    _as(client, world, role)
    response = client.get(_url(v, "summary"))
    assert response.status_code == 200 and _canaries(response) == summary
    page = response.content.decode()
    assert "Canary Coop" in page and v.date.isoformat() in page
    # module scores and the count of commitments are network data: withheld from who has no standing
    assert ("Withheld: not open to you." in page) == (full is None or full == 404)
    response = client.get(_url(v, "full"))
    if full is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif full == 404:
        assert response.status_code == 404
    else:
        assert response.status_code == 200 and _canaries(response) == full
        # a gate finding, the review's words and evidence never appear in a report, whoever reads it
        assert not _canaries(response) & (RESTRICTED - {"7.777"})


def test_a_draft_has_no_report_for_anyone(world, client):  # noqa: F811
    d = world["draft"]
    for role in ("member_admin", "superuser", "anonymous"):
        _as(client, world, role)
        for part in ("summary", "full"):
            assert client.get(_url(d, part)).status_code in (302, 404)
            assert client.get(f"/api/v1/assessments/{d.pk}/report?part={part}").status_code in (401, 404)
        assert client.get(reverse("reporting:actor_report_pdf", args=[d.pk, "summary"])).status_code in (302, 404)


def test_restricted_reads_on_the_full_report_are_logged(world, client):  # noqa: F811
    v, viewer = world["verified"], world["users"]["member_viewer"]
    _as(client, world, "member_viewer")
    client.get(_url(v, "full"))
    reads = RestrictedRead.objects.filter(user=viewer)
    assert {r.kind for r in reads} == {"indicators"}
    assert all(r.surface == _url(v, "full") for r in reads)
    _as(client, world, "shared_buyer")
    client.get(_url(v, "full"))
    assert not RestrictedRead.objects.filter(user=world["users"]["shared_buyer"]).exists()


def test_a_share_opens_that_report_and_nothing_else(world, client):  # noqa: F811
    x, v, buyer = world["actor"], world["verified"], world["users"]["shared_buyer"]
    assert standings(buyer, x.pk) == frozenset()
    assert assessment_standings(buyer, v) == frozenset()
    assert actor_report.report_standings(buyer, v) == {Standing.SHARED}
    assert actor_report.report_standings(buyer, world["draft"]) == frozenset()
    _as(client, world, "shared_buyer")
    for path in (reverse("assessments:overview", args=[v.pk]), reverse("dashboard:actor", args=[x.slug]),
                 f"/api/v1/assessments/{v.pk}", reverse("assessments:commitment", args=[v.commitments.get().pk])):
        assert client.get(path).status_code == 404, path
    assert "-2.71717" not in client.get(reverse("registry:actor", args=[x.slug])).content.decode()


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_pdf_renders_in_each_language(world, client, lang):  # noqa: F811
    import pypdfium2

    v = world["verified"]
    _as(client, world, "member_admin")
    response = client.get(reverse("reporting:actor_report_pdf", args=[v.pk, "full"]) + f"?lang={lang}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert f"-full-{lang}.pdf" in response["Content-Disposition"]
    page = pypdfium2.PdfDocument(response.content)[0]
    image = page.render(scale=1).to_pil().convert("L")
    darkest, lightest = image.getextrema()
    assert darkest < 100 < lightest  # not blank: text (and the QR code) on a white page
    text = _pdf_text(response.content)
    with translation.override(lang):
        headings = [gettext(h) for h in ("Module scores", "Improvement commitments", "Assessment date",
                                         "Overall score", "Impact indicators")]
    for heading in headings:
        assert heading in text, heading
    if lang != "en":  # really translated, not English left in place
        assert "Module scores" not in text and "Improvement commitments" not in text
    assert "CANARY-NETWORK-COMMITMENT" in text and actor_report.report_fingerprint(v) in text.replace("\n", "")


def test_the_pdf_follows_the_policy_too(world, client):  # noqa: F811
    v = world["verified"]
    pdf = reverse("reporting:actor_report_pdf", args=[v.pk, "summary"])
    text = _pdf_text(client.get(pdf).content)
    assert "Canary Coop" in text and not NETWORK & set(text.split())
    _as(client, world, "partner")
    text = _pdf_text(client.get(reverse("reporting:actor_report_pdf", args=[v.pk, "full"])).content)
    assert "CANARY-NETWORK-COMMITMENT" in text and "7.777" not in text
    _as(client, world, "committee")
    assert client.get(reverse("reporting:actor_report_pdf", args=[v.pk, "full"])).status_code == 404


def test_the_language_comes_from_the_page_or_from_lang(world, client):  # noqa: F811
    v = world["verified"]
    page = client.get(f"/fr/reports/assessments/{v.pk}/summary/").content.decode()
    assert "Scores par module" in page and "?lang=es" in page
    text = _pdf_text(client.get(f"/fr/reports/assessments/{v.pk}/summary.pdf").content)
    assert "Scores par module" in text
    text = _pdf_text(client.get(f"/fr/reports/assessments/{v.pk}/summary.pdf?lang=es").content)
    with translation.override("es"):
        assert gettext("Module scores") in text


# ------------------------------------------------------------------------------------ fingerprint, verification

def test_the_fingerprint_is_the_sha256_of_the_canonical_content():
    content = {"b": 1.5, "a": "Coopérative", "c": None}
    assert canonical_json(content) == '{"a":"Coopérative","b":1.5,"c":null}'
    assert fingerprint(content) == hashlib.sha256(canonical_json(content).encode()).hexdigest()
    assert fingerprint(dict(reversed(list(content.items())))) == fingerprint(content)
    assert fingerprint({**content, "b": 1.51}) != fingerprint(content)


def test_the_report_fingerprint_is_deterministic_and_the_same_in_every_language(world, client):  # noqa: F811
    v = world["verified"]
    first = actor_report.report_fingerprint(v)
    assert first == actor_report.report_fingerprint(v) and len(first) == 64
    content = actor_report.public_content(v, v.score)
    assert first == hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":"),
                                              ensure_ascii=False).encode()).hexdigest()
    assert set(content) == {"assessment", "actor", "actor_name", "date", "kind", "status", "standard", "version",
                            "outcome", "level", "overall", "progress", "engine"}
    for lang in ("en", "fr", "es"):
        data = client.get(f"/{lang}/reports/assessments/{v.pk}/summary/").content.decode()
        assert first in data
    api = client.get(f"/api/v1/assessments/{v.pk}/report").json()
    assert api["fingerprint"] == first and api["verify_url"].endswith(f"/reports/verify/{v.pk}/{first}/")
    # what the summary says changes: so does the fingerprint
    Score.objects.filter(pk=v.score.pk).update(progress=12.345)
    v.refresh_from_db()
    assert actor_report.report_fingerprint(v) != first


def test_the_verification_page_shows_the_public_summary_only(world, client):  # noqa: F811
    v = world["verified"]
    fp = actor_report.report_fingerprint(v)
    page = client.get(reverse("reporting:report_verify", args=[v.pk, fp]))
    text = page.content.decode()
    assert page.status_code == 200 and "genuine and current" in text
    assert "Canary Coop" in text and fp in text and v.score.engine in text and "2025-02-01" in text
    assert "third-party assessment".capitalize() in text and "Verified" in text
    assert not _canaries(page) - {"CANARY-PUBLIC-PROFILE"}
    wrong = client.get(reverse("reporting:report_verify", args=[v.pk, "f" * 64])).content.decode()
    assert "No current report has this fingerprint" in wrong and "Canary Coop" not in wrong
    # a draft's true fingerprint verifies nothing: a draft has no report
    d = world["draft"]
    drafted = fingerprint(actor_report.public_content(d, None))
    text = client.get(reverse("reporting:report_verify", args=[d.pk, drafted])).content.decode()
    assert "No current report has this fingerprint" in text and "Canary Coop" not in text


# ------------------------------------------------------------------------------------------- sharing

@pytest.fixture
def buyer(world):  # noqa: F811
    b = ActorFactory(name="Named Brand", slug="named-brand", role="brand", country="DE")
    b.member = MembershipFactory(actor=b, role=MemberRole.VIEWER, user__username="brand_viewer",
                                 user__email="bv@example.org").user
    return b


def test_the_admin_shares_and_revokes_and_the_buyer_follows(world, client, buyer):  # noqa: F811
    v, admin = world["verified"], world["users"]["member_admin"]
    client.force_login(buyer.member)
    assert client.get(_url(v, "full")).status_code == 404
    client.force_login(admin)
    response = client.post(reverse("reporting:report_shares", args=[v.pk]), {"buyer": "Named Brand"}, follow=True)
    assert "The full report is shared with Named Brand." in response.content.decode()
    share = ReportShare.objects.get(assessment=v, buyer=buyer, revoked_at__isnull=True)
    assert AuditRecord.objects.filter(action="report_share", object_id=str(share.pk), user=admin).exists()
    page = client.get(_url(v, "full")).content.decode()
    assert "Named Brand" in page and "Shared Buyer" in page and "Revoke the share with Named Brand" in page
    client.force_login(buyer.member)
    response = client.get(_url(v, "full"))
    assert response.status_code == 200 and _canaries(response) == NETWORK
    assert "Revoke the share" not in response.content.decode()  # whom the actor shares with is its own business
    client.force_login(admin)
    client.post(reverse("reporting:report_shares", args=[v.pk]), {"action": "revoke", "share": share.pk})
    share.refresh_from_db()
    assert share.revoked_at is not None and share.revoked_by == admin
    assert AuditRecord.objects.filter(action="report_share_revoke", object_id=str(share.pk)).exists()
    client.force_login(buyer.member)
    assert client.get(_url(v, "full")).status_code == 404
    client.force_login(admin)  # shared again after a revocation: a new share, the old one stays on record
    client.post(reverse("reporting:report_shares", args=[v.pk]), {"buyer": "named-brand"})
    assert ReportShare.objects.filter(assessment=v, buyer=buyer).count() == 2


def test_bad_shares_are_refused_with_a_reason_and_change_nothing(world, client, buyer):  # noqa: F811
    v, admin, x = world["verified"], world["users"]["member_admin"], world["actor"]
    services.report_share(actor=admin, assessment=v, buyer=buyer)
    before = set(ReportShare.objects.values_list("pk", "revoked_at"))
    cases = [
        (admin, v, buyer, "already shared with Named Brand"),
        (admin, v, x, "already the actor's own"),
        (world["users"]["member_editor"], v, Actor.objects.get(slug="partner"), "Only an admin"),
        (world["users"]["secretariat"], v, Actor.objects.get(slug="partner"), "Only an admin"),
        (buyer.member, v, buyer, "Only an admin"),
        (admin, world["draft"], buyer, "Only a submitted or verified"),
        (admin, v, None, "Choose the buyer"),
    ]
    for user, assessment, to, reason in cases:
        with pytest.raises(ValidationError) as refused:
            services.report_share(actor=user, assessment=assessment, buyer=to)
        assert reason in " ".join(refused.value.messages)
    share = ReportShare.objects.get(assessment=v, buyer=buyer)
    with pytest.raises(ValidationError, match="Only an admin"):
        services.report_share_revoke(actor=world["users"]["member_editor"], share=share)
    assert set(ReportShare.objects.values_list("pk", "revoked_at")) == before
    # through the page: the reason is said (translated), nothing changes
    client.force_login(admin)
    for posted, said in (({"buyer": "named-brand"}, "already shared with Named Brand"),
                         ({"buyer": x.slug}, "already the actor"),
                         ({"buyer": "nobody-at-all"}, "No actor in the registry has this name or address.")):
        text = client.post(reverse("reporting:report_shares", args=[v.pk]), posted).content.decode()
        assert said in text.replace("&#x27;", "'") and "Nothing was shared" in text
    text = client.post(f"/fr/reports/assessments/{v.pk}/shares/", {"buyer": "nobody-at-all"}).content.decode()
    with translation.override("fr"):
        assert gettext("Nothing was shared: please correct the form below.") in text.replace("&#x27;", "'")
    translation.activate("en")  # the French request left its language active in this thread
    client.force_login(world["users"]["member_editor"])
    response = client.post(reverse("reporting:report_shares", args=[v.pk]), {"buyer": "partner"}, follow=True)
    assert "Only an admin of the assessed actor may share its report." in response.content.decode()
    client.force_login(world["users"]["partner"])  # not a member: the page does not exist
    assert client.post(reverse("reporting:report_shares", args=[v.pk]), {"buyer": "partner"}).status_code == 404
    assert set(ReportShare.objects.values_list("pk", "revoked_at")) == before


# ------------------------------------------------------------------------------------------- API and links

def test_the_api_gives_each_part_as_its_page_does(world, client):  # noqa: F811
    v = world["verified"]
    summary = client.get(f"/api/v1/assessments/{v.pk}/report").json()
    assert summary["module_scores"] is None and summary["commitments_count"] is None
    assert summary["actor"] == "canary-coop" and summary["part"] == "summary" and "findings" not in summary
    assert client.get(f"/api/v1/assessments/{v.pk}/report?part=full").status_code == 404
    _as(client, world, "partner")
    full = client.get(f"/api/v1/assessments/{v.pk}/report?part=full").json()
    assert full["module_scores"] and sum(full["commitments_count"].values()) == 1
    assert any(f["notes"] == "CANARY-NETWORK-ANSWER" for f in full["findings"])
    assert full["commitments"][0]["action"] == "CANARY-NETWORK-COMMITMENT"
    assert all(i["value"] != 7.777 for i in full["indicators"])


def test_the_overview_and_the_dashboard_link_to_the_reports(world, client):  # noqa: F811
    v, x = world["verified"], world["actor"]
    _as(client, world, "member_admin")
    overview = client.get(reverse("assessments:overview", args=[v.pk])).content.decode()
    assert _url(v, "summary") in overview and _url(v, "full") in overview
    assert _url(world["draft"], "summary") not in client.get(
        reverse("assessments:overview", args=[world["draft"].pk])).content.decode()
    dashboard = client.get(reverse("dashboard:actor", args=[x.slug])).content.decode()
    assert _url(v, "full") in dashboard
    # the buyer finds what was shared with it on its own dashboard
    _as(client, world, "shared_buyer")
    own = client.get(reverse("dashboard:actor", args=["shared-buyer"])).content.decode()
    assert _url(v, "full") in own and "Canary Coop" in own
