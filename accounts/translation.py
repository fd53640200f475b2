"""Fields that hold text in each UI language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from accounts.models import PrivacyNotice, ProfessionalGroup


@register(ProfessionalGroup)
class ProfessionalGroupTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(PrivacyNotice)
class PrivacyNoticeTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)
