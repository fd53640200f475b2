"""Emails: the language to write to an address in, and a message from templates."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def address_language(email: str, *fallbacks: str) -> str:
    """The language to write to `email` in: its account's preferred language, else
    the first of `fallbacks` the site offers, else the site's."""
    preferred = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .values_list("preferred_language", flat=True)
        .first()
    )
    available = {code for code, _name in settings.LANGUAGES}
    for language in (preferred, *fallbacks):
        if language in available:
            return language
    return settings.LANGUAGE_CODE


def email_from_templates(
    subject: str, template: str, context: dict, *, to: list[str]
) -> EmailMultiAlternatives:
    """`template`.txt as the text and `template`.html as its HTML alternative, rendered
    in the active language."""
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=to
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
