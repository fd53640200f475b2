"""Sign-in sheets: one printable A4 PDF per seminar day, which participants sign
at the door, as EU-funded projects keep for audit. Rendered by WeasyPrint
through common.pdf (project files only), in the seminar's language and zone."""

from datetime import date, timedelta

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from attendance.units import attendance_units, units_on
from common.pdf import html_to_pdf, page_counter_css, static_url
from events.models import Seminar
from registrations.models import Registration

STYLESHEET = "attendance/sign-in-sheet.css"


def sheet_days(seminar: Seminar) -> list[date]:
    """The local dates the seminar runs on (a seminar ending at midnight does not
    run on the next date)."""
    zone = seminar.zone
    first = seminar.starts_at.astimezone(zone).date()
    last = (seminar.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _hours_of_day(seminar: Seminar, day: date) -> str:
    """'09:00–17:00 CEST': from the day's first unit to its last, in the seminar's zone."""
    units = units_on(attendance_units(seminar), day, seminar.zone)
    if not units:
        return ""
    start = units[0].starts_at.astimezone(seminar.zone)
    end = max(unit.ends_at for unit in units).astimezone(seminar.zone)
    return f"{date_format(start, 'H:i')}–{date_format(end, 'H:i')} {end.tzname()}"


def render_sign_in_sheet(seminar: Seminar, day: date, participants: list[Registration]) -> bytes:
    """The day's sheet: the seminar, date, venue, host and project, then a numbered
    row per participant (in the order given) with an empty signature cell."""
    with translation.override(seminar.language):
        html = render_to_string(
            "attendance/desk/sign_in_sheet.html",
            {
                "seminar": seminar,
                "day": date_format(day, "DATE_FORMAT"),
                "weekday": date_format(day, "l"),
                "hours": _hours_of_day(seminar, day),
                "participants": participants,
                "stylesheet_url": static_url(STYLESHEET),
            },
        )
        page_counter = page_counter_css()
    return html_to_pdf(html, css=page_counter)
