"""The forum workshop: totals of closed questions per sector, pilot-site participation by sector and gender, the
campaigns with their counts, the key issues per sector quoting only publishable comments; as page, PDF and XLSX,
and the side-session pack in three languages."""

import io
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from assay.consultation import selectors, services
from assay.consultation.models import Comment, Consent
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()
CAMPAIGN = ("Buyers must stay engaged with artisanal miners and finance their improvement rather than walk away "
            "at the first problem; judge them on the progress of their suppliers.")
PUBLISHABLE = "Third-party audits cost more than a cooperative earns in a month; allow group audits please."
PRIVATE = "PRIVATE-QUOTE: our buyer in Bukavu pays late and we cannot say so in public, do not publish."
UNCONFIRMED = "UNCONFIRMED-QUOTE: someone typing under another person's address about audits and costs."
HIDDEN = "HIDDEN-QUOTE: an insulting remark about a named official that the moderators hid from view."
SECRETS = ("PRIVATE-QUOTE", "UNCONFIRMED-QUOTE", "HIDDEN-QUOTE", "@example.org")


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1], title="Round one", title_fr="Premier tour", title_es="Primera ronda",
                     workshop_on=TODAY + timedelta(days=90), workshop_place="OECD Conference Centre, Paris")
    QuestionFactory(round=r, position=0, text_en="Are the red lines clear?", answer_type="yes_no")
    QuestionFactory(round=r, position=1, text_en="Would scoring bring buyers?", answer_type="scale")
    QuestionFactory(round=r, position=2, text_en="Your main mineral?", answer_type="single",
                    choices_en="Gold\nTin\nCobalt", choices_fr="Or\nÉtain\nCobalt", choices_es="Oro\nEstaño\nCobalto")
    QuestionFactory(round=r, position=3, text_en="What do you need?", answer_type="multiple",
                    choices_en="Training\nFinance\nAudits")
    QuestionFactory(round=r, position=4, text_en="What would stop you?", answer_type="text")
    return r


def respond(round_, name, sector, answers, general="", consent=Consent.NAMED, status="confirmed", language="en"):
    """A respondent through the services; `answers` maps a question's text to (value, comment)."""
    from django.utils import translation

    questions = {q.text_en: q for q in round_.questions.all()}
    r = services.response_start(round_=round_, name=name, email=f"{name.lower()}@example.org", sector=sector,
                                country="CD", language=language, consent=consent)
    with translation.override(language):  # the form in their language; choices stored in English
        services.response_save(response=r, answers={questions[t].pk: services.ResponseAnswer(v, c)
                                                    for t, (v, c) in answers.items()}, clauses={}, general=general)
    if status != "started":
        services.response_submit(response=r, client_key=f"key-{name}")
        services.comments_group(actor=None, round_=round_)  # the task that runs once the submission commits
    if status == "confirmed":
        services.response_verify_email(response=r)
    return r


# Who answered what: (name, sector, consent, status, language, {question: (value, comment)}, general)
PEOPLE = [
    ("Amani", "asm", Consent.ANONYMOUS, "confirmed", "fr",
     {"Are the red lines clear?": ("yes", ""), "Would scoring bring buyers?": ("4", ""),
      "Your main mineral?": ("Gold", ""), "What do you need?": ("Training\nFinance", "")}, PUBLISHABLE),
    ("Bahati", "asm", Consent.NAMED, "confirmed", "en",
     {"Are the red lines clear?": ("no", "Child labour needs a clearer line."),
      "Would scoring bring buyers?": ("2", ""),
      "Your main mineral?": ("Gold", ""), "What do you need?": ("Finance", "")}, ""),
    ("Carla", "trade", Consent.PRIVATE, "confirmed", "es",
     {"Are the red lines clear?": ("yes", ""), "Your main mineral?": ("Tin", ""),
      "What do you need?": ("Audits\nTraining\nFinance", "")}, PRIVATE),
    ("Dede", "brands", Consent.NAMED, "confirmed", "en",
     {"Are the red lines clear?": ("yes", ""), "Would scoring bring buyers?": ("5", ""),
      "Your main mineral?": ("Cobalt", "")}, HIDDEN),
    # Not counted: an address nobody confirmed, and a draft never submitted.
    ("Eve", "asm", Consent.NAMED, "submitted", "en",
     {"Are the red lines clear?": ("no", ""), "Would scoring bring buyers?": ("1", "")}, UNCONFIRMED),
    ("Fidel", "trade", Consent.NAMED, "started", "en", {"Are the red lines clear?": ("no", "")}, ""),
]
COUNTED = [p for p in PEOPLE if p[3] == "confirmed"]


