"""Plain-text e-mails are not HTML: an apostrophe stays an apostrophe (defect: "d&#x27;accès" in French mail)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail

import assay
from assay.consultation import services
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
ESCAPES = ("&#x27;", "&#39;", "&amp;", "&quot;", "&lt;", "&gt;")


def test_the_consultation_e_mails_keep_apostrophes_and_ampersands(demo, django_capture_on_commit_callbacks):
    r = RoundFactory(version=demo[1], title="Test & trial", title_fr="Consultation sur la Norme d'accès",
                     announced_on=date.today() - timedelta(30))
    question = QuestionFactory(round=r, position=0, text_en="What's missing?", text_fr="Qu'est-ce qui manque ?")
    with django_capture_on_commit_callbacks(execute=True):
        response = services.response_start(round_=r, name="Awa N'Diaye", email="awa@example.org", sector="asm",
                                            country="SN", language="fr", consent="named")
    with django_capture_on_commit_callbacks(execute=True):
        services.response_save(response=response, clauses={}, general="C'est <important>.",
                               answers={question.pk: services.ResponseAnswer(text="L'eau & le mercure")})
        services.response_submit(response=response, client_key="k")
    assert len(mail.outbox) == 2
    start, receipt = mail.outbox
    for message in (start, receipt):
        assert not any(e in message.body for e in ESCAPES), message.body
        assert "Awa N'Diaye" in message.body and "Norme d'accès" in message.body
    assert "Qu'est-ce qui manque ?" in receipt.body and "L'eau & le mercure" in receipt.body
    assert "C'est <important>." in receipt.body


def test_every_plain_text_e_mail_template_turns_html_escaping_off():
    """A guard for the next e-mail: every .txt template of the project renders with autoescape off."""
    root = Path(assay.__file__).parent
    templates = sorted(root.glob("*/templates/**/*.txt"))
    assert templates
    for path in templates:
        text = path.read_text()
        assert "{% autoescape off %}" in text and text.rstrip().endswith("{% endautoescape %}"), path.name
