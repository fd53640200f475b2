"""The press release card of lists."""

from django import template
from django.utils.safestring import SafeString

from common.fragments import FragmentMemo

register = template.Library()

_CARDS = FragmentMemo("press/release_card.html")


@register.simple_tag
def release_card(release, heading_level: int = 3) -> SafeString:
    """The release's card, rendered once per version: the key holds every value
    press/release_card.html shows (a field added to the template belongs here too)."""
    project = release.project
    shown = (
        heading_level,
        release.slug,
        release.language,
        release.dateline_city,
        release.dateline_date,
        release.headline,
        release.lead,
        release.organisation.name,
        project.acronym if project is not None else None,
    )
    return _CARDS.render(shown, {"release": release, "heading_level": heading_level})
