"""Template helpers used across the site."""

from django import template
from django.urls import translate_url

from config.markdown import render_markdown
from events import rules
from events.models import Membership

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render Markdown sanitised with nh3."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code: str) -> str:
    """The current page in another language (for the switcher and hreflang links)."""
    request = context.get("request")
    if request is None:
        return "/"
    if getattr(request, "language_in_query", False):
        # A page outside the language prefix (certificate verification): same address, ?lang=.
        query = request.GET.copy()
        query["lang"] = language_code
        return f"{request.path}?{query.urlencode()}"
    return translate_url(request.get_full_path(), language_code)


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
