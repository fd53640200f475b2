"""Dates as each language writes them (config/formats and config/locale_fixes):
Slovenian with the month in the genitive and no leading zero, Romanian in lower case."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from common.timezones import local_date, local_datetime
from tests.factories import SeminarFactory

# 7 December 2026, 13:00 UTC = 14:00 in Ljubljana (CET).
MOMENT = datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
DATES = {
    "en": "7 December 2026",
    "sl": "7. decembra 2026",
    "el": "7 Δεκεμβρίου 2026",
    "ro": "7 decembrie 2026",
}


@pytest.mark.parametrize(("language", "expected"), DATES.items())
def test_date_and_time_in_the_venue_zone_read_as_the_language_writes_them(language, expected):
    with translation.override(language):
        assert local_date(MOMENT, "Europe/Ljubljana") == expected
        assert local_datetime(MOMENT, "Europe/Ljubljana") == f"{expected}, 14:00 CET"
        # Templates that use the locale's format directly say the same.
        assert Template('{{ moment|date:"DATE_FORMAT" }}').render(Context({"moment": MOMENT})) == expected


@pytest.mark.parametrize(
    ("language", "month", "expected"),
    [
        ("sl", 3, "1. marca 2027"),
        ("sl", 5, "1. maja 2027"),
        ("sl", 8, "1. avgusta 2027"),
        ("ro", 1, "1 ianuarie 2027"),
        ("ro", 10, "1 octombrie 2027"),
        ("el", 5, "1 Μαΐου 2027"),
    ],
)
def test_every_month_takes_its_form(language, month, expected):
    with translation.override(language):
        assert local_date(datetime(2027, month, 1, 12, tzinfo=UTC), "UTC") == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), DATES.items())
def test_seminar_page_shows_the_date_in_the_readers_language(client, language, expected):
    seminar = SeminarFactory(starts_at=MOMENT.replace(hour=8), ends_at=MOMENT.replace(hour=16))
    prefix = "" if language == "en" else f"/{language}"

    page = client.get(f"{prefix}/seminars/{seminar.slug}/").content.decode()

    assert f"{expected}, 09:00–17:00 CET" in page
