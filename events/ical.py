"""iCalendar for seminars, built in one place (icalendar 7).

Every event has a stable UID, local times with TZID and the matching
VTIMEZONE, a plain-text description and a SEQUENCE that rises on each change.
"""

import html
import re
from datetime import date

import icalendar
import nh3
from django.conf import settings
from django.utils import translation

from events.models import Seminar

PRODUCT_ID = "-//VICTOR Seminars//Seminars//EN"
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


def seminar_event(seminar: Seminar) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{seminar.uid}@victor-seminars")
    event.add("dtstamp", seminar.updated_at)
    event.add("sequence", seminar.sequence)
    event.add("summary", _line(seminar.display_title))
    event.add("dtstart", seminar.starts_at.astimezone(seminar.zone))
    event.add("dtend", seminar.ends_at.astimezone(seminar.zone))
    event.add("location", _location(seminar))
    event.add("url", f"{settings.SITE_URL}{seminar.get_absolute_url()}")
    description = "\n\n".join(
        part for part in (_line(seminar.display_summary), _plain_text(seminar.display_description)) if part
    )
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if seminar.status == Seminar.Status.CANCELLED else "CONFIRMED")
    event.add(
        "organizer", f"mailto:{seminar.contact_email}", parameters={"CN": _line(seminar.organisation.name)}
    )
    return event


def calendar_for(seminars, *, name: str) -> bytes:
    seminars = list(seminars)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _line(name))
    for seminar in seminars:
        calendar.add_component(seminar_event(seminar))
    # VTIMEZONE rules only for the years the events fall in, to keep feeds small.
    years = [seminar.starts_at.year for seminar in seminars]
    if years:
        calendar.add_missing_timezones(
            first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 12, 31)
        )
    return calendar.to_ical()
