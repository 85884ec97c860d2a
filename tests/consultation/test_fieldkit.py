"""The field kit (slides, picture handouts, facilitator's guide) and the two purpose pages: drawn from the round's
draft in each language, real PDFs rendered to images, public downloads of a public round only."""

import io

import pypdfium2
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from assay.consultation import fieldkit
from assay.consultation.models import Round, Sector
from assay.standards.models import Criterion, Kind, Level, Tier
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
LANGS = ["en", "fr", "es"]


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1], title="Round one", title_fr="Premier tour", title_es="Primera ronda")
    QuestionFactory(round=r, position=0, text_en="What would stop you?", text_fr="Qu'est-ce qui vous arrêterait ?",
                    text_es="¿Qué se lo impediría?", sectors=["asm"])
    QuestionFactory(round=r, position=1, text_en="Is the multiplier right?", text_fr="Le coefficient ?",
                    text_es="¿El multiplicador?", answer_type="scale", sectors=["brands"])
    return r


def _pages(pdf: bytes) -> list:
    assert pdf.startswith(b"%PDF")
    return list(pypdfium2.PdfDocument(pdf))


def _text(pdf: bytes) -> str:
    # pdfium marks a hyphen where a line broke as U+FFFE
    return " ".join(" ".join(p.get_textpage().get_text_range().replace("\ufffe", "-").split()) for p in _pages(pdf))


def _png(page, scale: float = 0.6):
    """The page as a PNG image, read back: what a printer would get."""
    from PIL import Image

    buffer = io.BytesIO()
    page.render(scale=scale).to_pil().save(buffer, format="PNG")
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _drawn(image) -> bool:
    darkest, lightest = image.convert("L").getextrema()
    return darkest < 80 and lightest > 240


def _black_and_white(image) -> bool:
    """No colour anywhere on the page: every pixel is a grey (R = G = B, give or take antialiasing)."""
    r, g, b = (band for band in image.split())
    from PIL import ImageChops

    spread = ImageChops.difference(ImageChops.lighter(ImageChops.lighter(r, g), b),
                                   ImageChops.darker(ImageChops.darker(r, g), b))
    return spread.getextrema()[1] <= 8


def _capfirst(label) -> str:
    text = str(label)
    return text[:1].upper() + text[1:]


