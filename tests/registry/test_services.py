"""The registry's named services: each validates the record, writes it and one audit record naming who acted."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assay.audit.models import AuditRecord
from assay.registry.models import Actor, Membership, Relationship, Site
from assay.registry.services import actor_create, membership_grant, relationship_create, site_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop(staff):
    return actor_create(actor=staff, name="Coopérative Test", slug="coop-test", role="producer", country="CD",
                        region="South Kivu", minerals=("gold",), miners=120)


def test_each_service_writes_its_record_and_says_who_acted(staff, coop, django_user_model):
    site = site_create(actor=staff, producer=coop, name="Site A", country="CD", region="South Kivu",
                       latitude=Decimal("-2.5"), longitude=Decimal("28.8"))
    trader = actor_create(actor=staff, name="Trader Test", slug="trader-test", role="trader", country="UG")
    link = relationship_create(actor=staff, buyer=trader, supplier=coop, start=date(2022, 1, 1),
                               share=Decimal("0.5"))
    member = django_user_model.objects.create_user("member", "m@example.org", "pw-not-used-1234")
    membership = membership_grant(actor=staff, user=member, organisation=coop, role="editor")

    assert coop.minerals == ["gold"] and Site.objects.get() == site and site.actor == coop
    assert Relationship.objects.get() == link and link.kind == "sourcing" and link.end is None
    assert Membership.objects.get() == membership and membership.role == "editor"
    records = list(AuditRecord.objects.order_by("id").values_list("action", "object_type", "user"))
    assert records == [("actor_create", "registry.actor", staff.pk), ("site_create", "registry.site", staff.pk),
                       ("actor_create", "registry.actor", staff.pk),
                       ("relationship_create", "registry.relationship", staff.pk),
                       ("membership_grant", "registry.membership", staff.pk)]


def test_a_system_load_acts_as_nobody():
    actor_create(actor=None, name="Loaded", slug="loaded", role="brand", country="CH")
    assert AuditRecord.objects.get().user is None


@pytest.mark.parametrize("fields", [{"slug": "not a slug"}, {"country": "XX"}, {"role": "smuggler"}])
def test_an_invalid_actor_is_refused_and_nothing_is_written(fields):
    with pytest.raises(ValidationError):
        actor_create(actor=None, **{"name": "Bad", "slug": "bad", "role": "brand", "country": "CH", **fields})
    assert not Actor.objects.exists() and not AuditRecord.objects.exists()


def test_a_relationship_ends_after_it_starts_and_shares_at_most_all(coop):
    buyer = actor_create(actor=None, name="Buyer", slug="buyer", role="trader", country="UG")
    with pytest.raises(ValidationError):
        relationship_create(actor=None, buyer=buyer, supplier=coop, start=date(2024, 1, 1), end=date(2023, 1, 1))
    with pytest.raises(ValidationError):
        relationship_create(actor=None, buyer=buyer, supplier=coop, start=date(2024, 1, 1), share=Decimal("1.5"))
    assert not Relationship.objects.exists()


def test_a_user_is_a_member_of_an_organisation_once(coop, django_user_model):
    member = django_user_model.objects.create_user("member", "m@example.org", "pw-not-used-1234")
    membership_grant(actor=None, user=member, organisation=coop)
    with pytest.raises(ValidationError):
        membership_grant(actor=None, user=member, organisation=coop, role="admin")
    assert Membership.objects.get().role == "viewer"
