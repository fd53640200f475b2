"""Keeping an account safe, as the people live it, at desktop width and on a phone.

Pre-hijacking (issue 18): someone signs up with another person's address and a
password of their own, and never confirms it. The owner of the address logs in
with a code sent to it; the site tells them that the password chosen at sign-up
no longer works and emails them how to set one. The impostor's browser holds
nothing any more, and their password no longer logs in. The owner sets a
password through the emailed link and logs in with it.

API token: a person makes one on /me/api-token/ (shown once, with its expiry
date; reloading the page keeps that token and no longer shows it), a program uses it, the person changes their password, and the program is
refused from then on.
"""

import re
from datetime import timedelta

import pytest
from django.utils import formats, timezone
from playwright.sync_api import Page, expect

from accounts.models import ApiToken, User
from registrations.models import Registration
from tests.browser.journey import PASSWORD, VIEWPORTS, field, link, log_in, mails_to, person
from tests.factories import PrivacyNoticeFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OWNER = "nina.kovac@example.org"
IMPOSTOR_NAME = "Mallory Impostor"
IMPOSTORS_PASSWORD = "Mallory-Guesses-Right-1"
OWNERS_PASSWORD = "Nina-Chooses-Her-Own-2"
NEW_PASSWORD = "Sava-Drava-Krka-2025"

