"""Colleague management in the organiser area: members, invitations, the invitation link."""

import logging
import re
from datetime import timedelta
from smtplib import SMTPException
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry
from events.models import Invitation, Membership
from members import services
from members.tasks import seal_token, send_invitation_email
from tests.factories import MembershipFactory, OrganisationFactory, PrivacyNoticeFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK_PATH = "/manage/organisations/invitations/"
ACCEPT_PATH = "/manage/organisations/invitations/accept/"


class FailingMailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("451 mail server unavailable")


def members_url(organisation) -> str:
    return f"/manage/organisations/{organisation.slug}/"


def invite(client, organisation, *, email="new.colleague@example.org", role="organiser", prefix=""):
    return client.post(f"{prefix}{members_url(organisation)}", {"email": email, "role": role})


def link_in(text: str) -> str:
    return re.search(re.escape(settings.SITE_URL) + r"(/\S*?/invitations/[A-Za-z0-9_-]+/)", text).group(1)


def open_link(client, token: str, prefix: str = ""):
    """Follow the emailed link: the token goes into the session, the browser to the accept page."""
    response = client.get(f"{prefix}{LINK_PATH}{token}/")
    assert (response.status_code, response["Location"]) == (302, f"{prefix}{ACCEPT_PATH}")
    return response


def make_invitation(organisation, inviter, *, email="new.colleague@example.org", role="organiser"):
    return services.invitation_create(organisation=organisation, email=email, role=role, invited_by=inviter)


def test_invite_emails_a_link_that_makes_the_invitee_a_member(
    client, organiser, organisation, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = invite(client, organisation, email=" New.Colleague@Example.org ", role="press_officer")

    assert response.status_code == 302
    assert response["Location"] == members_url(organisation)
    assert len(callbacks) == 1
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.email, invitation.role, invitation.invited_by) == (
        organisation,
        "new.colleague@example.org",
        "press_officer",
        organiser,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.colleague@example.org"]
    assert message.subject == f"Invitation to join {organisation.name} on VICTOR Seminars"
    path = link_in(message.body)
    assert path.startswith(LINK_PATH)
    assert f"{organiser.full_name} invited you to join {organisation.name}" in message.body
    assert "as Press officer" in message.body
    assert str(invitation.expires_at.year) in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{settings.SITE_URL}{path}"' in html
    assert '<html lang="en">' in html
    page = client.get(members_url(organisation)).content.decode()
    assert "new.colleague@example.org" in page
    assert "We are emailing an invitation to new.colleague@example.org." in page

    invitee = UserFactory(email="new.colleague@example.org")
    client.force_login(invitee)
    opened = client.get(path)
    assert (opened.status_code, opened["Location"]) == (302, ACCEPT_PATH)
    confirmation = client.get(ACCEPT_PATH)
    assert confirmation.status_code == 200
    assert organisation.name in confirmation.content.decode()
    assert "Press officer" in confirmation.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()

    response = client.post(ACCEPT_PATH)

    assert response.status_code == 302
    assert response["Location"] == "/manage/"
    assert list(Membership.objects.filter(user=invitee).values_list("organisation", "role")) == [
        (organisation.pk, "press_officer")
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert invitation.accepted_at is not None
    dashboard = client.get("/me/").content.decode()
    assert f"Welcome to {organisation.name}. Your role: Press officer." in dashboard


def test_invitation_email_is_in_the_language_of_the_invitee_if_known_else_of_the_inviter(
    client, organiser, organisation, django_capture_on_commit_callbacks
):
    UserFactory(email="eleni@example.org", preferred_language="el")
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        invite(client, organisation, email="eleni@example.org", prefix="/sl")
        invite(client, organisation, email="nobody.yet@example.org", prefix="/sl")

    greek, slovenian = mail.outbox
    assert greek.to == ["eleni@example.org"]
    assert link_in(greek.body).startswith(f"/el{LINK_PATH}")
    assert '<html lang="el">' in greek.alternatives[0].content
    assert slovenian.to == ["nobody.yet@example.org"]
    assert link_in(slovenian.body).startswith(f"/sl{LINK_PATH}")
    assert '<html lang="sl">' in slovenian.alternatives[0].content


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b@example.org", "x" * 250 + "@example.org"])
def test_invite_with_an_invalid_email_shows_an_error_and_creates_nothing(
    client, organiser, organisation, email, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organisation, email=email)

    assert response.status_code == 400
    assert "Please correct the errors below." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invite_with_an_unknown_role_shows_an_error_and_creates_nothing(client, organiser, organisation):
    client.force_login(organiser)
    response = invite(client, organisation, role="coordinator")
    assert response.status_code == 400
    assert "Choose one of the roles in the list." in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_someone_who_already_has_that_role_is_refused(
    client, organiser, organisation, django_capture_on_commit_callbacks
):
    colleague = MembershipFactory(organisation=organisation, role="organiser").user
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organisation, email=colleague.email.upper(), role="organiser")

    assert response.status_code == 400
    assert "This person already has that role in your organisation." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_expired_link_is_refused_and_changes_nothing(client, organiser, organisation):
    invitation, token = make_invitation(organisation, organiser)
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=now - timedelta(days=8), expires_at=now - timedelta(minutes=1)
    )
    invitee = UserFactory(email="new.colleague@example.org")
    client.force_login(invitee)

    for method in (client.get, client.post):
        open_link(client, token)
        response = method(ACCEPT_PATH)
        assert response.status_code == 400
        assert "This invitation has expired." in response.content.decode()
        assert organisation.name not in response.content.decode()

    assert not Membership.objects.filter(user=invitee).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_link_works_only_once(client, organiser, organisation):
    _invitation, token = make_invitation(organisation, organiser)
    invitee = UserFactory(email="new.colleague@example.org")
    client.force_login(invitee)
    open_link(client, token)
    assert client.post(ACCEPT_PATH).status_code == 302
    # Accepted: the session no longer holds it.
    assert "No invitation is waiting in this browser." in client.get(ACCEPT_PATH).content.decode()

    open_link(client, token)
    again = client.post(ACCEPT_PATH)

    assert again.status_code == 400
    assert "You have already accepted this invitation." in again.content.decode()
    assert Membership.objects.filter(user=invitee).count() == 1
    other = UserFactory(email="someone.else@example.org")
    client.force_login(other)
    open_link(client, token)
    response = client.get(ACCEPT_PATH)
    assert response.status_code == 400
    assert "This invitation has already been used." in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


