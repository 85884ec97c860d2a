"""Run by test_languages_config.py in a subprocess with ASSAY_LANGUAGES naming one more language (Italian) and
the test database built from the models (--no-migrations: the content columns' migrations are what an operator
generates when adding a language, see README). Not collected by a normal run (its name is not test_*)."""

import io
import os

import pytest
from openpyxl import load_workbook

from assay.consultation.xlsform import build_xlsform
from assay.standards.models import Criterion
from assay.standards.translation_status import TranslationStatus
from tests.factories import QuestionFactory, RoundFactory

NEW = os.environ.get("ASSAY_PROBE_LANGUAGE", "it")
pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(NEW not in os.environ.get("ASSAY_LANGUAGES", ""), reason="run by a subprocess")]


def test_the_switcher_offers_the_new_language_named_in_itself(client, demo):
    html = client.get("/en/standards/mes/0.1/").content.decode()
    assert f'hreflang="{NEW}" lang="{NEW}" title="Italiano"' in html
    page = client.get(f"/{NEW}/standards/mes/0.1/")
    assert page.status_code == 200
    assert f'<html lang="{NEW}">' in page.content.decode()


def test_the_translation_status_covers_the_new_language(admin_client, demo):
    criterion = Criterion.objects.get(version=demo[0], code="3.2")
    assert getattr(criterion, f"tr_status_{NEW}") == TranslationStatus.MISSING
    assert criterion.translation_status("title", NEW) == TranslationStatus.MISSING
    setattr(criterion, f"title_{NEW}", "Nessun lavoro forzato")
    criterion.sync_translation_state()
    assert criterion.translation_status("title", NEW) == TranslationStatus.CURRENT
    changelist = admin_client.get(f"/en/admin/standards/criterion/?tr_status_{NEW}=missing")
    assert changelist.status_code == 200
    assert f"column-translation_{NEW}" in changelist.content.decode()


def test_the_xlsform_has_the_new_language_columns(demo):
    round_ = RoundFactory(version=demo[1], title="Pilot sites")
    QuestionFactory(round=round_, position=0, answer_type="text", sectors=["asm"], text_en="What would stop you?",
                    **{f"text_{NEW}": "Che cosa la fermerebbe?"})
    workbook = load_workbook(io.BytesIO(build_xlsform(round_, NEW)))
    header = next(workbook["survey"].values)
    assert f"label::Italiano ({NEW})" in header
    column = header.index(f"label::Italiano ({NEW})")
    assert "Che cosa la fermerebbe?" in [row[column] for row in workbook["survey"].values]
    assert next(iter(workbook["settings"].values))  # a settings sheet, opening in the new language
    assert f"Italiano ({NEW})" in [cell for row in workbook["settings"].values for cell in row]
