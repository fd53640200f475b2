"""Release addresses (slugs) never reveal another organisation's unpublished release
(issue 18): unique per organisation in the database; refused, or numbered away
from, only when a release the writer may know of has the address (their
organisations' and public ones); /press/<slug>/ shows the release public first."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Membership
from press import services
from press.models import PressRelease
from tests.factories import MembershipFactory, OrganisationFactory, PressReleaseFactory, api_key_for

pytestmark = pytest.mark.django_db

TAKEN = "Another press release already has this web address. Choose another one."
HEADLINE = "VICTOR seminar trains 40 professionals"
SLUG = "victor-seminar-trains-40-professionals"


def form_data(**overrides) -> dict:
    data = {
        "language": "en",
        "headline": HEADLINE,
        "subtitle": "",
        "dateline_city": "LJUBLJANA",
        "dateline_date": "2014-01-30",
        "lead": "Forty professionals met in Ljubljana.",
        "body": "The seminar covered the legal framework.",
        "project": "",
        "contact": "",
        "image_alt": "",
        "slug": "",
    }
    data.update(overrides)
    return data


def api_data(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.slug,
        "language": "en",
        "headline": HEADLINE,
        "dateline_city": "Ljubljana",
        "dateline_date": "2014-01-30",
        "lead": "Forty professionals met in Ljubljana.",
        "body": "The seminar covered the legal framework.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.PRESS_OFFICER).user


@pytest.fixture
def page(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def api(officer) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(officer)}")
    return client


@pytest.fixture
def other():
    return OrganisationFactory(name="Other Host", slug="other-host")


def embargoed(organisation, slug=SLUG, **fields) -> PressRelease:
    return PressReleaseFactory(
        organisation=organisation, slug=slug, publish_at=timezone.now() + timedelta(days=2), **fields
    )


def draft(organisation, slug=SLUG) -> PressRelease:
    return PressReleaseFactory(organisation=organisation, slug=slug, status=PressRelease.Status.DRAFT)


def slug_error(response) -> list[str]:
    return response.json().get("slug", [])


# Another organisation's unpublished release: nothing tells it exists.


@pytest.mark.parametrize("hidden", [embargoed, draft], ids=["embargoed", "draft"])
def test_a_typed_slug_of_another_organisations_unpublished_release_is_accepted_on_the_page(
    page, organisation, other, hidden
):
    hidden(other)

    response = page.post("/manage/press/new/", form_data(slug=SLUG))

    assert response.status_code == 302
    assert TAKEN not in response.content.decode()
    assert PressRelease.objects.filter(organisation=organisation, slug=SLUG).exists()


@pytest.mark.parametrize("hidden", [embargoed, draft], ids=["embargoed", "draft"])
def test_a_slug_made_from_the_headline_is_not_numbered_away_from_a_hidden_release(
    page, organisation, other, hidden
):
    hidden(other)

    assert page.post("/manage/press/new/", form_data()).status_code == 302

    assert PressRelease.objects.get(organisation=organisation).slug == SLUG


@pytest.mark.parametrize("hidden", [embargoed, draft], ids=["embargoed", "draft"])
def test_the_api_accepts_the_slug_of_another_organisations_unpublished_release(
    api, organisation, other, hidden
):
    hidden(other)

    typed = api.post("/api/v1/press-releases/", api_data(organisation, slug=SLUG), format="json")
    made = api.post(
        "/api/v1/press-releases/", api_data(organisation, language="el", headline=HEADLINE), format="json"
    )

    assert typed.status_code == 201, typed.json()
    assert typed.json()["slug"] == SLUG
    assert made.status_code == 201, made.json()
    # Numbered away from the writer's own release only, not from the hidden one.
    assert made.json()["slug"] == f"{SLUG}-2"


# Releases the writer may know of: refused or numbered away from.


def test_a_slug_of_a_public_release_of_another_organisation_is_refused_on_both_doors(
    page, api, organisation, other
):
    PressReleaseFactory(organisation=other, slug=SLUG)

    response = page.post("/manage/press/new/", form_data(slug=SLUG))
    assert response.status_code == 400
    assert TAKEN in response.content.decode()
    answer = api.post("/api/v1/press-releases/", api_data(organisation, slug=SLUG), format="json")
    assert answer.status_code == 400
    assert slug_error(answer) == [TAKEN]
    assert not PressRelease.objects.filter(organisation=organisation).exists()

    assert page.post("/manage/press/new/", form_data()).status_code == 302
    assert PressRelease.objects.get(organisation=organisation).slug == f"{SLUG}-2"


def test_a_slug_of_an_own_unpublished_release_is_refused_on_both_doors(page, api, organisation):
    embargoed(organisation)

    response = page.post("/manage/press/new/", form_data(slug=SLUG))
    assert response.status_code == 400
    assert TAKEN in response.content.decode()
    answer = api.post("/api/v1/press-releases/", api_data(organisation, slug=SLUG), format="json")
    assert slug_error(answer) == [TAKEN]


def test_the_database_keeps_slugs_unique_per_organisation_only(organisation, other):
    draft(other)
    draft(organisation)  # another organisation: allowed

    with pytest.raises(IntegrityError), transaction.atomic():
        draft(organisation)


# Publishing and the public address


def test_publishing_refuses_a_slug_that_a_public_release_has(officer, organisation, other):
    PressReleaseFactory(organisation=other, slug=SLUG)
    mine = draft(organisation)

    with pytest.raises(services.PressError) as refused:
        services.release_publish(release=mine, actor=officer)

    assert str(refused.value) == (
        f"A published press release already has the web address “{SLUG}”. "
        "Change this release's address, then publish it."
    )
    mine.refresh_from_db()
    assert mine.status == PressRelease.Status.DRAFT


def test_scheduling_is_not_refused_because_of_another_organisations_embargoed_release(
    officer, organisation, other
):
    embargoed(other)
    mine = draft(organisation)

    services.release_publish(release=mine, actor=officer, publish_at=timezone.now() + timedelta(days=1))

    mine.refresh_from_db()
    assert mine.status == PressRelease.Status.PUBLISHED


def test_the_public_address_shows_the_release_that_was_public_first(organisation, other):
    """Two organisations scheduled the same address without knowing of each other."""
    now = timezone.now()
    first = PressReleaseFactory(organisation=other, slug=SLUG, publish_at=now - timedelta(hours=2))
    PressReleaseFactory(organisation=organisation, slug=SLUG, publish_at=now - timedelta(hours=1))

    page = Client().get(f"/press/{SLUG}/")
    api = APIClient().get(f"/api/v1/press-releases/{SLUG}/")
    pdf = Client().get(f"/press/{SLUG}/pdf/")

    assert page.status_code == 200
    assert first.headline in page.content.decode()
    assert api.json()["headline"] == first.headline
    assert pdf.status_code == 200


def test_an_embargoed_release_sharing_a_public_address_stays_invisible(organisation, other):
    public = PressReleaseFactory(organisation=other, slug=SLUG)
    hidden = embargoed(organisation, headline="Embargoed news")

    page = Client().get(f"/press/{SLUG}/")

    assert public.headline in page.content.decode()
    assert hidden.headline not in page.content.decode()
    assert APIClient().get(f"/api/v1/press-releases/{SLUG}/").json()["headline"] == public.headline


def test_a_writer_for_two_organisations_edits_each_release_by_its_own_page(officer, organisation, other):
    MembershipFactory(organisation=other, user=officer, role=Membership.Role.PRESS_OFFICER)
    draft(other)
    mine = draft(organisation)
    client = Client()
    client.force_login(officer)

    response = client.get(f"/manage/press/{mine.pk}/edit/")

    assert response.status_code == 200
    answer = APIClient()
    answer.force_authenticate(officer)
    assert answer.get(f"/api/v1/press-releases/{SLUG}/").status_code == 200


def test_a_long_headline_gives_an_address_of_whole_words(page, organisation):
    headline = (
        "Athens: professionals train to identify child victims of trafficking "
        "with a very long headline that goes on"
    )

    assert page.post("/manage/press/new/", form_data(headline=headline)).status_code == 302

    slug = PressRelease.objects.get(organisation=organisation).slug
    assert len(slug) <= 90
    assert slug == "athens-professionals-train-to-identify-child-victims-of-trafficking-with-a-very-long", (
        slug
    )