def test_link_opened_by_another_account_is_refused(client, organiser, organisation):
    invitation, token = make_invitation(organisation, organiser)
    intruder = UserFactory(email="intruder@example.org")
    client.force_login(intruder)
    open_link(client, token)

    for response in (client.get(ACCEPT_PATH), client.post(ACCEPT_PATH)):
        assert response.status_code == 400
        content = response.content.decode()
        assert "This invitation was sent to another email address." in content
        assert organisation.name not in content
        assert "Log out and use another account" in content

    assert not Membership.objects.filter(user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.is_open()
    # Logging out empties the session; the form goes back through the link.
    assert f'name="next" value="{LINK_PATH}{token}/"' in response.content.decode()
    logout = client.post("/accounts/logout/", {"next": f"{LINK_PATH}{token}/"})
    assert logout["Location"] == f"{LINK_PATH}{token}/"
    assert "_auth_user_id" not in client.session


def test_unknown_link_is_not_found(client, participant):
    client.force_login(participant)
    open_link(client, "x" * 43)
    response = client.get(ACCEPT_PATH)
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_accept_page_without_an_opened_link_says_to_open_it(client, participant):
    client.force_login(participant)
    response = client.get(ACCEPT_PATH)
    assert response.status_code == 404
    assert "No invitation is waiting in this browser." in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in_and_comes_back(client, organiser, organisation, password):
    _invitation, token = make_invitation(organisation, organiser)
    invitee = UserFactory(email="new.colleague@example.org", password=password)
    EmailAddress.objects.create(user=invitee, email=invitee.email, verified=True, primary=True)

    open_link(client, token)
    response = client.get(ACCEPT_PATH)

    # The token stays out of the login page's address.
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(ACCEPT_PATH)}"
    login = client.post(response["Location"], {"login": invitee.email, "password": password})
    assert login.status_code == 302
    assert login["Location"] == ACCEPT_PATH
    assert client.post(ACCEPT_PATH)["Location"] == "/manage/"
    assert Membership.objects.filter(user=invitee, organisation=organisation).exists()


