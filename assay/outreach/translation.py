"""E-mail templates and list descriptions in each language of ASSAY_LANGUAGES (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import EmailTemplate, MailingList


@register(EmailTemplate)
class EmailTemplateTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("en",)


@register(MailingList)
class MailingListTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}
