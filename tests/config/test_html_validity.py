"""The main pages, in English and Greek, are valid HTML: the Nu HTML Checker
(node_modules/vnu-jar, installed by `npm ci`; run with the machine's Java) reports
no error. All pages go to one run of the checker, so the JVM starts once."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.main_pages import LANGUAGES, create_main_page_data

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(pages: dict[str, bytes], folder: Path) -> dict[str, list[str]]:
    """Check each named page with the Nu HTML Checker; its errors by page name."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (Debian: default-jre-headless)"
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci` in the checkout"
    files = {}
    for number, (name, content) in enumerate(pages.items()):
        files[name] = folder / f"page-{number}.html"
        files[name].write_bytes(content)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files.values())],
        capture_output=True,
        timeout=90,
        check=True,
    )
    name_of = {path.name: name for name, path in files.items()}  # vnu writes file:/<path>
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        if message["type"] in ("error", "non-document-error"):
            errors.setdefault(name_of.get(message.get("url", "").rsplit("/", 1)[-1], "?"), []).append(
                f"line {message.get('lastLine', '?')}: {message['message']}"
                f" [{' '.join(message.get('extract', '').split())}]"
            )
    return errors


def describe(errors: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{name}:\n" + "\n".join(f"  {error}" for error in found) for name, found in errors.items()
    )


def test_main_pages_are_valid_html(client, tmp_path):
    data = create_main_page_data()
    pages = {}
    for language in LANGUAGES:
        for page in data.pages(language):
            client.logout()
            if page.visitor != "anonymous":
                client.force_login(getattr(data, page.visitor))
            response = client.get(page.path)
            assert response.status_code == 200, f"{page.name}: {page.path} answered {response.status_code}"
            assert f'<html lang="{language}"' in response.content.decode()
            pages[page.path] = response.content

    errors = html_errors(pages, tmp_path)

    assert not errors, "The Nu HTML Checker found errors:\n" + describe(errors)


def test_checker_reports_a_page_broken_on_purpose(client, tmp_path):
    """The home page with an image without alt text, a second id="main" and a
    stray </div> is reported; the page as served is not. (A field without a
    label is valid HTML: axe reports it, in tests/browser/test_accessibility.py.)"""
    home = client.get("/").content.decode()
    broken = re.sub(
        r"(<main [^>]*>)",
        r'\1<img src="/static/img/logo.svg"><p id="main">Twice</p></div>',
        home,
        count=1,
    )
    assert broken != home

    errors = html_errors({"home": home.encode(), "broken home": broken.encode()}, tmp_path)

    assert list(errors) == ["broken home"]
    report = describe(errors)
    assert "An “img” element must have an “alt” attribute" in report
    assert "Duplicate ID “main”" in report
    assert "Stray end tag “div”" in report
