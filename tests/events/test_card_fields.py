"""The card's cache key (CARD_FIELDS) names every value the card template renders,
so a field added to the template without the key fails here."""

import re
from pathlib import Path

from django.db.models import ForeignKey

from common.translations import translated_columns
from events.models import Seminar
from events.selectors import CARD_FIELDS

CARD = Path(__file__).resolve().parents[2] / "events/templates/events/includes/seminar_card.html"
# The tags that render the seminar's dates read its times and time zone.
TAG_FIELDS = {"seminar_when": ("starts_at", "ends_at", "time_zone")}


def _columns(use: str) -> list[str]:
    """The columns one `seminar.<use>` reads."""
    first, *rest = use.split(".")
    if first == "get_absolute_url":
        return ["slug"]
    if match := re.fullmatch(r"get_(\w+)_display", first):
        return [match.group(1)]
    if first.startswith("display_"):
        return translated_columns(first.removeprefix("display_"))
    if isinstance(Seminar._meta.get_field(first), ForeignKey):
        return [f"{first}__{rest[0]}"] if rest else []
    return [first]


def test_every_value_the_card_renders_is_in_its_cache_key():
    template = CARD.read_text()
    uses = set(re.findall(r"\bseminar\.([\w.]+)", template))
    needed = {column for use in uses for column in _columns(use)}
    needed |= {
        field for tag, fields in TAG_FIELDS.items() if f"{tag} seminar" in template for field in fields
    }

    assert uses, "the card template renders no seminar value: is its path right?"
    assert needed - set(CARD_FIELDS) == set()


def test_a_field_missing_from_the_key_is_caught():
    assert _columns("venue.country.name") == ["venue__country"]
    assert "summary_en" in _columns("display_summary")
    assert _columns("capacity") == ["capacity"] and "capacity" not in CARD_FIELDS
