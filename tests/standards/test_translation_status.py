"""Each translation is missing, current, or outdated once its English source changes."""

import pytest

from assay.standards.models import Criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def criterion(version):
    return Criterion.objects.filter(version=version, kind="practice").first()


def test_imported_translations_are_current(criterion):
    assert criterion.translation_status("text", "fr") == "current"
    assert criterion.tr_status_fr == "current" and criterion.tr_status_es == "current"


def test_changing_english_makes_translations_outdated(criterion):
    criterion.text_en += " More."
    criterion.save()
    criterion = Criterion.objects.get(pk=criterion.pk)
    assert criterion.translation_status("text", "fr") == "outdated"
    assert criterion.tr_status_fr == "outdated" and criterion.tr_status_es == "outdated"
    assert criterion.translation_status("title", "fr") == "current"


def test_saving_the_translation_again_makes_it_current(criterion):
    criterion.text_en += " More."
    criterion.save()
    criterion = Criterion.objects.get(pk=criterion.pk)
    criterion.text_fr += " Davantage."
    criterion.save()
    criterion = Criterion.objects.get(pk=criterion.pk)
    assert criterion.translation_status("text", "fr") == "current"
    assert criterion.translation_status("text", "es") == "outdated"
    assert criterion.tr_status_fr == "current"


def test_a_cleared_translation_is_missing(criterion):
    criterion.guidance_es = ""
    criterion.save()
    criterion = Criterion.objects.get(pk=criterion.pk)
    assert criterion.translation_status("guidance", "es") == "missing"
    assert criterion.tr_status_es == "missing"


def test_editing_english_and_translation_together_keeps_it_current(criterion):
    criterion.text_en = "New English."
    criterion.text_fr = "Nouveau français."
    criterion.save()
    criterion = Criterion.objects.get(pk=criterion.pk)
    assert criterion.translation_status("text", "fr") == "current"
    assert criterion.translation_status("text", "es") == "outdated"


def test_admin_filters_criteria_by_translation_status(client, staff, criterion):
    criterion.text_en += " More."
    criterion.save()
    client.force_login(staff)
    page = client.get("/en/admin/standards/criterion/", {"tr_status_fr__exact": "outdated"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert list(page.context["cl"].result_list) == [criterion]


def test_a_partly_loaded_row_loads_and_still_tracks_its_translations(criterion):
    """`only()` and `defer()` leave translated fields unloaded; reading the row must not recurse, and a
    translation changed after loading it is still recorded against the English it matches."""
    light = Criterion.objects.only("id", "code").get(pk=criterion.pk)
    assert light.code == criterion.code
    partial = Criterion.objects.defer("text_fr").get(pk=criterion.pk)
    partial.text_fr = "Nouvelle traduction."
    partial.save()
    partial.refresh_from_db()
    assert partial.translation_status("text", "fr") == "current"
