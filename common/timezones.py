"""Time zones: IANA names, wall-clock time typed in a zone, and stored (UTC) times
shown in one.

Every time a page, an email or a PDF shows goes through local_datetime (or, for
a clock time or a date alone, local_time and local_date, the same rule): in the
zone of what the time belongs to (the caller says which), with the zone's
abbreviation, in the reader's language. Never |date or |time on a stored time:
those show the server's zone (UTC).
"""

import zoneinfo
from datetime import UTC, date, datetime, time
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# The usual time zone of the countries where seminars are held.
COUNTRY_TIME_ZONES = {"SI": "Europe/Ljubljana", "GR": "Europe/Athens", "RO": "Europe/Bucharest"}


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use an IANA name such as Europe/Ljubljana."),
            code="invalid_time_zone",
            params={"value": value},
        )


def _check_year(day: date) -> None:
    if not 1900 <= day.year <= 2999:
        raise ValidationError(_("Enter a date between the years 1900 and 2999."), code="date_out_of_range")


def local_to_utc(day: date, wall_clock: time, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in `zone`.

    A time skipped when the clocks go forward does not exist and is refused; a
    time that happens twice when they go back means the first one (fold=0)."""
    _check_year(day)
    naive = datetime.combine(day, wall_clock)
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "%(time)s does not exist on %(date)s in %(zone)s: the clocks go forward then. "
                "Choose a later time."
            ),
            code="nonexistent_time",
            params={"time": wall_clock.strftime("%H:%M"), "date": day.isoformat(), "zone": zone.key},
        )
    return aware.astimezone(UTC)


def in_zone(value: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """A moment typed for `zone`: without a UTC offset it is wall-clock time there
    (local_to_utc's rules); with one it is taken as given. Either way it must be
    showable in the zone, between the years 1900 and 2999."""
    if timezone.is_naive(value):
        return local_to_utc(value.date(), value.time(), zone)
    try:
        local = value.astimezone(UTC).astimezone(zone)
    except OverflowError as error:
        raise ValidationError(
            _("Enter a date between the years 1900 and 2999."), code="date_out_of_range"
        ) from error
    _check_year(local.date())
    return value.astimezone(UTC)


def as_local(value: datetime, zone) -> datetime:
    """`value` in `zone`: a ZoneInfo, a zone name, or what has one as `.zone` (a Seminar)."""
    zone = getattr(zone, "zone", zone)
    return value.astimezone(zone if isinstance(zone, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(zone))


def local_time(value: datetime | None, zone) -> str:
    """'14:30 CEST': a time in the given zone."""
    if value is None:
        return ""
    local = as_local(value, zone)
    return f"{date_format(local, 'H:i')} {local.tzname()}"


def local_datetime(value: datetime | None, zone) -> str:
    """'28 March 2027, 09:00 CEST': the one way a stored time is shown. `zone` is the
    zone of what the time belongs to (events.zones): the seminar's (pass the
    seminar or seminar.zone) for its registrations, attendance, certificates and
    messages; the organisation's (events.zones.organisation_zone) for what has no
    seminar, such as invitations and press releases. The date and the month are in
    the active (reader's) language."""
    if value is None:
        return ""
    local = as_local(value, zone)
    return f"{date_format(local, 'DATE_FORMAT')}, {date_format(local, 'H:i')} {local.tzname()}"


def local_date(value: datetime | None, zone) -> str:
    """'28 March 2027': the date of a stored time in that zone (see local_datetime)."""
    return date_format(as_local(value, zone), "DATE_FORMAT") if value else ""


def local_range(starts_at: datetime, ends_at: datetime, zone) -> str:
    """'28 March 2027, 09:00–17:00 CEST', or a range over several days."""
    start, end = as_local(starts_at, zone), as_local(ends_at, zone)
    if start.date() == end.date():
        return (
            f"{date_format(start, 'DATE_FORMAT')}, {date_format(start, 'H:i')}–"
            f"{date_format(end, 'H:i')} {end.tzname()}"
        )
    return f"{local_datetime(starts_at, zone)} – {local_datetime(ends_at, zone)}"
