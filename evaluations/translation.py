"""Fields that hold text in each UI language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from evaluations.models import Material, Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "options")
    required_languages = ()


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ()
