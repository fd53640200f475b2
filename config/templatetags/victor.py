"""Template helpers used across the site."""

from django import template
from django.urls import translate_url

from config.markdown import render_markdown
from events import rules

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
    return translate_url(request.get_full_path(), language_code)


@register.simple_tag(takes_context=True)
def organises(context) -> bool:
    """Whether the current user may open the organiser area (one query, logged-in users only)."""
    user = context.get("user")
    return bool(user and user.is_authenticated and rules.organisations_managed_by(user).exists())
