"""Seats left show on seminar pages: a registration or quota change draws a new
"registrations" generation (config.caching)."""

from config import caching
from registrations.models import Registration, SeatQuota

SCOPE = "registrations"


def connect() -> None:
    caching.invalidate_on_change(SCOPE, [Registration, SeatQuota])
