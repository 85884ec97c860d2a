"""After erasure, the person's name and e-mail address appear on no page, endpoint, export or PDF that the leak
matrix walks (its world, with one more person in it), while the public record still shows their comment."""

import contextlib
from datetime import date, timedelta

import pytest
from django.urls import reverse

from assay.accounts.services import token_create
from assay.consultation.models import Comment, Consent
from assay.outreach import services as outreach
from assay.outreach.models import MailingList
from assay.privacy.selectors import Person
from assay.privacy.services import person_erase
from assay.registry.models import MemberRole
from tests.accounts.test_leak_matrix import all_surfaces, world  # noqa: F401  (world is a fixture)
from tests.factories import MembershipFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db

IDENTITY = ["Zelda Marrowgate", "Marrowgate", "zelda.marrow@example.org", "zelda_canary"]
COMMENT = "ZMCANARY-COMMENT: small sites need a cheaper route to the first audit."


def text_of(client, path: str) -> str:
    response = client.get(path)
    if response.status_code != 200:
        return ""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if body.startswith(b"%PDF"):
        import pypdfium2

        with contextlib.suppress(pypdfium2.PdfiumError):
            text += "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(body))
    return text


def shown(client, paths: list[str], needles: list[str]) -> dict[str, list[str]]:
    out = {}
    for path in paths:
        text = text_of(client, path).lower()
        if hits := [n for n in needles if n.lower() in text]:
            out[path] = hits
    return out


@pytest.fixture
def zelda(world):  # noqa: F811
    user = UserFactory(username="zelda_canary", email="zelda.marrow@example.org", first_name="Zelda",
                       last_name="Marrowgate")
    MembershipFactory(user=user, actor=world["actor"], role=MemberRole.VIEWER)
    token_create(actor=user, name="Zelda's sync", scope="read", expires_on=date.today() + timedelta(days=9))
    response = ResponseFactory(round=world["round"], name="Zelda Marrowgate", email="zelda.marrow@example.org",
                               consent=Consent.NAMED, general=COMMENT, key="zelda-key")
    outreach.subscription_request(mailing_list=MailingList.objects.get(slug="updates"), name="Zelda Marrowgate",
                                  email="zelda.marrow@example.org", language="en", base_url="")
    return {"user": user, "response": response}


def test_the_erased_person_appears_nowhere_and_their_comment_still_counts(world, zelda, client):  # noqa: F811
    round_ = world["round"]
    paths = [p for ps in all_surfaces(world).values() for p in ps]
    pdf = reverse("consultation:synopsis_file", args=[round_.pk, "pdf"])
    paths += [pdf, reverse("consultation:synopsis_file", args=[round_.pk, "xlsx"]),
              reverse("consultation:workshop_file", args=[round_.pk, "xlsx"])]
    superuser = world["users"]["superuser"]
    client.force_login(superuser)
    before = shown(client, paths, IDENTITY)
    # the check can fail: the pages, the API and the admin did name her
    assert reverse("consultation:comments", args=[round_.pk]) in before
    assert any(p.startswith("/api/") for p in before) and any(p.startswith("/en/admin/") for p in before)
    counted = Comment.objects.filter(response__round=round_).count()

    person_erase(actor=world["users"]["secretariat"], person=Person(user=zelda["user"]), reason="Her request")

    for role in ("superuser", "secretariat", "anonymous"):
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        assert shown(client, paths, IDENTITY) == {}, role
    client.logout()
    public = text_of(client, reverse("consultation:comments", args=[round_.pk]))
    assert "ZMCANARY-COMMENT" in public, "the published comment stays, anonymous"
    assert Comment.objects.filter(response__round=round_).count() == counted
    api = text_of(client, f"/api/v1/consultation/rounds/{round_.pk}/comments")
    assert "ZMCANARY-COMMENT" in api

