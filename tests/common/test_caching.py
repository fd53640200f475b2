"""Anonymous public pages, feeds and .ics files in the shared cache (config/caching.py):
served without the view, fresh after every change and at every moment that changes
them, never for logged-in visitors, and with 304s for feeds and calendars."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ProfessionalGroup
from common.caching import cached_page
from events import services as event_services
from events.models import Membership, Seminar
from events.services import seminar_changed
from press import services as press_services
from press.models import PressRelease
from registrations import services as registration_services
from tests.factories import MembershipFactory, PressReleaseFactory, SeminarFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CACHE_TABLE = "victor_test_page_cache"


@pytest.fixture
def shared_cache(settings):
    """The production default: the database cache, shared by every process."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    }
    call_command("createcachetable", verbosity=0)
    yield cache


def served(client, path, **headers):
    """The response and the SQL statements it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, [query["sql"] for query in queries.captured_queries]


def only_cache_queries(queries) -> bool:
    return bool(queries) and all(CACHE_TABLE in sql for sql in queries)


@pytest.fixture
def release():
    return PressReleaseFactory(headline="Seminar in Ljubljana trains 40 professionals")


@pytest.fixture
def seminar():
    return SeminarFactory(title_en="Identifying child victims", capacity=3)


def test_a_cached_page_costs_only_the_version_check(client, shared_cache, seminar, release):
    for path in (
        "/",
        "/seminars/",
        f"/seminars/{seminar.slug}/",
        "/press/",
        f"/press/{release.slug}/",
        "/el/seminars/",
        f"/ro/press/{release.slug}/",
        "/press/feed/atom/",
        "/seminars/calendar.ics",
    ):
        first, rendering = served(client, path)
        again, hit = served(client, path)
        assert first.status_code == again.status_code == 200, path
        assert again.content == first.content, path
        assert not only_cache_queries(rendering), path
        # the page and the generations of its scopes, in one round trip
        assert len(hit) == 1, (path, hit)
        assert only_cache_queries(hit), (path, hit)


def test_languages_are_cached_apart(client, shared_cache, seminar):
    english = client.get("/seminars/").content.decode()
    greek = client.get("/el/seminars/").content.decode()
    assert '<html lang="en">' in english
    assert '<html lang="el">' in greek
    assert client.get("/seminars/").content.decode() == english
    calendar_el = client.get("/seminars/calendar.ics", headers={"accept-language": "el"}).content.decode()
    calendar_en = client.get("/seminars/calendar.ics", headers={"accept-language": "en"}).content.decode()
    assert "Σεμινάρια VICTOR" in calendar_el
    assert "Σεμινάρια VICTOR" not in calendar_en
    assert (
        client.get("/seminars/calendar.ics", headers={"accept-language": "el"}).content.decode()
        == calendar_el
    )


def test_a_seminar_edit_shows_on_the_next_request(
    client, shared_cache, seminar, organiser, django_capture_on_commit_callbacks
):
    seminar.organisation = organiser.memberships.get().organisation
    seminar.save()
    assert "3 seats left (of 3)" in client.get(f"/seminars/{seminar.slug}/").content.decode()
    assert "Identifying child victims" in client.get("/seminars/calendar.ics").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        # What the organiser's edit form does: save, then the capacity service.
        seminar.title_en = "Protecting child victims"
        seminar.save()
        registration_services.seminar_capacity_change(seminar=seminar, capacity=5, actor=organiser)

    page = client.get(f"/seminars/{seminar.slug}/").content.decode()
    assert "Protecting child victims" in page
    assert "5 seats left (of 5)" in page
    assert "Protecting child victims" in client.get("/seminars/").content.decode()
    assert "Protecting child victims" in client.get("/seminars/calendar.ics").content.decode()


def test_changes_wait_for_the_commit(client, shared_cache, seminar):
    """Invalidation runs after commit, so no page is rendered from rows not yet committed
    and then kept: until then the cached page stands."""
    client.get(f"/seminars/{seminar.slug}/")
    Seminar.objects.filter(pk=seminar.pk).update(title_en="Not committed")
    seminar.refresh_from_db()
    seminar.save()  # inside the test's transaction: its on_commit never runs
    assert "Identifying child victims" in client.get(f"/seminars/{seminar.slug}/").content.decode()


def test_a_registration_taking_a_seat_shows_at_once(
    client, shared_cache, seminar, django_capture_on_commit_callbacks
):
    assert "3 seats left (of 3)" in client.get(f"/seminars/{seminar.slug}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        registration_services.registration_create(
            seminar=seminar,
            user=UserFactory(),
            professional_group=ProfessionalGroup.objects.get(slug="social-workers"),
            organisation="Centre for Social Work",
            country="SI",
            consent=True,
        )
    assert "2 seats left (of 3)" in client.get(f"/seminars/{seminar.slug}/").content.decode()


def test_cancelling_and_publishing_a_seminar_show_at_once(
    client, shared_cache, seminar, organiser, django_capture_on_commit_callbacks
):
    draft = SeminarFactory(title_en="Draft seminar", status=Seminar.Status.DRAFT)
    assert "Draft seminar" not in client.get("/seminars/").content.decode()
    client.get(f"/seminars/{seminar.slug}/")
    with django_capture_on_commit_callbacks(execute=True):
        event_services.seminar_publish(seminar=draft, actor=organiser)
        event_services.seminar_cancel(seminar=seminar, actor=organiser)
    assert "Draft seminar" in client.get("/seminars/").content.decode()
    assert "This seminar has been cancelled." in client.get(f"/seminars/{seminar.slug}/").content.decode()


@pytest.fixture
def press_officer(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.PRESS_OFFICER).user


def test_publishing_and_withdrawing_a_release_show_at_once(
    client, shared_cache, organisation, press_officer, django_capture_on_commit_callbacks
):
    draft = PressReleaseFactory(
        organisation=organisation, status=PressRelease.Status.DRAFT, headline="Fresh press news"
    )
    for path in ("/press/", "/", "/press/feed/rss/"):
        assert "Fresh press news" not in client.get(path).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        published = press_services.release_publish(release=draft, actor=press_officer)
    for path in ("/press/", "/", "/press/feed/rss/", f"/press/{draft.slug}/"):
        assert "Fresh press news" in client.get(path).content.decode(), path

    with django_capture_on_commit_callbacks(execute=True):
        press_services.release_withdraw(release=published, actor=press_officer, note="Wrong figures")
    for path in ("/press/", "/", "/press/feed/rss/"):
        assert "Fresh press news" not in client.get(path).content.decode(), path
    assert "This press release was withdrawn." in client.get(f"/press/{draft.slug}/").content.decode()


def test_an_embargo_lifts_on_cached_pages_at_its_second(client, shared_cache, monkeypatch):
    """Nothing is saved when the publish time passes: the cached pages know when they expire."""
    publish_at = timezone.now() + timedelta(hours=2)
    embargoed = PressReleaseFactory(headline="Embargoed seminar news", publish_at=publish_at)
    surfaces = ("/", "/press/", "/el/press/", "/press/feed/atom/", "/press/feed/rss/")

    monkeypatch.setattr(timezone, "now", lambda: publish_at - timedelta(seconds=1))
    for path in surfaces:
        assert "Embargoed seminar news" not in client.get(path).content.decode(), path
        assert "Embargoed seminar news" not in client.get(path).content.decode(), path  # from the cache
    assert client.get(f"/press/{embargoed.slug}/").status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: publish_at + timedelta(seconds=1))
    for path in surfaces:
        assert "Embargoed seminar news" in client.get(path).content.decode(), path
    assert client.get(f"/press/{embargoed.slug}/").status_code == 200


def test_a_seminar_leaves_the_cached_upcoming_list_when_it_ends(client, shared_cache, seminar, monkeypatch):
    assert "Identifying child victims" in client.get("/seminars/").content.decode()
    assert "Identifying child victims" in client.get("/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: seminar.ends_at + timedelta(seconds=1))
    assert "Identifying child victims" not in client.get("/seminars/").content.decode()
    assert "Identifying child victims" not in client.get("/").content.decode()


def test_registration_closes_on_the_cached_seminar_page_when_it_starts(
    client, shared_cache, seminar, monkeypatch
):
    assert "Register" in client.get(f"/seminars/{seminar.slug}/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: seminar.starts_at + timedelta(seconds=1))
    assert "Registration closed" in client.get(f"/seminars/{seminar.slug}/").content.decode()


def test_logged_in_visitors_never_get_or_leave_a_cached_page(client, shared_cache, seminar, participant):
    anonymous = client.get(f"/seminars/{seminar.slug}/").content.decode()
    assert "Log in" in anonymous

    client.force_login(participant)
    for _ in range(2):
        page, queries = served(client, f"/seminars/{seminar.slug}/")
        assert "Log out" in page.content.decode()
        assert not only_cache_queries(queries)
    client.logout()
    client.cookies.clear()

    assert client.get(f"/seminars/{seminar.slug}/").content.decode() == anonymous


def test_requests_with_pending_messages_are_rendered(client, shared_cache, seminar):
    client.get("/seminars/")
    client.cookies["messages"] = "pending"
    _page, queries = served(client, "/seminars/")
    assert not only_cache_queries(queries)


def test_no_csp_nonce_is_in_a_cached_page(client, shared_cache, seminar):
    client.get("/seminars/")
    response, queries = served(client, "/seminars/")
    assert only_cache_queries(queries)
    assert "nonce" not in response["Content-Security-Policy"]
    assert "nonce" not in response.content.decode()
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def personal_view(request):
    """A page that embeds a CSRF token (as any form does)."""
    return HttpResponse(f"token {get_token(request)}")


def nonce_view(request):
    return HttpResponse(f"nonce {request._csp_nonce}")


def cookie_view(request):
    response = HttpResponse("hello")
    response.set_cookie("seen", "yes")
    return response


@pytest.mark.parametrize("view", [personal_view, nonce_view, cookie_view])
def test_responses_with_tokens_nonces_or_cookies_are_not_stored(shared_cache, view):
    from django.utils.csp import LazyNonce

    calls = []

    @cached_page("events")
    def counted(request):
        calls.append(request)
        return view(request)

    for _ in range(2):
        request = RequestFactory().get("/somewhere/")
        request._csp_nonce = LazyNonce()
        counted(request)
    assert len(calls) == 2


@pytest.mark.parametrize("path", ["/press/feed/atom/", "/press/feed/rss/", "/seminars/calendar.ics"])
def test_feeds_and_calendars_answer_304_until_they_change(
    client, shared_cache, path, seminar, release, django_capture_on_commit_callbacks
):
    first = client.get(path)
    etag, last_modified = first["ETag"], first["Last-Modified"]

    by_etag = client.get(path, headers={"if-none-match": etag})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag
    assert client.get(path, headers={"if-modified-since": last_modified}).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        seminar.title_en = "A new title"
        seminar.save()
        seminar_changed(seminar=seminar)
        release.headline = "A new headline"
        release.save()
    changed = client.get(path, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_calendars_answer_304_without_the_shared_cache_too(client, seminar):
    first = client.get(f"/seminars/{seminar.slug}/calendar.ics")
    assert (
        client.get(
            f"/seminars/{seminar.slug}/calendar.ics", headers={"if-none-match": first["ETag"]}
        ).status_code
        == 304
    )


SECOND_PROCESS = """
from events.models import Seminar
from registrations import services
from accounts.models import User
seminar = Seminar.objects.get(slug="{slug}")
seminar.title_en = "Renamed by another process"
seminar.save()
services.seminar_capacity_change(seminar=seminar, capacity=7, actor=User.objects.get(email="{actor}"))
"""


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_made_by_another_process_shows_in_this_one(client, settings, tmp_path, organiser):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    seminar = SeminarFactory(
        title_en="Named by this process", capacity=3, organisation=organiser.memberships.get().organisation
    )
    path = f"/seminars/{seminar.slug}/"
    assert "Named by this process" in client.get(path).content.decode()
    _again, queries = served(client, path)
    assert queries == []  # served from the file cache

    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url(),
        CACHE_URL=f"filecache://{tmp_path / 'cache'}",
        TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            SECOND_PROCESS.format(slug=seminar.slug, actor=organiser.email),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr

    page = client.get(path).content.decode()
    assert "Renamed by another process" in page
    assert "7 seats left (of 7)" in page
