"""Logging in by password or by an emailed code, resetting a password, rate limits."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_login_with_password_in_any_letter_case_lands_on_the_dashboard(client, participant, password):
    response = client.post("/accounts/login/", {"login": participant.email.upper(), "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert client.session["_auth_user_id"] == str(participant.pk)


@pytest.mark.parametrize(
    ("prefix", "signed_in"), [("/el", "Συνδεθήκατε με επιτυχία ως"), ("", "Successfully signed in as")]
)
def test_login_continues_in_the_language_of_the_login_page_with_the_message_in_it(
    client, participant, password, prefix, signed_in
):
    """One rule: the language the person is using now, whatever the profile prefers."""
    participant.preferred_language = "sl"
    participant.save()

    response = client.post(f"{prefix}/accounts/login/", {"login": participant.email, "password": password})

    assert response["Location"] == f"{prefix}/me/"
    dashboard = client.get(response["Location"])
    assert dashboard.content.decode().count(f'<html lang="{prefix[1:] or "en"}"') == 1
    assert signed_in in dashboard.content.decode()


def test_wrong_password_is_refused_with_a_translated_message(client, participant):
    response = client.post("/el/accounts/login/", {"login": participant.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert (
        "Η διεύθυνση email ή/και ο κωδικός πρόσβασης που δώσατε δεν είναι σωστά." in response.content.decode()
    )


def test_login_by_emailed_code(client, participant):
    response = client.post("/accounts/login/code/", {"email": participant.email})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[participant.email]]
    assert mail.outbox[0].body.startswith("Hello from VICTOR Seminars!")
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)

    response = client.post(response["Location"], {"code": code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_password_reset_mails_a_link_that_sets_a_new_password(client, participant):
    client.post("/accounts/password/reset/", {"email": participant.email})
    assert [message.to for message in mail.outbox] == [[participant.email]]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(
        action, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("a-brand-new-passphrase")


def test_repeated_failed_logins_lock_the_account_for_a_while(client, participant, password):
    for attempt in range(6):
        client.post("/accounts/login/", {"login": participant.email, "password": f"wrong-{attempt}"})

    response = client.post("/accounts/login/", {"login": participant.email, "password": password})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts. Try again later." in response.content.decode()
