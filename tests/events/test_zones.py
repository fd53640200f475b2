"""Times are shown in the zone of what they belong to (events.zones), with the
zone's abbreviation: an organisation's zone is its first venue's, else its
country's usual one, else UTC; invitations to join it are shown in that zone."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.utils import translation

from common.timezones import local_datetime
from events.models import Invitation
from events.zones import organisation_zone
from members import services
from members.tasks import invitation_message
from tests.factories import OrganisationFactory, VenueFactory

pytestmark = pytest.mark.django_db

EXPIRES = datetime(2030, 12, 14, 0, 12, tzinfo=UTC)


def test_an_organisation_takes_its_first_venues_zone_else_its_countrys_else_utc():
    greek = OrganisationFactory(country="GR")
    assert organisation_zone(greek).key == "Europe/Athens"
    VenueFactory(organisation=greek, city="Bucharest", country="RO", time_zone="Europe/Bucharest")
    VenueFactory(organisation=greek, city="Athens", country="GR", time_zone="Europe/Athens")
    assert organisation_zone(greek).key == "Europe/Bucharest"
    assert organisation_zone(OrganisationFactory(country="NO")).key == "UTC"


@pytest.fixture
def athens_invitation(organiser, organisation):
    """An invitation to an organisation in Greece (no venue yet), expiring at 00:12 UTC."""
    organisation.country = "GR"
    organisation.save()
    invitation, token = services.invitation_create(
        organisation=organisation, email="colleague@example.org", role="organiser", invited_by=organiser
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=EXPIRES)
    invitation.refresh_from_db()
    return invitation, token


def test_the_invitation_list_shows_the_expiry_in_the_organisations_zone(client, organiser, athens_invitation):
    invitation, _token = athens_invitation
    client.force_login(organiser)

    page = client.get(f"/manage/organisations/{invitation.organisation.slug}/").content.decode()

    assert "14 December 2030, 02:12 EET" in page
    assert "UTC" not in page.split("<main", 1)[1]


def test_the_invitation_email_states_the_expiry_in_the_organisations_zone(athens_invitation):
    invitation, token = athens_invitation
    message = invitation_message(invitation=invitation, token=token, language="en")
    html, _mimetype = message.alternatives[0]

    for body in (message.body, html):
        assert "expires on 14 December 2030, 02:12 EET." in body
        assert "UTC" not in body
    assert mail.outbox == []


@pytest.mark.parametrize("language", ["el", "sl", "ro"])
def test_a_time_is_shown_in_the_readers_language_with_the_zones_abbreviation(language):
    with translation.override(language):
        shown = local_datetime(EXPIRES, organisation_zone(OrganisationFactory(country="GR")))

    assert shown.endswith("02:12 EET")
    assert "December" not in shown and "2030" in shown