# allauth's own wording.
WRONG_PASSWORD = "The email address and/or password you specified are not correct."
PASSWORD_NO_LONGER_WORKS = (
    "The password chosen when this account was created no longer works, because it was not "
    "chosen in this browser. We have emailed you how to set a new one; meanwhile you can log "
    "in with a code sent by email."
)
LOGIN_CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def try_password(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(field("Email")).fill(email)
    page.get_by_label(field("Password")).fill(password)
    page.get_by_role("button", name="Sign in").click()


@VIEWPORTS
def test_an_impostors_sign_up_password_stops_working_when_the_owner_logs_in_by_code(
    journey, live_server, viewport
):
    base = live_server.url
    PrivacyNoticeFactory()

    # The impostor signs up with the owner's address and a password, and cannot confirm it.
    impostor = journey.open(viewport)
    impostor.goto(f"{base}/accounts/signup/")
    impostor.get_by_label(field("Email")).fill(OWNER)
    impostor.get_by_label("Full name").fill(IMPOSTOR_NAME)
    impostor.get_by_label(field("Password")).fill(IMPOSTORS_PASSWORD)
    impostor.get_by_label("Password (again)").fill(IMPOSTORS_PASSWORD)
    impostor.get_by_label("Professional group").select_option(label="Social workers")
    impostor.get_by_label("I have read the privacy notice").check()
    impostor.get_by_role("button", name="Sign up").click()
    expect(impostor.get_by_role("heading", name="Check your inbox")).to_be_visible()
    (confirmation,) = mails_to(OWNER)  # the owner's inbox: the impostor never sees it
    # allauth names the account by its address, never by the name the impostor typed.
    assert f"because user {OWNER} has given your email address" in confirmation.body
    assert "Mallory" not in confirmation.subject + confirmation.body

    # The owner, in their own browser, asks for a login code and types it in.
    owner = journey.open(viewport)
    owner.goto(f"{base}/accounts/login/")
    owner.get_by_role("link", name="Send me a sign-in code").click()
    owner.get_by_label(field("Email")).fill(OWNER)
    owner.get_by_role("button", name="Request Code").click()
    code_mail = mails_to(OWNER)[-1]
    assert code_mail is not confirmation
    code = LOGIN_CODE.search(code_mail.body)
    assert code, code_mail.body
    assert "Mallory" not in code_mail.subject + code_mail.body
    owner.get_by_label(field("Code")).fill(code.group(1))
    owner.get_by_role("button", name="Confirm", exact=True).click()
    expect(owner).to_have_url(f"{base}/me/")
    expect(owner.get_by_role("status")).to_contain_text(PASSWORD_NO_LONGER_WORKS)
    expect(owner.get_by_role("status")).to_contain_text(f"Successfully signed in as {OWNER}.")
    expect(owner.get_by_role("status")).not_to_contain_text("Mallory")
    expect(owner.get_by_role("heading", name="My account", level=1)).to_be_visible()

    # ... and the email saying so, with the name the impostor typed and the way out.
    notice = mails_to(OWNER)[-1]
    assert notice.subject.endswith("Your VICTOR Seminars account: please set a new password"), notice.subject
    assert f"The address {OWNER} has just been confirmed as yours on VICTOR Seminars." in notice.body
    assert "that password no longer works" in notice.body
    assert f"“{IMPOSTOR_NAME}”" in notice.body
    reset_page = link(notice, r"/accounts/password/reset/$")

    # The impostor's browser holds nothing: its next page asks to log in, and the
    # password it chose is wrong now, in allauth's words.
    impostor.goto(f"{base}/me/")
    expect(impostor).to_have_url(re.compile(r"/accounts/login/\?next=/me/$"))
    try_password(impostor, base, OWNER, IMPOSTORS_PASSWORD)
    expect(impostor.get_by_role("alert")).to_contain_text(WRONG_PASSWORD)
    expect(impostor).to_have_url(f"{base}/accounts/login/")

    # The owner sets a password through the emailed link (in a fresh browser, as
    # from a mail client) and logs in with it.
    reader = journey.open(viewport)
    reader.goto(reset_page)
    reader.get_by_label(field("Email")).fill(OWNER)
    reader.get_by_role("button", name="Reset My Password").click()
    reset = mails_to(OWNER)[-1]
    assert reset is not notice
    reader.goto(link(reset, r"/accounts/password/reset/key/"))
    reader.get_by_label(field("New password")).fill(OWNERS_PASSWORD)
    reader.get_by_label(field("New password (again)")).fill(OWNERS_PASSWORD)
    reader.get_by_role("button", name="Change password").click()
    expect(reader.get_by_role("main")).to_contain_text("Your password is now changed.")
    try_password(reader, base, OWNER, OWNERS_PASSWORD)
    expect(reader).to_have_url(f"{base}/me/")
    expect(reader.get_by_role("heading", name="My account", level=1)).to_be_visible()
    # Setting it by the emailed link proves it: it stays usable.
    assert User.objects.get(email=OWNER).check_password(OWNERS_PASSWORD)
    try_password(impostor, base, OWNER, IMPOSTORS_PASSWORD)
    expect(impostor.get_by_role("alert")).to_contain_text(WRONG_PASSWORD)


@VIEWPORTS
def test_an_api_token_is_shown_once_works_and_ends_with_a_password_change(journey, live_server, viewport):
    base = live_server.url
    participant = person(full_name="Ana Horvat")
    RegistrationFactory(user=participant, status=Registration.Status.CONFIRMED)

    page = journey.open(viewport)
    log_in(page, base, participant.email)
    page.goto(f"{base}/me/api-token/")
    expect(page.get_by_role("heading", name="API token", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("You have no API token.")
    page.get_by_role("button", name="Create token").click()

    # The key, once, with the warning, and until when it works.
    shown = page.get_by_role("status")
    expect(shown).to_contain_text("Copy your token now: it will not be shown again.")
    key = page.get_by_label("Your API token").input_value()
    assert len(key) >= 32, key
    token = ApiToken.objects.get(user=participant)
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    expiry = formats.date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"It expires on {expiry}.")
    expect(main).to_contain_text("Not used yet.")
    # Revoking is the secondary choice, and looks it.
    colour = "el => getComputedStyle(el).backgroundColor"
    regenerate = page.get_by_role("button", name="Regenerate token").evaluate(colour)
    assert page.get_by_role("button", name="Revoke token").evaluate(colour) != regenerate
    # The key came to a page of its own address: reloading it neither makes
    # another token nor shows the key again.
    assert page.url == f"{base}/me/api-token/"
    page.reload()
    expect(page.get_by_label("Your API token")).to_have_count(0)
    expect(main).to_contain_text(f"You have an API token ({key[:6]}…)")
    assert key not in page.content()
    assert ApiToken.objects.get(user=participant).digest == token.digest

    # A program (no cookies of the person's browser) signs in with it.
    program = journey.open(viewport).request
    response = program.get(f"{base}/api/v1/registrations/", headers={"Authorization": f"Token {key}"})
    assert response.status == 200, response.text()
    (registration,) = response.json()["results"]
    assert registration["seminar"]["title"], registration
    page.goto(f"{base}/me/api-token/")
    expect(page.get_by_role("main")).to_contain_text("Last used on ")

    # The person changes their password: the program is refused.
    page.goto(f"{base}/accounts/password/change/")
    page.get_by_label(field("Current password")).fill(PASSWORD)
    page.get_by_label(field("New password")).fill(NEW_PASSWORD)
    page.get_by_label(field("New password (again)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Password successfully changed.")
    response = program.get(f"{base}/api/v1/registrations/", headers={"Authorization": f"Token {key}"})
    assert response.status == 401, response.text()
    page.goto(f"{base}/me/api-token/")
    expect(page.get_by_role("main")).to_contain_text("You have no API token.")
