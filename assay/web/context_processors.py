from django.urls import translate_url

from assay.lib import languages


def site(request):
    """Language switcher links: the same page in each language, so switching needs no JavaScript or POST. Each is
    named in its own language ("Português"), the way a reader looks for it. `content_languages`: the languages the
    texts exist in, for the pages' per-language downloads. All from the settings (ASSAY_LANGUAGES)."""
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": languages.local_name(code), "url": translate_url(path, code)}
            for code in languages.interface()
        ],
        "content_languages": languages.content(),
    }