def test_accept_page_lets_the_browser_send_its_origin_so_the_csrf_check_passes(organiser, organisation):
    """Under `Referrer-Policy: no-referrer` (header or meta tag) Chromium posts
    `Origin: null`, which Django's CSRF check refuses with 403. The token-less
    accept page keeps the site's `same-origin` policy, so the browser sends its origin."""
    invitation, token = make_invitation(organisation, organiser)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(email="new.colleague@example.org"))
    open_link(browser, token)

    page = browser.get(ACCEPT_PATH)

    assert page["Referrer-Policy"] == "same-origin"
    assert 'name="referrer"' not in page.content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    with_null_origin = browser.post(ACCEPT_PATH, {"csrfmiddlewaretoken": csrf}, headers={"Origin": "null"})
    assert with_null_origin.status_code == 403
    accepted = browser.post(
        ACCEPT_PATH, {"csrfmiddlewaretoken": csrf}, headers={"Origin": "http://testserver"}
    )
    assert (accepted.status_code, accepted["Location"]) == (302, "/manage/")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_invitee_who_signs_up_from_the_link_is_offered_the_invitation_after_verifying(
    client, organiser, organisation
):
    PrivacyNoticeFactory()
    invitation, token = make_invitation(organisation, organiser)
    open_link(client, token, prefix="/el")
    assert client.get("/el" + ACCEPT_PATH)["Location"].startswith("/el/accounts/login/")

    signup = client.post(
        "/el/accounts/signup/",
        {
            "email": "New.Colleague@example.org",
            "full_name": "New Colleague",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "privacy_consent": "on",
        },
    )
    assert signup.status_code == 302
    confirmation_path = re.search(r"https?://[^/\s]+(/\S*/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    confirmed = client.post(confirmation_path.group(1))
    assert confirmed["Location"] == "/el/accounts/login/"
    login = client.post(
        confirmed["Location"], {"login": "new.colleague@example.org", "password": "a-long-enough-passphrase"}
    )

    # Verified and logged in, the person lands on the waiting invitation, in Greek.
    assert (login.status_code, login["Location"]) == (302, "/el" + ACCEPT_PATH)
    offer = client.get(login["Location"])
    assert offer.status_code == 200
    assert organisation.name in offer.content.decode()
    assert client.post("/el" + ACCEPT_PATH)["Location"] == "/el/manage/"
    invitation.refresh_from_db()
    assert invitation.accepted_by.email == "new.colleague@example.org"
    # Done: the next login goes to the dashboard again.
    client.logout()
    login = client.post(
        "/el/accounts/login/", {"login": "new.colleague@example.org", "password": "a-long-enough-passphrase"}
    )
    assert login["Location"] == "/el/me/"


def test_revoking_an_invitation_stops_its_link(client, organiser, organisation):
    invitation, token = make_invitation(organisation, organiser)
    client.force_login(organiser)

    response = client.post(f"{members_url(organisation)}invitations/{invitation.pk}/revoke/", follow=True)

    assert response.redirect_chain == [(members_url(organisation), 302)]
    content = response.content.decode()
    assert "The invitation to new.colleague@example.org is withdrawn" in content
    assert "No invitations are waiting for an answer." in content
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(action="membership.invite_revoke", target_id=str(invitation.pk)).exists()

    invitee = UserFactory(email="new.colleague@example.org")
    client.force_login(invitee)
    open_link(client, token)
    refused = client.post(ACCEPT_PATH)
    assert refused.status_code == 400
    assert "This invitation was withdrawn." in refused.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_revoking_twice_says_it_is_no_longer_open(client, organiser, organisation):
    invitation, _token = make_invitation(organisation, organiser)
    client.force_login(organiser)
    client.post(f"{members_url(organisation)}invitations/{invitation.pk}/revoke/")
    revoked_at = Invitation.objects.get().revoked_at

    response = client.post(f"{members_url(organisation)}invitations/{invitation.pk}/revoke/", follow=True)

    assert "This invitation has already been used, withdrawn or has expired." in response.content.decode()
    assert Invitation.objects.get().revoked_at == revoked_at


def test_organisation_page_lists_members_and_open_invitations(client, organiser, organisation):
    colleague = MembershipFactory(organisation=organisation, role="press_officer").user
    make_invitation(organisation, organiser, email="open@example.org")
    closed, _token = make_invitation(organisation, organiser, email="revoked@example.org")
    services.invitation_revoke(invitation=closed, actor=organiser)
    MembershipFactory(role="organiser")  # someone in another organisation
    client.force_login(organiser)

    response = client.get(members_url(organisation))

    assert response.status_code == 200
    content = response.content.decode()
    for text in (organiser.full_name, organiser.email, colleague.full_name, colleague.email, "Press officer"):
        assert text in content
    assert "open@example.org" in content
    assert "revoked@example.org" not in content
    assert list(response.context["memberships"]) == list(organisation.memberships.order_by("role"))


def test_organisation_page_costs_the_same_queries_for_one_or_three_members(client, organiser, organisation):
    client.force_login(organiser)
    make_invitation(organisation, organiser)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(members_url(organisation)).status_code == 200
        return len(queries)

    with_one = count_queries()
    MembershipFactory.create_batch(2, organisation=organisation, role="press_officer")
    make_invitation(organisation, organiser, email="second@example.org")
    make_invitation(organisation, organiser, email="third@example.org")

    assert count_queries() == with_one


def test_organisation_list_shows_only_the_organisations_one_organises_for(client, organiser, organisation):
    other = OrganisationFactory()
    MembershipFactory(user=organiser, organisation=other, role="press_officer")
    client.force_login(organiser)

    response = client.get("/manage/organisations/")

    assert response.status_code == 200
    assert list(response.context["organisations"]) == [organisation]
    assert f'href="{members_url(organisation)}"' in response.content.decode()
    assert other.name not in response.content.decode()


def test_coordinator_manages_every_organisation(client, coordinator, organisation):
    other = OrganisationFactory()
    client.force_login(coordinator)

    response = client.get("/manage/organisations/")

    assert set(response.context["organisations"]) == {organisation, other}
    assert client.get(members_url(other)).status_code == 200
    assert invite(client, other, email="via.coordinator@example.org").status_code == 302
    assert Invitation.objects.get().organisation == other


def test_removing_a_member_asks_for_confirmation_then_removes_the_role(client, organiser, organisation):
    membership = MembershipFactory(organisation=organisation, role="press_officer")
    url = f"{members_url(organisation)}members/{membership.pk}/remove/"
    client.force_login(organiser)

    confirmation = client.get(url)

    assert confirmation.status_code == 200
    assert membership.user.email in confirmation.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(members_url(organisation), 302)]
    assert "no longer has the role" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="membership.remove", target_id=str(membership.pk)).exists()


