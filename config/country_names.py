"""Country names where django-countries' translation is wrong, dated or garbled,
corrected per language, and the override that puts them in place (COUNTRIES_OVERRIDE).

Every other name still comes from django-countries' catalogue. A corrected name
is looked up when it is shown, in the language active then, so forms, filters,
pages and exports all say the same.
"""

from django.utils.functional import lazy
from django.utils.translation import get_language, gettext

# code: (django-countries' English names, its msgids: the name shown first, then
# older ones whose translation serves where the first has none; corrections by language)
CORRECTIONS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    # The catalogues lack the name of 2019 and fall back to the old one.
    "MK": (("North Macedonia", "Macedonia"), {"el": "Βόρεια Μακεδονία", "ro": "Macedonia de Nord"}),
    # Two spellings joined by a bullet; the official one is kept.
    "KZ": (("Kazakhstan",), {"el": "Καζακστάν"}),
    "TO": (("Tonga",), {"el": "Τόνγκα"}),
    # ISO's inverted forms ("Timor, East") instead of the names people use.
    "TL": (("Timor-Leste",), {"el": "Ανατολικό Τιμόρ", "sl": "Vzhodni Timor"}),
    "PS": (("Palestine", "Palestine, State of"), {"el": "Παλαιστίνη"}),
    # Colloquial or dated short names; the EU style guide's official ones.
    "NL": (("Netherlands", "Netherlands (Kingdom of the)"), {"ro": "Țările de Jos"}),
    "CZ": (("Czechia", "Czech Republic"), {"ro": "Cehia"}),
}
# Romanian is written with ș and ț (comma below); the catalogue still has the
# cedilla forms of old fonts in these names.
ROMANIAN_CEDILLA_NAMES: dict[str, str | tuple[str, ...]] = {
    "AG": "Antigua and Barbuda",
    "BA": "Bosnia and Herzegovina",
    "CH": "Switzerland",
    "CI": "Côte d'Ivoire",
    "FR": "France",
    "GS": ("South Georgia", "South Georgia and the South Sandwich Islands"),
    "HM": "Heard Island and McDonald Islands",
    "HR": "Croatia",
    "KN": "Saint Kitts and Nevis",
    "PM": "Saint Pierre and Miquelon",
    "ST": "Sao Tome and Principe",
    "TC": "Turks and Caicos Islands",
    "TF": "French Southern Territories",
    "TT": "Trinidad and Tobago",
    "VC": "Saint Vincent and the Grenadines",
    "WF": "Wallis and Futuna",
}
COMMA_BELOW = str.maketrans("şţŞŢ", "șțȘȚ")


def country_name(code: str, english_names: tuple[str, ...]) -> str:
    """The name of the country in the active language, corrected where needed."""
    language = get_language() or "en"
    corrected = CORRECTIONS.get(code, ((), {}))[1].get(language)
    if corrected:
        return corrected
    # django-countries' own catalogue: the first name it translates.
    name = next((gettext(name) for name in english_names if gettext(name) != name), english_names[0])
    return name.translate(COMMA_BELOW) if language == "ro" else name


def countries_override() -> dict:
    """COUNTRIES_OVERRIDE: a lazy name for every corrected country."""
    names = {
        code: english if isinstance(english, tuple) else (english,)
        for code, english in ROMANIAN_CEDILLA_NAMES.items()
    }
    names.update({code: english_names for code, (english_names, _) in CORRECTIONS.items()})
    return {code: lazy(country_name, str)(code, english_names) for code, english_names in names.items()}
