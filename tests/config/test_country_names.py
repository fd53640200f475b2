"""Country names in each language: official names where django-countries' catalogue
is wrong (config/country_names.py), and lists in the reader's alphabetical order."""

import re

import pytest
from django.utils import translation
from django_countries import countries

from common.text import collation_key
from tests.factories import SeminarFactory, VenueFactory

EU_AND_BALKANS = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "AL",
    "BA",
    "ME",
    "MK",
    "RS",
    "TR",
    "MD",
    "UA",
    "GB",
    "CH",
    "NO",
    "IS",
    "KZ",
]


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [
        ("el", "MK", "Βόρεια Μακεδονία"),
        ("el", "KZ", "Καζακστάν"),
        ("el", "GR", "Ελλάδα"),
        ("ro", "MK", "Macedonia de Nord"),
        ("ro", "HR", "Croația"),
        ("ro", "BA", "Bosnia și Herțegovina"),
        ("ro", "NL", "Țările de Jos"),
        ("ro", "CZ", "Cehia"),
        ("sl", "MK", "Severna Makedonija"),
        ("en", "MK", "North Macedonia"),
        ("en", "NL", "Netherlands"),
    ],
)
def test_official_name_in_each_language(language, code, name):
    with translation.override(language):
        assert countries.name(code) == name


@pytest.mark.parametrize("language", ["en", "sl", "el", "ro"])
def test_no_country_name_is_garbled(language):
    with translation.override(language):
        names = [country.name for country in countries]
    assert [name for name in names if "•" in name or not name.strip()] == []


def test_every_european_name_is_in_greek_letters_in_greek():
    with translation.override("el"):
        region = [countries.name(code) for code in EU_AND_BALKANS]
    assert [name for name in region if not re.search("[α-ωΑ-Ω]", name)] == []


def test_romanian_names_use_the_comma_below():
    with translation.override("ro"):
        assert [country.name for country in countries if re.search("[şţŞŢ]", country.name)] == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Croatia", "Czechia", "Greece", "Montenegro", "North Macedonia", "Slovenia", "Spain"]),
        ("sl", ["Češka", "Črna gora", "Grčija", "Hrvaška", "Severna Makedonija", "Slovenija", "Španija"]),
        ("el", ["Βόρεια Μακεδονία", "Ελλάδα", "Ισπανία", "Κροατία", "Μαυροβούνιο", "Σλοβενία", "Τσεχία"]),
        ("ro", ["Cehia", "Croația", "Grecia", "Macedonia de Nord", "Muntenegru", "Slovenia", "Spania"]),
    ],
)
def test_country_choices_follow_the_readers_alphabet(language, expected):
    chosen = {"HR", "CZ", "GR", "ME", "MK", "SI", "ES"}
    with translation.override(language):
        assert [country.name for country in countries if country.code in chosen] == expected


def option_names(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL).group(0)
    return [
        text for value, text in re.findall(r'<option value="([A-Z]*)"[^>]*>([^<]*)</option>', select) if value
    ]


@pytest.mark.django_db
def test_seminar_country_filter_in_greek_has_official_names_in_greek_order(client):
    for country in ("SI", "MK", "GR", "RO"):
        SeminarFactory(venue=VenueFactory(country=country))

    page = client.get("/el/seminars/").content.decode()

    assert option_names(page, "country") == ["Βόρεια Μακεδονία", "Ελλάδα", "Ρουμανία", "Σλοβενία"]


@pytest.mark.django_db
def test_profile_country_select_in_greek_is_in_greek_order(client, participant):
    client.force_login(participant)

    names = option_names(client.get("/el/me/profile/").content.decode(), "country")

    assert names == sorted(names, key=lambda name: collation_key(name, "el"))
    assert (
        names.index("Αλβανία") < names.index("Βόρεια Μακεδονία") < names.index("Ελλάδα") < names.index("Χιλή")
    )
    assert "Σλαβομακεδονία" not in names


@pytest.mark.django_db
def test_venue_form_country_select_in_greek_is_in_greek_order(client, organiser):
    client.force_login(organiser)

    names = option_names(client.get("/el/manage/venues/new/").content.decode(), "country")

    assert names == sorted(names, key=lambda name: collation_key(name, "el"))
    assert "Βόρεια Μακεδονία" in names
