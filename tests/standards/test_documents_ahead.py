"""A frozen version's downloads rendered ahead of their first reader: by the worker when a version is published
(with ASSAY_SUMMARY_DOCUMENTS, where a worker runs the tasks) and by `manage.py render_documents` for the versions
the store lacks; a version that still changes is never kept."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from assay.lib import documents
from assay.lib.models import StoredDocument
from assay.standards import services

pytestmark = pytest.mark.django_db

LANGS = [code for code, _name in settings.LANGUAGES]


def kept(version) -> set[tuple[str, str]]:
    return set(StoredDocument.objects.filter(object_id=version.pk, kind__startswith="standard-version-")
               .values_list("kind", "language"))


def everything() -> set[tuple[str, str]]:
    return {("standard-version-pdf", lang) for lang in LANGS} | {("standard-version-yaml", "")}


def test_the_command_renders_what_the_store_lacks_and_nothing_twice(published):
    out = StringIO()
    call_command("render_documents", stdout=out)
    assert kept(published) == everything()
    assert f"{len(LANGS) + 1} documents rendered" in out.getvalue()
    before = documents.RENDERS["standard-version-pdf"]
    out = StringIO()
    call_command("render_documents", stdout=out)
    assert documents.RENDERS["standard-version-pdf"] == before
    assert "0 documents rendered" in out.getvalue()


def test_the_command_leaves_a_version_in_consultation_or_a_draft_alone(demo, draft):
    call_command("render_documents", stdout=StringIO())
    assert kept(demo[1]) == set() and kept(draft) == set()


def test_publishing_renders_the_new_and_the_retired_versions_documents_after_the_commit(
        demo, settings, django_capture_on_commit_callbacks):
    settings.ASSAY_SUMMARY_DOCUMENTS = True
    old, new = demo
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.version_publish(actor=None, version=new)
        assert kept(new) == set()  # nothing is rendered inside the publishing transaction
    for callback in callbacks:
        callback()
    old.refresh_from_db()
    assert old.status == "retired"
    assert kept(new) == everything() and kept(old) == everything()


def test_without_a_worker_publishing_leaves_the_rendering_to_the_first_download(demo, settings):
    settings.ASSAY_SUMMARY_DOCUMENTS = False
    services.version_publish(actor=None, version=demo[1])
    assert kept(demo[1]) == set()
