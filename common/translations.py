"""Fields translated with django-modeltranslation: one column per language
(title_en, title_sl, ...), and the text a reader gets from them."""

from django.conf import settings
from django.utils import translation
from django_countries.fields import Country


def in_language(instance, field: str, *fallbacks: str) -> str:
    """The text of a translated field in the active language, else in the
    fallback languages (a seminar's language of instruction first), else in any."""
    languages = [translation.get_language(), *fallbacks, settings.LANGUAGE_CODE]
    languages += [code for code, _name in settings.LANGUAGES]
    for code in languages:
        value = getattr(instance, f"{field}_{code}", None) if code else None
        if value:
            return value
    return ""


def in_answer_language(instance, field: str, instruction_language: str) -> str:
    """The text of a question the reader must answer (its label and options): in
    their language, else in English, which most readers share, and only then in
    the seminar's language of instruction (a title may name the language taught
    in; a question must be understood)."""
    return in_language(instance, field, settings.LANGUAGE_CODE, instruction_language)


def translated_columns(*fields: str) -> list[str]:
    """The columns of translated fields, one per language: title_en, title_sl, …"""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


def value_at(instance, lookup: str):
    """What instance.values_list(lookup) would give: "venue__city" follows the venue
    (None when there is none); a country is its code."""
    value = instance
    for name in lookup.split("__"):
        value = getattr(value, name) if value is not None else None
    return str(value) if isinstance(value, Country) else value


def changed_columns(new, old, fields) -> list[str]:
    """The columns of `fields` whose values differ between two versions of a row; an
    empty text stored as NULL (an untranslated field) is no change."""
    return [
        field.attname
        for field in fields
        if (value := getattr(new, field.attname)) != (previous := getattr(old, field.attname))
        and not (value in (None, "") and previous in (None, ""))
    ]
