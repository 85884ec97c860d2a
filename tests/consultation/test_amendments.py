"""The committee's responses in three languages (current, outdated, missing), and proposed wording: shown as a
tracked change, accepted, partly accepted or rejected with the disposition, and written into the next draft with
its origin."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from assay.audit.models import AuditRecord
from assay.consultation import services
from assay.consultation.models import Comment, Consent, DraftEdit
from assay.standards.models import Criterion
from assay.standards.translation_status import TranslationStatus
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

PROPOSAL = ("Le producteur dispose d'un mécanisme de réclamation que les travailleurs et les riverains peuvent "
            "utiliser de façon anonyme, y compris par oral.")


@pytest.fixture
def round_(demo):
    return RoundFactory(version=demo[1])


def comment_on(round_, code, text, wording="", language="fr", name="Amani"):
    clause = Criterion.objects.get(version=round_.version, code=code)
    r = services.response_start(round_=round_, name=name, email=f"{name.lower()}@example.org", sector="asm",
                                country="CD", language=language, consent=Consent.NAMED)
    services.response_save(response=r, answers={}, clauses={clause.pk: text}, general="",
                           wordings={clause.pk: wording} if wording else {})
    services.response_submit(response=r, client_key=f"k-{name}")
    services.response_verify_email(response=r)
    return Comment.objects.get(response=r)


def test_a_response_in_three_languages_with_its_translation_status(client, round_):
    comment = comment_on(round_, "1.4", "Plaintes anonymes, s'il vous plaît.")
    disposition = services.comment_dispose(actor=None, comment=comment, decision="accepted",
                                           response="Criterion 1.4 now accepts anonymous complaints.",
                                           translations={"fr": "Le critère 1.4 accepte désormais les plaintes "
                                                               "anonymes."})
    assert disposition.translation_status("response", "fr") == TranslationStatus.CURRENT
    assert disposition.translation_status("response", "es") == TranslationStatus.MISSING
    fr = client.get(f"/fr/consultation/{round_.pk}/synopsis/").content.decode()
    assert "accepte désormais les plaintes anonymes" in fr and "now accepts anonymous" not in fr
    es = client.get(f"/es/consultation/{round_.pk}/synopsis/").content.decode()
    assert "now accepts anonymous complaints" in es and 'lang="en"' in es and 'class="tr-note"' in es
    assert "accepte désormais" in client.get(f"/fr/consultation/{round_.pk}/comments/").content.decode()

    # The English response changes: the French one is now outdated, and says so.
    disposition = services.comment_dispose(actor=None, comment=comment, decision="accepted",
                                           response="Criterion 1.4 now accepts anonymous and oral complaints.")
    assert disposition.translation_status("response", "fr") == TranslationStatus.OUTDATED
    fr = client.get(f"/fr/consultation/{round_.pk}/synopsis/").content.decode()
    assert "accepte désormais" in fr and 'class="tr-note"' in fr
    xlsx_rows = _xlsx(client.get(f"/fr/consultation/{round_.pk}/synopsis.xlsx").content)
    assert xlsx_rows[1][7].startswith("Le critère 1.4")


def _xlsx(data):
    import io

    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(data)).active.values)


def test_a_proposed_wording_shows_as_a_tracked_change(client, round_):
    comment_on(round_, "1.4", "Plus simple.", wording=PROPOSAL)
    for url in (f"/fr/consultation/{round_.pk}/comments/", f"/fr/consultation/{round_.pk}/synopsis/"):
        html = client.get(url).content.decode()
        assert "<ins>" in html and "<del>" in html, url
        assert "anonyme" in html.split("<ins>", 1)[1]  # the proposed words are inserted
        with translation.override("fr"):
            against_english = escape(gettext("Against the English source"))
        assert against_english in html and against_english != "Against the English source"  # and the source


def test_the_committee_accepts_partly_or_rejects_a_proposal(round_):
    comment = comment_on(round_, "1.4", "Plus simple.", wording=PROPOSAL)
    accepted = services.comment_dispose(actor=None, comment=comment, decision="accepted", response="Accepted.")
    assert accepted.wording_fr == PROPOSAL  # accepted as proposed, in the respondent's language
    partly = services.comment_dispose(actor=None, comment=comment, decision="partly", response="In part.",
                                      wording={"en": "The producer runs a grievance mechanism open to anonymous "
                                                     "complaints.",
                                               "fr": "Le producteur dispose d'un mécanisme ouvert aux plaintes "
                                                     "anonymes."})
    assert partly.wording_en.startswith("The producer runs") and partly.wording_fr.startswith("Le producteur")
    rejected = services.comment_dispose(actor=None, comment=comment, decision="not_accepted", response="No.")
    assert not rejected.wording_en and not rejected.wording_fr
    with pytest.raises(ValidationError):
        services.comment_dispose(actor=None, comment=comment, decision="not_accepted", response="No.",
                                 wording={"en": "Anything."})
    plain = comment_on(round_, "6.2", "No wording here.", name="Rosa")
    with pytest.raises(ValidationError):  # nothing was proposed: there is no wording to accept
        services.comment_dispose(actor=None, comment=plain, decision="accepted", response="Yes.",
                                 wording={"en": "Anything."})


def test_accepted_wording_flows_into_the_next_draft_with_its_origin(client, round_, draft, staff):
    comment = comment_on(round_, "1.4", "Plus simple.", wording=PROPOSAL)
    english = "The producer runs a grievance mechanism open to anonymous and oral complaints."
    disposition = services.comment_dispose(actor=None, comment=comment, decision="partly", response="In part.",
                                           wording={"en": english})
    with pytest.raises(ValidationError):  # the version under consultation is not the next draft
        services.amendment_apply(actor=staff, disposition=disposition, draft=round_.version)
    edit = services.amendment_apply(actor=staff, disposition=disposition, draft=draft)
    target = Criterion.objects.get(version=draft, key=comment.criterion.key)
    assert target.text_en == english and edit.criterion == target
    assert edit.before["en"] == comment.criterion.text_en and edit.after["en"] == english
    assert target.translation_status("text", "fr") == TranslationStatus.OUTDATED  # French follows later
    assert AuditRecord.objects.filter(action="amendment_apply").exists()
    with pytest.raises(ValidationError):  # once
        services.amendment_apply(actor=staff, disposition=disposition, draft=draft)
    client.force_login(staff)
    page = client.get(f"/en/standards/mes/{draft.label}/criteria/{target.code}/").content.decode()
    assert "Wording from a consultation comment" in page and f"#comment-{comment.pk}" in page
    assert DraftEdit.objects.count() == 1

    rejected = comment_on(round_, "6.2", "Non.", wording="Autre texte.", name="Rosa")
    no = services.comment_dispose(actor=None, comment=rejected, decision="not_accepted", response="No.")
    with pytest.raises(ValidationError):
        services.amendment_apply(actor=staff, disposition=no, draft=draft)


def test_the_committee_sees_the_tracked_change_in_the_admin(client, round_, staff):
    comment = comment_on(round_, "1.4", "Plus simple.", wording=PROPOSAL)
    client.force_login(staff)
    html = client.get(f"/en/admin/consultation/comment/{comment.pk}/change/").content.decode()
    assert "<ins>" in html and "Against the English source" in html


def test_a_private_respondents_wording_is_never_shown(client, round_, draft, staff):
    secret = "CANARY-PRIVATE-WORDING for the grievance clause."
    clause = Criterion.objects.get(version=round_.version, code="1.4")
    r = services.response_start(round_=round_, name="Secret", email="secret@example.org", sector="asm",
                                country="CD", language="en", consent=Consent.PRIVATE)
    services.response_save(response=r, answers={}, clauses={clause.pk: "Private."}, general="",
                           wordings={clause.pk: secret})
    services.response_submit(response=r, client_key="k-secret")
    services.response_verify_email(response=r)
    disposition = services.comment_dispose(actor=None, comment=Comment.objects.get(response=r), decision="accepted",
                                           response="Accepted.")
    edit = services.amendment_apply(actor=staff, disposition=disposition, draft=draft)
    pages = [f"/en/consultation/{round_.pk}/comments/", f"/en/consultation/{round_.pk}/synopsis/",
             f"/en/consultation/{round_.pk}/synopsis.xlsx", f"/api/v1/consultation/rounds/{round_.pk}/comments",
             f"/api/v1/consultation/rounds/{round_.pk}/synopsis"]
    for url in pages:
        assert "CANARY-PRIVATE-WORDING" not in client.get(url).content.decode(errors="replace"), url
    client.force_login(staff)  # the draft's page names where its wording came from, and links no private comment
    page = client.get(f"/en/standards/mes/{draft.label}/criteria/{edit.criterion.code}/").content.decode()
    assert "Wording from a consultation comment" in page and "#comment-" not in page and "Secret" not in page


def test_the_secretariat_writes_accepted_wording_into_the_next_draft_from_the_admin(client, round_, draft):
    from assay.accounts import roles
    from tests.factories import UserFactory

    comment = comment_on(round_, "1.4", "Plus simple.", wording=PROPOSAL)
    services.comment_dispose(actor=None, comment=comment, decision="partly", response="In part.",
                             wording={"en": "The producer runs a grievance mechanism open to oral complaints."})
    committee = UserFactory(username="jury", is_staff=True, groups=[roles.COMMITTEE.group])
    changelist = "/en/admin/consultation/comment/"
    action = {"action": "apply_wording", "_selected_action": [str(comment.pk)]}
    client.force_login(committee)
    client.post(changelist, action)
    assert not DraftEdit.objects.exists()  # the committee reads; the secretariat writes
    secretariat = UserFactory(username="sec", is_staff=True, groups=[roles.SECRETARIAT.group])
    client.force_login(secretariat)
    assert client.post(changelist, action).status_code == 302
    edit = DraftEdit.objects.get()
    assert edit.criterion.version == draft and edit.applied_by == secretariat
    assert client.get("/en/admin/consultation/draftedit/").status_code == 200  # and reads them


def test_the_synopsis_pdf_shows_the_proposal_as_a_tracked_change(client, round_):
    import pypdfium2

    comment_on(round_, "1.4", "Plus simple.", wording=PROPOSAL)
    pdf = client.get(f"/fr/consultation/{round_.pk}/synopsis.pdf").content
    document = pypdfium2.PdfDocument(pdf)
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "oral" in text and "[inserted:" not in text  # the screen-reader labels stay out of print
    image = document[0].render(scale=1).to_pil().convert("RGB")
    colours = {image.getpixel((x, y)) for x in range(0, image.width, 3) for y in range(0, image.height, 3)}
    assert (0xD7, 0xF5, 0xDC) in colours and (0xFB, 0xDA, 0xDA) in colours  # inserted and deleted words marked


def test_the_receipt_repeats_the_proposed_wording(round_, mailoutbox, django_capture_on_commit_callbacks):
    from django.utils import translation

    with django_capture_on_commit_callbacks(execute=True):
        comment_on(round_, "1.1", "Trop vague.", wording="Le site tient un registre des travailleurs.")
    (receipt,) = [m for m in mailoutbox if "Le site tient un registre des travailleurs." in m.body]
    with translation.override("fr"):
        from django.utils.translation import gettext

        assert f"{gettext('Proposed wording')}: Le site tient un registre des travailleurs." in receipt.body
