"""The press-release REST API: /api/v1/press-releases/."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import factory
import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Membership
from press.models import PressContact, PressRelease, PressReleaseRevision
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory, UserFactory, api_key_for

pytestmark = pytest.mark.django_db

Status = PressRelease.Status
LIST_URL = "/api/v1/press-releases/"


def detail_url(release: PressRelease, suffix: str = "") -> str:
    return f"/api/v1/press-releases/{release.slug}/{suffix}"


def pdf_url(release: PressRelease) -> str:
    return "http://testserver" + reverse("press_pdf", kwargs={"slug": release.slug})


class PressReleaseFactory(factory.django.DjangoModelFactory):
    """A release published an hour ago (made directly: the API tests use the services)."""

    class Meta:
        model = PressRelease
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    language = "en"
    slug = factory.Sequence(lambda n: f"release-{n}")
    headline = factory.Sequence(lambda n: f"Child-protection training reaches {n} professionals")
    subtitle = "Police and social workers trained together"
    dateline_city = "Ljubljana"
    dateline_date = factory.LazyFunction(lambda: timezone.localdate())
    lead = "Professionals from four countries met in Ljubljana."
    body = "The training covered the **legal framework**."
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    author = factory.SubFactory(UserFactory)


def draft(**kwargs) -> PressRelease:
    return PressReleaseFactory(status=Status.DRAFT, publish_at=None, **kwargs)


@pytest.fixture
def api():
    return APIClient()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


@pytest.fixture
def press_officer(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.PRESS_OFFICER).user


@pytest.fixture
def press_api(press_officer):
    """A press officer's script, authenticated by its API token."""
    return token_client(press_officer)


@pytest.fixture
def organiser_api(organiser):
    return token_client(organiser)


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


def release_input(organisation, /, **overrides) -> dict:
    data = {
        "organisation": organisation.slug,
        "language": "en",
        "headline": "Seminar on child trafficking opens in Athens",
        "subtitle": "Two hundred professionals attend",
        "dateline_city": "Athens",
        "dateline_date": "2031-03-02",
        "lead": "A two-day seminar on identifying child victims opened today.",
        "body": "The seminar is part of the **VICTOR** project.",
    }
    data.update(overrides)
    return data


# Reading: the public list


def test_list_shows_only_listed_releases_newest_first(api, organisation):
    now = timezone.now()
    older = PressReleaseFactory(organisation=organisation, publish_at=now - timedelta(days=2))
    newer = PressReleaseFactory(organisation=organisation, publish_at=now - timedelta(days=1))
    draft(organisation=organisation)
    PressReleaseFactory(organisation=organisation, status=Status.REVIEW, publish_at=None)
    PressReleaseFactory(organisation=organisation, publish_at=now + timedelta(hours=1))  # scheduled
    PressReleaseFactory(organisation=organisation, status=Status.WITHDRAWN, withdrawal_note="Wrong figures")

    response = api.get(LIST_URL)

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert slugs(response) == [newer.slug, older.slug]


def test_list_row_has_every_field(api):
    organisation = OrganisationFactory(name="The Smile of the Child", slug="smile")
    project = ProjectFactory(acronym="VICTOR", name="VICTOR project", slug="victor", coordinator=organisation)
    release = PressReleaseFactory(
        organisation=organisation,
        project=project,
        slug="athens-seminar",
        headline="Seminar opens in Athens",
        subtitle="Two hundred attend",
        dateline_city="Athens",
        dateline_date=date(2031, 3, 2),
        lead="It opened today.",
        body="Part of the **VICTOR** project.",
        publish_at=datetime(2031, 3, 2, 8, tzinfo=UTC) - timedelta(days=3650),
        corrected_at=datetime(2021, 3, 4, 10, tzinfo=UTC),
        correction_note="The number of participants was wrong.",
    )
    greek = PressReleaseFactory(
        organisation=organisation,
        translation_group=release.translation_group,
        language="el",
        slug="athens-seminar-el",
    )

    row = api.get(LIST_URL, {"language": "en"}).json()["results"][0]

    assert row == {
        "slug": "athens-seminar",
        "url": "http://testserver/press/athens-seminar/",
        "language": "en",
        "headline": "Seminar opens in Athens",
        "subtitle": "Two hundred attend",
        "dateline": {"city": "Athens", "date": "2031-03-02"},
        "lead": "It opened today.",
        "body_html": "<p>Part of the <strong>VICTOR</strong> project.</p>",
        "publish_at": "2021-03-04T08:00:00Z",
        "corrected_at": "2021-03-04T10:00:00Z",
        "correction_note": "The number of participants was wrong.",
        "organisation": {"name": "The Smile of the Child", "slug": "smile"},
        "project": {"acronym": "VICTOR", "name": "VICTOR project", "slug": "victor"},
        "translations": [
            {"language": "el", "slug": greek.slug, "url": "http://testserver/el/press/athens-seminar-el/"}
        ],
        "pdf_url": pdf_url(release),
    }


