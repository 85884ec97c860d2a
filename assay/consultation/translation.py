"""Round titles and purposes, and questions, in en, fr and es (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Question, Round


@register(Round)
class RoundTranslation(TranslationOptions):
    fields = ("title", "purpose", "workshop_place")
    required_languages = ("en",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "choices")
    required_languages = ("en",)
