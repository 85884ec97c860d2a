from datetime import date, timedelta

import pytest

from assay.consultation import services as consultation
from assay.consultation.models import Question
from assay.outreach.models import Contact, EmailTemplate, MailingList, Partner

TODAY = date.today()


@pytest.fixture
def round_(demo):
    r = consultation.round_create(None, demo[1], title="Round one", announced_on=TODAY - timedelta(20),
                                  opens_on=TODAY - timedelta(10), closes_on=TODAY + timedelta(60))
    r.title_fr, r.title_es = "Premier tour", "Primera ronda"
    r.save()
    Question.objects.create(round=r, position=0, text_en="Is the multiplier right?", text_fr="Le coefficient ?",
                            text_es="¿El multiplicador?", answer_type="scale", sectors=["brands"])
    Question.objects.create(round=r, position=1, text_en="What would stop you?", answer_type="text", sectors=["asm"])
    return r


@pytest.fixture
def updates(db):
    return MailingList.objects.create(name="Consultation updates", slug="updates")


@pytest.fixture
def partner(db):
    p = Partner.objects.create(name="Fédération Sud-Kivu", sector="asm", country="CD", language="fr")
    Contact.objects.create(name="Aline Bahati", email="aline@fed.example", partner=p, language="fr")
    return p


@pytest.fixture
def template(db):
    return EmailTemplate.objects.create(
        name="Invitation", for_packages=True,
        subject_en="Comment by {{ deadline }}", subject_fr="Commentez d'ici le {{ deadline }}",
        body_en="Dear {{ contact }}, please share with {{ partner }}: {{ link }}",
        body_fr="Bonjour {{ contact }}, merci de diffuser auprès de {{ partner }} : {{ link }}")