def test_translations_are_only_the_public_versions(api, organisation):
    release = PressReleaseFactory(organisation=organisation, slug="en-version")
    group = release.translation_group
    PressReleaseFactory(organisation=organisation, translation_group=group, language="sl", slug="sl-version")
    draft(organisation=organisation, translation_group=group, language="el", slug="el-draft")
    PressReleaseFactory(
        organisation=organisation,
        translation_group=group,
        language="ro",
        slug="ro-scheduled",
        publish_at=timezone.now() + timedelta(days=1),
    )
    PressReleaseFactory(organisation=organisation, slug="unrelated")

    row = api.get(LIST_URL, {"language": "en", "organisation": organisation.slug}).json()["results"]
    detail = api.get(detail_url(release)).json()

    en_row = next(item for item in row if item["slug"] == "en-version")
    assert [item["slug"] for item in en_row["translations"]] == ["sl-version"]
    assert en_row["translations"][0]["url"] == "http://testserver/sl/press/sl-version/"
    assert detail["translations"] == en_row["translations"]


def test_list_filters(api):
    smile, arsis = OrganisationFactory(slug="smile"), OrganisationFactory(slug="arsis")
    victor = ProjectFactory(slug="victor", coordinator=smile)
    english = PressReleaseFactory(
        organisation=smile,
        project=victor,
        publish_at=datetime(2022, 6, 1, tzinfo=UTC),
        dateline_date=date(2022, 6, 1),
    )
    greek = PressReleaseFactory(
        organisation=smile,
        language="el",
        publish_at=datetime(2021, 6, 1, tzinfo=UTC),
        dateline_date=date(2021, 6, 1),
    )
    # The year is the dateline's, as on the press pages.
    other = PressReleaseFactory(
        organisation=arsis, publish_at=datetime(2022, 1, 1, tzinfo=UTC), dateline_date=date(2021, 12, 31)
    )

    assert slugs(api.get(LIST_URL, {"language": "el"})) == [greek.slug]
    assert slugs(api.get(LIST_URL, {"organisation": "smile"})) == [english.slug, greek.slug]
    assert slugs(api.get(LIST_URL, {"project": "victor"})) == [english.slug]
    assert slugs(api.get(LIST_URL, {"year": 2022})) == [english.slug]
    assert slugs(api.get(LIST_URL, {"year": 2021})) == [other.slug, greek.slug]
    assert slugs(api.get(LIST_URL, {"year": 2021, "organisation": "arsis"})) == [other.slug]
    assert slugs(api.get(LIST_URL, {"year": 2020})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"language": "de"}, "language"),
        ({"year": "last"}, "year"),
        ({"year": "99999"}, "year"),
        ({"organisation": "nobody"}, "organisation"),
        ({"organisation": "smile\x00"}, "organisation"),
        ({"project": "no-such-project"}, "project"),
        ({"project": "<script>"}, "project"),
    ],
)
def test_bad_filters_are_400_with_field_errors(api, params, field):
    PressReleaseFactory()

    response = api.get(LIST_URL, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field][0], str)


def test_list_is_paginated(api):
    PressReleaseFactory.create_batch(23)

    first = api.get(LIST_URL).json()
    second = api.get(LIST_URL, {"page": 2}).json()

    assert first["count"] == 23
    assert len(first["results"]) == 20
    assert first["next"] == "http://testserver/api/v1/press-releases/?page=2"
    assert len(second["results"]) == 3


