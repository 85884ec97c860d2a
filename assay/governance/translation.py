"""Fields translated with django-modeltranslation (a column per content language), as the standard's own."""

from modeltranslation.translator import TranslationOptions, register

from .models import Body, Decision, Meeting, MeetingItem

for model in (Body, Meeting, MeetingItem, Decision):
    register(model)(type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {
        "fields": model.translated_fields,
        "required_languages": ("en",),
    }))
