"""Public seminar pages: the list of seminars, and seminars as iCalendar files (outside
the language prefix: their URLs never change). A seminar's own page shows its
registration state: registrations.views.seminar_detail."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from common.caching import cached_page
from common.ical import calendar_language, calendar_response
from events import cache, selectors
from events.filters import SeminarFilterForm
from events.ical import calendar_for
from events.models import Seminar

SEMINARS_PER_PAGE = 20


@require_GET
@cached_page(cache.SCOPE, fresh_until=cache.next_seminar_end)
def seminar_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    query.setdefault("when", "upcoming")  # "?when=" (any time) is a choice; no "when" at all is not
    form = SeminarFilterForm(query)
    filters = form.filters()
    seminars = selectors.for_cards(selectors.public_seminars(filters))
    page = Paginator(seminars, SEMINARS_PER_PAGE).get_page(request.GET.get("page"))
    query.pop("page", None)
    return render(
        request,
        "events/seminar_list.html",
        {"form": form, "page": page, "filters": filters, "query": query.urlencode()},
    )


# The subscribable feed carries the seminars that ended in the last twelve months
# and every later one: calendar clients download the whole file on each poll, so
# it must not grow with the years. Older seminars keep their page and own .ics.
FEED_HISTORY = timedelta(days=365)


@require_GET
@cached_page(cache.SCOPE, conditional=True)
def seminar_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    seminar = Seminar.objects.published().select_related("venue", "organisation").filter(slug=slug).first()
    if seminar is None:
        raise Http404
    with translation.override(calendar_language(request)):
        body = calendar_for([seminar], name=seminar.display_title)
    return calendar_response(body, f"{seminar.slug}.ics")


@require_GET
@cached_page(cache.SCOPE, conditional=True)
def seminars_feed(request: HttpRequest) -> HttpResponse:
    """Public seminars of the last twelve months and later, optionally of one
    country: a subscribable feed."""
    country = request.GET.get("country", "").upper()
    if country and country not in countries:
        seminars = Seminar.objects.none()  # an unknown country has no seminars
    else:
        seminars = selectors.public_seminars(selectors.SeminarFilters(country=country)).filter(
            ends_at__gte=timezone.now() - FEED_HISTORY
        )
    with translation.override(calendar_language(request)):
        body = calendar_for(seminars, name=_("VICTOR Seminars"))
    return calendar_response(body, "victor-seminars.ics")
