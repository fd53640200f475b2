"""Seats left show on seminar pages: a registration or quota change draws a new
"registrations" generation (common.caching)."""

from common import caching
from registrations.models import Registration, SeatQuota

SCOPE = "registrations"


def connect() -> None:
    caching.invalidate_on_change(SCOPE, [Registration, SeatQuota])
