"""Attendance units and hours attended (read side).

A seminar's attendance is taken per agenda session; a seminar without an agenda
is taken per day, each day running from the seminar's local start time to its
local end time. Hours are real elapsed hours between aware datetimes, so a unit
that spans a daylight-saving change counts the hour gained or lost.

Nothing is recorded ahead of time: a correction on the attendance page only for
a unit that has started (AttendanceUnit.has_started); a check-in at the door
counts for the units of the day it is made on (an arrival before the first
session counts for that day), never for a day that has not begun at the venue.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.formats import date_format

from attendance.models import Attendance
from events.models import Seminar
from registrations.models import Registration

HOURS_QUANTUM = Decimal("0.01")


def hours_between(starts_at: datetime, ends_at: datetime) -> Decimal:
    """Elapsed hours between two aware datetimes, to two decimals."""
    seconds = Decimal(int((ends_at - starts_at).total_seconds()))
    return (seconds / 3600).quantize(HOURS_QUANTUM, rounding=ROUND_HALF_UP)


def unit_key(session_id: int | None, day: date | None) -> str:
    """The one name of an attendance unit (forms, the grid, stored rows): its
    agenda session, else its day."""
    return f"session-{session_id}" if session_id else f"day-{day.isoformat()}"


@dataclass(frozen=True)
class AttendanceUnit:
    """One agenda session, or one day of a seminar without an agenda."""

    key: str
    session_id: int | None
    day: date | None
    title: str
    starts_at: datetime
    ends_at: datetime

    @property
    def hours(self) -> Decimal:
        return hours_between(self.starts_at, self.ends_at)

    def has_started(self, now: datetime) -> bool:
        """Presence can be recorded for a unit from its start on, never ahead."""
        return now >= self.starts_at

    @property
    def local_date(self) -> date:
        return self.day or self.starts_at.date()

    def lookup(self) -> dict:
        """Filter arguments selecting this unit's Attendance rows."""
        return {"session_id": self.session_id} if self.session_id else {"day": self.day}


def _seminar_days(seminar: Seminar) -> list[AttendanceUnit]:
    zone = seminar.zone
    local_start = seminar.starts_at.astimezone(zone)
    local_end = seminar.ends_at.astimezone(zone)
    if local_start.date() == local_end.date() or local_end.timetz() <= local_start.timetz():
        # One day, or hours that run through the night: the whole span is one unit.
        return [
            AttendanceUnit(
                key=unit_key(None, local_start.date()),
                session_id=None,
                day=local_start.date(),
                title=date_format(local_start.date(), "DATE_FORMAT"),
                starts_at=seminar.starts_at,
                ends_at=seminar.ends_at,
            )
        ]
    units = []
    day = local_start.date()
    while day <= local_end.date():
        starts_at = datetime.combine(day, local_start.time(), tzinfo=zone)
        ends_at = datetime.combine(day, local_end.time(), tzinfo=zone)
        units.append(
            AttendanceUnit(
                key=unit_key(None, day),
                session_id=None,
                day=day,
                title=date_format(day, "DATE_FORMAT"),
                starts_at=starts_at,
                ends_at=ends_at,
            )
        )
        day += timedelta(days=1)
    return units


def attendance_units(seminar: Seminar) -> list[AttendanceUnit]:
    """The seminar's units in time order (one query for the agenda)."""
    sessions = list(seminar.sessions.order_by("starts_at", "pk"))
    if not sessions:
        return _seminar_days(seminar)
    zone = seminar.zone
    return [
        AttendanceUnit(
            key=unit_key(session.pk, None),
            session_id=session.pk,
            day=None,
            title=session.display_title or session.starts_at.astimezone(zone).strftime("%H:%M"),
            starts_at=session.starts_at,
            ends_at=session.ends_at,
        )
        for session in sessions
    ]


def units_on(units: list[AttendanceUnit], day: date, zone) -> list[AttendanceUnit]:
    """The units held on a local date of the seminar."""
    return [unit for unit in units if unit.starts_at.astimezone(zone).date() == day]


def total_hours(units: list[AttendanceUnit]) -> Decimal:
    return sum((unit.hours for unit in units), Decimal("0.00"))


def hours_attended(
    seminar: Seminar, registrations: QuerySet[Registration] | list[Registration]
) -> dict[int, Decimal]:
    """Hours attended per registration id (0 for those never marked present).
    Two queries whatever the number of registrations: the agenda and the presences."""
    units = attendance_units(seminar)
    hours_by_session = {unit.session_id: unit.hours for unit in units if unit.session_id}
    hours_by_day = {unit.day: unit.hours for unit in units if unit.day}
    registration_ids = [registration.pk for registration in registrations]
    attended: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    presences = Attendance.objects.filter(registration_id__in=registration_ids, present=True).values_list(
        "registration_id", "session_id", "day"
    )
    for registration_id, session_id, day in presences:
        attended[registration_id] += (
            hours_by_session.get(session_id, Decimal(0)) if session_id else hours_by_day.get(day, Decimal(0))
        )
    return {registration_id: attended[registration_id] for registration_id in registration_ids}
