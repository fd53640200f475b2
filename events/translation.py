"""Fields that hold text in each UI language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Project


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)
