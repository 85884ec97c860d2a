"""Every change made in the admin leaves an audit record naming who made it: adds, changes and deletes, of the
object itself and of its inlines (memberships decide who sees what)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from assay.audit.admin import AuditedAdmin, AuditedInline
from assay.audit.models import AuditRecord
from assay.outreach.models import Contact, EmailTemplate, Partner
from assay.registry.models import Actor, CahraArea, MemberRole, Membership, Site
from tests.admin_forms import admin_form
from tests.factories import ActorFactory, MembershipFactory, PartnerFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_admin_and_every_inline_is_audited():
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, AuditedAdmin):
            unaudited.append(f"{model._meta.label}: {type(model_admin).__name__}")
        unaudited += [f"{model._meta.label} inline {i.__name__}" for i in model_admin.inlines
                      if not issubclass(i, AuditedInline)]
    assert unaudited == []


HOOKS = ("save_model", "delete_model", "delete_queryset", "save_formset", "save_related")


def test_no_admin_saves_around_the_audit():
    """An admin may add to the audited hooks (calling super) or hand the change to an audited service; nothing
    else."""
    import inspect

    bypass = []
    for model_admin in admin.site._registry.values():
        for cls in type(model_admin).__mro__:
            if not cls.__module__.startswith("assay.") or cls is AuditedAdmin:
                continue
            for hook in HOOKS:
                if hook in vars(cls):
                    source = inspect.getsource(vars(cls)[hook])
                    if "super()." not in source and "services." not in source:
                        bypass.append(f"{cls.__qualname__}.{hook}")
    assert bypass == []


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def world(db):
    actor = ActorFactory(name="Coop", slug="coop", country="CD", region="South Kivu")
    other = ActorFactory(name="Coop 2", slug="coop-2", country="CD", region="Ituri")
    user = UserFactory(username="m", email="m@example.org")
    partner = PartnerFactory(name="Union", sector="asm")
    return {"actor": actor, "other": other, "user": user, "partner": partner}


# For each model: the fields of a new one, and one field to change afterwards.
CASES = {
    Membership: (lambda w: {"user": w["user"].pk, "actor": w["actor"].pk, "role": MemberRole.VIEWER},
                 ("role", MemberRole.EDITOR)),
    Site: (lambda w: {"actor": w["actor"].pk, "name": "Chantier", "country": "CD", "region": "South Kivu",
                      "latitude": "-2.5", "longitude": "28.8"}, ("latitude", "-2.6")),
    CahraArea: (lambda w: {"country": "CD", "region": "Ituri", "source": "EU list", "start": "2024-01-01"},
                ("end", "2025-12-31")),
    Partner: (lambda w: {"name": "Réseau", "sector": "asm", "country": "CD", "language": "fr",
                         "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}, ("language", "es")),
    Contact: (lambda w: {"name": "Amani", "email": "amani@example.org", "partner": w["partner"].pk,
                         "language": "fr"}, ("name", "Amani B.")),
    EmailTemplate: (lambda w: {"name": "Invitation", "subject_en": "Have your say", "body_en": "See {{ link }}",
                               "subject_fr": "", "body_fr": "", "subject_es": "", "body_es": ""},
                    ("subject_en", "Have your say by Friday")),
}


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _records(user, model, pk, action):
    return AuditRecord.objects.filter(user=user, object_type=model._meta.label_lower, object_id=str(pk),
                                      action=action)


@pytest.mark.parametrize("model", list(CASES), ids=lambda m: m._meta.model_name)
def test_an_add_a_change_and_a_delete_in_the_admin_are_audited(client, superuser, world, model):
    fields, (field, value) = CASES[model]
    client.force_login(superuser)
    data = {**admin_form(client, _url(model, "add")), **fields(world)}
    added = client.post(_url(model, "add"), data)
    assert added.status_code == 302, added.content.decode()[-3000:]
    obj = model.objects.latest("pk")
    assert _records(superuser, model, obj.pk, "admin_add").count() == 1

    data = {**admin_form(client, _url(model, "change", obj.pk)), field: value}
    assert client.post(_url(model, "change", obj.pk), data).status_code == 302
    change = _records(superuser, model, obj.pk, "admin_change").get()
    assert change.details["changed"] == [field]

    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
    assert _records(superuser, model, obj.pk, "admin_delete").count() == 1


def test_a_bulk_delete_audits_every_object_and_what_went_with_it(client, superuser, world):
    site = SiteFactory(actor=world["other"], name="S")
    MembershipFactory(user=world["user"], actor=world["other"])
    client.force_login(superuser)
    response = client.post(_url(Actor, "changelist"), {"action": "delete_selected", "post": "yes",
                                                      "_selected_action": [world["other"].pk]})
    assert response.status_code == 302 and not Actor.objects.filter(pk=world["other"].pk).exists()
    record = _records(superuser, Actor, world["other"].pk, "admin_delete").get()
    assert record.details["cascade"] == {"registry.site": 1, "registry.membership": 1}
    assert not Site.objects.filter(pk=site.pk).exists()


def test_a_membership_added_through_the_actor_inline_is_audited(client, superuser, world):
    client.force_login(superuser)
    url = _url(Actor, "change", world["actor"].pk)
    data = admin_form(client, url)
    data.update({"memberships-TOTAL_FORMS": "1", "memberships-0-user": world["user"].pk,
                 "memberships-0-role": MemberRole.ADMIN, "memberships-0-actor": world["actor"].pk})
    assert client.post(url, data).status_code == 302
    membership = Membership.objects.get(user=world["user"], actor=world["actor"])
    assert _records(superuser, Membership, membership.pk, "admin_add").exists()


def test_granting_a_group_in_the_admin_is_audited(client, superuser, world):
    from django.contrib.auth.models import Group

    client.force_login(superuser)
    user = world["user"]
    url = _url(get_user_model(), "change", user.pk)
    data = admin_form(client, url)
    data["groups"] = str(Group.objects.get(name="Secretariat").pk)
    assert client.post(url, data).status_code == 302
    record = _records(superuser, get_user_model(), user.pk, "admin_change").get()
    assert "groups" in record.details["changed"]



def test_a_cahra_area_entered_in_the_admin_designates_its_sites_at_once(client, superuser, world):
    from datetime import date

    site = SiteFactory(actor=world["other"], name="S")
    client.force_login(superuser)
    data = {**admin_form(client, _url(CahraArea, "add")), **CASES[CahraArea][0](world)}
    assert client.post(_url(CahraArea, "add"), data).status_code == 302
    assert site.in_cahra(date(2025, 1, 1))
    area = CahraArea.objects.get()
    assert client.post(_url(CahraArea, "delete", area.pk), {"post": "yes"}).status_code == 302
    assert not site.in_cahra(date(2025, 1, 1))
