"""Staff who must use two-factor login and have not set it up get, from the API,
what any participant gets: the same gate as the staff pages (events.rules.must_set_up_two_factor)."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Membership, Seminar
from tests.factories import MembershipFactory, PressReleaseFactory, SeminarFactory

pytestmark = pytest.mark.django_db

TWO_FACTOR_MESSAGE = "Your role requires two-factor login. Please set up an authenticator app to continue."


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = True


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def set_up_two_factor(user) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


def test_press_officer_without_two_factor_cannot_read_an_embargoed_release(organisation):
    officer = MembershipFactory(organisation=organisation, role=Membership.Role.PRESS_OFFICER).user
    embargoed = PressReleaseFactory(organisation=organisation, publish_at=timezone.now() + timedelta(days=1))
    url = f"/api/v1/press-releases/{embargoed.slug}/"

    refused = api_for(officer).get(url)
    set_up_two_factor(officer)
    allowed = api_for(officer).get(url)

    assert refused.status_code == 404
    assert embargoed.body not in refused.content.decode()
    assert allowed.status_code == 200
    assert allowed.json()["headline"] == embargoed.headline


def test_organiser_without_two_factor_sees_only_public_seminars(organiser, organisation):
    draft = SeminarFactory(organisation=organisation, status=Seminar.Status.DRAFT)
    public = SeminarFactory(organisation=organisation)

    detail = api_for(organiser).get(f"/api/v1/seminars/{draft.slug}/")
    listed = api_for(organiser).get("/api/v1/seminars/")
    set_up_two_factor(organiser)
    after = api_for(organiser).get(f"/api/v1/seminars/{draft.slug}/")

    assert detail.status_code == 404
    assert [row["slug"] for row in listed.json()["results"]] == [public.slug]
    assert after.status_code == 200


def test_organiser_endpoints_refuse_staff_without_two_factor_with_a_reason(organiser, organisation):
    seminar = SeminarFactory(organisation=organisation)

    response = api_for(organiser).get(f"/api/v1/manage/seminars/{seminar.slug}/registrations/")

    assert response.status_code == 403
    assert response.json() == {"detail": TWO_FACTOR_MESSAGE}


def test_participants_are_not_asked_for_two_factor(participant):
    response = api_for(participant).get("/api/v1/registrations/")

    assert response.status_code == 200
