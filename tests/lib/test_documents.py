"""Documents rendered once (assay.lib.documents): a published version's PDF, a frozen shortlist's, a closed round's
synopsis are rendered on the first request and served from the store afterwards; drafts and open rounds never are;
the links say the format and the size; the store sits behind the same permission checks as the documents."""

from datetime import date, timedelta

import pytest
from django.utils.translation import override

from assay.lib import documents
from assay.lib.documents import format_and_size
from assay.lib.models import StoredDocument
from assay.standards.models import StandardVersion
from tests.factories import ResponseFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


def renders(kind: str) -> int:
    return documents.RENDERS[kind]


def test_a_published_versions_pdf_is_rendered_once_and_then_served_from_the_store(client, published):
    before = renders("standard-version-pdf")
    first = client.get("/fr/standards/mes/0.1/pdf/")
    second = client.get("/fr/standards/mes/0.1/pdf/")
    assert renders("standard-version-pdf") == before + 1
    assert first.content[:5] == b"%PDF-" and second.content == first.content
    row = StoredDocument.objects.get(kind="standard-version-pdf", object_id=published.pk, language="fr")
    assert bytes(row.data) == first.content and row.size == len(first.content)
    # Another language is another document.
    client.get("/es/standards/mes/0.1/pdf/")
    assert renders("standard-version-pdf") == before + 2
    assert StoredDocument.objects.filter(object_id=published.pk, kind="standard-version-pdf").count() == 2


def test_a_draft_or_a_version_in_consultation_is_rendered_every_time_and_never_stored(client, draft, staff):
    client.force_login(staff)
    before = renders("standard-version-pdf")
    for label in ("0.2", "0.3", "0.3"):  # in consultation, then the draft twice
        response = client.get(f"/en/standards/mes/{label}/pdf/")
        assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert renders("standard-version-pdf") == before + 3
    draft_ids = StandardVersion.objects.filter(label__in=("0.2", "0.3")).values_list("pk", flat=True)
    assert not StoredDocument.objects.filter(object_id__in=draft_ids).exists()
    # and their links give the format alone: no size is known without rendering
    page = client.get("/en/standards/mes/0.3/").content.decode()
    assert 'type="application/pdf">Download <span class="file-meta">(PDF)</span></a>' in page


def test_the_download_links_state_the_format_and_the_size_once_known(client, published):
    page = client.get("/en/standards/mes/0.1/").content.decode()
    assert "(PDF)</span>" in page  # not rendered yet
    size = len(client.get("/en/standards/mes/0.1/pdf/").content)
    yaml_size = len(client.get("/en/standards/mes/0.1/yaml/").content)
    kb = round(size / 1024)
    for path in ("/en/standards/mes/0.1/", "/en/"):
        assert f'Download <span class="file-meta">(PDF, {kb} KB)</span>' in client.get(path).content.decode()
    history = client.get("/en/standards/mes/versions/").content.decode()
    assert f">PDF, {kb} KB</a>" in history and f">YAML, {max(1, round(yaml_size / 1024))} KB</a>" in history
    # In French, with Django's French unit; the French PDF is its own document with its own size.
    french = len(client.get("/fr/standards/mes/0.1/pdf/").content)
    assert f"(PDF, {round(french / 1024)} Kio)" in client.get("/fr/standards/mes/0.1/").content.decode()


def test_sizes_read_as_a_reader_says_them():
    with override("en"):
        assert format_and_size("pdf", 86_000) == "PDF, 84 KB"
        assert format_and_size("pdf", 300) == "PDF, 1 KB"
        assert format_and_size("xlsx", 1_300_000) == "XLSX, 1.2 MB"
        assert format_and_size("csv", None) == "CSV"
    with override("fr"):
        assert format_and_size("pdf", 1_300_000) == "PDF, 1,2 Mio"


def test_a_frozen_shortlists_pdf_is_kept_and_never_served_to_someone_outside_the_jury(client, staff):
    from assay.reporting.services import shortlist_freeze

    snapshot = shortlist_freeze(
        actor=staff, title="Awards", category="producers", start=date(2020, 1, 1), end=date(2030, 12, 31), size=5
    )
    client.force_login(staff)
    before = renders("shortlist-pdf")
    first = client.get(f"/en/reports/shortlists/{snapshot.pk}.pdf")
    assert first.content == client.get(f"/en/reports/shortlists/{snapshot.pk}.pdf").content
    assert renders("shortlist-pdf") == before + 1
    assert (
        f"PDF, {round(len(first.content) / 1024)} KB"
        in client.get(f"/en/reports/shortlists/{snapshot.pk}/").content.decode()
    )
    client.logout()
    outsider = UserFactory(username="outsider")
    for user in (None, outsider):
        if user:
            client.force_login(user)
        response = client.get(f"/en/reports/shortlists/{snapshot.pk}.pdf")
        assert response.status_code in (302, 403) and b"%PDF" not in response.content
    assert renders("shortlist-pdf") == before + 1


def test_a_closed_rounds_synopsis_is_kept_until_what_it_shows_changes_and_an_open_ones_never(client):
    from assay.consultation import services

    round_ = RoundFactory()
    ResponseFactory(round=round_, general="Publish the mercury plan.")
    before = renders("synopsis-pdf")
    client.get(f"/en/consultation/{round_.pk}/synopsis.pdf")
    client.get(f"/en/consultation/{round_.pk}/synopsis.pdf")
    assert renders("synopsis-pdf") == before + 2
    assert not StoredDocument.objects.filter(kind="synopsis-pdf").exists()  # open: comments still arrive
    type(round_).objects.filter(pk=round_.pk).update(
        opens_on=date.today() - timedelta(days=70), closes_on=date.today() - timedelta(days=1)
    )
    first = client.get(f"/en/consultation/{round_.pk}/synopsis.pdf").content
    assert client.get(f"/en/consultation/{round_.pk}/synopsis.pdf").content == first
    assert renders("synopsis-pdf") == before + 3
    assert StoredDocument.objects.filter(kind="synopsis-pdf", object_id=round_.pk).count() == 1
    assert (
        f"PDF, {round(len(first) / 1024)} KB" in client.get(f"/en/consultation/{round_.pk}/synopsis/").content.decode()
    )
    # The committee answers the comment after the close: the synopsis shows it, so it is rendered again, once.
    services.comment_dispose(
        actor=None,
        comment=round_.responses.get().comments.get(),
        decision="accepted",
        response="The plan will be published.",
    )
    again = client.get(f"/en/consultation/{round_.pk}/synopsis.pdf").content
    assert again != first and renders("synopsis-pdf") == before + 4
    assert StoredDocument.objects.filter(kind="synopsis-pdf", object_id=round_.pk).count() == 1  # the old one goes
