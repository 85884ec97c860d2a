"""The registry: actors, their sites and CAHRA designations, relationships between them, members."""

from datetime import date

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from assay.registry.models import Actor, CahraDesignation, Membership, Relationship, Site
from tests.factories.accounts import UserFactory


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    role = "producer"
    country = "CD"


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    actor = factory.SubFactory(ActorFactory)
    name = factory.LazyAttribute(lambda o: f"{o.actor.slug} site")
    country = factory.LazyAttribute(lambda o: o.actor.country)
    region = factory.LazyAttribute(lambda o: o.actor.region or "R")


class CahraDesignationFactory(DjangoModelFactory):
    """A site designated by hand (no imported list), open-ended."""

    class Meta:
        model = CahraDesignation

    site = factory.SubFactory(SiteFactory)
    source = "test"
    start = date(2020, 1, 1)


class RelationshipFactory(DjangoModelFactory):
    """A sourcing relationship: `buyer` buys from `supplier` from `start`."""

    class Meta:
        model = Relationship

    buyer = factory.SubFactory(ActorFactory, role="trader")
    supplier = factory.SubFactory(ActorFactory)
    start = date(2022, 1, 1)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(ActorFactory)
