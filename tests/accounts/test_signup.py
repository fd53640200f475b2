"""Sign-up through allauth with our extra fields, in any UI language."""

import re

import pytest
from django.core import mail
from django.utils import translation

from accounts.models import PrivacyConsent, User
from tests.factories import PrivacyNoticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "email": "Nina.Kovac@Example.org",
        "full_name": "  Nina   Kovač ",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
        "professional_group": "",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_signup_creates_a_lowercase_user_records_consent_and_sends_confirmation(client, django_user_model):
    notice = PrivacyNoticeFactory()
    from accounts.models import ProfessionalGroup

    police = ProfessionalGroup.objects.get(slug="police")

    response = client.post("/el/accounts/signup/", signup_data(professional_group=police.pk))

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "nina.kovac@example.org"
    assert user.full_name == "Nina Kovač"
    assert user.professional_group == police
    assert user.preferred_language == "el"
    consent = PrivacyConsent.objects.get(user=user)
    assert (consent.notice, consent.language) == (notice, "el")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina.kovac@example.org"]
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)


def test_unverified_account_cannot_log_in_until_the_email_is_confirmed(client):
    client.post("/accounts/signup/", signup_data(privacy_consent=None))
    client.logout()

    response = client.post(
        "/accounts/login/", {"login": "nina.kovac@example.org", "password": "a-long-enough-passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/confirm-email/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"full_name": "N" * 151}, "full_name", "Ensure this value has at most 150 characters (it has 151)."),
        ({"full_name": "   "}, "full_name", "This field is required."),
        (
            {"professional_group": "999999"},
            "professional_group",
            "Choose one of the professional groups in the list.",
        ),
        (
            {"privacy_consent": None},
            "privacy_consent",
            "Please agree to the privacy notice to create an account.",
        ),
    ],
)
def test_signup_rejects_bad_input_with_a_clear_message_and_creates_nothing(client, overrides, field, message):
    PrivacyNoticeFactory()

    response = client.post("/accounts/signup/", signup_data(**overrides))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_error_messages_are_translated(client):
    response = client.post("/ro/accounts/signup/", signup_data(professional_group="999999", email="x"))

    errors = response.context["form"].errors
    assert errors["email"] == ["Introduceți o adresă de email validă."]
    with translation.override("ro"):
        expected = translation.gettext("Choose one of the professional groups in the list.")
    assert expected != "Choose one of the professional groups in the list."
    assert errors["professional_group"] == [expected]
    assert User.objects.count() == 0


def test_signup_with_an_existing_email_in_other_case_creates_no_second_account(client):
    existing = UserFactory(email="nina.kovac@example.org")

    response = client.post("/accounts/signup/", signup_data(email="NINA.Kovac@EXAMPLE.org"), follow=True)

    assert User.objects.count() == 1
    assert User.objects.get() == existing
    # The page does not reveal that the address is registered...
    assert "already has an account (whatever the letter case), no second account is created" in (
        response.content.decode()
    )
    # ...the owner of the address is told instead.
    assert [message.to for message in mail.outbox] == [["nina.kovac@example.org"]]
    assert "already" in mail.outbox[0].subject.lower()


def test_database_refuses_two_users_whose_emails_differ_only_in_case():
    from django.db import IntegrityError, transaction

    UserFactory(email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="same@example.org", full_name="Twin")])
