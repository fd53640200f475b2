"""Seminar addresses (slugs) never reveal another organisation's draft (issue 18):
unique per organisation and among published seminars in the database; refused,
or numbered away from, only when a seminar the organiser may know of has the
address (their organisations' and published ones); publishing refuses an address
that a published seminar has."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from rest_framework.test import APIClient

from events import services
from events.models import Seminar
from tests.events.test_api import seminar_input
from tests.events.test_manage import seminar_data
from tests.factories import MembershipFactory, OrganisationFactory, SeminarFactory, VenueFactory, api_key_for

pytestmark = pytest.mark.django_db

TAKEN = "Another seminar already has this web address. Choose another one."
SLUG = "identifying-child-victims-of-trafficking"  # from seminar_data's title
API_SLUG = "referral-pathways-for-child-victims"  # from seminar_input's title


@pytest.fixture
def page(organiser) -> Client:
    client = Client()
    client.force_login(organiser)
    return client


@pytest.fixture
def api(organiser) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(organiser)}")
    return client


@pytest.fixture
def venue(organisation):
    return VenueFactory(organisation=organisation, city="Ljubljana")


@pytest.fixture
def other():
    return OrganisationFactory(name="Other Host", slug="other-host")


def other_draft(other, slug) -> Seminar:
    return SeminarFactory(organisation=other, slug=slug, status=Seminar.Status.DRAFT)


def test_a_typed_slug_of_another_organisations_draft_is_accepted_on_the_page(
    page, organisation, other, venue
):
    other_draft(other, "spring-seminar")

    response = page.post("/manage/seminars/new/", seminar_data(venue=venue, slug="spring-seminar"))

    assert response.status_code == 302
    assert Seminar.objects.filter(organisation=organisation, slug="spring-seminar").exists()


def test_a_slug_made_from_the_title_is_not_numbered_away_from_another_organisations_draft(
    page, organisation, other, venue
):
    other_draft(other, SLUG)

    assert page.post("/manage/seminars/new/", seminar_data(venue=venue)).status_code == 302

    assert Seminar.objects.get(organisation=organisation).slug == SLUG


def test_the_api_accepts_the_slug_of_another_organisations_draft(api, organisation, other, venue):
    other_draft(other, "spring-seminar")
    other_draft(other, API_SLUG)

    typed = api.post(
        "/api/v1/seminars/", seminar_input(organisation, venue, slug="spring-seminar"), format="json"
    )
    made = api.post("/api/v1/seminars/", seminar_input(organisation, venue), format="json")

    assert typed.status_code == 201, typed.json()
    assert made.status_code == 201, made.json()
    assert made.json()["slug"] == API_SLUG


def test_a_slug_of_a_published_seminar_or_an_own_draft_is_refused_on_both_doors(
    page, api, organisation, other, venue
):
    SeminarFactory(organisation=other, slug="published-elsewhere")
    SeminarFactory(organisation=organisation, slug="my-draft", status=Seminar.Status.DRAFT)

    for slug in ("published-elsewhere", "my-draft"):
        response = page.post("/manage/seminars/new/", seminar_data(venue=venue, slug=slug))
        assert response.status_code == 400
        assert TAKEN in response.content.decode()
        answer = api.post("/api/v1/seminars/", seminar_input(organisation, venue, slug=slug), format="json")
        assert answer.status_code == 400
        assert answer.json() == {"slug": [TAKEN]}
    assert Seminar.objects.count() == 2


def test_the_database_keeps_slugs_unique_per_organisation_and_among_published_seminars(organisation, other):
    other_draft(other, "spring")
    SeminarFactory(organisation=organisation, slug="spring", status=Seminar.Status.DRAFT)  # allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarFactory(organisation=organisation, slug="spring", status=Seminar.Status.DRAFT)
    SeminarFactory(organisation=organisation, slug="summer")
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarFactory(organisation=other, slug="summer")


def test_publishing_refuses_an_address_that_a_published_seminar_has(organiser, organisation, other):
    mine = SeminarFactory(organisation=organisation, slug="spring", status=Seminar.Status.DRAFT)
    theirs = other_draft(other, "spring")
    services.seminar_publish(seminar=theirs, actor=None)

    with pytest.raises(services.SeminarError) as refused:
        services.seminar_publish(seminar=mine, actor=organiser)

    assert str(refused.value) == (
        "A published seminar already has the web address “spring”. "
        "Change this seminar's address, then publish it."
    )
    mine.refresh_from_db()
    assert (mine.status, mine.published_at) == (Seminar.Status.DRAFT, None)


def test_a_coordinator_who_sees_two_drafts_at_one_address_gets_an_answer_not_an_error(
    coordinator, organisation, other
):
    first = SeminarFactory(organisation=organisation, slug="spring", status=Seminar.Status.DRAFT)
    other_draft(other, "spring")
    client = Client()
    client.force_login(coordinator)

    for url in (f"/manage/seminars/{first.pk}/dashboard/", f"/manage/seminars/{first.pk}/certificates/"):
        assert client.get(url).status_code == 200
    api = APIClient()
    api.force_authenticate(coordinator)
    assert api.get("/api/v1/seminars/spring/").json()["organisation"]["slug"] == first.organisation.slug


def test_an_organiser_of_two_organisations_reaches_each_of_their_drafts_by_its_own_organisation(
    organiser, organisation, other
):
    MembershipFactory(organisation=other, user=organiser, role="organiser")
    spring = SeminarFactory(organisation=organisation, slug="spring", status=Seminar.Status.DRAFT)
    autumn = SeminarFactory(organisation=other, slug="autumn", status=Seminar.Status.DRAFT)
    client = Client()
    client.force_login(organiser)

    assert client.get(f"/manage/seminars/{spring.pk}/dashboard/").status_code == 200
    assert client.get(f"/manage/seminars/{autumn.pk}/dashboard/").status_code == 200


def test_a_colleague_taking_the_address_while_the_page_saves_gets_an_error_not_a_500(
    page, organisation, venue
):
    """Two organisers of one organisation save new seminars with the same address at
    the same moment: the form checked it was free, then the colleague's row came
    first (made here from Django's pre_save signal, just before the page's insert)."""
    from django.db.models.signals import pre_save

    def colleague_saves_first(sender, instance, **kwargs):
        if instance.pk is None and instance.slug == "spring-seminar":
            pre_save.disconnect(colleague_saves_first, sender=Seminar)
            SeminarFactory(organisation=organisation, slug="spring-seminar", status=Seminar.Status.DRAFT)

    pre_save.connect(colleague_saves_first, sender=Seminar)
    try:
        response = page.post("/manage/seminars/new/", seminar_data(venue=venue, slug="spring-seminar"))
    finally:
        pre_save.disconnect(colleague_saves_first, sender=Seminar)

    assert response.status_code == 400
    assert TAKEN in response.content.decode().replace("&#x27;", "'")
    # The colleague's row was made inside the page's transaction here, so it went with
    # the rollback; the page itself saved nothing.
    assert not Seminar.objects.filter(organisation=organisation).exists()
