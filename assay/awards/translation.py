"""An award's translated fields (django-modeltranslation: one column per language of the settings)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Award


@register(Award)
class AwardTranslationOptions(TranslationOptions):
    fields = Award.translated_fields
    required_languages = ("en",)
