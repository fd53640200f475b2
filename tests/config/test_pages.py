"""Public pages in four languages, under a strict Content-Security-Policy."""

import re

import pytest

from tests.factories import OrganisationFactory, PrivacyNoticeFactory, SeminarFactory

pytestmark = pytest.mark.django_db

LANGUAGE_OF_HOME = {"/": "en", "/sl/": "sl", "/el/": "el", "/ro/": "ro"}


@pytest.mark.parametrize("path", ["/", "/sl/", "/el/", "/ro/"])
def test_home_page_is_served_in_each_language(client, path):
    from django.utils import translation

    language = LANGUAGE_OF_HOME[path]
    with translation.override(language):
        heading = translation.gettext("How it works")
    if language != "en":
        assert heading != "How it works", f"'How it works' is not translated into {language}"

    response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert heading in page


def test_home_lists_host_organisations(client):
    OrganisationFactory(name="Društvo Ključ", country="SI", website="https://kljuc.example.org")
    page = client.get("/").content.decode()
    assert "Društvo Ključ" in page
    assert "Slovenia" in page


def test_language_switcher_links_to_the_same_page_in_each_language(client):
    page = client.get("/el/privacy/").content.decode()
    for code, href in [
        ("en", "/privacy/"),
        ("sl", "/sl/privacy/"),
        ("el", "/el/privacy/"),
        ("ro", "/ro/privacy/"),
    ]:
        assert f'<a href="{href}" hreflang="{code}" lang="{code}"' in page
        assert f'<link rel="alternate" hreflang="{code}" href="{href}">' in page
    assert ">Ελληνικά</a>" in page
    assert ">Slovenščina</a>" in page
    assert ">Română</a>" in page


def test_language_switcher_keeps_the_page_arguments_and_query(client):
    seminar = SeminarFactory(slug="referral-basics")
    page = client.get(f"/ro/seminars/{seminar.slug}/?from=newsletter&x=%C5%A1").content.decode()
    assert f'<a href="/sl/seminars/{seminar.slug}/?from=newsletter&amp;x=%C5%A1" hreflang="sl"' in page
    assert f'<a href="/seminars/{seminar.slug}/?from=newsletter&amp;x=%C5%A1" hreflang="en"' in page


def test_language_switcher_on_a_page_not_found_links_to_the_same_address(client):
    page = client.get("/el/no-such-page/").content.decode()
    for code in ("en", "sl", "el", "ro"):
        assert f'<a href="/el/no-such-page/" hreflang="{code}"' in page


@pytest.mark.parametrize("path", ["/", "/el/", "/accounts/login/", "/accounts/signup/", "/privacy/"])
def test_pages_carry_a_strict_csp_and_no_inline_script_or_style(client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    page = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
    assert " style=" not in page
    assert "<style" not in page
    assert not re.search(r"\son[a-z]+=", page)
    assert "http://" not in page.replace("http://testserver", "")


def test_pages_have_landmarks_and_a_skip_link(client):
    page = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in page
    for landmark in (
        '<header class="site-header">',
        '<main id="main"',
        '<footer class="site-footer">',
        "<nav ",
    ):
        assert landmark in page


def test_unknown_page_is_a_friendly_translated_404(client):
    response = client.get("/el/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="el">' in response.content.decode()


def test_privacy_notice_shows_newest_version_in_force_in_the_visitors_language(client):
    from datetime import timedelta

    from django.utils import timezone

    PrivacyNoticeFactory(version=1, body_en="Old text.")
    PrivacyNoticeFactory(version=2, body_en="Current **text**.", body_el="Τρέχον **κείμενο**.")
    PrivacyNoticeFactory(version=3, body_en="Draft.", published_at=None)
    PrivacyNoticeFactory(version=4, body_en="Future.", published_at=timezone.now() + timedelta(days=3))

    english = client.get("/privacy/").content.decode()
    greek = client.get("/el/privacy/").content.decode()
    romanian = client.get("/ro/privacy/").content.decode()

    assert "Current <strong>text</strong>." in english
    assert "Old text" not in english and "Draft" not in english and "Future" not in english
    assert "Τρέχον <strong>κείμενο</strong>." in greek
    # Not yet translated into Romanian: the English text is shown.
    assert "Current <strong>text</strong>." in romanian


def test_privacy_notice_markdown_cannot_carry_script(client):
    PrivacyNoticeFactory(
        body_en='Hi <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="alert(3)">'
    )
    page = client.get("/privacy/").content.decode()
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page
    assert "onerror" not in page


def test_api_docs_page_holds_the_csp(client):
    page = client.get("/api/docs/").content.decode()
    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


def test_only_organisers_see_the_organiser_area_in_the_menu(client, organiser, participant):
    from tests.factories import MembershipFactory

    client.force_login(organiser)
    assert 'href="/manage/"' in client.get("/").content.decode()
    client.force_login(participant)
    assert 'href="/manage/"' not in client.get("/").content.decode()
    client.force_login(MembershipFactory(role="press_officer").user)
    assert 'href="/manage/"' not in client.get("/").content.decode()


HOSTILE_VALUES = ["\x00", "' OR 1=1 --", "x" * 5000, "<script>alert(1)</script>", "%", "\u202e", "😀"]
FILTERED_PATHS = ["/seminars/", "/el/seminars/", "/api/v1/seminars/", "/seminars/calendar.ics"]


@pytest.mark.parametrize("path", FILTERED_PATHS)
def test_hostile_filter_values_never_cause_a_server_error(client, path):
    from tests.factories import SeminarFactory

    SeminarFactory()
    for name in ("country", "when", "group", "format", "q", "page", "lang"):
        for value in HOSTILE_VALUES:
            response = client.get(path, {name: value})
            assert response.status_code < 500, (path, name, value)
            if response["Content-Type"].startswith("text/html"):  # JSON and .ics are inert text
                assert "<script>alert(1)</script>" not in response.content.decode(errors="replace")
