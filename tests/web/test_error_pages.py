"""Error pages speak the reader's language and work on a phone (defect found: Django's English 404 page)."""

import pytest
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "words"), [("en", "Page not found"), ("fr", "Page introuvable"),
                                             ("es", "Página no encontrada")])
def test_a_missing_page_says_so_in_the_readers_language(client, lang, words):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert words in page and f'<html lang="{lang}"' in page and 'name="viewport"' in page


def test_a_refusal_is_a_translated_page(client, member):
    client.force_login(member)
    response = client.get("/fr/reports/secretariat/")
    assert response.status_code == 403 and "Action non autorisée" in response.content.decode()


def test_the_server_error_page_renders_without_a_request_context():
    from django.views.defaults import server_error

    with translation.override("es"):
        response = server_error(RequestFactory().get("/es/"))
    assert response.status_code == 500 and "Algo salió mal" in response.content.decode()

