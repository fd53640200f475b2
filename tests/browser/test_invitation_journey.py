"""A colleague joins a host organisation from the invitation email, in Chromium:
once with an account and logged in, once signing up from the link, confirming
the address and finding the invitation waiting after login."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from events.models import Membership
from members import services
from members.tasks import invitation_message
from tests.browser.journey import DESKTOP, PASSWORD, field, link, mails_to
from tests.factories import MembershipFactory, PrivacyNoticeFactory, UserFactory

# The live server answers from another thread, so the test needs real commits
# (transaction=True); serialized rollback restores the professional groups of the
# accounts data migration after another journey's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

INVITEE = "eleni.papadopoulou@example.org"
INVITATION_LINK = re.compile(r"https?://[^/\s]+(/\S*/invitations/[A-Za-z0-9_-]+/)")


def invitation_path(organisation) -> str:
    """The link of the invitation email, as the invitee reads it."""
    inviter = MembershipFactory(organisation=organisation, role="organiser").user
    invitation, token = services.invitation_create(
        organisation=organisation, email=INVITEE, role="organiser", invited_by=inviter
    )
    message = invitation_message(invitation=invitation, token=token, language="en")
    return INVITATION_LINK.search(message.body).group(1)


def sign_in(page: Page, email: str) -> None:
    """The login form the page shows."""
    page.get_by_label(field("Email")).fill(email)
    page.get_by_label(field("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def accept(page: Page, live_server, organisation) -> None:
    expect(page.get_by_role("heading", name="Invitation", level=1)).to_be_visible()
    expect(page.locator("#main")).to_contain_text(f"Accept to join {organisation.name} as Organiser.")
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page).to_have_url(f"{live_server.url}/manage/")
    expect(page.get_by_role("status")).to_contain_text(
        f"Welcome to {organisation.name}. Your role: Organiser."
    )


def test_logged_in_invitee_accepts_in_chromium(journey, live_server):
    membership = MembershipFactory(
        role="organiser", organisation__name="Hellenic Centre for Child Protection"
    )
    organisation = membership.organisation
    invitee = UserFactory(email=INVITEE, password=PASSWORD)
    EmailAddress.objects.create(user=invitee, email=INVITEE, verified=True, primary=True)
    path = invitation_path(organisation)
    page = journey.open(DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, INVITEE)
    expect(page).to_have_url(f"{live_server.url}/me/")

    page.goto(f"{live_server.url}{path}")

    # The token has left the address bar.
    expect(page).to_have_url(f"{live_server.url}/manage/organisations/invitations/accept/")
    accept(page, live_server, organisation)
    assert Membership.objects.filter(user=invitee, organisation=organisation, role="organiser").exists()


def test_invitee_signs_up_from_the_link_confirms_and_is_offered_the_invitation(journey, live_server):
    PrivacyNoticeFactory()
    organisation = MembershipFactory(
        role="organiser", organisation__name="Romanian Child Rights Alliance"
    ).organisation
    path = invitation_path(organisation)

    page = journey.open(DESKTOP)
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert "invitations/accept" in page.url and path not in page.url
    page.locator("#main").get_by_role("link", name="Sign up").click()
    page.get_by_label(field("Email")).fill(INVITEE)
    page.get_by_label("Full name").fill("Eleni Papadopoulou")
    page.get_by_label(field("Password")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    (confirmation,) = mails_to(INVITEE)
    page.goto(link(confirmation, r"/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"You have confirmed {INVITEE}")).to_be_visible()
    sign_in(page, INVITEE)

    # The invitation is offered at once, and accepting it works.
    expect(page).to_have_url(f"{live_server.url}/manage/organisations/invitations/accept/")
    accept(page, live_server, organisation)
    assert Membership.objects.filter(
        user__email=INVITEE, organisation=organisation, role="organiser"
    ).exists()
