"""RSS 2.0 and Atom feeds of listed press releases (/press/feed/rss/, /press/feed/atom/),
outside the language prefix; ?language=el keeps one language (common.feeds.OneLanguageFeed).

Only PressRelease.objects.listed() appears: published, past the publish time
(embargo), not withdrawn. Each item carries its own language and the PDF as an
enclosure (rendered once per revision by press.pdf).
"""

import uuid
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import feedgenerator, translation
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.caching import cached_page
from common.feeds import AtomWithItemLanguage, OneLanguageFeed, RssWithItemLanguage
from common.markdown import render_markdown
from events import cache as event_cache
from press import cache, selectors
from press.models import PressRelease, url_in_own_language
from press.pdf import pdf_size
from press.selectors import PressFilters

FEED_ITEMS = 20


@dataclass(frozen=True)
class FeedRequest:
    filters: PressFilters
    origin: str  # scheme and host the feed was asked on, for absolute enclosure URLs


class ReleaseFeed(OneLanguageFeed):
    @method_decorator(
        cached_page(cache.SCOPE, event_cache.SCOPE, fresh_until=cache.next_publication, conditional=True)
    )
    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedRequest:
        return FeedRequest(
            filters=PressFilters(language=request.GET.get("language", "")),
            origin=request.build_absolute_uri("/").rstrip("/"),
        )

    def title(self, obj: FeedRequest) -> str:
        return _("VICTOR Seminars: press releases")

    def description(self, obj: FeedRequest) -> str:
        return _("Press releases of the organisations that host VICTOR Seminars.")

    def link(self, obj: FeedRequest) -> str:
        return reverse("press_release_list")

    def items(self, obj: FeedRequest) -> list[PressRelease]:
        releases = list(selectors.listed_releases(obj.filters)[:FEED_ITEMS])
        for release in releases:
            release.pdf_url = obj.origin + reverse("press_pdf", kwargs={"slug": release.slug})
        return releases

    def item_title(self, item: PressRelease) -> str:
        """The headline as plain text: RSS 2.0 and Atom (type="text") titles are text,
        and the XML writer escapes it once (Django's default escapes it a second time,
        which readers then show as "&lt;")."""
        return item.headline

    def item_link(self, item: PressRelease) -> str:
        return url_in_own_language(item)

    def item_guid(self, item: PressRelease) -> str:
        """Stable whatever happens to the slug or text: one id per release and language."""
        return f"urn:uuid:{uuid.uuid5(item.translation_group, item.language)}"

    def item_guid_is_permalink(self, item: PressRelease) -> bool:
        return False

    def item_description(self, item: PressRelease) -> str:
        """The whole release as sanitised HTML: subtitle, lead, body, correction."""
        parts = []
        if item.subtitle:
            parts.append(format_html("<p><strong>{}</strong></p>", item.subtitle))
        parts.append(format_html("<p>{}</p>", item.lead))
        parts.append(render_markdown(item.body))
        if item.corrected_at:
            with translation.override(item.language):
                corrected = _("Corrected on %(date)s.") % {
                    "date": date_format(item.corrected_at, "DATE_FORMAT")
                }
            parts.append(format_html("<p><em>{}</em> {}</p>", corrected, item.correction_note))
        return mark_safe("\n".join(parts))  # noqa: S308 - every part escaped or sanitised by nh3

    def item_pubdate(self, item: PressRelease):
        return item.publish_at

    def item_updateddate(self, item: PressRelease):
        return max(item.publish_at, item.corrected_at) if item.corrected_at else item.publish_at

    def item_author_name(self, item: PressRelease) -> str:
        return item.organisation.name

    def item_author_link(self, item: PressRelease) -> str | None:
        return item.organisation.website or None

    def item_enclosures(self, item: PressRelease) -> list[feedgenerator.Enclosure]:
        return [feedgenerator.Enclosure(item.pdf_url, str(pdf_size(item)), "application/pdf")]

    def item_extra_kwargs(self, item: PressRelease) -> dict:
        return {"language": item.language}


class ReleaseRssFeed(ReleaseFeed):
    feed_type = RssWithItemLanguage


class ReleaseAtomFeed(ReleaseFeed):
    feed_type = AtomWithItemLanguage

    def subtitle(self, obj: FeedRequest) -> str:
        return self.description(obj)
