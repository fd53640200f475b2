"""Showing seminars: times in the venue's time zone with its abbreviation, and
the seminar card of lists.

Every time a page, an email or a PDF shows goes through local_datetime (or, for
a clock time or a date alone, local_time and local_date, the same rule): in the
zone events.zones says (the seminar's for anything about a seminar, else the
organisation's), with the zone's abbreviation, in the reader's language. Never
|date or |time on a stored time: those show the server's zone (UTC)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from common.fragments import FragmentMemo
from events import selectors
from events.models import value_at

register = template.Library()


def _local(value: datetime, zone) -> datetime:
    """`zone`: a ZoneInfo, a zone name, or what has one as `.zone` (a Seminar)."""
    zone = getattr(zone, "zone", zone)
    return value.astimezone(zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone))


@register.filter
def local_time(value: datetime | None, zone) -> str:
    """'14:30 CEST': a time in the given zone."""
    if value is None:
        return ""
    local = _local(value, zone)
    return f"{date_format(local, 'H:i')} {local.tzname()}"


@register.filter
def local_datetime(value: datetime | None, zone) -> str:
    """'28 March 2027, 09:00 CEST': the one way a stored time is shown. `zone` is the
    zone of what the time belongs to (events.zones): the seminar's (pass the
    seminar or seminar.zone) for its registrations, attendance, certificates and
    messages; the organisation's (events.zones.organisation_zone) for what has no
    seminar, such as invitations and press releases. The date and the month are in
    the active (reader's) language."""
    if value is None:
        return ""
    local = _local(value, zone)
    return f"{date_format(local, 'DATE_FORMAT')}, {date_format(local, 'H:i')} {local.tzname()}"


@register.simple_tag
def seminar_when(seminar) -> str:
    """'28 March 2027, 09:00–17:00 CEST', or a range over several days."""
    start = _local(seminar.starts_at, seminar.zone)
    end = _local(seminar.ends_at, seminar.zone)
    if start.date() == end.date():
        return (
            f"{date_format(start, 'DATE_FORMAT')}, {date_format(start, 'H:i')}–"
            f"{date_format(end, 'H:i')} {end.tzname()}"
        )
    return (
        f"{local_datetime(seminar.starts_at, seminar.zone)} – {local_datetime(seminar.ends_at, seminar.zone)}"
    )


@register.filter
def local_date(value: datetime | None, zone) -> str:
    """'28 March 2027': the date of a stored time in that zone (see local_datetime)."""
    return date_format(_local(value, zone), "DATE_FORMAT") if value else ""


_CARDS = FragmentMemo("events/includes/seminar_card.html")


@register.simple_tag
def seminar_card(seminar, heading_level: int = 3) -> SafeString:
    """The seminar's card (an <article> with a heading of the given level), rendered
    once per version: kept under the values of selectors.CARD_FIELDS, every value
    the card template shows (a field added to the template belongs there too)."""
    shown = (heading_level, *(value_at(seminar, lookup) for lookup in selectors.CARD_FIELDS))
    return _CARDS.render(shown, {"seminar": seminar, "heading_level": heading_level})
