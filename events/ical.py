"""iCalendar for seminars, built in one place (icalendar 7).

Every event has a stable UID, local times with TZID and the matching
VTIMEZONE, a plain-text description and a SEQUENCE that rises on each change.
"""

import functools
import html
import re
from dataclasses import dataclass
from datetime import date, datetime

import icalendar
import nh3
from django.conf import settings
from django.utils import translation

from events.models import Seminar

PRODUCT_ID = "-//VICTOR Seminars//Seminars//EN"
CALENDAR_END = b"END:VCALENDAR\r\n"
# Calendar clients turn URLs into links: script-running schemes are dropped from text.
ACTIVE_URL_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")


def _plain_text(markdown_text: str) -> str:
    """The Markdown source as text with every HTML tag removed (and script/style
    content dropped): Markdown reads well as plain text, and nothing active survives."""
    text = html.unescape(nh3.clean(markdown_text or "", tags=set()))
    return _text(ACTIVE_URL_SCHEME.sub("", text))


def _text(value: str) -> str:
    """Line breaks as plain LF (icalendar escapes them); no stray carriage returns."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _line(value: str) -> str:
    """A one-line property: any line break becomes a space, so no property can be injected."""
    return " ".join(value.split())


def _location(seminar: Seminar) -> str:
    if seminar.venue is None:
        return str(translation.gettext("Online"))
    venue = seminar.venue
    parts = [venue.name, venue.address, venue.city, str(venue.country.name)]
    return _line(", ".join(part for part in parts if part))


@dataclass(frozen=True)
class EventFacts:
    """What a seminar's VEVENT says, as text and times (in the venue's zone)."""

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


def event_facts(seminar: Seminar) -> EventFacts:
    """The facts in the active language."""
    description = "\n\n".join(
        part for part in (_line(seminar.display_summary), _plain_text(seminar.display_description)) if part
    )
    return EventFacts(
        uid=f"{seminar.uid}@victor-seminars",
        stamp=seminar.updated_at,
        sequence=seminar.sequence,
        summary=_line(seminar.display_title),
        starts_at=seminar.starts_at.astimezone(seminar.zone),
        ends_at=seminar.ends_at.astimezone(seminar.zone),
        location=_location(seminar),
        url=f"{settings.SITE_URL}{seminar.get_absolute_url()}",
        description=description,
        cancelled=seminar.status == Seminar.Status.CANCELLED,
        organizer=f"mailto:{seminar.contact_email}",
        organizer_name=_line(seminar.organisation.name),
    )


def seminar_event(facts: EventFacts) -> icalendar.Event:
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


@functools.lru_cache(maxsize=4096)
def _event_ical(facts: EventFacts) -> tuple[bytes, frozenset[str]]:
    """The VEVENT's text and the time zones it names. A pure function of the facts,
    so each process writes an event once per version: icalendar's line folding
    costs about half a millisecond per event, which a feed of every seminar repeats."""
    event = seminar_event(facts)
    holder = icalendar.Calendar()
    holder.add_component(event)
    return event.to_ical(), frozenset(holder.get_missing_tzids())


@functools.lru_cache(maxsize=256)
def _timezone_ical(tzid: str, first_year: int, last_year: int) -> bytes:
    """VTIMEZONE rules only for the years the events fall in, to keep feeds small."""
    try:
        timezone = icalendar.Timezone.from_tzid(
            tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 12, 31)
        )
    except ValueError:  # a zone icalendar does not know is left out, as add_missing_timezones does
        return b""
    return timezone.to_ical()


def calendar_for(seminars, *, name: str) -> bytes:
    """A VCALENDAR of the seminars (in the active language), with the VTIMEZONE of
    every zone their times use, written before the events that use them."""
    facts = [event_facts(seminar) for seminar in seminars]
    events = [_event_ical(item) for item in facts]
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _line(name))
    head = calendar.to_ical()
    if not head.endswith(CALENDAR_END):
        raise ValueError("icalendar wrote a calendar that does not end with END:VCALENDAR")
    zones = sorted(set().union(*(tzids for _text, tzids in events)))
    years = [item.starts_at.year for item in facts]
    timezones = [_timezone_ical(tzid, min(years), max(years)) for tzid in zones]
    return b"".join(
        [head.removesuffix(CALENDAR_END), *timezones, *(text for text, _tzids in events), CALENDAR_END]
    )
