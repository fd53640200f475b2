"""iCalendar for seminars, built in one place (icalendar 7).

Every event has a stable UID, local times with TZID and the matching
VTIMEZONE, a plain-text description and a SEQUENCE that rises on each change.
"""

import functools
from collections import namedtuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from common.ical import EventFacts, calendar_bytes, markdown_text, one_line, plain_text, written_event
from common.translations import in_language, translated_columns, value_at
from events.models import Seminar

PRODUCT_ID = "-//VICTOR Seminars//Seminars//EN"


# What a VEVENT shows, as (row attribute, lookup from a seminar): the feed reads
# these columns as plain values, a single seminar is read through its attributes.
_TRANSLATED = [(column, column) for column in translated_columns("title", "summary", "description")]
EVENT_COLUMNS = (
    ("uid", "uid"),
    ("slug", "slug"),
    ("updated_at", "updated_at"),
    ("sequence", "sequence"),
    ("starts_at", "starts_at"),
    ("ends_at", "ends_at"),
    ("time_zone", "time_zone"),
    ("status", "status"),
    ("contact_email", "contact_email"),
    ("language", "language"),
    *_TRANSLATED,
    ("venue_id", "venue_id"),
    ("venue_name", "venue__name"),
    ("venue_address", "venue__address"),
    ("venue_city", "venue__city"),
    ("venue_country", "venue__country"),
    ("organisation_name", "organisation__name"),
)
EventRow = namedtuple("EventRow", [attribute for attribute, _lookup in EVENT_COLUMNS])


def event_rows(seminars) -> list[EventRow]:
    """The rows of a queryset in one query of plain values, or of seminar instances."""
    if isinstance(seminars, QuerySet):
        return [
            EventRow._make(row) for row in seminars.values_list(*(lookup for _a, lookup in EVENT_COLUMNS))
        ]
    return [EventRow._make(value_at(seminar, lookup) for _a, lookup in EVENT_COLUMNS) for seminar in seminars]


def _location(row: EventRow) -> str:
    if row.venue_id is None:
        return str(translation.gettext("Online"))
    parts = [row.venue_name, row.venue_address, row.venue_city, str(countries.name(row.venue_country))]
    return one_line(", ".join(part for part in parts if part))


def event_facts(row: EventRow) -> EventFacts:
    """The facts in the active language."""
    zone = ZoneInfo(row.time_zone)
    description = "\n\n".join(
        part
        for part in (
            one_line(plain_text(in_language(row, "summary", row.language))),
            markdown_text(in_language(row, "description", row.language)),
        )
        if part
    )
    return EventFacts(
        uid=f"{row.uid}@victor-seminars",
        stamp=row.updated_at,
        sequence=row.sequence,
        summary=one_line(plain_text(in_language(row, "title", row.language))),
        starts_at=row.starts_at.astimezone(zone),
        ends_at=row.ends_at.astimezone(zone),
        location=_location(row),
        url=f"{settings.SITE_URL}{reverse('seminar_detail', kwargs={'slug': row.slug})}",
        description=description,
        cancelled=row.status == Seminar.Status.CANCELLED,
        organizer=f"mailto:{row.contact_email}",
        organizer_name=one_line(row.organisation_name),
    )


@functools.lru_cache(maxsize=2048)
def _event_ical(row: EventRow, language: str, site_url: str) -> tuple[bytes, frozenset[str], int]:
    """The VEVENT's text, the time zones it names and its year. A pure function of
    the row (every value the event shows), the language and the site's address, so
    each process writes an event once per version: reading it back is a lookup,
    where icalendar's line folding costs about half a millisecond per event."""
    return written_event(event_facts(row))


def calendar_for(seminars, *, name: str) -> bytes:
    """A VCALENDAR of the seminars (a queryset, read in one query, or instances) in
    the active language, with the VTIMEZONE of every zone their times use, written
    before the events that use them."""
    language = translation.get_language()
    events = [_event_ical(row, language, settings.SITE_URL) for row in event_rows(seminars)]
    return calendar_bytes(name=name, product_id=PRODUCT_ID, events=events)
