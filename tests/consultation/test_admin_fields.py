"""The consultation's admin forms (defect 6): the "clause changed" picker offers the consulted draft's clauses,
labelled with their version and grouped by module; a round's languages are a choice of en/fr/es, not JSON."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from assay.consultation import services
from assay.consultation.models import Round
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(demo):
    r = RoundFactory(version=demo[1], title="Round", announced_on=date.today() - timedelta(30))
    criterion = demo[1].criteria.order_by("position").first()
    response = services.response_start(round_=r, name="A", email="a@example.org", sector="asm", country="CD",
                                       language="en", consent="named")
    services.response_save(response=response, answers={}, clauses={criterion.pk: "Too strict."})
    return response.comments.get()


def _select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)


def test_the_clause_changed_picker_shows_the_consulted_draft_labelled_and_grouped(client, staff, comment, demo):
    client.force_login(staff)
    page = client.get(reverse("admin:consultation_comment_change", args=[comment.pk])).content.decode()
    select = _select(page, "disposition-0-changed_criterion")
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)
    draft = demo[1]
    assert {int(pk) for pk, _label in options} == set(draft.criteria.values_list("pk", flat=True))
    label = f"{draft.standard.slug} {draft.label}"
    assert all(text.startswith(label + " · ") for _pk, text in options)
    groups = re.findall(r'<optgroup label="([^"]*)"', select)
    assert len(groups) == draft.modules.count() and all(g.startswith(label) for g in groups)


def test_a_round_s_languages_are_a_checkbox_per_language_of_the_settings(client, staff, comment, settings):
    round_ = comment.response.round
    client.force_login(staff)
    url = reverse("admin:consultation_round_change", args=[round_.pk])
    page = client.get(url).content.decode()
    assert re.findall(r'<input type="checkbox" name="languages" value="(\w+)"', page) == settings.ASSAY_LANGUAGES
    assert '<textarea name="languages"' not in page
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({f: getattr(round_, f).isoformat() for f in ("announced_on", "opens_on", "closes_on")})
    data.update({"languages": ["fr", "es"], "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0"})
    for lang in ("en", "fr", "es"):
        data[f"title_{lang}"] = getattr(round_, f"title_{lang}") or ""
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Round.objects.get(pk=round_.pk).languages == ["fr", "es"]
