"""A person creates, regenerates and revokes their own API token in the profile area."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import AuditEntry
from tests.factories import SeminarFactory

pytestmark = pytest.mark.django_db

PAGE = "/me/api-token/"
REVOKE = "/me/api-token/revoke/"


def test_token_page_needs_login(client):
    assert client.get(PAGE)["Location"].startswith("/accounts/login/?next=/me/api-token/")
    response = client.post(PAGE)
    assert response.status_code == 302
    assert not Token.objects.exists()


def test_dashboard_links_to_the_token_page(client, participant):
    client.force_login(participant)

    page = client.get("/me/").content.decode()

    assert f'href="{PAGE}"' in page


def test_creating_a_token_shows_its_key_once(client, organiser):
    client.force_login(organiser)
    assert "You have no API token." in client.get(PAGE).content.decode()

    created = client.post(PAGE)

    token = Token.objects.get(user=organiser)
    assert created.status_code == 200
    assert token.key in created.content.decode()
    assert "Copy your token now: it will not be shown again." in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    later = client.get(PAGE).content.decode()
    assert token.key not in later
    assert "You have an API token, created on" in later
    entry = AuditEntry.objects.get(action="api_token.create")
    assert (entry.actor, entry.target_id) == (organiser, str(organiser.pk))
    assert token.key not in str(entry.details) + entry.target_repr


def test_the_new_token_works_in_the_api(client, organiser, organisation):
    draft = SeminarFactory(organisation=organisation, venue__organisation=organisation, status="draft")
    client.force_login(organiser)
    client.post(PAGE)
    key = Token.objects.get(user=organiser).key

    response = Client().get(f"/api/v1/seminars/{draft.slug}/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_regenerating_replaces_the_old_token(client, organiser):
    client.force_login(organiser)
    client.post(PAGE)
    old_key = Token.objects.get(user=organiser).key

    response = client.post(PAGE)

    new_key = Token.objects.get(user=organiser).key
    assert new_key != old_key
    assert new_key in response.content.decode()
    assert Client().get("/api/v1/seminars/", HTTP_AUTHORIZATION=f"Token {old_key}").status_code == 401
    assert Client().get("/api/v1/seminars/", HTTP_AUTHORIZATION=f"Token {new_key}").status_code == 200
    assert AuditEntry.objects.filter(action="api_token.regenerate").count() == 1


def test_revoking_deletes_the_token(client, organiser):
    client.force_login(organiser)
    client.post(PAGE)
    key = Token.objects.get(user=organiser).key

    response = client.post(REVOKE, follow=True)

    assert not Token.objects.filter(user=organiser).exists()
    assert response.redirect_chain == [(PAGE, 302)]
    page = response.content.decode()
    assert "Your API token has been revoked." in page
    assert "You have no API token." in page
    assert Client().get("/api/v1/seminars/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1


def test_revoke_is_post_only(client, organiser):
    client.force_login(organiser)
    client.post(PAGE)

    assert client.get(REVOKE).status_code == 405
    assert Token.objects.filter(user=organiser).exists()


def test_token_changes_need_the_csrf_token(organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    Token.objects.create(user=organiser)
    key = Token.objects.get(user=organiser).key

    assert client.post(PAGE).status_code == 403
    assert client.post(REVOKE).status_code == 403
    assert Token.objects.get(user=organiser).key == key


def test_a_participant_may_have_a_token_too(client, participant):
    client.force_login(participant)

    client.post(PAGE)

    assert Token.objects.filter(user=participant).exists()


def test_people_whose_role_requires_two_factor_set_it_up_first(settings, client, organiser, participant):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    client.force_login(organiser)

    response = client.post(PAGE)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert not Token.objects.exists()
    client.force_login(participant)
    client.post(PAGE)
    assert Token.objects.filter(user=participant).exists()


def test_token_page_works_under_a_language_prefix(client, participant):
    client.force_login(participant)

    page = client.get(f"/el{PAGE}")

    assert page.status_code == 200
    assert '<html lang="el">' in page.content.decode()
