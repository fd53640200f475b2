"""Every UI string is translated into Slovenian, Greek and Romanian."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["sl", "el", "ro"]
SOURCE_DIRS = [
    "accounts",
    "attendance",
    "certificates",
    "common",
    "config",
    "evaluations",
    "events",
    "members",
    "press",
    "registrations",
    "reporting",
    "templates",
]


def catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(language):
    po = catalogue(ROOT, language)
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries() if not entry.obsolete] == []
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    import re

    placeholder = re.compile(r"%\([a-z_]+\)s|\{\{ *[a-z_.]+ *\}\}")
    for entry in catalogue(ROOT, language).translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert set(placeholder.findall(entry.msgid)) == set(placeholder.findall(translation)), entry.msgid


def test_catalogues_hold_every_string_of_the_sources(tmp_path):
    """makemessages on a copy of the sources finds no msgid missing from the committed catalogues."""
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "true"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "el", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    in_sources = {entry.msgid for entry in catalogue(tmp_path, "el") if not entry.obsolete}
    for language in LANGUAGES:
        committed = {entry.msgid for entry in catalogue(ROOT, language) if not entry.obsolete}
        assert sorted(in_sources - committed) == [], f"run `make messages` and translate ({language})"
