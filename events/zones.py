"""Which time zone a time is shown in (stored times are UTC).

- Anything about a seminar: the seminar's zone (Seminar.zone: its venue's, or
  the one chosen for an online seminar).
- Anything of an organisation with no seminar to go by (invitations to join it,
  its press releases): the organisation's zone, which organisations do not set
  themselves: the zone of its first venue (the place it works from), else the
  usual zone of its country, else UTC.

common.timezones.local_datetime shows a time in one of these zones.
"""

import zoneinfo

from common.timezones import COUNTRY_TIME_ZONES
from events.models import Organisation, Venue


def organisation_zones(organisations) -> dict[int, zoneinfo.ZoneInfo]:
    """Each organisation's time zone (see the module's rule), in one query."""
    organisations = list(organisations)
    zones: dict[int, str] = {}
    venue_zones = (
        Venue.objects.filter(organisation__in=[organisation.pk for organisation in organisations])
        .order_by("organisation_id", "pk")
        .values_list("organisation_id", "time_zone")
    )
    for organisation_id, name in venue_zones:
        zones.setdefault(organisation_id, name)
    return {
        organisation.pk: zoneinfo.ZoneInfo(
            zones.get(organisation.pk) or COUNTRY_TIME_ZONES.get(organisation.country.code, "UTC")
        )
        for organisation in organisations
    }


def organisation_zone(organisation: Organisation) -> zoneinfo.ZoneInfo:
    return organisation_zones([organisation])[organisation.pk]
