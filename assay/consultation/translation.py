"""Round titles and purposes, questions, and the committee's responses in each language of ASSAY_LANGUAGES
(django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Disposition, Question, Round


@register(Round)
class RoundTranslation(TranslationOptions):
    fields = ("title", "purpose", "workshop_place")
    required_languages = ("en",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "choices")
    required_languages = ("en",)


@register(Disposition)
class DispositionTranslation(TranslationOptions):
    fields = Disposition.translated_fields
    required_languages = {"en": ("response",)}  # accepted wording is there only when a proposal was accepted
