"""The one slug rule: Greek (ELOT 743) and Cyrillic titles give readable Latin slugs."""

import pytest

from common.text import collation_key, slugify, transliterate


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


@pytest.mark.parametrize(
    ("language", "names", "ordered"),
    [
        ("sl", ["Češka", "Danska", "Ciper", "Črna gora"], ["Ciper", "Češka", "Črna gora", "Danska"]),
        ("sl", ["Švica", "Srbija", "Španija"], ["Srbija", "Španija", "Švica"]),
        ("ro", ["Ucraina", "Țările de Jos", "Turcia"], ["Turcia", "Țările de Jos", "Ucraina"]),
        ("ro", ["Austria", "Ărad", "Ânc"], ["Austria", "Ărad", "Ânc"]),
        (
            "el",
            ["Ωμέγα", "Ελλάδα", "Άλφα", "αλφάβητο", "Έβρος"],
            ["Άλφα", "αλφάβητο", "Έβρος", "Ελλάδα", "Ωμέγα"],
        ),
        ("en", ["Zambia", "Åland Islands", "Austria"], ["Åland Islands", "Austria", "Zambia"]),
    ],
)
def test_collation_key_sorts_in_the_languages_alphabet(language, names, ordered):
    assert sorted(names, key=lambda name: collation_key(name, language)) == ordered
