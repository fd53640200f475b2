"""Answers to a logged-in person (session or API token) carry `Cache-Control: private,
no-store` (config.middleware.PrivateResponsesMiddleware): no shared cache on the
way and no browser disk keeps personal data. Public answers stay cacheable."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from tests.certificates.holders import make_certificate
from tests.factories import RegistrationFactory, SeminarFactory, VenueFactory, api_key_for

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token(user) -> Client:
    return Client(headers={"Authorization": f"Token {api_key_for(user)}"})


@pytest.fixture
def world(organisation, organiser, participant):
    seminar = SeminarFactory(
        organisation=organisation,
        venue=VenueFactory(organisation=organisation),
        slug="referral-pathways",
        starts_at=datetime(2031, 4, 14, 7, tzinfo=UTC),
        ends_at=datetime(2031, 4, 14, 15, tzinfo=UTC),
    )
    registration = RegistrationFactory(seminar=seminar, user=participant)
    certificate = make_certificate(registration)
    return seminar, registration, certificate


# (who, method, url, data): every kind of answer with personal data.
PRIVATE = [
    ("participant", "get", "/me/", None),
    ("participant", "get", "/el/me/", None),
    ("participant", "get", "/me/certificates/{certificate.pk}/pdf/", None),
    ("participant", "get", "/", None),  # a public page, with the person's name in the header
    ("organiser", "get", "/manage/", None),
    ("organiser", "get", "/manage/seminars/{seminar.pk}/registrations/", None),
    ("organiser", "get", "/manage/seminars/{seminar.pk}/check-in/", None),
    ("organiser", "get", "/manage/seminars/{seminar.pk}/certificates/", None),
    ("organiser", "get", "/manage/seminars/{seminar.pk}/dashboard/", None),
    ("organiser", "post", "/manage/seminars/{seminar.pk}/export/", {"columns": ["name"], "format": "csv"}),
    ("organiser", "post", "/manage/seminars/{seminar.pk}/export/", {"columns": ["name"], "format": "xlsx"}),
    ("participant token", "get", "/api/v1/registrations/", None),
    ("participant token", "get", "/api/v1/certificates/", None),
    ("participant token", "get", "/api/v1/certificates/{certificate.pk}/pdf/", None),
    ("participant token", "get", "/api/v1/seminars/", None),
    ("organiser token", "get", "/api/v1/manage/seminars/{seminar.slug}/registrations/", None),
    ("participant", "get", "/api/v1/registrations/", None),  # the API with the session
    # API views without authentication see an anonymous user; the session still tells.
    ("participant", "get", "/api/v1/seminars/{seminar.slug}/seats/", None),
    ("participant token", "get", "/api/v1/seminars/{seminar.slug}/seats/", None),
]


@pytest.mark.parametrize(("who", "method", "url", "data"), PRIVATE)
def test_answers_to_a_logged_in_person_are_private_and_not_stored(
    world, organiser, participant, who, method, url, data
):
    seminar, _registration, certificate = world
    user = organiser if who.startswith("organiser") else participant
    client = token(user) if who.endswith("token") else session(user)

    response = getattr(client, method)(url.format(seminar=seminar, certificate=certificate), data)
    response.close()  # a file download is streamed

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)


@pytest.mark.parametrize("url", ["/", "/seminars/", "/press/", "/api/v1/seminars/", "/seminars/calendar.ics"])
def test_anonymous_answers_are_not_marked_private(world, url):
    response = Client().get(url)

    assert response.status_code == 200
    assert "no-store" not in directives(response)


def test_a_public_feed_stays_public_for_a_logged_in_person(world, participant):
    response = session(participant).get("/seminars/calendar.ics")

    assert directives(response) == {"public", "max-age=300"}


def test_verification_answers_are_never_stored_whoever_asks(world):
    """They name the holder in full (by code), like the verification page."""
    _seminar, _registration, certificate = world

    for url in (
        f"/certificates/verify/{certificate.code}/",
        f"/api/v1/certificates/verify/{certificate.code}/",
    ):
        assert {"private", "no-store"} <= directives(Client().get(url)), url
