"""Erasure: the person's identity is gone from every table, the public record still counts their comment, and the
last admin of an organisation is refused with nothing changed."""

import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse

from assay.audit.models import AuditRecord
from assay.consultation.models import Comment, Consent, Response
from assay.outreach.models import Subscription
from assay.privacy.models import PrivacyRequest
from assay.privacy.selectors import Person
from assay.privacy.services import person_erase
from assay.registry.models import Membership
from tests.factories import ResponseFactory
from tests.privacy.conftest import canaries, identity

pytestmark = pytest.mark.django_db


def found_in_database(needles: list[str]) -> list[str]:
    """Every stored text (any model, Django's own tables too) holding one of the needles, any case."""
    hits = []
    lowered = [n.lower() for n in needles]
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                text = (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)).lower()
                hits += [f"{model._meta.label}#{row[0]}.{name}: {n}" for n in lowered if n in text]
    return hits


def test_after_erasure_the_identity_is_nowhere_and_the_comment_still_counts(people, client):
    alice = people["alice"]["user"]
    round_ = people["round"]
    comments_page = reverse("consultation:comments", args=[round_.pk])
    before = client.get(comments_page).content.decode()
    assert "Alicia Quillfeather" in before  # the page names her: the check below can fail
    assert found_in_database(identity("alice"))
    counted = Comment.objects.filter(response__round=round_).count()

    request = person_erase(actor=people["secretariat"], person=Person(user=alice), reason="Her e-mail of 1 May")

    assert found_in_database(identity("alice")) == []
    assert found_in_database(identity("bob")), "another person's data is untouched"
    after = client.get(comments_page).content.decode()
    assert "ALICE-CANARY-COMMENT" in after, "she consented to publication: her comment's text stays"
    assert Comment.objects.filter(response__round=round_).count() == counted
    response = Response.objects.get(pk=people["alice"]["response"].pk)
    assert response.name == "anonymous respondent" and response.consent == Consent.ANONYMOUS
    assert response.confirmed, "still counted as a confirmed response"
    alice.refresh_from_db()
    assert not alice.is_active and not alice.has_usable_password() and alice.username == f"erased-user-{alice.pk}"
    assert not alice.groups.exists() and not Membership.objects.filter(user=alice).exists()
    assert alice.api_tokens.get().revoked_at is not None
    assert not alice.notifications.exists()
    assert not Subscription.objects.filter(pk=people["alice"]["subscription"].pk).exists()
    # the assessor assignment stays, attributed to the (now anonymous) account
    assert people["alice"]["assessment"].assignments.get().assessor_id == alice.pk
    record = AuditRecord.objects.get(action="privacy_erase")
    assert record.object_id == str(request.pk) and request.counts["responses"] == 1


def test_a_private_comment_loses_its_text_and_an_address_alone_is_enough(people):
    private = ResponseFactory(round=people["round"], name="Cassia Privatova", email="cassia@example.org",
                              consent=Consent.PRIVATE, general="CASSIA-PRIVATE-TEXT about my village")
    person_erase(actor=people["secretariat"], person=Person(emails={"cassia@example.org"}), reason="Asked by post")
    comment = Comment.objects.get(response=private)
    assert comment.text == "" and comment.response.name == "anonymous respondent"
    assert found_in_database(["Cassia Privatova", "cassia@example.org", "CASSIA-PRIVATE-TEXT"]) == []
    assert PrivacyRequest.objects.get(kind="erasure").subject_user_id is None


def snapshot() -> list:
    out = []
    for model in apps.get_models():
        out.append(sorted(map(repr, model._default_manager.values_list())))
    return out


def test_the_last_admin_of_an_organisation_is_refused_and_nothing_changes(people, client):
    alice = people["alice"]["user"]
    Membership.objects.filter(user=people["alice"]["colleague"]).delete()  # now she is its only admin
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        person_erase(actor=people["secretariat"], person=Person(user=alice), reason="Her request")
    assert "last admin of Alice Mining" in " ".join(refused.value.messages)
    assert snapshot() == before
    client.force_login(people["secretariat"])
    page = client.post(reverse("privacy:erase"), {"erase-username": "alice_canary", "erase-reason": "Her request",
                                                  "erase-confirm": "on"})
    assert page.status_code == 400 and "last admin of Alice Mining" in page.content.decode()
    assert not PrivacyRequest.objects.exists()
    alice.refresh_from_db()
    assert alice.is_active and alice.email == "alicia.quill@example.org"


def test_bad_input_is_refused(people, client):
    with pytest.raises(PermissionDenied):
        person_erase(actor=people["bob"]["user"], person=Person(user=people["alice"]["user"]), reason="x")
    with pytest.raises(ValidationError):
        person_erase(actor=people["secretariat"], person=Person(user=people["alice"]["user"]), reason=" ")
    with pytest.raises(ValidationError):
        person_erase(actor=people["secretariat"], person=Person(emails={"nobody@example.org"}), reason="x")
    with pytest.raises(ValidationError):
        person_erase(actor=people["secretariat"], person=Person(user=people["secretariat"]), reason="x")
    client.force_login(people["secretariat"])
    unconfirmed = client.post(reverse("privacy:erase"), {"erase-username": "alice_canary", "erase-reason": "x"})
    assert unconfirmed.status_code == 400
    assert not PrivacyRequest.objects.exists()
    done = client.post(reverse("privacy:erase"), {"erase-username": "alice_canary", "erase-reason": "Her letter",
                                                  "erase-confirm": "on"})
    assert done.status_code == 302 and PrivacyRequest.objects.get().kind == "erasure"
    page = client.get(reverse("privacy:requests")).content.decode()
    assert "The person&#x27;s identity was erased." in page or "The person's identity was erased." in page
    assert not [c for c in canaries("alice")[:4] if c in page]
