"""What public pages read of events: a change draws a new "events" generation
(common.caching), and the moments a seminar list changes by time alone."""

from datetime import datetime

from django.db.models import Min

from accounts.models import ProfessionalGroup
from common import caching
from events.models import AgendaSession, Organisation, Project, Seminar, Trainer, Venue

SCOPE = "events"


def connect() -> None:
    caching.invalidate_on_change(
        SCOPE, [Organisation, Project, Venue, Trainer, Seminar, AgendaSession, ProfessionalGroup]
    )


def next_seminar_end(now: datetime) -> datetime | None:
    """When the next public seminar stops being upcoming (lists and home page)."""
    return Seminar.objects.published().filter(ends_at__gte=now).aggregate(moment=Min("ends_at"))["moment"]


def seminar_moments(seminar: Seminar, now: datetime) -> datetime | None:
    """The next moment the seminar's page changes by time alone: registration
    opening or closing, the seminar starting or ending."""
    moments = (
        seminar.registration_opens_at,
        seminar.registration_closes_at,
        seminar.starts_at,
        seminar.ends_at,
    )
    return min((moment for moment in moments if moment is not None and moment >= now), default=None)
