"""Organisers, press officers and coordinators must use two-factor login when required."""

import pytest
from allauth.mfa.models import Authenticator

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_two_factor(settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = True


def test_organiser_without_totp_is_sent_to_set_it_up(client, organiser, require_two_factor):
    client.force_login(organiser)
    for path, setup_page in [
        ("/admin/", "/accounts/2fa/totp/activate/"),
        ("/manage/", "/accounts/2fa/totp/activate/"),
        ("/el/manage/", "/el/accounts/2fa/totp/activate/"),
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == setup_page


def test_organiser_with_totp_passes(client, organiser, require_two_factor):
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(organiser)
    # Passes the two-factor gate; the admin itself then refuses a non-staff organiser.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403


def test_coordinator_without_totp_cannot_open_the_admin(client, coordinator, require_two_factor):
    client.force_login(coordinator)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


def test_participants_and_public_pages_are_not_affected(client, participant, organiser, require_two_factor):
    client.force_login(participant)
    assert client.get("/admin/", follow=True).status_code == 403
    client.force_login(organiser)
    assert client.get("/").status_code == 200
    assert client.get("/me/").status_code == 200


def test_requirement_off_lets_staff_in_without_totp(client, coordinator, settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = False
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_invitation_links_stay_reachable_for_staff_without_totp(client, organiser, require_two_factor):
    client.force_login(organiser)
    opened = client.get("/manage/organisations/invitations/" + "x" * 43 + "/")
    assert opened["Location"] == "/manage/organisations/invitations/accept/"
    response = client.get(opened["Location"])
    assert response.status_code == 404  # an unknown link, but not sent to the TOTP set-up