def test_last_organiser_cannot_be_removed(client, organiser, organisation):
    membership = Membership.objects.get(user=organiser)
    client.force_login(organiser)

    response = client.post(f"{members_url(organisation)}members/{membership.pk}/remove/", follow=True)

    assert response.redirect_chain == [(members_url(organisation), 302)]
    assert "An organisation needs at least one organiser." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_organiser_may_remove_themselves_when_another_organiser_remains(client, organiser, organisation):
    MembershipFactory(organisation=organisation, role="organiser")
    membership = Membership.objects.get(user=organiser)
    client.force_login(organiser)

    response = client.post(f"{members_url(organisation)}members/{membership.pk}/remove/")

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert not Membership.objects.filter(user=organiser).exists()
    assert client.get(members_url(organisation)).status_code == 404


def test_organiser_of_another_organisation_gets_404_for_the_page_and_every_action(client, organisation):
    outsider = MembershipFactory(role="organiser").user
    invitation, _token = make_invitation(organisation, None)
    membership = MembershipFactory(organisation=organisation, role="press_officer")
    client.force_login(outsider)
    base = members_url(organisation)

    responses = [
        client.get(base),
        invite(client, organisation),
        client.post(f"{base}invitations/{invitation.pk}/revoke/"),
        client.get(f"{base}members/{membership.pk}/remove/"),
        client.post(f"{base}members/{membership.pk}/remove/"),
    ]

    assert [response.status_code for response in responses] == [404] * 5
    assert organisation.name not in responses[0].content.decode()
    assert Invitation.objects.get().is_open()
    assert Invitation.objects.count() == 1
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_member_of_one_organisation_cannot_act_on_another_organisations_people_through_its_own_page(
    client, organiser, organisation
):
    other_membership = MembershipFactory(role="organiser")
    other_invitation, _token = make_invitation(other_membership.organisation, None)
    MembershipFactory(organisation=other_membership.organisation, role="organiser")
    client.force_login(organiser)
    base = members_url(organisation)

    removal = client.post(f"{base}members/{other_membership.pk}/remove/")
    revocation = client.post(f"{base}invitations/{other_invitation.pk}/revoke/")

    assert (removal.status_code, revocation.status_code) == (404, 404)
    assert Membership.objects.filter(pk=other_membership.pk).exists()
    assert Invitation.objects.get(pk=other_invitation.pk).is_open()


