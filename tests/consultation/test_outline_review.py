"""An outline-review round takes invited reviewers only, each once, through the link in their e-mail."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from assay.consultation import services
from assay.consultation.models import Response, RoundKind
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def outline(demo):
    return RoundFactory(version=demo[1], title="Outline review", kind=RoundKind.OUTLINE, announced_on=TODAY,
                        opens_on=TODAY, closes_on=TODAY + timedelta(days=20),
                        short_notice_reason="Early feedback from the advisory group")


def test_the_public_cannot_answer_an_outline_review(client, outline):
    with pytest.raises(ValidationError, match="invited reviewers only"):
        services.response_start(round_=outline, name="X", email="x@example.org", sector="other", country="FR",
                                language="fr", consent="named")
    page = client.get(f"/en/consultation/{outline.pk}/")
    assert b"invited reviewers only" in page.content and b'name="consent"' not in page.content


def test_an_invited_reviewer_answers_once_through_the_link(client, outline, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.reviewer_invite(actor=None, round_=outline, name="Leah Patel", email="leah@example.org")
    assert len(mail.outbox) == 1 and invitation.token in mail.outbox[0].body
    url = f"/en/consultation/invite/{invitation.token}/"
    page = client.get(url)
    assert b'value="Leah Patel"' in page.content and b"readonly" in page.content
    response = client.post(url, {"name": "Someone else", "email": "other@example.org", "sector": "research",
                                 "country": "US", "language": "en", "consent": "named"})
    respondent = Response.objects.get()
    assert response["Location"] == f"/en/consultation/r/{respondent.token}/"
    assert (respondent.name, respondent.email) == ("Leah Patel", "leah@example.org")  # the invitation decides
    again = client.get(url)
    assert again["Location"] == f"/en/consultation/r/{respondent.token}/" and Response.objects.count() == 1
    assert client.get("/en/consultation/invite/unknown/").status_code == 404
