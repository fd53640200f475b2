"""Showing seminars: times in the venue's time zone with its abbreviation, and
the seminar card of lists.

The local-time filters are common.timezones' (its rule: never |date or |time on
a stored time), registered here for every template that loads `seminars`; the
zone is the one events.zones says (the seminar's for anything about a seminar,
else the organisation's)."""

from django import template
from django.utils.safestring import SafeString

from common.fragments import FragmentMemo
from common.timezones import local_date, local_datetime, local_range, local_time
from common.translations import value_at
from events import selectors

register = template.Library()
register.filter("local_time", local_time)
register.filter("local_datetime", local_datetime)
register.filter("local_date", local_date)


@register.simple_tag
def seminar_when(seminar) -> str:
    """'28 March 2027, 09:00–17:00 CEST', or a range over several days."""
    return local_range(seminar.starts_at, seminar.ends_at, seminar.zone)


_CARDS = FragmentMemo("events/includes/seminar_card.html")


@register.simple_tag
def seminar_card(seminar, heading_level: int = 3) -> SafeString:
    """The seminar's card (an <article> with a heading of the given level), rendered
    once per version: kept under the values of selectors.CARD_FIELDS, every value
    the card template shows (a field added to the template belongs there too)."""
    shown = (heading_level, *(value_at(seminar, lookup) for lookup in selectors.CARD_FIELDS))
    return _CARDS.render(shown, {"seminar": seminar, "heading_level": heading_level})