def test_participant_and_press_officer_are_refused(client, participant, organisation):
    press_officer = MembershipFactory(organisation=organisation, role="press_officer").user
    membership = Membership.objects.get(user=press_officer)
    for user in (participant, press_officer):
        client.force_login(user)
        assert client.get("/manage/organisations/").status_code == 403
        assert client.get(members_url(organisation)).status_code == 404
        assert invite(client, organisation).status_code == 404
        assert client.post(f"{members_url(organisation)}members/{membership.pk}/remove/").status_code == 404
    assert not Invitation.objects.exists()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_anonymous_visitor_is_sent_to_log_in_from_the_organiser_pages(client, organisation):
    for url in ("/manage/organisations/", members_url(organisation)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={quote(url)}"


def test_invitation_stores_only_the_hash_of_its_token(
    client, organiser, organisation, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, organisation)
    token = link_in(mail.outbox[0].body).rstrip("/").rsplit("/", 1)[1]

    invitation = Invitation.objects.get()
    assert invitation.token_hash != token
    assert len(invitation.token_hash) == 64
    for model in apps.get_models():
        for row in model.objects.values_list():
            assert token not in repr(row), model._meta.label


def test_token_is_not_logged_when_a_link_is_refused(client, organiser, organisation, caplog):
    invitation, token = make_invitation(organisation, organiser)
    services.invitation_revoke(invitation=invitation, actor=organiser)
    client.force_login(UserFactory(email="new.colleague@example.org"))

    with caplog.at_level(logging.DEBUG):
        open_link(client, token)
        assert client.get(ACCEPT_PATH).status_code == 400
        open_link(client, token)
        assert client.post(ACCEPT_PATH).status_code == 400
        open_link(client, "y" * 43)
        assert client.get(ACCEPT_PATH).status_code == 404

    assert token not in caplog.text
    assert "y" * 43 not in caplog.text


def test_failing_mail_server_keeps_the_invitation_and_logs_no_address_or_token(
    client, organiser, organisation, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.members.test_members.FailingMailBackend"}}
    client.force_login(organiser)

    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organisation)

    assert response.status_code == 302
    assert Invitation.objects.get().email == "new.colleague@example.org"
    assert "sending failed, attempt 1 (SMTPException)" in caplog.text
    assert "new.colleague@example.org" not in caplog.text


def test_failed_invitation_email_is_retried_later_where_the_backend_can_defer(
    organiser, organisation, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.members.test_members.FailingMailBackend"}}
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    invitation, token = make_invitation(organisation, organiser)
    sealed = seal_token(token)

    outcome = send_invitation_email.call(invitation.pk, sealed, "en")

    assert outcome == "retrying"
    (retry,) = send_invitation_email.get_backend().results
    assert list(retry.args) == [invitation.pk, sealed, "en", 2]
    assert retry.task.run_after > timezone.now()


def test_invitation_email_task_is_safe_to_run_twice_and_skips_closed_invitations(organiser, organisation):
    invitation, token = make_invitation(organisation, organiser)
    sealed = seal_token(token)

    assert send_invitation_email.call(invitation.pk, sealed, "en") == "sent"
    assert send_invitation_email.call(invitation.pk, sealed, "en") == "already sent"
    assert len(mail.outbox) == 1

    revoked, revoked_token = make_invitation(organisation, organiser, email="revoked@example.org")
    services.invitation_revoke(invitation=revoked, actor=organiser)
    assert send_invitation_email.call(revoked.pk, seal_token(revoked_token), "en") == "closed"
    assert len(mail.outbox) == 1


def test_sealed_token_in_the_task_queue_is_not_the_token(organiser, organisation):
    _invitation, token = make_invitation(organisation, organiser)
    sealed = seal_token(token)
    assert token not in sealed
    assert seal_token(token) != sealed  # fresh nonce each time


def test_a_new_invitation_replaces_the_open_one_to_the_same_address(organisation, organiser):
    from members import services

    first, first_token = services.invitation_create(
        organisation=organisation, email="new@example.org", role="organiser", invited_by=organiser
    )
    second, _ = services.invitation_create(
        organisation=organisation, email="NEW@example.org", role="organiser", invited_by=organiser
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_open()
    assert not services.invitation_for_token(first_token).is_open()