def _red_lines(version, lang: str) -> list[str]:
    with translation.override(lang):
        return [c.title for c in Criterion.objects.filter(version=version, kind=Kind.GATE, tier=Tier.TIER_1)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_slides_render_as_10_to_15_landscape_slides_from_the_drafts_data(round_, lang):
    pdf = fieldkit.slides_pdf(round_, lang, "asm", "https://assay.example")
    pages = _pages(pdf)
    assert 10 <= len(pages) <= 15
    image = _png(pages[0])
    assert image.width > image.height and _drawn(image)
    assert all(_drawn(_png(p, 0.25)) for p in pages)  # no blank slide
    text = _text(pdf)
    red_lines = _red_lines(round_.version, lang)
    assert len(red_lines) == 6 and all(title in text for title in red_lines)
    with translation.override(lang):
        levels = [level.name for level in Level.objects.filter(version=round_.version)]
        assert round_.title in text and all(name in text for name in levels)
        assert gettext("What the standard is for") in text and gettext("Timeline") in text
        question = round_.questions.get(position=0).text
    assert question in text  # the ASM producers' question...
    assert "multiplier right" not in text and "Le coefficient" not in text  # ...and not the brands' one
    assert "1.5" in text or "1,5" in text  # the version's CAHRA multiplier, in the language's number format
    assert "https://assay.example/" + lang + "/consultation/" in text


def test_every_sectors_deck_stays_within_15_slides_however_many_questions(round_):
    for position in range(2, 16):
        QuestionFactory(round=round_, position=position, text_en=f"Question number {position} for everyone?")
    for sector in Sector.values:
        count = len(_pages(fieldkit.slides_pdf(round_, "en", sector)))
        assert 10 <= count <= 15, (sector, count)


def test_a_deck_for_an_unknown_sector_is_not_found(round_, client):
    assert client.get(reverse("consultation:kit_slides", args=[round_.pk, "miners", "en"])).status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_a_picture_handout_is_one_black_and_white_page(round_, lang):
    pdf = fieldkit.handouts_pdf(round_, lang, ["asm"], "https://assay.example")
    pages = _pages(pdf)
    assert len(pages) == 1
    image = _png(pages[0])
    assert image.height > image.width and _drawn(image) and _black_and_white(image)
    text = _text(pdf)
    with translation.override(lang):
        assert _capfirst(Sector.ASM.label) in text
        assert all(name in text for name in Level.objects.filter(version=round_.version).values_list(
            f"name_{lang}", flat=True))
    assert all(title in text for title in _red_lines(round_.version, lang))
    assert len(text.split()) < 140  # few words: the drawings carry it


def test_the_handouts_of_every_group_take_one_page_each_and_draw_their_pictograms(round_):
    pdf = fieldkit.handouts_pdf(round_, "fr", Sector.values)
    pages = _pages(pdf)
    assert len(pages) == len(Sector.values)
    assert all(_black_and_white(_png(p, 0.3)) for p in pages)
    from django.template.loader import render_to_string

    with translation.override("fr"):
        html = render_to_string("consultation/kit/handout.html", {
            **fieldkit.context(round_, "fr"),
            "handouts": [(fieldkit.GROUP_OF["asm"], [])]})
    assert html.count("<svg") >= 6 + 3  # a drawing per red line, the group's, and the section headings'
    assert "<title>" in html  # each drawing says what it shows


@pytest.mark.parametrize("lang", LANGS)
def test_the_facilitators_guide_covers_the_red_lines_safety_consent_tally_and_entry(round_, lang):
    pdf = fieldkit.guide_pdf(round_, lang, "https://assay.example", "Fédération Sud-Kivu")
    pages = _pages(pdf)
    assert 3 <= len(pages) <= 8 and all(_drawn(_png(p, 0.25)) for p in pages)
    text = _text(pdf)
    assert all(title in text for title in _red_lines(round_.version, lang))
    with translation.override(lang):
        for heading in ("Agenda (about three hours)", "Consent script (read aloud)", "The red lines in plain words",
                        "Raising sensitive topics safely", "When not to record names", "Note-taking template",
                        "Tally sheet by sector and gender", "After the meeting: entering or importing the answers"):
            assert " ".join(gettext(heading).split()) in text, heading
        assert all(str(label) in text for label in Sector.labels) and str(Sector.ASM.label) in text
        plain = " ".join(str(fieldkit.RED_LINE_WORDS["forced-labour"][1]).split())[:40]
        assert plain in text
    assert "Fédération Sud-Kivu" in text
    unbroken = "".join(text.split())  # a long address breaks across lines
    assert f"https://assay.example/{lang}/consultation/{round_.pk}/events/" in unbroken
    assert f"/{lang}/consultation/{round_.pk}/xlsform-{lang}.xlsx" in unbroken


def test_the_guide_without_a_partner_reads_its_consent_script_without_a_name(round_):
    text = _text(fieldkit.guide_pdf(round_, "en"))
    assert "We are here to ask your views on a draft of the Market Entry Standard" in text


def test_a_red_line_the_version_adds_is_explained_by_its_own_text(round_):
    from assay.standards import services

    draft = services.version_derive(actor=None, version=round_.version, label="0.9")
    module = draft.modules.get(code="3")
    Criterion.objects.create(version=draft, module=module, key="mercury-poisoning-children", code="3.9",
                             kind=Kind.GATE, tier=Tier.TIER_1, applies_to=["producer"], oecd_step=2,
                             title="No child poisoned by mercury", text="CANARY-REQUIREMENT-TEXT")
    ctx = fieldkit.context(Round(version=draft, pk=round_.pk), "en")
    added = next(r for r in ctx["red_lines"] if r.criterion.code == "3.9")
    assert added.words == "CANARY-REQUIREMENT-TEXT" and added.picture == "stop"


@pytest.mark.parametrize("lang", LANGS)
def test_each_kit_document_downloads_from_the_round(round_, client, lang):
    page = client.get(f"/{lang}/consultation/{round_.pk}/kit/")
    assert page.status_code == 200
    for url in (reverse("consultation:kit_slides", args=[round_.pk, "trade", lang]),
                reverse("consultation:kit_handout", args=[round_.pk, "trade", lang]),
                reverse("consultation:kit_guide", args=[round_.pk, lang])):
        assert url in page.content.decode()
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        assert f"-{lang}.pdf" in response["Content-Disposition"] and response.content.startswith(b"%PDF")


def test_the_round_page_links_the_kit_and_the_two_purpose_pages(round_, client):
    html = client.get(reverse("consultation:round", args=[round_.pk])).content.decode()
    for name in ("kit", "benefits_upstream", "benefits_downstream"):
        assert reverse(f"consultation:{name}", args=[round_.pk]) in html


def test_no_kit_for_an_unknown_language_an_outline_review_or_a_draft_version(round_, client, draft):
    assert client.get(reverse("consultation:kit_guide", args=[round_.pk, "de"])).status_code == 404
    outline = RoundFactory(version=round_.version, kind="outline", title="Outline")
    # a round on a staff-only working draft: the kit would publish its text
    hidden = Round.objects.create(version=draft, title="Hidden", announced_on=round_.announced_on,
                                  opens_on=round_.opens_on, closes_on=round_.closes_on, languages=["en"])
    for r in (outline, hidden):
        for url in (reverse("consultation:kit", args=[r.pk]), reverse("consultation:kit_guide", args=[r.pk, "en"]),
                    reverse("consultation:benefits_upstream", args=[r.pk])):
            assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("lang", LANGS)
def test_the_purpose_pages_say_what_joining_asks_what_buyers_commit_to_and_what_each_group_gets(round_, client,
                                                                                               lang):
    upstream = client.get(f"/{lang}/consultation/{round_.pk}/for-producers-and-traders/").content.decode()
    downstream = client.get(f"/{lang}/consultation/{round_.pk}/for-buyers/").content.decode()
    with translation.override(lang):
        for heading in ("What you get", "What joining asks and costs"):
            assert gettext(heading) in upstream and gettext(heading) in downstream
        assert gettext("What buyers commit to") in downstream and gettext("What buyers commit to") not in upstream
        for sector in (Sector.ASM, Sector.TRADE):
            assert _capfirst(sector.label) in upstream
        for sector in (Sector.REFINING, Sector.BRANDS, Sector.FINANCE, Sector.CIVIL_SOCIETY, Sector.GOVERNMENT):
            assert _capfirst(sector.label) in downstream
        legitimacy = Criterion.objects.filter(version=round_.version, kind=Kind.GATE, tier__isnull=True)
        assert legitimacy.count() == 3 and all(escape(c.title) in upstream for c in legitimacy)
    assert all(escape(title) in upstream for title in _red_lines(round_.version, lang))
    assert all(escape(title) in downstream for title in _red_lines(round_.version, lang))
    assert upstream.count("<svg") >= 3 and "<title>" in upstream


def test_the_slides_timeline_shows_every_milestone_of_the_round(round_):
    from datetime import timedelta

    Round.objects.filter(pk=round_.pk).update(workshop_on=round_.closes_on + timedelta(days=40),
                                              workshop_place="OECD Forum, Paris")
    round_.refresh_from_db()
    text = _text(fieldkit.slides_pdf(round_, "es", "asm"))
    with translation.override("es"):
        from django.utils.formats import date_format

        from assay.consultation.timeline import milestones

        labels = [m.label for m in milestones(round_)]
        assert "OECD Forum, Paris" in text and date_format(round_.workshop_on, "DATE_FORMAT") in text
    assert len(labels) == 4 and all(label in text for label in labels)
