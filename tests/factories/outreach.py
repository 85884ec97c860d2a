"""Outreach: partner organisations and their contacts, mailing lists, e-mail templates."""

import factory
from factory.django import DjangoModelFactory

from assay.outreach.models import Contact, EmailTemplate, MailingList, Partner


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    sector = "asm"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class MailingListFactory(DjangoModelFactory):
    class Meta:
        model = MailingList

    name = factory.Sequence(lambda n: f"List {n}")
    slug = factory.Sequence(lambda n: f"list-{n}")


class EmailTemplateFactory(DjangoModelFactory):
    class Meta:
        model = EmailTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    subject_en = "S"
    body_en = "B {{ link }}"
