"""Account pre-hijacking: a password chosen by whoever signed up with an address
counts only if that same browser session also proved the address is theirs."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import AuditEntry, PrivacyConsent, User
from tests.factories import PrivacyNoticeFactory, api_key_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_tasks_after_each_request(django_capture_on_commit_callbacks, monkeypatch):
    """Tasks are enqueued after commit: run them at the end of each request, as in production."""
    request = Client.request

    def request_then_commit(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", request_then_commit)


OWNER = "nina.kovac@example.org"
ATTACKERS_PASSWORD = "the-attackers-passphrase"
OWNERS_PASSWORD = "the-owners-own-passphrase"


def sign_up(client: Client, *, password: str = ATTACKERS_PASSWORD, name: str = "Mallory Impostor") -> User:
    response = client.post(
        "/accounts/signup/",
        {
            "email": OWNER,
            "full_name": name,
            "password1": password,
            "password2": password,
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    return User.objects.get(email=OWNER)


def logs_in_with_password(password: str) -> bool:
    client = Client()
    client.post("/accounts/login/", {"login": OWNER, "password": password})
    return "_auth_user_id" in client.session


def log_in_by_code(client: Client) -> None:
    mail.outbox.clear()
    response = client.post("/accounts/login/code/", {"email": OWNER})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)
    client.post(response["Location"], {"code": code})


def confirmation_link() -> str:
    return re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)


def notices() -> list:
    """The emails telling the owner that the sign-up's password no longer works
    (they link to both the password reset and the login-code pages)."""
    return [
        message
        for message in mail.outbox
        if "/accounts/password/reset/" in message.body and "/accounts/login/code/" in message.body
    ]


def test_owner_logging_in_by_code_ends_the_password_chosen_at_someone_elses_sign_up():
    PrivacyNoticeFactory()  # the sign-up form asks to agree to it
    attacker = Client()
    user = sign_up(attacker)
    assert PrivacyConsent.objects.filter(user=user).count() == 1  # agreed on the sign-up form
    # Whatever session the sign-up may hold on to must end too.
    lingering = Client()
    lingering.force_login(user)
    assert lingering.get("/me/").status_code == 200
    key = api_key_for(user)

    owner = Client()
    log_in_by_code(owner)

    assert owner.session["_auth_user_id"] == str(user.pk)
    assert owner.get("/me/").status_code == 200
    assert EmailAddress.objects.get(email=OWNER).verified
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not logs_in_with_password(ATTACKERS_PASSWORD)
    assert lingering.get("/me/")["Location"].startswith("/accounts/login/")
    assert attacker.get("/me/")["Location"].startswith("/accounts/login/")
    assert Client().get("/api/v1/registrations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    [notice] = notices()
    assert notice.to == [OWNER]
    assert "/accounts/password/reset/" in notice.body
    assert "“Mallory Impostor”" in notice.body
    assert not PrivacyConsent.objects.filter(user=user).exists()
    assert (
        "The agreement to the privacy notice given when the account was created has been removed"
        in notice.body
    )
    entry = AuditEntry.objects.get(action="account.unproven_password_disabled")
    assert (entry.target_id, entry.details) == (
        str(user.pk),
        {"how": "account_confirm_login_code", "consents_removed": 1},
    )


def test_the_notice_is_in_the_language_the_owner_uses_not_the_sign_ups():
    sign_up(Client())  # in English
    owner = Client()
    mail.outbox.clear()
    response = owner.post("/el/accounts/login/code/", {"email": OWNER})
    code = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4})", mail.outbox[0].body).group(1)
    owner.post(response["Location"], {"code": code})

    [notice] = notices()
    assert "/el/accounts/password/reset/" in notice.body
    assert '<html lang="el">' in notice.alternatives[0].content


def test_confirming_by_link_in_another_browser_ends_the_sign_up_password():
    user = sign_up(Client())
    other_browser = Client()

    response = other_browser.post(confirmation_link(), follow=True)

    assert EmailAddress.objects.get(email=OWNER).verified
    assert "The password chosen when this account was created no longer works" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not logs_in_with_password(ATTACKERS_PASSWORD)
    assert len(notices()) == 1


def test_signing_up_and_confirming_in_the_same_browser_keeps_the_password():
    browser = Client()
    user = sign_up(browser, password=OWNERS_PASSWORD, name="Nina Kovač")

    browser.post(confirmation_link())

    assert EmailAddress.objects.get(email=OWNER).verified
    user.refresh_from_db()
    assert user.has_usable_password()
    assert logs_in_with_password(OWNERS_PASSWORD)
    assert notices() == []
    assert not AuditEntry.objects.filter(action="account.unproven_password_disabled").exists()


def test_logging_in_with_the_password_then_confirming_in_that_browser_keeps_the_password():
    sign_up(Client(), password=OWNERS_PASSWORD)
    link = confirmation_link()
    browser = Client()
    browser.post("/accounts/login/", {"login": OWNER, "password": OWNERS_PASSWORD})

    browser.post(link)

    assert logs_in_with_password(OWNERS_PASSWORD)
    assert notices() == []


def test_a_password_reset_by_the_owner_replaces_the_sign_up_password_and_then_counts():
    sign_up(Client())
    link_from_sign_up = confirmation_link()
    owner = Client()
    mail.outbox.clear()
    owner.post("/accounts/password/reset/", {"email": OWNER})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = owner.get(link, follow=True)
    owner.post(form_page.redirect_chain[-1][0], {"password1": OWNERS_PASSWORD, "password2": OWNERS_PASSWORD})

    assert not logs_in_with_password(ATTACKERS_PASSWORD)
    mail.outbox.clear()
    owner.post("/accounts/login/", {"login": OWNER, "password": OWNERS_PASSWORD})
    owner.post(link_from_sign_up)

    assert EmailAddress.objects.get(email=OWNER).verified
    assert logs_in_with_password(OWNERS_PASSWORD)
    assert notices() == []


def test_adding_a_second_address_to_a_verified_account_leaves_the_password_alone(participant, password):
    browser = Client()
    browser.force_login(participant)
    browser.post("/accounts/email/", {"action_add": "", "email": "second@example.org"})
    link = confirmation_link()

    Client().post(link)

    assert EmailAddress.objects.get(email="second@example.org").verified
    participant.refresh_from_db()
    assert participant.check_password(password)
    assert notices() == []


def test_a_coordinator_marking_the_address_verified_ends_the_sign_up_password_too(coordinator):
    user = sign_up(Client())
    user.preferred_language = "ro"
    user.save(update_fields=["preferred_language"])
    admin = Client()
    admin.force_login(coordinator)
    address = EmailAddress.objects.get(email=OWNER)

    admin.post(
        "/admin/account/emailaddress/",
        {"action": "make_verified", "_selected_action": [address.pk]},
    )

    address.refresh_from_db()
    assert address.verified
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not logs_in_with_password(ATTACKERS_PASSWORD)
    [notice] = notices()
    assert "/ro/accounts/password/reset/" in notice.body
    assert admin.get("/admin/").status_code == 200  # the coordinator's own session is untouched


# The name typed at sign-up is the impostor's words: allauth never shows it to
# the owner of the address (ACCOUNT_USER_DISPLAY names people by their address).


def test_what_allauth_sends_and_shows_the_owner_leaves_out_the_sign_ups_name(client):
    sign_up(Client())
    confirmation = mail.outbox[-1]
    assert confirmation.to == [OWNER]
    assert "Mallory" not in confirmation.subject + confirmation.body
    assert f"because user {OWNER} has given your email address" in confirmation.body
    confirm_page = client.get(confirmation_link()).content.decode()
    assert "Mallory" not in confirm_page
    assert f"is an email address for user {OWNER}." in confirm_page

    mail.outbox.clear()
    response = client.post("/accounts/login/code/", {"email": OWNER})
    (code_mail,) = mail.outbox
    assert "Mallory" not in code_mail.subject + code_mail.body
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", code_mail.body, re.MULTILINE).group(1)
    logged_in = client.post(response["Location"], {"code": code}, follow=True)
    shown = [str(message) for message in logged_in.context["messages"]]
    assert f"Successfully signed in as {OWNER}." in shown
    assert not [message for message in shown if "Mallory" in message]

    mail.outbox.clear()
    Client().post("/accounts/password/reset/", {"email": OWNER})
    (reset,) = mail.outbox
    assert "Mallory" not in reset.subject + reset.body
