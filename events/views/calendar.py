"""Seminars as iCalendar files (outside the language prefix: their URLs never change)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events import selectors
from events.ical import calendar_for

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _language(request: HttpRequest) -> str:
    """?lang=el, else the language cookie or Accept-Language: .ics URLs carry no prefix."""
    requested = request.GET.get("lang", "")
    if requested in dict(settings.LANGUAGES):
        return requested
    return translation.get_language_from_request(request)


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
    with translation.override(_language(request)):
        body = calendar_for([seminar], name=seminar.display_title)
    return _calendar_response(body, f"{seminar.slug}.ics")


@require_GET
def seminars_feed(request: HttpRequest) -> HttpResponse:
    """All published seminars, optionally of one country: a subscribable feed."""
    country = request.GET.get("country", "")[:2]
    seminars = selectors.public_seminars(selectors.SeminarFilters(country=country))
    with translation.override(_language(request)):
        body = calendar_for(seminars, name=_("VICTOR Seminars"))
    return _calendar_response(body, "victor-seminars.ics")