@pytest.fixture
def answered(round_):
    for name, sector, consent, status, language, answers, general in PEOPLE:
        respond(round_, name, sector, answers, general, consent, status, language)
    for i in range(6):  # a campaign: six confirmed near-identical letters
        respond(round_, f"Signer{i}", "civil_society", {}, CAMPAIGN + f" {i}", Consent.NAMED)
    services.comment_hide(actor=None, comment=Comment.objects.get(text=HIDDEN), reason="Insults a named official.")
    services.comment_dispose(actor=None, comment=Comment.objects.get(text=PUBLISHABLE), decision="partly",
                             response="Group audits will be allowed for cooperatives under 50 members.")
    services.comment_dispose(actor=None, comment=Comment.objects.get(text=PRIVATE), decision="noted",
                             response="PRIVATE-RESPONSE: we will speak to that buyer.")
    services.event_create(actor=None, round_=round_, place="Kamituga", held_on=TODAY, facilitator="NGO",
                          language="fr", attendance={("asm", "women"): 14, ("asm", "men"): 21, ("trade", "men"): 3})
    services.event_create(actor=None, round_=round_, place="Mwenga", held_on=TODAY, facilitator="NGO",
                          language="sw", attendance={("asm", "women"): 9, ("government", "not_stated"): 2})
    return round_


