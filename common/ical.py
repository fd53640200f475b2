"""Generic iCalendar building (icalendar 7): safe text properties, VTIMEZONE
rules for the years used, and a VCALENDAR assembled from written events."""

import functools
import html
import re
from dataclasses import dataclass
from datetime import date, datetime

import icalendar
import nh3
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from common.markdown import markdown_as_text

CALENDAR_END = b"END:VCALENDAR\r\n"
# Calendar clients turn URLs into links: script-running schemes are dropped from text.
ACTIVE_URL_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")


def plain_text(value: str) -> str:
    """A plain field (title, summary) as text with every HTML tag removed (and
    script/style content dropped), so nothing active survives."""
    text = html.unescape(nh3.clean(value or "", tags=set()))
    return ical_text(ACTIVE_URL_SCHEME.sub("", text))


def markdown_text(markdown_text: str) -> str:
    """A Markdown field as the page shows it, in plain text ("**Day 1**" reads "Day 1")."""
    return ical_text(ACTIVE_URL_SCHEME.sub("", markdown_as_text(markdown_text)))


def ical_text(value: str) -> str:
    """Line breaks as plain LF (icalendar escapes them); no stray carriage returns."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def one_line(value: str) -> str:
    """A one-line property: any line break becomes a space, so no property can be injected."""
    return " ".join(value.split())


@functools.lru_cache(maxsize=256)
@dataclass(frozen=True)
class EventFacts:
    """What a VEVENT says, as text and times (in the event's own zone)."""

    uid: str
    stamp: datetime
    sequence: int
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str
    url: str
    description: str
    cancelled: bool
    organizer: str
    organizer_name: str


def vevent(facts: EventFacts) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", facts.uid)
    event.add("dtstamp", facts.stamp)
    event.add("sequence", facts.sequence)
    event.add("summary", facts.summary)
    event.add("dtstart", facts.starts_at)
    event.add("dtend", facts.ends_at)
    event.add("location", facts.location)
    event.add("url", facts.url)
    if facts.description:
        event.add("description", facts.description)
    event.add("status", "CANCELLED" if facts.cancelled else "CONFIRMED")
    event.add("organizer", facts.organizer, parameters={"CN": facts.organizer_name})
    return event


def written_event(facts: EventFacts) -> tuple[bytes, frozenset[str], int]:
    """The VEVENT's text, the time zones it names and its year (what calendar_bytes takes)."""
    event = vevent(facts)
    holder = icalendar.Calendar()
    holder.add_component(event)
    return event.to_ical(), frozenset(holder.get_missing_tzids()), facts.starts_at.year


def _timezone_ical(tzid: str, first_year: int, last_year: int) -> bytes:
    """VTIMEZONE rules only for the years the events fall in, to keep feeds small."""
    try:
        timezone = icalendar.Timezone.from_tzid(
            tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 12, 31)
        )
    except ValueError:  # a zone icalendar does not know is left out, as add_missing_timezones does
        return b""
    return timezone.to_ical()


def calendar_bytes(*, name: str, product_id: str, events: list[tuple[bytes, frozenset[str], int]]) -> bytes:
    """A VCALENDAR of written events (their text, the time zones they name, their
    year), with the VTIMEZONE of every zone they use written before them."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", product_id)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    head = calendar.to_ical()
    if not head.endswith(CALENDAR_END):
        raise ValueError("icalendar wrote a calendar that does not end with END:VCALENDAR")
    zones = sorted(set().union(*(tzids for _text, tzids, _year in events)))
    years = [year for _text, _tzids, year in events]
    timezones = [_timezone_ical(tzid, min(years), max(years)) for tzid in zones]
    return b"".join(
        [head.removesuffix(CALENDAR_END), *timezones, *(text for text, _tzids, _year in events), CALENDAR_END]
    )


CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_language(request: HttpRequest) -> str:
    """?lang=el, else the language cookie or Accept-Language: .ics URLs carry no prefix."""
    requested = request.GET.get("lang", "")
    if requested in dict(settings.LANGUAGES):
        return requested
    return translation.get_language_from_request(request)


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    """An iCalendar file, cached for five minutes, kept apart by language on the way."""
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    # Without ?lang= the language comes from the cookie or Accept-Language: a shared
    # cache on the way must keep the languages apart.
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response
