"""A newcomer's first visit, as they would do it in a browser: sign up, confirm the
email address, log in, complete the profile and switch the site to Greek."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import PrivacyConsent, User
from tests.browser.journey import DESKTOP, PASSWORD, field
from tests.factories import PrivacyNoticeFactory

# The live server answers from another thread, so the test needs real commits
# (transaction=True). The flush after such a test empties every table, including
# the professional groups from the accounts 0002 data migration; serialized
# rollback restores them before the test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TYPED_EMAIL = "Nina.Kovac@Example.org"
STORED_EMAIL = "nina.kovac@example.org"
CONFIRMATION_LINK = re.compile(r"https?://[^\s<>\"]+/accounts/confirm-email/[^\s<>\"]+/")


def test_signup_confirm_login_profile_and_greek(journey, live_server):
    notice = PrivacyNoticeFactory()
    page = journey.open(DESKTOP)

    # Sign up, typing the address with capitals as people do.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label(field("Email")).fill(TYPED_EMAIL)
    page.get_by_label("Full name").fill("Nina Kovač")
    page.get_by_label(field("Password")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Professional group").select_option(label="Social workers")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    # The confirmation email, sent by the live server in this very process.
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert [address.lower() for address in message.to] == [STORED_EMAIL]
    link = CONFIRMATION_LINK.search(message.body)
    assert link, message.body
    assert link.group(0).startswith(live_server.url)

    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Confirm email address")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"You have confirmed {STORED_EMAIL}")).to_be_visible()

    # Log in with the address in yet another letter case.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(field("Email")).fill("NINA.KOVAC@example.ORG")
    page.get_by_label(field("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/me/")
    expect(page.get_by_role("heading", name="My account", level=1)).to_be_visible()

    # Complete the profile.
    page.goto(f"{live_server.url}/me/profile/")
    page.get_by_label("Organisation").fill("Centre for Social Work Ljubljana")
    page.get_by_label("Job title").fill("Case manager")
    page.get_by_label("Country").select_option(label="Slovenia")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/me/")
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved.")
    profile = page.get_by_role("region", name="Profile")
    expect(profile).to_contain_text("Centre for Social Work Ljubljana")
    expect(profile).to_contain_text("Case manager")
    expect(profile).to_contain_text("Slovenia")
    expect(profile).to_contain_text("Social workers")
    expect(profile).to_contain_text(STORED_EMAIL)

    user = User.objects.get(email__iexact=TYPED_EMAIL)
    assert user.email == STORED_EMAIL
    assert user.organisation == "Centre for Social Work Ljubljana"
    assert user.job_title == "Case manager"
    assert user.professional_group.slug == "social-workers"
    assert PrivacyConsent.objects.filter(user=user, notice=notice).exists()

    # The same page in Greek.
    page.get_by_role("link", name="Ελληνικά").click()
    expect(page).to_have_url(f"{live_server.url}/el/me/")
    expect(page.locator("html")).to_have_attribute("lang", "el")
    greek_profile = page.locator("#main .details")
    # Names not taken from our catalogue: the group (data migration) and the
    # country (django-countries' own Greek translation).
    expect(greek_profile).to_contain_text("Κοινωνικοί λειτουργοί")
    expect(greek_profile).to_contain_text("Σλοβενία")

    # Our own catalogue (locale/el): the navigation.
    expect(page.get_by_role("navigation").get_by_role("link", name="Αρχική")).to_be_visible()