def expected_closed(question: str, options_by_language: dict[str, list[str]]) -> dict[str, list[int]]:
    """Per sector, how many respondents picked each option (by its position, whatever the language)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0] * len(options_by_language["en"]))
    for _name, sector, _consent, _status, _lang, answers, _general in COUNTED:
        if question in answers and answers[question][0]:
            for picked in answers[question][0].split("\n"):
                index = next(opts.index(picked) for opts in options_by_language.values() if picked in opts)
                out[sector][index] += 1
    return out


OPTIONS = {
    "Are the red lines clear?": {"en": ["yes", "no"]},
    "Would scoring bring buyers?": {"en": ["1", "2", "3", "4", "5"]},
    "Your main mineral?": {"en": ["Gold", "Tin", "Cobalt"], "fr": ["Or", "Étain", "Cobalt"],
                           "es": ["Oro", "Estaño", "Cobalto"]},
    "What do you need?": {"en": ["Training", "Finance", "Audits"]},
}


def test_closed_questions_are_totalled_per_sector_over_confirmed_responses_only(answered):
    from django.utils import translation

    labels = {"asm": "ASM producers", "trade": "traders and exporters", "brands": "manufacturers and brands"}
    with translation.override("en"):
        totals = {t.question.text: t for t in selectors.closed_totals(answered)}
    assert set(totals) == set(OPTIONS)  # the free-text question is not a closed one
    for question, options in OPTIONS.items():
        expected = expected_closed(question, options)
        got = {sector: counts for sector, counts, _answered in totals[question].by_sector}
        assert got == {labels[s]: counts for s, counts in expected.items()}, question
        assert totals[question].totals == [sum(c[i] for c in expected.values()) for i in range(len(options["en"]))]
        respondents = sum(1 for p in COUNTED if question in p[5] and p[5][question][0])
        assert totals[question].answered == respondents
    # a multiple choice counts each option ticked: more ticks than respondents
    assert sum(totals["What do you need?"].totals) > totals["What do you need?"].answered


def test_pilot_site_participation_is_summed_by_sector_and_gender(answered):
    from django.utils import translation

    with translation.override("en"):
        p = selectors.participation(answered)
    assert p.events == 2 and p.genders == ["women", "men", "not stated"]
    assert {s: counts for s, counts, _t in p.by_sector} == {"ASM producers": [23, 21, 0],
                                                            "traders and exporters": [0, 3, 0],
                                                            "government": [0, 0, 2]}
    assert p.totals == [23, 24, 2] and p.total == 14 + 21 + 3 + 9 + 2


def test_the_campaign_is_shown_once_with_its_count(answered):
    campaigns = selectors.campaigns(answered)
    assert [c.count for c in campaigns] == [6]
    assert CAMPAIGN in campaigns[0].comment.text


def test_key_issues_count_confirmed_comments_and_quote_only_publishable_ones(answered):
    from django.utils import translation

    with translation.override("en"):
        sectors = {label: (total, issues) for label, total, issues in selectors.workshop_summary(answered)}
    comments = Counter(c.response.sector for c in selectors.received_comments(answered).select_related("response"))
    assert sectors["ASM producers"][0] == comments["asm"]
    assert sectors["manufacturers and brands"][0] == comments["brands"]  # the hidden comment still counts
    quotes = [i.quote for _total, issues in sectors.values() for i in issues if i.quote]
    assert PUBLISHABLE in quotes
    assert not any(secret in q for q in quotes for secret in SECRETS)


def test_the_page_pdf_and_spreadsheet_show_the_figures_and_never_an_unpublishable_quote(client, answered):
    page = client.get(f"/en/consultation/{answered.pk}/workshop/")
    html = page.content.decode()
    assert page.status_code == 200 and PUBLISHABLE in html and CAMPAIGN[:60] in html
    assert "<svg" in html and "Kamituga" not in html  # charts; sums over the meetings, never a site's own figures
    assert not any(secret in html for secret in SECRETS)
    pdf = client.get(f"/en/consultation/{answered.pk}/workshop.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "group audits please" in text and not any(secret in text for secret in SECRETS)
    book = load_workbook(io.BytesIO(client.get(f"/en/consultation/{answered.pk}/workshop.xlsx").content))
    assert book.sheetnames == ["Key issues", "Closed questions", "Pilot-site participation", "Campaigns"]
    dump = repr([list(sheet.values) for sheet in book.worksheets])
    assert PUBLISHABLE in dump and not any(secret in dump for secret in SECRETS)
    people = list(book["Pilot-site participation"].values)
    assert people[-1] == ("All sectors", 23, 24, 2, 49)
    assert [row[1] for row in book["Campaigns"].values][1:] == [6]
    assert client.get(f"/en/consultation/{answered.pk}/workshop.csv").status_code == 404


def _render_png_is_not_blank(pdf: bytes) -> None:
    import pypdfium2

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("L")
    darkest, lightest = image.getextrema()
    assert darkest < 100 < lightest


def test_the_summary_pdf_renders(client, answered):
    _render_png_is_not_blank(client.get(f"/en/consultation/{answered.pk}/workshop.pdf").content)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_side_session_pack_renders_in_each_language_with_the_committees_responses(client, answered, lang):
    response = client.get(f"/en/consultation/{answered.pk}/workshop-pack-{lang}.pdf")
    assert response.status_code == 200 and f"workshop-pack-{answered.pk}-{lang}.pdf" in response["Content-Disposition"]
    _render_png_is_not_blank(response.content)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Group audits will be allowed for cooperatives under 50 members." in text  # a proposed response
    assert "group audits please" in text  # a quote
    assert "OECD Conference Centre, Paris" in text
    title = {"en": "Round one", "fr": "Premier tour", "es": "Primera ronda"}[lang]
    assert title in text
    assert "PRIVATE-RESPONSE" not in text and not any(secret in text for secret in SECRETS)


def test_the_side_session_pack_exists_only_in_the_three_languages(client, answered):
    assert client.get(f"/en/consultation/{answered.pk}/workshop-pack-de.pdf").status_code == 404


def test_the_workshop_pages_query_count_does_not_grow_with_the_comments(client, answered,
                                                                       django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        client.get(f"/en/consultation/{answered.pk}/workshop/")
    for i in range(10):
        respond(answered, f"Late{i}", "finance", {"Are the red lines clear?": ("yes", "")},
                f"A later comment number {i} about finance and lending to cooperatives.")
    with django_assert_max_num_queries(40):
        client.get(f"/en/consultation/{answered.pk}/workshop/")
