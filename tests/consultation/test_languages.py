"""No English left in the French and Spanish consultation (issue 15, defect 4): question choices are worded in
each language while the stored answer stays the same in all of them; plain-text e-mails are not HTML-escaped; the
synopsis's count of published comments has its own message, not the version history's "Published" date."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assay.consultation import selectors, services
from assay.consultation.models import Comment, Consent, Question
from tests.factories import QuestionFactory, ResponseFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1], title="Consultation on draft 0.2")
    r.title_fr = "Consultation sur le projet d'accès au marché 0.2"
    r.save()
    QuestionFactory(round=r, position=0, answer_type="multiple", text_en="Which languages?",
                    text_fr="Quelles langues ?", choices_en="French\nSpanish\nSwahili",
                    choices_fr="Français\nEspagnol\nSwahili", choices_es="Francés\nEspañol\nSuajili")
    QuestionFactory(round=r, position=1, answer_type="single", text_en="Which multiplier?",
                    text_fr="Quel coefficient ?", choices_en="1.5\nNo multiplier",
                    choices_fr="1,5\nPas de coefficient", choices_es="1,5\nSin multiplicador")
    return r


def _start(round_, name, language):
    return services.response_start(round_=round_, name=name, email=f"{name.lower()}@example.org", sector="asm",
                                   country="CD", language=language, consent=Consent.NAMED)


def test_the_french_form_shows_french_choices_and_posts_the_language_independent_value(client, round_):
    response = _start(round_, "Amani", "fr")
    html = client.get(f"/fr/consultation/r/{response.token}/").content.decode()
    assert "Pas de coefficient" in html and "Français" in html
    assert "> No multiplier<" not in html and "> French<" not in html
    assert 'value="No multiplier"' in html  # the value posted is the same in every language


def test_answers_in_three_languages_tally_together(round_):
    multiple, single = round_.questions.order_by("position")
    for name, lang in (("En", "en"), ("Fr", "fr"), ("Es", "es")):
        r = _start(round_, name, lang)
        from django.utils import translation

        with translation.override(lang):  # the form shows, and posts, what the page's language lists
            values = dict(multiple.choice_options())
            assert values["French"] == {"en": "French", "fr": "Français", "es": "Francés"}[lang]
        services.response_save(response=r, answers={multiple.pk: services.ResponseAnswer("French\nSwahili"),
                                                    single.pk: services.ResponseAnswer("No multiplier")},
                               clauses={})
    assert set(Comment.objects.filter(question=single).values_list("value", flat=True)) == {"No multiplier"}
    assert set(Comment.objects.filter(question=multiple).values_list("value", flat=True)) == {"French\nSwahili"}
    with pytest.raises(Exception, match="Choose among"):
        services.response_save(response=_start(round_, "Other", "fr"),
                               answers={single.pk: services.ResponseAnswer("Pas de coefficient")}, clauses={})


def test_the_french_comments_and_synopsis_show_answers_in_french(client, round_):
    single = round_.questions.get(position=1)
    r = ResponseFactory(round=round_, name="Kahindo", general="", status="started")
    services.response_save(response=r, answers={single.pk: services.ResponseAnswer("No multiplier")}, clauses={})
    services.response_submit(response=r, client_key="k-kahindo")
    services.response_verify_email(response=r)
    for name in ("consultation:comments", "consultation:synopsis"):
        html = client.get(reverse(name, args=[round_.pk]).replace("/en/", "/fr/")).content.decode()
        assert "Pas de coefficient" in html and "No multiplier" not in html


def test_the_demo_questions_have_french_and_spanish_choices(db, demo):
    from assay.web.demo.loader import load_demo_consultation

    load_demo_consultation(None, demo[1])
    chosen = Question.objects.filter(answer_type__in=("single", "multiple"))
    assert chosen.count() == 2
    for q in chosen:
        for lang in ("fr", "es"):
            words = getattr(q, f"choices_{lang}").splitlines()
            assert len(words) == len(q.choices_en.splitlines()) and words != q.choices_en.splitlines()
    assert "No multiplier" not in " ".join(q.choices_fr + q.choices_es for q in chosen)


def test_french_plain_text_mails_keep_their_apostrophes(round_, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = ResponseFactory(round=round_, name="N'Goma", language="fr", general="L'accès aux marchés d'abord.",
                            status="submitted")
    bodies = [m.body for m in mail.outbox]
    assert len(bodies) == 2  # the start e-mail and the receipt
    for body in bodies:
        assert "&#x27;" not in body and "&amp;" not in body
        assert "N'Goma" in body and "projet d'accès" in body
    assert "L'accès aux marchés d'abord." in bodies[-1]
    with django_capture_on_commit_callbacks(execute=True):
        services.reviewer_invite(actor=None, round_=RoundFactory(title="L'examen du plan", kind="outline"),
                                 name="O'Neil", email="o@example.org")
    assert "O'Neil" in mail.outbox[-1].body and "L'examen du plan" in mail.outbox[-1].body
    assert r.pk


def test_the_count_of_published_comments_is_not_headed_by_a_date_label(client, round_):
    ResponseFactory(round=round_, name="Amani", general="Un commentaire.")
    assert selectors.received_comments(round_).count() == 1
    html = client.get(f"/fr/consultation/{round_.pk}/synopsis/").content.decode()
    # "Published" (a date, "Publiée le" in French) was reused as the header of a count of comments.
    assert "Publiée le" not in html
    header = re.search(r"<thead><tr>(.*?)</tr></thead>", html).group(1)
    assert header.count("<th") == 3
