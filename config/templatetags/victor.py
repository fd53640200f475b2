"""Template helpers used across the site."""

import functools
from typing import NamedTuple

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import get_language_info

from common.markdown import render_markdown
from events import rules
from events.models import Membership

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render Markdown sanitised with nh3."""
    return render_markdown(text)


class PageLanguage(NamedTuple):
    code: str
    name: str  # in the language itself, capitalised: "Slovenščina"
    url: str


@register.simple_tag(takes_context=True)
def page_languages(context) -> list[PageLanguage]:
    """The current page in every language (the switcher and the hreflang links).
    Worked out once per request from the match Django already made: one reverse
    per language, no new resolve."""
    request = context.get("request")
    if request is None:
        return [PageLanguage(code, name, "/") for code, name in _local_names()]
    if not hasattr(request, "page_languages"):
        request.page_languages = [
            PageLanguage(code, name, _page_in_language(request, code)) for code, name in _local_names()
        ]
    return request.page_languages


@functools.cache
def _local_names() -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES
    )


def _page_in_language(request, language_code: str) -> str:
    if getattr(request, "language_in_query", False):
        # A page outside the language prefix (certificate verification): same address, ?lang=.
        query = request.GET.copy()
        query["lang"] = language_code
        return f"{request.path}?{query.urlencode()}"
    path = request.get_full_path()
    match = request.resolver_match
    if match is None:  # an error page answered before or without resolving
        return translate_url(path, language_code)
    with translation.override(language_code):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{iri_to_uri(query)}" if query else url


@register.simple_tag
def select_options(bound_field) -> SafeString:
    """The <option>s of a bound select field, its current value selected. Written
    in Python: a template loop over the options cost more than the rest of the
    seminar list (filter choices are a few dozen on every page view)."""
    current = "" if bound_field.value() is None else str(bound_field.value())
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == current else "", label)
            for value, label in bound_field.field.widget.choices
        ),
    )


@register.simple_tag(takes_context=True)
def staff_areas(context) -> dict:
    """Which work areas the menu offers the current user: the organiser area
    (organisers) and the press office (press officers, and organisers who draft).
    One query for logged-in users, none for coordinators and visitors."""
    user = context.get("user")
    if not (user and user.is_authenticated and user.is_active):
        return {"organiser": False, "press": False}
    if rules.is_coordinator(user):
        return {"organiser": True, "press": True}
    roles = set(user.memberships.values_list("role", flat=True))
    organiser = Membership.Role.ORGANISER in roles
    return {"organiser": organiser, "press": organiser or Membership.Role.PRESS_OFFICER in roles}
