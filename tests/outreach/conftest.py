import pytest

from tests.factories import (
    ContactFactory,
    EmailTemplateFactory,
    MailingListFactory,
    PartnerFactory,
    QuestionFactory,
    RoundFactory,
)


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1], title="Round one", title_fr="Premier tour", title_es="Primera ronda")
    QuestionFactory(round=r, position=0, text_en="Is the multiplier right?", text_fr="Le coefficient ?",
                    text_es="¿El multiplicador?", answer_type="scale", sectors=["brands"])
    QuestionFactory(round=r, position=1, text_en="What would stop you?", answer_type="text", sectors=["asm"])
    return r


@pytest.fixture
def updates(db):
    return MailingListFactory(name="Consultation updates", slug="updates")


@pytest.fixture
def partner(db):
    p = PartnerFactory(name="Fédération Sud-Kivu", sector="asm", country="CD", language="fr")
    ContactFactory(name="Aline Bahati", email="aline@fed.example", partner=p, language="fr")
    return p


@pytest.fixture
def template(db):
    return EmailTemplateFactory(
        name="Invitation", for_packages=True,
        subject_en="Comment by {{ deadline }}", subject_fr="Commentez d'ici le {{ deadline }}",
        body_en="Dear {{ contact }}, [[partner]]please share with {{ partner }}[[/partner]][[subscriber]]please "
                "share[[/subscriber]]: {{ link }}[[package]] (attached: the package)[[/package]]",
        body_fr="Bonjour {{ contact }}, [[partner]]merci de diffuser auprès de {{ partner }}[[/partner]]"
                "[[subscriber]]merci de diffuser[[/subscriber]] : {{ link }}[[package]] (ci-joint : le dossier)"
                "[[/package]]")
