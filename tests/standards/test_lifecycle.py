"""A version moves draft → consultation → published → retired, and a published version cannot change by any path."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction

from assay.audit.models import AuditRecord
from assay.standards import services
from assay.standards.models import (
    Criterion,
    Level,
    Module,
    PublishedVersionError,
    StandardVersion,
    VersionStatus,
)

pytestmark = pytest.mark.django_db
DB_ERRORS = (IntegrityError, InternalError)  # SQLite RAISE(ABORT) → IntegrityError; PL/pgSQL → either


@pytest.fixture
def published(version):
    return services.version_publish(actor=None, version=version)


def test_the_lifecycle_moves_forward_and_is_audited(version):
    assert version.status == VersionStatus.DRAFT
    services.version_open_consultation(actor=None, version=version)
    services.version_publish(actor=None, version=version)
    services.version_retire(actor=None, version=version)
    version.refresh_from_db()
    assert version.status == VersionStatus.RETIRED
    assert version.consultation_at and version.published_at and version.retired_at
    actions = list(AuditRecord.objects.filter(object_id=str(version.pk)).values_list("action", flat=True))
    assert {"version_import", "version_open_consultation", "version_publish", "version_retire"} <= set(actions)


@pytest.mark.parametrize("service", [services.version_open_consultation, services.version_publish])
def test_a_published_version_cannot_go_back_or_be_reopened(published, service):
    with pytest.raises(ValidationError) as err:
        service(actor=None, version=published)
    assert err.value.code == "bad_transition"


def test_a_draft_cannot_be_retired(version):
    with pytest.raises(ValidationError):
        services.version_retire(actor=None, version=version)


def test_publishing_retires_the_previously_published_version(published):
    draft = services.version_derive(actor=None, version=published, label="0.2")
    services.version_publish(actor=None, version=draft)
    published.refresh_from_db()
    assert published.status == VersionStatus.RETIRED


def test_model_save_of_published_content_is_refused(published):
    criterion = Criterion.objects.filter(version=published).first()
    criterion.text_en = "Changed."
    with pytest.raises(PublishedVersionError) as err:
        criterion.save()
    assert "is published and cannot be changed" in " ".join(err.value.messages)
    criterion.refresh_from_db()
    assert criterion.text_en != "Changed."


def test_version_fields_of_a_published_version_are_refused(published):
    published.title_en = "Renamed"
    with pytest.raises(PublishedVersionError):
        published.save()
    published.refresh_from_db()
    published.status = VersionStatus.DRAFT
    with pytest.raises(PublishedVersionError):
        published.save()


@pytest.mark.parametrize("model", [Criterion, Module, Level])
def test_queryset_update_and_delete_are_refused(published, model):
    rows = model.objects.filter(version=published)
    count = rows.count()
    with pytest.raises(PublishedVersionError):
        rows.update(position=99) if model is not Level else rows.update(rank=99)
    with pytest.raises(PublishedVersionError):
        rows.delete()
    assert model.objects.filter(version=published).count() == count


def test_adding_content_to_a_published_version_is_refused(published):
    module = Module.objects.filter(version=published).first()
    with pytest.raises(PublishedVersionError):
        Criterion.objects.create(version=published, module=module, key="new-one", code="99.1", kind="practice",
                                 points=1, applies_to=["producer"], oecd_step=1, title_en="New", text_en="New.")


def test_deleting_a_published_version_is_refused(published):
    with pytest.raises(PublishedVersionError):
        published.delete()
    with pytest.raises(PublishedVersionError):
        StandardVersion.objects.filter(pk=published.pk).delete()
    assert StandardVersion.objects.filter(pk=published.pk).exists()


@pytest.mark.parametrize("sql", [
    "UPDATE standards_criterion SET text_en = 'raw' WHERE version_id = %s",
    "DELETE FROM standards_criterion WHERE version_id = %s",
    "UPDATE standards_module SET title_en = 'raw' WHERE version_id = %s",
    "UPDATE standards_level SET overall_min = 1 WHERE version_id = %s",
    "UPDATE standards_standardversion SET title_en = 'raw' WHERE id = %s",
    "UPDATE standards_standardversion SET status = 'draft' WHERE id = %s",
    "DELETE FROM standards_standardversion WHERE id = %s",
])
def test_raw_sql_that_bypasses_the_orm_is_refused_by_the_database(published, sql):
    with pytest.raises(DB_ERRORS, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [published.pk])
    assert not Criterion.objects.filter(version=published, text_en="raw").exists()
    published.refresh_from_db()
    assert published.status == VersionStatus.PUBLISHED


def test_raw_sql_insert_into_a_published_version_is_refused(published):
    module = Module.objects.filter(version=published).first()
    with pytest.raises(DB_ERRORS, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO standards_module (version_id, code, position, oecd_step, theme, title, title_en, intro, "
            "tr_sources, tr_status_fr, tr_status_es) VALUES (%s, 'X', 9, 1, 'management', 'x', 'x', '', '{}', "
            "'missing', 'missing')", [module.version_id])


def test_retiring_through_raw_sql_is_the_one_change_the_database_allows(published):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE standards_standardversion SET status = 'retired' WHERE id = %s", [published.pk])
    published.refresh_from_db()
    assert published.status == VersionStatus.RETIRED


def test_draft_content_can_still_be_edited(version):
    criterion = Criterion.objects.filter(version=version).first()
    services.content_save(actor=None, obj=criterion.__class__.objects.get(pk=criterion.pk), changed=["text_en"])
    criterion.text_en = "Edited."
    criterion.save()
    criterion.refresh_from_db()
    assert criterion.text_en == "Edited."


def test_admin_shows_a_published_criterion_read_only_and_refuses_a_post(client, staff, published):
    client.force_login(staff)
    criterion = Criterion.objects.filter(version=published).first()
    url = f"/en/admin/standards/criterion/{criterion.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and b'name="text_en"' not in page.content
    response = client.post(url, {"text_en": "Changed through the admin"})
    assert response.status_code == 403
    criterion.refresh_from_db()
    assert criterion.text_en != "Changed through the admin"


def test_admin_edit_of_a_draft_goes_through_the_audited_service(client, staff, version):
    client.force_login(staff)
    level = Level.objects.filter(version=version).first()
    url = f"/en/admin/standards/level/{level.pk}/change/"
    form = {"version": version.pk, "rank": level.rank, "code": level.code, "name_en": "Entry level",
            "name_fr": level.name_fr, "name_es": level.name_es, "description_en": level.description_en,
            "description_fr": level.description_fr, "description_es": level.description_es,
            "all_gates_clear": "on", "mitigation_min": 1, "overall_min": "", "every_module_min": "",
            "module_min": "{}"}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    level.refresh_from_db()
    assert level.name_en == "Entry level"
    assert AuditRecord.objects.filter(action="content_update", object_id=str(level.pk), user=staff).exists()


def test_derive_copies_every_criterion_into_a_new_draft(published):
    draft = services.version_derive(actor=None, version=published, label="0.2")
    assert draft.status == VersionStatus.DRAFT and draft.derived_from_id == published.pk
    assert draft.criteria.count() == published.criteria.count()
    assert services.version_export(draft).replace("'0.2'", "'0.1'") == services.version_export(published)
