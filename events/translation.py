"""Fields that hold text in each UI language (django-modeltranslation).

No language is required by the library: a seminar needs its title in at least
one language (validated in Seminar.clean), and pages fall back to the seminar's
language of instruction (events.models.in_language).
"""

from modeltranslation.translator import TranslationOptions, register

from events.models import AgendaSession, Project, Seminar, Trainer


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Seminar)
class SeminarTranslation(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ()
    fallback_undefined = ""


@register(AgendaSession)
class AgendaSessionTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ()


@register(Trainer)
class TrainerTranslation(TranslationOptions):
    fields = ("bio",)
    required_languages = ()
