"""Text helpers shared by every app: transliteration to Latin letters and slugs.

Slugs are addresses people read, type and share, so a Greek or Cyrillic title
gives a readable Latin slug ("Προστασία παιδιών" -> "prostasia paidion") instead
of losing its words. Greek follows ELOT 743 (the Greek standard, also used by
the EU and UN), Cyrillic the official Bulgarian system with the extra letters
of Serbian and Macedonian.
"""

import re
import unicodedata

from django.utils.text import slugify as django_slugify
from django.utils.translation import get_language

GREEK_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}  # fmt: skip
GREEK_PAIRS = {"ου": "ou", "γγ": "ng", "γκ": "gk", "γξ": "nx", "γχ": "nch"}
# αυ, ευ, ηυ: v before a vowel or a voiced consonant, f otherwise.
GREEK_U_DIPHTHONGS = {"α": "a", "ε": "e", "η": "i"}
VOICED = set("αεηιουωβγδζλμνρ")

CYRILLIC_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ы": "y", "ь": "y", "э": "e", "ю": "yu",
    "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ђ": "dj", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}  # fmt: skip

DIAERESIS = "\u0308"
# Accents (tonos) go; a diaeresis stays until the letters are read, because it
# splits a pair: "άι" is a diphthong, "αϊ" is two vowels.
_ACCENTS = re.compile(r"[\u0300-\u0307\u0309-\u036f]")


def transliterate(value: str) -> str:
    """The text with Greek and Cyrillic letters written in Latin letters (lower case
    for those); everything else unchanged."""
    # Cyrillic letters first, whole: й, ѓ, ќ would lose their marks below.
    text = "".join(CYRILLIC_LETTERS.get(char.lower(), char) for char in unicodedata.normalize("NFC", value))
    text = _ACCENTS.sub("", unicodedata.normalize("NFD", text))
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        lower = char.lower()
        after = text[index + 1 : index + 2].lower()
        if text[index + 2 : index + 3] == DIAERESIS:  # "αϋ", "οϊ": two letters, no pair
            after = ""
        if lower + after in GREEK_PAIRS:
            out.append(GREEK_PAIRS[lower + after])
            index += 2
        elif lower in GREEK_U_DIPHTHONGS and after == "υ":
            following = text[index + 2 : index + 3].lower()
            out.append(GREEK_U_DIPHTHONGS[lower] + ("v" if following in VOICED else "f"))
            index += 2
        elif lower == "μ" and after == "π":
            # ELOT 743: b at the start of a word, mp inside it.
            starts_word = index == 0 or not text[index - 1].isalpha()
            out.append("b" if starts_word else "mp")
            index += 2
        else:
            out.append(GREEK_LETTERS.get(lower, char))
            index += 1
    return "".join(out).replace(DIAERESIS, "")


def slugify(value: str) -> str:
    """The one slug rule of the project: transliterated to Latin letters, then
    Django's slugify (ASCII letters, digits and hyphens, lower case)."""
    return django_slugify(transliterate(str(value)))


# Letters a language sorts as letters of their own, after their base letter
# (Slovenian č after c; Romanian ă, â after a): (base, rank).
OWN_LETTERS = {
    "sl": {"č": ("c", 1), "š": ("s", 1), "ž": ("z", 1)},
    "ro": {
        "ă": ("a", 1), "â": ("a", 2), "î": ("i", 1), "ș": ("s", 1), "ş": ("s", 1), "ț": ("t", 1), "ţ": ("t", 1),
    },
}  # fmt: skip
_MARKS = re.compile(r"[\u0300-\u036f]")


def collation_key(text: str, language: str | None = None) -> tuple[str, str]:
    """Sort key for names in a language's alphabetical order (the active language
    by default): letter case and accents do not count, except for the letters the
    language has of its own; Greek and Cyrillic sort in their own alphabets."""
    own = OWN_LETTERS.get(language or get_language() or "", {})
    primary = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        if char in own:
            base, rank = own[char]
            primary.append(base + chr(0x10FFFD + rank))  # after every other letter
        else:
            primary.append(_MARKS.sub("", unicodedata.normalize("NFD", char)))
    return "".join(primary), text


def numbered_away_from(base: str, taken: set[str]) -> str:
    """`base`, or base-2, base-3, ...: the first that is not in `taken`."""
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug
