"""The one slug rule: Greek (ELOT 743) and Cyrillic titles give readable Latin slugs."""

import pytest

from common.text import slugify, transliterate


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Identifying child victims of trafficking", "identifying-child-victims-of-trafficking"),
        ("Prepoznavanje otrok, žrtev trgovine z ljudmi", "prepoznavanje-otrok-zrtev-trgovine-z-ljudmi"),
        ("Protecția copiilor în România", "protectia-copiilor-in-romania"),
        ("20 Εμπάργκο: δοκιμή", "20-empargko-dokimi"),
        ("Προστασία παιδιών θυμάτων εμπορίας", "prostasia-paidion-thymaton-emporias"),
        ("ΘΕΣΣΑΛΟΝΙΚΗ", "thessaloniki"),
        # Pairs: ου, γγ, γκ, μπ (b at the start of a word), αυ/ευ (v or f by the next sound).
        ("Ουρανός Άγγελος", "ouranos-angelos"),
        ("Μπαμπάς", "bampas"),
        ("Ευρώπη αυτός", "evropi-aftos"),
        # A diaeresis keeps two vowels apart.
        ("Ταΰγετος προϋπόθεση Ευρωπαϊκή", "taygetos-proypothesi-evropaiki"),
        ("Пловдив Щастие Йордан", "plovdiv-shtastie-yordan"),
        ("Ѓорѓе Петров Скопје", "gjorgje-petrov-skopje"),
        ("***", ""),
    ],
)
def test_slugify_writes_titles_in_latin_letters(title, slug):
    assert slugify(title) == slug


def test_transliterate_leaves_latin_text_and_punctuation_alone():
    assert transliterate("Ljubljana, 7. 12. 2026 – Αθήνα!") == "Ljubljana, 7. 12. 2026 – athina!"
