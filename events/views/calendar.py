"""Seminars as iCalendar files (outside the language prefix: their URLs never change)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events import selectors
from events.ical import calendar_for

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def seminar_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    seminar = selectors.public_seminar(slug)
    if seminar is None:
        raise Http404
    return _calendar_response(calendar_for([seminar], name=seminar.display_title), f"{seminar.slug}.ics")


@require_GET
def seminars_feed(request: HttpRequest) -> HttpResponse:
    """All published seminars, optionally of one country: a subscribable feed."""
    country = request.GET.get("country", "")[:2]
    seminars = selectors.public_seminars(selectors.SeminarFilters(country=country))
    return _calendar_response(calendar_for(seminars, name=_("VICTOR Seminars")), "victor-seminars.ics")