def _releases_with_everything(count: int) -> None:
    organisation = OrganisationFactory()
    project = ProjectFactory(coordinator=organisation)
    for _number in range(count):
        release = PressReleaseFactory(organisation=organisation, project=project)
        PressReleaseFactory(
            organisation=organisation, translation_group=release.translation_group, language="sl"
        )
        draft(organisation=organisation, translation_group=release.translation_group, language="el")


def _count_queries(client, url: str, params=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response.json()


def test_list_costs_the_same_queries_for_1_and_30_releases(api):
    _releases_with_everything(1)
    one, body = _count_queries(api, LIST_URL, {"language": "en"})
    assert body["count"] == 1

    _releases_with_everything(29)
    thirty, body = _count_queries(api, LIST_URL, {"language": "en"})

    assert body["count"] == 30
    assert len(body["results"]) == 20
    assert all(len(row["translations"]) == 1 for row in body["results"])
    # count, page of releases with organisation and project, their public translations
    assert one == thirty == 3


def test_list_costs_the_same_queries_for_a_logged_in_press_officer(client, press_officer):
    client.force_login(press_officer)
    _releases_with_everything(1)
    one, _body = _count_queries(client, LIST_URL)

    _releases_with_everything(29)
    thirty, body = _count_queries(client, LIST_URL)

    assert body["count"] == 60
    # session, user, count, page, translations
    assert one == thirty == 5


# Reading: one release


def test_detail_of_a_public_release(api, organisation):
    release = PressReleaseFactory(organisation=organisation, body="Read *this*.")

    response = api.get(detail_url(release))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "published"
    assert body["body_html"] == "<p>Read <em>this</em>.</p>"
    assert body["withdrawn_at"] is None
    assert body["withdrawal_note"] == ""
    assert body["pdf_url"] == pdf_url(release)


def test_detail_costs_two_queries(api):
    release = PressReleaseFactory(project=ProjectFactory())
    PressReleaseFactory(translation_group=release.translation_group, language="sl")

    count, body = _count_queries(api, detail_url(release))

    assert len(body["translations"]) == 1
    assert count == 2  # release with organisation and project, its public translations


def test_withdrawn_release_says_so_without_its_text(api):
    release = PressReleaseFactory(
        status=Status.WITHDRAWN,
        withdrawn_at=datetime(2031, 1, 2, 12, tzinfo=UTC),
        withdrawal_note="The figures were wrong.",
        lead="Misleading lead.",
        body="Misleading body.",
    )

    response = api.get(detail_url(release))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "withdrawn"
    assert body["withdrawal_note"] == "The figures were wrong."
    assert body["withdrawn_at"] == "2031-01-02T12:00:00Z"
    assert body["body_html"] is None
    assert body["lead"] is None
    assert body["pdf_url"] is None
    assert "Misleading" not in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_unpublished_release_is_404_for_the_public_and_other_press_offices(api, status):
    release = PressReleaseFactory(status=status, publish_at=None)
    stranger = MembershipFactory(role=Membership.Role.PRESS_OFFICER).user

    assert api.get(detail_url(release)).status_code == 404
    assert token_client(stranger).get(detail_url(release)).status_code == 404


def test_press_office_reads_its_drafts_and_scheduled_releases(press_api, organiser_api, organisation):
    unpublished = draft(organisation=organisation)
    scheduled = PressReleaseFactory(organisation=organisation, publish_at=timezone.now() + timedelta(days=1))

    as_press = press_api.get(detail_url(unpublished))
    as_organiser = organiser_api.get(detail_url(unpublished))
    scheduled_as_press = press_api.get(detail_url(scheduled))

    assert as_press.status_code == as_organiser.status_code == 200
    assert as_press.json()["status"] == "draft"
    assert as_press.json()["publish_at"] is None
    assert as_press.json()["pdf_url"] is None
    assert scheduled_as_press.status_code == 200
    assert scheduled_as_press.json()["pdf_url"] is None
    # Organisers draft but do not publish: a scheduled release is the press officers'.
    assert organiser_api.get(detail_url(scheduled)).status_code == 404


def test_embargo_holds_until_the_second_of_publication(api, monkeypatch):
    publish_at = datetime(2031, 3, 2, 8, tzinfo=UTC)
    release = PressReleaseFactory(publish_at=publish_at)

    monkeypatch.setattr(timezone, "now", lambda: publish_at - timedelta(seconds=1))
    before = api.get(detail_url(release))
    listed_before = api.get(LIST_URL).json()["count"]

    monkeypatch.setattr(timezone, "now", lambda: publish_at + timedelta(seconds=1))
    after = api.get(detail_url(release))
    listed_after = api.get(LIST_URL).json()["count"]

    assert before.status_code == 404
    assert listed_before == 0
    assert after.status_code == 200
    assert after.json()["slug"] == release.slug
    assert listed_after == 1


def test_script_in_fields_is_inert(api):
    release = PressReleaseFactory(
        headline='<script>alert("headline")</script>',
        subtitle="<img src=x onerror=alert(1)>",
        dateline_city="</script><script>alert(2)</script>",
        lead="<b>bold</b>",
        body='Hello <script>alert("body")</script> <a href="javascript:alert(3)">click</a> '
        '<img src=x onerror="alert(4)"> [link](javascript:alert(5)) <iframe src="https://evil.example"></iframe>',
    )

    response = api.get(detail_url(release))

    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.json()
    # Plain strings, returned as written: never HTML.
    assert body["headline"] == '<script>alert("headline")</script>'
    assert body["subtitle"] == "<img src=x onerror=alert(1)>"
    assert body["dateline"]["city"] == "</script><script>alert(2)</script>"
    assert body["lead"] == "<b>bold</b>"
    html = body["body_html"]
    for dangerous in ("<script", "alert(", "javascript:", "onerror", "<img", "<iframe"):
        assert dangerous not in html
    assert html.startswith("<p>Hello")


def test_unknown_lang_is_400(api):
    release = PressReleaseFactory()

    response = api.get(detail_url(release), {"lang": "xx"})

    assert response.status_code == 400
    assert "lang" in response.json()


# Writing: create


def test_press_officer_creates_a_draft(press_api, press_officer, organisation):
    response = press_api.post(LIST_URL, release_input(organisation), format="json")

    assert response.status_code == 201
    body = response.json()
    release = PressRelease.objects.get()
    assert body["slug"] == release.slug == "seminar-on-child-trafficking-opens-in-athens"
    assert response["Location"] == f"http://testserver/api/v1/press-releases/{release.slug}/"
    assert body["status"] == "draft"
    assert body["publish_at"] is None
    assert body["dateline"] == {"city": "Athens", "date": "2031-03-02"}
    assert release.status == Status.DRAFT
    assert release.author == press_officer
    assert release.organisation == organisation
    assert list(release.revisions.values_list("number", "summary")) == [(1, "created")]


def test_draft_is_invisible_to_the_public_after_creation(api, press_api, organisation):
    slug = press_api.post(LIST_URL, release_input(organisation), format="json").json()["slug"]

    assert api.get(f"{LIST_URL}{slug}/").status_code == 404
    assert api.get(LIST_URL).json()["count"] == 0


def test_slug_made_from_the_headline_is_unique(press_api, organisation):
    PressReleaseFactory(slug="seminar-opens")

    response = press_api.post(LIST_URL, release_input(organisation, headline="Seminar opens"), format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == "seminar-opens-2"


def test_slug_from_a_greek_headline_is_in_latin_letters(press_api, organisation):
    response = press_api.post(
        LIST_URL, release_input(organisation, headline="20 Εμπάργκο: δοκιμή", language="el"), format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "20-empargko-dokimi"


def test_organiser_creates_a_draft_for_own_organisation(organiser_api, organisation):
    response = organiser_api.post(LIST_URL, release_input(organisation), format="json")

    assert response.status_code == 201
    assert PressRelease.objects.get().status == Status.DRAFT


def test_create_for_another_organisation_is_refused(press_api):
    other = OrganisationFactory()

    response = press_api.post(LIST_URL, release_input(other), format="json")

    assert response.status_code == 400
    assert "organisation" in response.json()
    assert not PressRelease.objects.exists()


def test_coordinator_creates_for_any_organisation(api, coordinator):
    api.force_authenticate(coordinator)

    response = api.post(LIST_URL, release_input(OrganisationFactory()), format="json")

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"headline": ""}, "headline"),
        ({"headline": "x" * 251}, "headline"),
        ({"language": "de"}, "language"),
        ({"dateline_date": "2031-02-30"}, "dateline_date"),
        ({"dateline_city": ""}, "dateline_city"),
        ({"lead": "x" * 2001}, "lead"),
        ({"body": ""}, "body"),
        ({"slug": "not a slug"}, "slug"),
        ({"organisation": "smile\x00"}, "organisation"),
        ({"headline": "Null\x00byte"}, "headline"),
        ({"project": "no-such-project"}, "project"),
        ({"translation_of": "no-such-release"}, "translation_of"),
    ],
)
def test_create_rejects_bad_input_and_saves_nothing(press_api, organisation, overrides, field):
    response = press_api.post(LIST_URL, release_input(organisation, **overrides), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not PressRelease.objects.exists()
    assert not PressReleaseRevision.objects.exists()


def test_missing_fields_are_field_errors(press_api, organisation):
    response = press_api.post(LIST_URL, {"organisation": organisation.slug}, format="json")

    assert response.status_code == 400
    assert {"language", "headline", "dateline_city", "dateline_date", "lead", "body"} <= set(response.json())


def test_slug_already_taken_is_a_field_error(press_api, organisation):
    PressReleaseFactory(slug="taken")

    response = press_api.post(LIST_URL, release_input(organisation, slug="taken"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["slug"]


def test_project_must_be_one_the_organisation_takes_part_in(press_api, organisation):
    foreign_project = ProjectFactory()

    response = press_api.post(
        LIST_URL, release_input(organisation, project=foreign_project.slug), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["project"]
    assert not PressRelease.objects.exists()


def test_contact_must_be_the_organisations(press_officer, press_api, organisation):
    # The press officer also works for another organisation, whose contact it is.
    other = MembershipFactory(user=press_officer, role=Membership.Role.PRESS_OFFICER).organisation
    other_contact = PressContact.objects.create(organisation=other, office_name="Other", email="p@o.example")
    stranger_contact = PressContact.objects.create(
        organisation=OrganisationFactory(), office_name="Elsewhere", email="press@elsewhere.example"
    )

    responses = [
        press_api.post(LIST_URL, release_input(organisation, contact=contact.pk), format="json")
        for contact in (other_contact, stranger_contact)
    ]

    assert [response.status_code for response in responses] == [400, 400]
    assert all(list(response.json()) == ["contact"] for response in responses)
    assert not PressRelease.objects.exists()


def test_project_the_organisation_takes_part_in_is_accepted(press_api, organisation):
    project = ProjectFactory()
    project.partners.add(organisation)
    contact = PressContact.objects.create(organisation=organisation, office_name="Press", email="p@x.example")

    response = press_api.post(
        LIST_URL, release_input(organisation, project=project.slug, contact=contact.pk), format="json"
    )

    assert response.status_code == 201
    assert response.json()["project"]["slug"] == project.slug
    assert PressRelease.objects.get().contact == contact


def test_translation_joins_the_original_group(press_api, organisation):
    original = PressReleaseFactory(organisation=organisation, slug="original")

    response = press_api.post(
        LIST_URL, release_input(organisation, language="el", translation_of="original"), format="json"
    )
    duplicate = press_api.post(
        LIST_URL, release_input(organisation, language="el", translation_of="original"), format="json"
    )

    assert response.status_code == 201
    translation = PressRelease.objects.get(slug=response.json()["slug"])
    assert translation.translation_group == original.translation_group
    assert duplicate.status_code == 400
    assert list(duplicate.json()) == ["language"]


def test_translation_of_another_organisations_release_is_refused(api, coordinator, organisation):
    api.force_authenticate(coordinator)
    other = PressReleaseFactory(slug="foreign")

    response = api.post(LIST_URL, release_input(organisation, translation_of=other.slug), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["translation_of"]


def test_anonymous_writes_are_401(api, organisation):
    release = draft(organisation=organisation)

    responses = [
        api.post(LIST_URL, release_input(organisation), format="json"),
        api.patch(detail_url(release), {"headline": "Changed"}, format="json"),
        api.post(detail_url(release, "publish/"), format="json"),
    ]

    assert [response.status_code for response in responses] == [401, 401, 401]
    assert all(response["WWW-Authenticate"] == "Token" for response in responses)
    release.refresh_from_db()
    assert release.status == Status.DRAFT


def test_bad_token_is_401(api, organisation):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    assert api.post(LIST_URL, release_input(organisation), format="json").status_code == 401


def test_participant_may_not_write(participant, organisation):
    response = token_client(participant).post(LIST_URL, release_input(organisation), format="json")

    assert response.status_code == 403
    assert not PressRelease.objects.exists()


def test_two_factor_is_required_for_writes_when_the_site_requires_it(
    settings, press_api, press_officer, organisation
):
    settings.REQUIRE_STAFF_TWO_FACTOR = True

    refused = press_api.post(LIST_URL, release_input(organisation), format="json")
    Authenticator.objects.create(user=press_officer, type=Authenticator.Type.TOTP, data={})
    accepted = press_api.post(LIST_URL, release_input(organisation), format="json")

    assert refused.status_code == 403
    assert "two-factor" in refused.json()["detail"]
    assert accepted.status_code == 201


def test_session_writes_need_the_csrf_token(press_officer, organisation):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(press_officer)

    response = client.post(LIST_URL, release_input(organisation), format="json")

    assert response.status_code == 403
    assert not PressRelease.objects.exists()


# Writing: change


def test_press_officer_changes_a_draft(press_api, organisation):
    release = draft(organisation=organisation, headline="Old")
    PressReleaseRevision.objects.create(release=release, number=1, summary="created", snapshot={})

    response = press_api.patch(detail_url(release), {"headline": "New headline"}, format="json")

    assert response.status_code == 200
    assert response.json()["headline"] == "New headline"
    release.refresh_from_db()
    assert release.headline == "New headline"
    assert release.revision == 2
    assert release.revisions.first().snapshot["headline"] == "New headline"


def test_organiser_changes_a_draft_in_review(organiser_api, organisation):
    release = PressReleaseFactory(organisation=organisation, status=Status.REVIEW, publish_at=None)

    response = organiser_api.patch(detail_url(release), {"lead": "A better lead."}, format="json")

    assert response.status_code == 200
    release.refresh_from_db()
    assert release.lead == "A better lead."


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.WITHDRAWN])
def test_published_release_changes_only_through_a_correction(press_api, organisation, status):
    release = PressReleaseFactory(organisation=organisation, status=status, headline="As published")

    response = press_api.patch(detail_url(release), {"headline": "Rewritten"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "A published release changes only through a correction."}
    release.refresh_from_db()
    assert release.headline == "As published"


def test_scheduled_release_changes_only_through_a_correction(press_api, organisation):
    release = PressReleaseFactory(organisation=organisation, publish_at=timezone.now() + timedelta(days=1))

    response = press_api.patch(detail_url(release), {"headline": "Rewritten"}, format="json")

    assert response.status_code == 400


def test_organiser_cannot_reach_a_published_release(organiser_api, organisation):
    release = PressReleaseFactory(organisation=organisation)

    response = organiser_api.patch(detail_url(release), {"headline": "Rewritten"}, format="json")

    assert response.status_code == 404


def test_another_organisations_draft_is_404_for_writes(press_api):
    release = draft()

    assert press_api.patch(detail_url(release), {"headline": "Mine"}, format="json").status_code == 404
    assert press_api.post(detail_url(release, "publish/"), format="json").status_code == 404
    release.refresh_from_db()
    assert release.status == Status.DRAFT


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"headline": ""}, "headline"),
        ({"dateline_date": "yesterday"}, "dateline_date"),
        ({"organisation": "elsewhere"}, "organisation"),
        ({"translation_of": "original"}, "translation_of"),
        ({"language": "de"}, "language"),
    ],
)
def test_change_with_bad_input_changes_nothing(press_api, organisation, changes, field):
    PressReleaseFactory(organisation=organisation, slug="original")
    OrganisationFactory(slug="elsewhere")
    release = draft(organisation=organisation, headline="Unchanged")

    response = press_api.patch(detail_url(release), {"subtitle": "Changed", **changes}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    release.refresh_from_db()
    assert (release.headline, release.subtitle, release.revision) == (
        "Unchanged",
        "Police and social workers trained together",
        1,
    )


def test_change_into_a_language_the_group_has_is_refused(press_api, organisation):
    release = draft(organisation=organisation, language="en")
    draft(organisation=organisation, language="sl", translation_group=release.translation_group)

    response = press_api.patch(detail_url(release), {"language": "sl"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["language"]


def test_put_is_not_offered(press_api, organisation):
    release = draft(organisation=organisation)

    response = press_api.put(detail_url(release), release_input(organisation), format="json")

    assert response.status_code == 405


# Writing: publish


def test_press_officer_publishes_now(api, press_api, organisation):
    release = draft(organisation=organisation)

    response = press_api.post(detail_url(release, "publish/"), format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["pdf_url"] == pdf_url(release)
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert release.publish_at <= timezone.now()
    assert api.get(detail_url(release)).status_code == 200
    assert slugs(api.get(LIST_URL)) == [release.slug]


def test_future_publish_time_schedules_under_embargo(api, press_api, organisation, monkeypatch):
    release = draft(organisation=organisation)
    publish_at = (timezone.now() + timedelta(days=2)).replace(microsecond=0)

    response = press_api.post(
        detail_url(release, "publish/"), {"publish_at": publish_at.isoformat()}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["pdf_url"] is None
    release.refresh_from_db()
    assert release.publish_at == publish_at
    assert api.get(detail_url(release)).status_code == 404
    assert api.get(LIST_URL).json()["count"] == 0
    assert press_api.get(detail_url(release)).status_code == 200

    monkeypatch.setattr(timezone, "now", lambda: publish_at + timedelta(seconds=1))
    assert api.get(detail_url(release)).status_code == 200


def test_publish_time_with_an_offset_is_kept(press_api, organisation):
    release = draft(organisation=organisation)

    response = press_api.post(
        detail_url(release, "publish/"), {"publish_at": "2031-03-02T09:00:00+01:00"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["publish_at"] == "2031-03-02T08:00:00Z"


@pytest.mark.parametrize(
    "publish_at",
    ["2031-03-02T09:00:00", "2001-01-01T00:00:00Z", "tomorrow", "9999-12-31T23:59:59-12:00"],
)
def test_bad_publish_time_is_400_and_publishes_nothing(press_api, organisation, publish_at):
    release = draft(organisation=organisation)

    response = press_api.post(detail_url(release, "publish/"), {"publish_at": publish_at}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["publish_at"]
    release.refresh_from_db()
    assert release.status == Status.DRAFT


def test_organiser_who_is_not_a_press_officer_may_not_publish(organiser_api, organisation):
    release = draft(organisation=organisation)

    response = organiser_api.post(detail_url(release, "publish/"), format="json")

    assert response.status_code == 403
    release.refresh_from_db()
    assert release.status == Status.DRAFT


def test_organiser_who_is_also_press_officer_publishes(organiser, organiser_api, organisation):
    MembershipFactory(organisation=organisation, user=organiser, role=Membership.Role.PRESS_OFFICER)
    release = draft(organisation=organisation)

    response = organiser_api.post(detail_url(release, "publish/"), format="json")

    assert response.status_code == 200


def test_publishing_twice_is_400_with_the_reason(press_api, organisation):
    release = draft(organisation=organisation)
    press_api.post(detail_url(release, "publish/"), format="json")

    response = press_api.post(detail_url(release, "publish/"), format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "This release is already published."}


def test_publishing_is_recorded(press_api, press_officer, organisation):
    release = draft(organisation=organisation)

    press_api.post(detail_url(release, "publish/"), format="json")

    release.refresh_from_db()
    assert release.revision == 2
    assert release.revisions.first().author == press_officer


# Schema


def test_openapi_schema_is_valid_and_has_the_press_api(capsys):
    output = StringIO()

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=output)

    schema = output.getvalue()
    for route in (
        "/api/v1/press-releases/:",
        "/api/v1/press-releases/{slug}/:",
        "/api/v1/press-releases/{slug}/publish/:",
    ):
        assert route in schema
    assert "PressReleaseStatusEnum" in schema
    assert capsys.readouterr().err == ""


def test_error_messages_follow_lang(press_api, organisation):
    release = draft(organisation=organisation)
    press_api.post(detail_url(release, "publish/"), format="json")

    response = press_api.patch(
        detail_url(release), {"headline": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="sl"
    )

    assert response.status_code == 400
    assert response["Content-Language"] == "sl"
