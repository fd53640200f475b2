"""A person creates, regenerates and revokes their own API token in the profile area."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import ApiToken, AuditEntry
from tests.factories import SeminarFactory, api_key_for

pytestmark = pytest.mark.django_db

PAGE = "/me/api-token/"
REVOKE = "/me/api-token/revoke/"


def shown_key(response) -> str:
    return re.search(
        r'id="api-token-key" type="text" value="([0-9a-f]{40})"', response.content.decode()
    ).group(1)


def test_token_page_needs_login(client):
    assert client.get(PAGE)["Location"].startswith("/accounts/login/?next=/me/api-token/")
    response = client.post(PAGE)
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_dashboard_links_to_the_token_page(client, participant):
    client.force_login(participant)

    page = client.get("/me/").content.decode()

    assert f'href="{PAGE}"' in page


def test_creating_a_token_shows_its_key_once(client, organiser):
    client.force_login(organiser)
    assert "You have no API token." in client.get(PAGE).content.decode()

    created = client.post(PAGE, follow=True)

    assert created.redirect_chain == [(PAGE, 302)]
    key = shown_key(created)
    token = ApiToken.objects.get(user=organiser)
    assert created.status_code == 200
    assert "Copy your token now: it will not be shown again." in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    later = client.get(PAGE).content.decode()
    assert key not in later
    assert f"You have an API token ({key[:6]}…), created on" in later
    entry = AuditEntry.objects.get(action="api_token.create")
    assert (entry.actor, entry.target_id) == (organiser, str(organiser.pk))
    assert key not in str(entry.details) + entry.target_repr
    assert token.digest == ApiToken.digest_of(key) != key


def test_reloading_the_page_after_creating_a_token_keeps_it(client, organiser):
    """POST/redirect/GET: a reload repeats the GET, which neither makes another
    token nor shows the key again."""
    client.force_login(organiser)
    created = client.post(PAGE)
    assert created.status_code == 302
    assert created["Location"] == PAGE  # the key is in no URL
    assert "no-store" in created["Cache-Control"]
    first = client.get(PAGE)
    key = shown_key(first)
    digest = ApiToken.objects.get(user=organiser).digest

    reloaded = client.get(PAGE).content.decode()

    assert key not in reloaded
    assert 'id="api-token-key"' not in reloaded
    assert "Copy your token now" not in reloaded
    assert f"You have an API token ({key[:6]}…), created on" in reloaded
    assert ApiToken.objects.get(user=organiser).digest == digest == ApiToken.digest_of(key)
    assert AuditEntry.objects.filter(action__startswith="api_token.").count() == 1
    assert Client().get("/api/v1/seminars/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_a_key_revoked_before_it_was_shown_is_not_shown(client, organiser):
    client.force_login(organiser)
    client.post(PAGE)
    client.post(REVOKE)

    page = client.get(PAGE).content.decode()

    assert 'id="api-token-key"' not in page
    assert "You have no API token." in page


def test_the_new_token_works_in_the_api(client, organiser, organisation):
    draft = SeminarFactory(organisation=organisation, venue__organisation=organisation, status="draft")
    client.force_login(organiser)
    key = shown_key(client.post(PAGE, follow=True))

    response = Client().get(f"/api/v1/seminars/{draft.slug}/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_regenerating_replaces_the_old_token(client, organiser):
    client.force_login(organiser)
    old_key = shown_key(client.post(PAGE, follow=True))

    new_key = shown_key(client.post(PAGE, follow=True))

    assert new_key != old_key
    assert ApiToken.objects.get(user=organiser).digest == ApiToken.digest_of(new_key)
    assert Client().get("/api/v1/seminars/", HTTP_AUTHORIZATION=f"Token {old_key}").status_code == 401
    assert Client().get("/api/v1/seminars/", HTTP_AUTHORIZATION=f"Token {new_key}").status_code == 200
    assert AuditEntry.objects.filter(action="api_token.regenerate").count() == 1


def test_revoking_deletes_the_token(client, organiser):
    client.force_login(organiser)
    key = shown_key(client.post(PAGE, follow=True))

    response = client.post(REVOKE, follow=True)

    assert not ApiToken.objects.filter(user=organiser).exists()
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
    assert ApiToken.objects.filter(user=organiser).exists()


def test_token_changes_need_the_csrf_token(organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    key = api_key_for(organiser)

    assert client.post(PAGE).status_code == 403
    assert client.post(REVOKE).status_code == 403
    assert ApiToken.objects.get(user=organiser).digest == ApiToken.digest_of(key)


def test_a_participant_may_have_a_token_too(client, participant):
    client.force_login(participant)

    client.post(PAGE)

    assert ApiToken.objects.filter(user=participant).exists()


def test_people_whose_role_requires_two_factor_set_it_up_first(settings, client, organiser, participant):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    client.force_login(organiser)

    response = client.post(PAGE)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert not ApiToken.objects.exists()
    client.force_login(participant)
    client.post(PAGE)
    assert ApiToken.objects.filter(user=participant).exists()


def test_token_page_works_under_a_language_prefix(client, participant):
    client.force_login(participant)

    page = client.get(f"/el{PAGE}")

    assert page.status_code == 200
    assert '<html lang="el">' in page.content.decode()


# Stored as a digest, with an expiry; ended by any password change.


def api_get(key: str):
    return Client().get("/api/v1/registrations/", HTTP_AUTHORIZATION=f"Token {key}")


def test_only_a_digest_of_the_key_is_stored(client, participant):
    client.force_login(participant)

    key = shown_key(client.post(PAGE, follow=True))

    stored = ApiToken.objects.filter(user=participant).values().get()
    assert key not in "".join(str(value) for value in stored.values())
    assert stored["prefix"] == key[:6]


def test_the_page_says_when_the_token_expires(client, participant, settings):
    settings.API_TOKEN_VALID_DAYS = 30
    client.force_login(participant)
    client.post(PAGE)
    token = ApiToken.objects.get(user=participant)

    page = client.get(PAGE).content.decode()

    assert (token.expires_at - token.created_at) == timedelta(days=30)
    assert "A token works for 30 days. Changing or resetting your password ends it at once." in page
    assert f"It expires on {date_format(token.expires_at, 'DATE_FORMAT')}." in page
    assert "Not used yet." in page


def test_an_expired_token_no_longer_signs_in(client, participant):
    key = api_key_for(participant)
    ApiToken.objects.filter(user=participant).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = api_get(key)

    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API token has expired. Create a new one on your account's API token page."
    }
    client.force_login(participant)
    assert "expired on" in client.get(PAGE).content.decode()


def test_using_the_token_records_when(client, participant):
    client.force_login(participant)
    key = shown_key(client.post(PAGE, follow=True))
    assert ApiToken.objects.get(user=participant).last_used_at is None

    assert api_get(key).status_code == 200
    assert api_get(key).status_code == 200

    assert ApiToken.objects.get(user=participant).last_used_at is not None
    assert "Last used on" in client.get(PAGE).content.decode()


def test_changing_the_password_on_the_account_page_revokes_the_token(client, participant, password):
    key = api_key_for(participant)
    client.force_login(participant)

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": password,
            "password1": "a-brand-new-passphrase",
            "password2": "a-brand-new-passphrase",
        },
    )

    assert response.status_code == 302
    assert api_get(key).status_code == 401
    assert not ApiToken.objects.filter(user=participant).exists()
    assert AuditEntry.objects.get(action="api_token.revoke").details == {"reason": "password_changed"}
    assert client.get("/me/").status_code == 200  # this session stays logged in


def test_resetting_the_password_revokes_the_token(client, participant):
    key = api_key_for(participant)
    client.post("/accounts/password/reset/", {"email": participant.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)

    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )

    assert api_get(key).status_code == 401


def test_any_saved_password_change_revokes_the_token(participant):
    """The admin's form, manage.py changepassword: set_password() and save()."""
    key = api_key_for(participant)
    participant.full_name = "Renamed"
    participant.save()
    assert api_get(key).status_code == 200

    participant.set_password("set-by-a-coordinator")
    participant.save()

    assert api_get(key).status_code == 401


def test_changepassword_command_revokes_the_token(participant, monkeypatch):
    key = api_key_for(participant)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "another-long-passphrase")

    call_command("changepassword", participant.email, stdout=io.StringIO())

    assert api_get(key).status_code == 401


def test_the_api_description_still_names_the_token_header(client):
    schema = client.get("/api/schema/").content.decode()

    assert "tokenAuth:" in schema
    assert 'Token-based authentication with required prefix "Token"' in schema
