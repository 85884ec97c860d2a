from django.conf import settings
from django.urls import translate_url


def site(request):
    """Language switcher links: the same page in each language, so switching needs no JavaScript or POST."""
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES
        ],
    }
