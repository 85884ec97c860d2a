"""Fields translated with django-modeltranslation (each gets a column per language of ASSAY_LANGUAGES: _en, _fr, …)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, Level, Module, Standard, StandardVersion

for model in (Standard, StandardVersion, Module, Criterion, Level):
    register(model)(type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {
        "fields": model.translated_fields,
        "required_languages": ("en",),
    }))
