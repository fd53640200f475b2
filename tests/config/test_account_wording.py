"""allauth's pages and emails speak like the rest of the site: Romanian with diacritics
and the formal address, Greek with the site's terms, English and Greek in sentence case
(config/locale_fixes overrides allauth's own catalogue)."""

import re

import pytest
from django.core import mail

from tests.factories import PrivacyNoticeFactory

pytestmark = pytest.mark.django_db


def visible_text(response) -> str:
    """The page's text without tags, with whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    ("prefix", "present", "absent"),
    [
        ("", ["Sign up", "Already have an account? Then please sign in"], ["Signup", "Sign Up", "Sign In"]),
        (
            "/ro",
            ["Înregistrare", "Aveți deja un cont? Atunci vă rugăm să vă", "conectați"],
            ["Inregistr", "Te rugam", "Conecteaza"],
        ),
        ("/el", ["Εγγραφή", "Σύνδεση"], ["Είσοδος"]),
        ("/sl", ["Registracija"], ["Ustvari račun"]),
    ],
)
def test_signup_page(client, prefix, present, absent):
    text = visible_text(client.get(f"{prefix}/accounts/signup/"))
    for wording in present:
        assert wording in text
    for wording in absent:
        assert wording not in text


@pytest.mark.parametrize(
    ("prefix", "present", "absent"),
    [
        ("", ["Sign in", "Remember me", "Forgot your password?"], ["Sign In", "Remember Me"]),
        (
            "/ro",
            ["Conectare", "Țineți-mă minte", "Parolă", "Ați uitat parola?"],
            ["Tine-ma", "Conecteaza", "Ai uitat"],
        ),
        (
            "/el",
            ["Σύνδεση", "Κωδικός πρόσβασης", "Να με θυμάσαι"],
            ["Συνθηματικό", "Αυτόματη Σύνδεση", "Είσοδος"],
        ),
    ],
)
def test_login_page(client, prefix, present, absent):
    text = visible_text(client.get(f"{prefix}/accounts/login/"))
    for wording in present:
        assert wording in text
    for wording in absent:
        assert wording not in text


@pytest.mark.parametrize(
    ("prefix", "subject", "body"),
    [
        ("", "[VICTOR Seminars] Please confirm your email address", "To confirm this is correct, go to"),
        ("/ro", "[VICTOR Seminars] Vă rugăm să confirmați adresa de e-mail", "Pentru a confirma, accesați"),
        (
            "/el",
            "[VICTOR Seminars] Παρακαλούμε επιβεβαιώστε τη διεύθυνση email σας",
            "Λαμβάνετε αυτό το email",
        ),
        ("/sl", "[VICTOR Seminars] Prosimo, potrdite svoj e-poštni naslov", "Da potrdite, da je to pravilno"),
    ],
)
def test_confirmation_email_and_page(client, prefix, subject, body):
    PrivacyNoticeFactory()
    client.post(
        f"{prefix}/accounts/signup/",
        {
            "email": "nina@example.org",
            "full_name": "Nina Kovač",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "professional_group": "",
            "privacy_consent": "on",
        },
    )

    [message] = mail.outbox
    assert message.subject == subject
    assert body in message.body
    link = re.search(r"http://testserver(\S+/confirm-email/\S+/)", message.body).group(1)
    heading = {
        "": "Confirm email address",
        "/ro": "Confirmați adresa de e-mail",
        "/el": "Επιβεβαίωση διεύθυνσης email",
    }
    if prefix in heading:
        assert heading[prefix] in visible_text(client.get(link))


@pytest.mark.parametrize(
    ("prefix", "greeting"),
    [
        ("", "Successfully signed in as"),
        ("/ro", "V-ați conectat cu succes ca"),
        ("/el", "Συνδεθήκατε με επιτυχία ως"),
    ],
)
def test_signed_in_message(client, participant, password, prefix, greeting):
    response = client.post(
        f"{prefix}/accounts/login/", {"login": participant.email, "password": password}, follow=True
    )
    assert greeting in visible_text(response)
