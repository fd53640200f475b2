"""Fields that hold text in each UI language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from registrations.models import Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "options")
    required_languages = ()
