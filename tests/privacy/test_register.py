"""The register of personal data against the models: every field holding a person's name, e-mail address or phone
number, and every link to a user account, is in the register (or declared not personal, with its reason)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from modeltranslation.fields import TranslationField

from assay.privacy.register import NOT_PERSONAL, REGISTER, RETENTION_DEFAULTS, registered_fields


def personal_looking_fields() -> set[str]:
    """Fields of Assay's models (and the user) that look as if they hold something about a person."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        if not (model.__module__.startswith("assay.") or model is user_model):
            continue
        for f in model._meta.get_fields():
            if not (getattr(f, "concrete", False) or isinstance(f, models.ManyToManyField)) or f.auto_created:
                continue
            if isinstance(f, TranslationField):
                f = f.translated_field  # name_fr is name's translation: judged with it
            text = isinstance(f, models.CharField | models.TextField)
            looks = (isinstance(f, models.EmailField)
                     or (text and any(w in f.name for w in ("email", "phone", "name", "owner", "facilitator")))
                     or (f.is_relation and f.related_model is user_model))
            if looks:
                found.add(f"{model._meta.label}.{f.name}")
    return found


def unregistered(registered: set[str]) -> set[str]:
    return personal_looking_fields() - registered - set(NOT_PERSONAL)


def test_every_personal_field_is_in_the_register():
    assert unregistered(registered_fields()) == set(), "add these fields to assay/privacy/register.py"


def test_the_check_notices_a_missing_entry():
    assert unregistered(registered_fields() - {"consultation.Response.email"}) == {"consultation.Response.email"}
    assert "outreach.Contact.name" in personal_looking_fields()


def test_every_registered_field_exists():
    for path in registered_fields() | set(NOT_PERSONAL):
        app_label, model_name, field_name = path.split(".")
        apps.get_model(app_label, model_name)._meta.get_field(field_name)  # raises if it is gone
    assert not registered_fields() & set(NOT_PERSONAL)


def test_entries_are_complete_and_their_retention_keys_exist():
    keys = [e.key for e in REGISTER]
    assert len(keys) == len(set(keys))
    for e in REGISTER:
        assert e.fields and str(e.purpose) and str(e.basis) and str(e.seen_by) and str(e.retention)
        assert not e.retention_key or e.retention_key in RETENTION_DEFAULTS
    assert {e.retention_key for e in REGISTER if e.retention_key} == set(RETENTION_DEFAULTS)


def test_the_public_page_and_the_staff_register(client, db):
    from tests.factories import UserFactory

    page = client.get(reverse("privacy:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Consultation responses" in text and "consultation.Response.email" not in text
    assert client.get(reverse("privacy:register")).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    staff = client.get(reverse("privacy:register")).content.decode()
    assert "consultation.Response.email" in staff
