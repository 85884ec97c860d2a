"""Fields translated with django-modeltranslation (each gets _en, _fr and _es columns)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, Level, Module, Standard, StandardVersion

for model in (Standard, StandardVersion, Module, Criterion, Level):
    register(model)(type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {
        "fields": model.translated_fields,
        "required_languages": ("en",),
    }))
