"""The seminars REST API: /api/v1/seminars/, its schema and docs."""

import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEntry, ProfessionalGroup
from events.models import Seminar
from registrations.models import Registration
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    TrainerFactory,
    UserFactory,
    VenueFactory,
    api_key_for,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/seminars/"


def detail_url(seminar: Seminar, suffix: str = "") -> str:
    return f"/api/v1/seminars/{seminar.slug}/{suffix}"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def organiser_api(organiser):
    """An organiser's script, authenticated by its API token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(organiser)}")
    return client


@pytest.fixture
def venue(organisation):
    return VenueFactory(organisation=organisation, name="Centre for Social Work", city="Ljubljana")


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


def seminar_input(organisation, venue, /, **overrides) -> dict:
    data = {
        "organisation": organisation.slug,
        "venue": venue.pk if venue else None,
        "title_en": "Referral pathways for child victims",
        "title_sl": "Napotitvene poti za otroke žrtve",
        "summary_en": "Who does what when a child is identified.",
        "description_en": "Case work with **police** and social services.",
        "format": "in_person",
        # Local times at the venue: registration closes in winter time (CET),
        # the seminar runs the day after the clocks change (CEST).
        "registration_closes_at": "2031-03-28T12:00:00",
        "starts_at": "2031-03-31T09:00:00",
        "ends_at": "2031-03-31T17:00:00",
        "language": "sl",
        "capacity": 25,
        "requires_approval": True,
        "target_groups": ["police", "social-workers"],
        "contact_email": "training@example.org",
    }
    data.update(overrides)
    return data


# Reading: the public list


def test_list_shows_published_and_cancelled_seminars_but_no_drafts(api):
    published = SeminarFactory()
    cancelled = SeminarFactory(status=Seminar.Status.CANCELLED)
    SeminarFactory(status=Seminar.Status.DRAFT)

    response = api.get(LIST_URL)

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert slugs(response) == [published.slug, cancelled.slug]
    assert [row["status"] for row in response.json()["results"]] == ["published", "cancelled"]


def test_list_row_shows_times_in_the_venue_zone_with_its_abbreviation(api):
    police = ProfessionalGroup.objects.get(slug="police")
    organisation = OrganisationFactory(name="Društvo Ključ", slug="kljuc")
    venue = VenueFactory(organisation=organisation, name="Hotel Union", city="Ljubljana", country="SI")
    seminar = SeminarFactory(
        organisation=organisation,
        venue=venue,
        slug="identifying-victims",
        title_en="Identifying child victims",
        summary_en="A one-day training.",
        starts_at=datetime(2031, 1, 15, 8, tzinfo=UTC),
        ends_at=datetime(2031, 1, 15, 16, tzinfo=UTC),
        registration_opens_at=datetime(2030, 12, 1, 8, tzinfo=UTC),
        registration_closes_at=datetime(2031, 1, 10, 22, 59, tzinfo=UTC),
        target_groups=[police],
        capacity=40,
    )

    row = api.get(LIST_URL).json()["results"][0]

    assert row == {
        "slug": "identifying-victims",
        "url": "http://testserver/seminars/identifying-victims/",
        "title": "Identifying child victims",
        "summary": "A one-day training.",
        "status": "published",
        "format": "in_person",
        "starts_at": "2031-01-15T09:00:00+01:00",
        "ends_at": "2031-01-15T17:00:00+01:00",
        "time_zone": "Europe/Ljubljana",
        "time_zone_abbreviation": "CET",
        "venue": {"name": "Hotel Union", "city": "Ljubljana", "country": "SI"},
        "organisation": {"name": "Društvo Ključ", "slug": "kljuc"},
        "language": "en",
        "capacity": 40,
        "registration_opens_at": "2030-12-01T09:00:00+01:00",
        "registration_closes_at": "2031-01-10T23:59:00+01:00",
        "requires_approval": False,
        "target_groups": ["police"],
        "calendar_url": "http://testserver/seminars/identifying-victims/calendar.ics",
    }
    assert seminar.join_url == ""


def test_summer_seminar_in_athens_is_shown_in_eest(api):
    athens = VenueFactory(city="Athens", country="GR", time_zone="Europe/Athens")
    SeminarFactory(
        venue=athens,
        organisation=athens.organisation,
        starts_at=datetime(2031, 7, 10, 6, tzinfo=UTC),
        ends_at=datetime(2031, 7, 10, 14, tzinfo=UTC),
    )

    row = api.get(LIST_URL).json()["results"][0]

    assert (row["starts_at"], row["ends_at"]) == ("2031-07-10T09:00:00+03:00", "2031-07-10T17:00:00+03:00")
    assert (row["time_zone"], row["time_zone_abbreviation"]) == ("Europe/Athens", "EEST")
    assert row["venue"] == {"name": athens.name, "city": "Athens", "country": "GR"}


def test_list_filters_by_country_time_group_format_and_text(api):
    police = ProfessionalGroup.objects.get(slug="police")
    athens = VenueFactory(city="Athens", country="GR", time_zone="Europe/Athens")
    in_athens = SeminarFactory(title_en="Referral in Athens", venue=athens, organisation=athens.organisation)
    for_police = SeminarFactory(title_en="Interviewing children", target_groups=[police])
    online = SeminarFactory(
        title_en="Online basics", format="online", venue=None, join_url="https://meet.example.org/x"
    )
    past = SeminarFactory(
        title_en="Ljubljana 2014",
        starts_at=datetime(2014, 1, 30, 8, tzinfo=UTC),
        ends_at=datetime(2014, 1, 30, 16, tzinfo=UTC),
    )

    assert slugs(api.get(LIST_URL, {"country": "GR"})) == [in_athens.slug]
    assert slugs(api.get(LIST_URL, {"country": "gr"})) == [in_athens.slug]
    assert slugs(api.get(LIST_URL, {"group": "police"})) == [for_police.slug]
    assert slugs(api.get(LIST_URL, {"format": "online"})) == [online.slug]
    assert slugs(api.get(LIST_URL, {"when": "past"})) == [past.slug]
    assert set(slugs(api.get(LIST_URL, {"when": "upcoming"}))) == {
        in_athens.slug,
        for_police.slug,
        online.slug,
    }
    assert slugs(api.get(LIST_URL, {"q": "athens"})) == [in_athens.slug]
    assert slugs(api.get(LIST_URL, {"q": "INTERVIEWING children"})) == [for_police.slug]
    assert api.get(LIST_URL).json()["count"] == 4


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"when": "tomorrow"}, "when"),
        ({"country": "XX"}, "country"),
        ({"group": "astronauts"}, "group"),
        ({"format": "by-pigeon"}, "format"),
        ({"q": "x" * 101}, "q"),
        ({"lang": "de"}, "lang"),
    ],
)
def test_list_rejects_bad_filters_with_field_errors(api, query, field):
    SeminarFactory()

    response = api.get(LIST_URL, query)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0]


def test_filter_errors_come_in_the_requested_language(api):
    response = api.get(LIST_URL, {"when": "tomorrow"}, HTTP_ACCEPT_LANGUAGE="sl")

    assert response.status_code == 400
    assert response.json() == {"when": ["Izberite veljavno možnost. tomorrow ni med ponujenimi izbirami."]}


def test_list_pages_are_numbered(api):
    SeminarFactory.create_batch(21)

    first = api.get(LIST_URL).json()
    second = api.get(LIST_URL, {"page": 2}).json()

    assert (first["count"], len(first["results"]), first["next"]) == (
        21,
        20,
        "http://testserver/api/v1/seminars/?page=2",
    )
    assert len(second["results"]) == 1
    assert api.get(LIST_URL, {"page": 3}).status_code == 404


def _seminars_with_everything(count: int, organisation=None) -> None:
    groups = list(ProfessionalGroup.objects.filter(slug__in=["police", "social-workers"]))
    for number in range(count):
        seminar = SeminarFactory(
            target_groups=groups,
            join_url="https://meet.example.org/x",
            format="hybrid",
            **(
                {"organisation": organisation, "venue": VenueFactory(organisation=organisation)}
                if organisation
                else {}
            ),
            status=Seminar.Status.DRAFT if number % 5 == 4 else Seminar.Status.PUBLISHED,
        )
        session = AgendaSessionFactory(seminar=seminar)
        session.trainers.add(TrainerFactory(organisation=seminar.organisation))


def _count_queries(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


def test_list_costs_the_same_queries_for_1_and_50_seminars(api):
    _seminars_with_everything(1)
    one, body = _count_queries(api, LIST_URL)
    assert body["count"] == 1

    _seminars_with_everything(49)
    fifty, body = _count_queries(api, LIST_URL)

    assert body["count"] == 41  # every fifth seminar is a draft
    assert len(body["results"]) == 20
    # count, page of seminars with venue/organisation/project, target groups
    assert one == fifty == 3


def test_organiser_list_costs_the_same_queries_for_1_and_50_seminars(client, organiser, organisation):
    client.force_login(organiser)
    _seminars_with_everything(1, organisation)
    one, body = _count_queries(client, LIST_URL)
    assert body["count"] == 1  # the organiser sees the draft

    _seminars_with_everything(49, organisation)
    SeminarFactory.create_batch(10, status=Seminar.Status.DRAFT)  # other organisations' drafts
    fifty, body = _count_queries(client, LIST_URL)

    assert body["count"] == 50
    assert all("join_url" in row for row in body["results"])
    # session, user, organisations managed, count, page, target groups
    assert one == fifty == 6


# Reading: one seminar


def test_detail_shows_agenda_trainers_partners_project_and_rendered_description(api):
    project = ProjectFactory(acronym="VICTOR", name="VICTOR project", slug="victor")
    partner = OrganisationFactory(name="Arsis", slug="arsis")
    seminar = SeminarFactory(
        project=project,
        description_en="We cover the **legal framework**.",
        starts_at=datetime(2031, 10, 26, 8, tzinfo=UTC),
        ends_at=datetime(2031, 10, 26, 16, tzinfo=UTC),
    )
    seminar.partners.add(partner)
    trainer = TrainerFactory(
        organisation=seminar.organisation, name="Dr. Ana Novak", affiliation="University"
    )
    morning = AgendaSessionFactory(
        seminar=seminar,
        title_en="Legal framework",
        description_en="Palermo Protocol",
        starts_at=datetime(2031, 10, 26, 8, tzinfo=UTC),
        ends_at=datetime(2031, 10, 26, 10, tzinfo=UTC),
    )
    morning.trainers.add(trainer)

    body = api.get(detail_url(seminar)).json()

    assert body["description_html"] == "<p>We cover the <strong>legal framework</strong>.</p>"
    # The clocks went back that night: the seminar is in CET.
    assert body["agenda"] == [
        {
            "title": "Legal framework",
            "description": "Palermo Protocol",
            "starts_at": "2031-10-26T09:00:00+01:00",
            "ends_at": "2031-10-26T11:00:00+01:00",
            "trainers": [{"name": "Dr. Ana Novak", "affiliation": "University"}],
        }
    ]
    assert body["partners"] == [{"name": "Arsis", "slug": "arsis"}]
    assert body["project"] == {"acronym": "VICTOR", "name": "VICTOR project", "slug": "victor"}
    assert body["time_zone_abbreviation"] == "CET"
    assert "join_url" not in body


def test_detail_costs_the_same_queries_for_1_and_10_agenda_sessions(api):
    seminar = SeminarFactory()
    AgendaSessionFactory(seminar=seminar).trainers.add(TrainerFactory())
    one, _body = _count_queries(api, detail_url(seminar))

    for _number in range(9):
        AgendaSessionFactory(seminar=seminar).trainers.add(TrainerFactory(), TrainerFactory())
    seminar.partners.add(*OrganisationFactory.create_batch(3))
    ten, body = _count_queries(api, detail_url(seminar))

    assert len(body["agenda"]) == 10
    # seminar, sessions, trainers, partners, target groups
    assert one == ten == 5


def test_draft_is_404_for_the_public_and_for_other_organisers(api):
    draft = SeminarFactory(status=Seminar.Status.DRAFT)
    stranger = MembershipFactory(role="organiser").user

    assert api.get(detail_url(draft)).status_code == 404
    api.force_authenticate(stranger)
    assert api.get(detail_url(draft)).status_code == 404
    assert api.get(LIST_URL).json()["count"] == 0


def test_organiser_reads_own_drafts_with_join_url_but_not_others_join_urls(organiser_api, organisation):
    own_draft = SeminarFactory(
        organisation=organisation,
        venue=None,
        format="online",
        join_url="https://meet.example.org/own",
        status=Seminar.Status.DRAFT,
    )
    others = SeminarFactory(format="hybrid", join_url="https://meet.example.org/secret")

    listed = {row["slug"]: row for row in organiser_api.get(LIST_URL).json()["results"]}
    detail = organiser_api.get(detail_url(own_draft)).json()

    assert set(listed) == {own_draft.slug, others.slug}
    assert listed[own_draft.slug]["join_url"] == "https://meet.example.org/own"
    assert listed[own_draft.slug]["status"] == "draft"
    assert "join_url" not in listed[others.slug]
    assert detail["join_url"] == "https://meet.example.org/own"
    assert "join_url" not in organiser_api.get(detail_url(others)).json()


def test_join_url_never_reaches_the_public(api, participant):
    seminar = SeminarFactory(format="hybrid", join_url="https://meet.example.org/secret-room")

    api.force_authenticate(participant)
    for url in (LIST_URL, detail_url(seminar), f"{LIST_URL}?format=hybrid"):
        response = api.get(url)
        assert response.status_code == 200
        assert "secret-room" not in response.content.decode()


def test_markdown_with_script_and_javascript_links_is_inert(api):
    seminar = SeminarFactory(
        description_en=(
            "Hello <script>alert('x')</script>\n\n"
            "[click](javascript:alert(1)) <img src=x onerror=alert(2)> "
            '<a href="https://example.org" onclick="steal()">site</a>'
        )
    )

    html = api.get(detail_url(seminar)).json()["description_html"]

    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">site</a>' in html


def test_greek_visitor_gets_the_greek_title_or_else_the_instruction_language(api):
    greek = SeminarFactory(
        slug="greek", title_en="Referral", title_el="Παραπομπή", summary_en="Summary", summary_el="Περίληψη"
    )
    slovenian = SeminarFactory(slug="slovenian", language="sl", title_en="Interviews", title_sl="Razgovori")

    rows = {
        row["slug"]: row for row in api.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="el-GR,el;q=0.9").json()["results"]
    }

    assert (rows["greek"]["title"], rows["greek"]["summary"]) == ("Παραπομπή", "Περίληψη")
    assert rows["greek"]["url"] == "http://testserver/el/seminars/greek/"
    assert api.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="el").headers["Content-Language"] == "el"
    assert rows["slovenian"]["title"] == "Razgovori"  # not the English title
    assert api.get(detail_url(greek), HTTP_ACCEPT_LANGUAGE="el").json()["title"] == "Παραπομπή"
    assert api.get(detail_url(slovenian), HTTP_ACCEPT_LANGUAGE="el").json()["title"] == "Razgovori"


def test_lang_parameter_wins_over_accept_language_and_none_means_instruction_language(api):
    seminar = SeminarFactory(language="ro", title_en="Referral", title_ro="Referire", title_el="Παραπομπή")

    assert (
        api.get(detail_url(seminar), {"lang": "el"}, HTTP_ACCEPT_LANGUAGE="en").json()["title"] == "Παραπομπή"
    )
    assert api.get(detail_url(seminar), HTTP_ACCEPT_LANGUAGE="en").json()["title"] == "Referral"
    assert api.get(detail_url(seminar), HTTP_ACCEPT_LANGUAGE="de").json()["title"] == "Referire"
    assert api.get(detail_url(seminar)).json()["title"] == "Referire"


# Writing: organisers


def test_organiser_creates_a_draft_with_token_and_local_times(organiser_api, organiser, organisation, venue):
    response = organiser_api.post(LIST_URL, seminar_input(organisation, venue), format="json")

    assert response.status_code == 201, response.json()
    seminar = Seminar.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/seminars/{seminar.slug}/"
    assert seminar.slug == "referral-pathways-for-child-victims"
    assert seminar.status == Seminar.Status.DRAFT
    assert (seminar.organisation, seminar.venue, seminar.time_zone) == (
        organisation,
        venue,
        "Europe/Ljubljana",
    )
    assert (seminar.title_en, seminar.title_sl) == (
        "Referral pathways for child victims",
        "Napotitvene poti za otroke žrtve",
    )
    # 09:00 CEST and 12:00 CET, stored in UTC.
    assert seminar.starts_at == datetime(2031, 3, 31, 7, tzinfo=UTC)
    assert seminar.ends_at == datetime(2031, 3, 31, 15, tzinfo=UTC)
    assert seminar.registration_closes_at == datetime(2031, 3, 28, 11, tzinfo=UTC)
    assert sorted(seminar.target_groups.values_list("slug", flat=True)) == ["police", "social-workers"]
    assert (seminar.capacity, seminar.requires_approval, seminar.language) == (25, True, "sl")
    body = response.json()
    assert body["status"] == "draft"
    assert body["title"] == "Napotitvene poti za otroke žrtve"  # no language asked: the instruction language
    assert (body["starts_at"], body["time_zone_abbreviation"]) == ("2031-03-31T09:00:00+02:00", "CEST")
    assert body["registration_closes_at"] == "2031-03-28T12:00:00+01:00"
    assert body["join_url"] == ""
    assert body["description_html"] == "<p>Case work with <strong>police</strong> and social services.</p>"


def test_new_seminars_are_drafts_whatever_the_input_says(organiser_api, organisation, venue):
    data = seminar_input(
        organisation, venue, status="published", sequence=99, published_at="2031-01-01T00:00:00Z"
    )

    response = organiser_api.post(LIST_URL, data, format="json")

    assert response.status_code == 201
    seminar = Seminar.objects.get()
    assert (seminar.status, seminar.sequence, seminar.published_at) == (Seminar.Status.DRAFT, 0, None)
    assert APIClient().get(LIST_URL).json()["count"] == 0


def test_times_with_an_offset_are_taken_as_given(organiser_api, organisation, venue):
    data = seminar_input(
        organisation,
        venue,
        slug="with-offsets",
        starts_at="2031-03-31T07:00:00Z",
        ends_at="2031-03-31T17:00:00+02:00",
        registration_closes_at=None,
    )

    response = organiser_api.post(LIST_URL, data, format="json")

    assert response.status_code == 201, response.json()
    seminar = Seminar.objects.get(slug="with-offsets")
    assert (seminar.starts_at, seminar.ends_at) == (
        datetime(2031, 3, 31, 7, tzinfo=UTC),
        datetime(2031, 3, 31, 15, tzinfo=UTC),
    )
    assert seminar.registration_closes_at is None


def test_online_seminar_without_venue_uses_the_given_time_zone(organiser_api, organisation):
    data = seminar_input(
        organisation,
        None,
        format="online",
        join_url="https://meet.example.org/victor",
        time_zone="Europe/Bucharest",
        registration_closes_at=None,
    )

    response = organiser_api.post(LIST_URL, data, format="json")

    assert response.status_code == 201, response.json()
    seminar = Seminar.objects.get()
    assert (seminar.time_zone, seminar.venue, seminar.join_url) == (
        "Europe/Bucharest",
        None,
        "https://meet.example.org/victor",
    )
    assert seminar.starts_at == datetime(2031, 3, 31, 6, tzinfo=UTC)  # 09:00 EEST
    assert response.json()["time_zone_abbreviation"] == "EEST"
    assert response.json()["venue"] is None


def test_venue_time_zone_wins_over_a_given_one(organiser_api, organisation, venue):
    data = seminar_input(organisation, venue, time_zone="Europe/Athens")

    assert organiser_api.post(LIST_URL, data, format="json").status_code == 201

    assert Seminar.objects.get().time_zone == "Europe/Ljubljana"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2031-03-31T08:00:00"}, "ends_at"),
        ({"ends_at": "2031-03-31T09:00:00"}, "ends_at"),
        (
            {
                "venue": None,
                "format": "online",
                "join_url": "https://meet.example.org/x",
                "time_zone": "Europe/Atlantis",
            },
            "time_zone",
        ),
        ({"venue": None, "format": "online", "join_url": "https://meet.example.org/x"}, "time_zone"),
        ({"registration_closes_at": "2031-04-01T12:00:00"}, "registration_closes_at"),
        ({"registration_opens_at": "2031-03-29T12:00:00"}, "registration_opens_at"),
        ({"format": "online", "join_url": ""}, "join_url"),
        ({"format": "hybrid"}, "join_url"),
        ({"join_url": "not a link", "format": "hybrid"}, "join_url"),
        ({"venue": None}, "venue"),
        ({"venue": 424242}, "venue"),
        ({"title_en": "", "title_sl": ""}, "title"),
        ({"title_en": "x" * 201}, "title_en"),
        ({"starts_at": "2031-03-30T02:30:00", "ends_at": "2031-03-30T12:00:00"}, "starts_at"),
        ({"starts_at": "next Monday"}, "starts_at"),
        ({"capacity": -1}, "capacity"),
        ({"language": "de"}, "language"),
        ({"target_groups": ["astronauts"]}, "target_groups"),
        ({"contact_email": "nobody"}, "contact_email"),
        ({"organisation": "no-such-organisation"}, "organisation"),
        ({"slug": "Not a slug!"}, "slug"),
    ],
)
def test_create_rejects_bad_input_and_saves_nothing(organiser_api, organisation, venue, overrides, field):
    response = organiser_api.post(LIST_URL, seminar_input(organisation, venue, **overrides), format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert all(isinstance(message, str) and message for message in response.json()[field])
    assert not Seminar.objects.exists()


def test_create_errors_say_what_is_wrong(organiser_api, organisation, venue):
    response = organiser_api.post(
        LIST_URL,
        seminar_input(
            organisation, venue, ends_at="2031-03-31T08:00:00", registration_closes_at="2031-04-02T09:00:00"
        ),
        format="json",
    )

    assert response.json() == {
        "ends_at": ["The seminar must end after it starts."],
        "registration_closes_at": ["Registration must close before the seminar ends."],
    }


def test_create_for_an_organisation_one_does_not_organise_for_is_refused(organiser_api, organisation):
    other = OrganisationFactory()
    other_venue = VenueFactory(organisation=other)

    response = organiser_api.post(LIST_URL, seminar_input(other, other_venue), format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"organisation", "venue"}
    assert not Seminar.objects.exists()


def test_venue_of_another_organisation_the_organiser_also_runs_is_refused(
    organiser, organiser_api, organisation
):
    second = OrganisationFactory()
    MembershipFactory(organisation=second, user=organiser, role="organiser")
    second_venue = VenueFactory(organisation=second)

    response = organiser_api.post(LIST_URL, seminar_input(organisation, second_venue), format="json")

    assert response.status_code == 400
    # The organiser form's words (events.validators.validate_venue_of).
    assert response.json() == {
        "venue": ["This venue belongs to another organisation. Choose a venue of the host organisation."]
    }
    assert not Seminar.objects.exists()


def test_slug_already_taken_is_a_field_error(organiser_api, organisation, venue):
    SeminarFactory(slug="taken")

    response = organiser_api.post(LIST_URL, seminar_input(organisation, venue, slug="taken"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["slug"]
    assert Seminar.objects.filter(slug="taken").count() == 1


def test_slug_is_made_unique_from_the_title(organiser_api, organisation, venue):
    SeminarFactory(slug="referral-pathways-for-child-victims")

    response = organiser_api.post(LIST_URL, seminar_input(organisation, venue), format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == "referral-pathways-for-child-victims-2"


def test_anonymous_writes_are_401(api, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue)

    responses = [
        api.post(LIST_URL, seminar_input(organisation, venue), format="json"),
        api.patch(detail_url(seminar), {"capacity": 1}, format="json"),
        api.post(detail_url(seminar, "cancel/")),
    ]

    assert [response.status_code for response in responses] == [401, 401, 401]
    assert responses[0]["WWW-Authenticate"] == "Token"
    seminar.refresh_from_db()
    assert (seminar.capacity, seminar.status) == (30, Seminar.Status.PUBLISHED)
    assert Seminar.objects.count() == 1


def test_participant_may_not_write(api, participant, organisation, venue):
    api.force_authenticate(participant)

    response = api.post(LIST_URL, seminar_input(organisation, venue), format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only organisers of a host organisation can change seminars."}
    assert not Seminar.objects.exists()


def test_bad_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api.get(LIST_URL)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_session_writes_need_the_csrf_token(organiser, organisation, venue):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(organiser)

    response = client.post(LIST_URL, seminar_input(organisation, venue), format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Seminar.objects.exists()


def test_two_factor_is_required_for_api_writes_when_the_site_requires_it(
    settings, organiser_api, organisation, venue
):
    settings.REQUIRE_STAFF_TWO_FACTOR = True

    response = organiser_api.post(LIST_URL, seminar_input(organisation, venue), format="json")

    assert response.status_code == 403
    assert not Seminar.objects.exists()


def test_coordinator_creates_for_any_organisation(api, coordinator):
    organisation = OrganisationFactory()
    venue = VenueFactory(organisation=organisation)
    api.force_authenticate(coordinator)

    response = api.post(LIST_URL, seminar_input(organisation, venue), format="json")

    assert response.status_code == 201
    assert Seminar.objects.get().organisation == organisation


def test_organiser_updates_own_seminar_and_the_calendar_sequence_rises(organiser_api, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue, capacity=30)
    sequence = seminar.sequence

    response = organiser_api.patch(
        detail_url(seminar),
        {
            "capacity": 45,
            "title_el": "Παραπομπή",
            "ends_at": "2031-03-31T18:30:00",
            "starts_at": "2031-03-31T09:00:00",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    seminar.refresh_from_db()
    assert (seminar.capacity, seminar.title_el) == (45, "Παραπομπή")
    assert seminar.ends_at == datetime(2031, 3, 31, 16, 30, tzinfo=UTC)
    assert seminar.sequence == sequence + 1
    assert seminar.status == Seminar.Status.PUBLISHED
    assert response.json()["capacity"] == 45
    assert response.json()["ends_at"] == "2031-03-31T18:30:00+02:00"


def test_put_replaces_the_seminar(organiser_api, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue, slug="to-replace")

    response = organiser_api.put(
        detail_url(seminar), seminar_input(organisation, venue, title_en="Replaced"), format="json"
    )

    assert response.status_code == 200, response.json()
    seminar.refresh_from_db()
    assert (seminar.slug, seminar.title_en, seminar.capacity) == ("to-replace", "Replaced", 25)
    assert sorted(seminar.target_groups.values_list("slug", flat=True)) == ["police", "social-workers"]


def test_put_without_required_fields_is_400(organiser_api, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue)

    response = organiser_api.put(detail_url(seminar), {"capacity": 10}, format="json")

    assert response.status_code == 400
    assert {"organisation", "starts_at", "ends_at", "language", "contact_email"} <= set(response.json())
    seminar.refresh_from_db()
    assert seminar.capacity == 30


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2020-01-01T09:00:00Z"}, "ends_at"),
        ({"format": "online", "venue": None, "join_url": ""}, "join_url"),
        ({"registration_closes_at": "2040-01-01T09:00:00Z"}, "registration_closes_at"),
        ({"slug": "a-new-address"}, "slug"),
        ({"title_en": ""}, "title"),
    ],
)
def test_update_with_bad_input_changes_nothing(organiser_api, organisation, venue, changes, field):
    seminar = SeminarFactory(organisation=organisation, venue=venue)
    before = Seminar.objects.values().get(pk=seminar.pk)

    response = organiser_api.patch(detail_url(seminar), changes, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Seminar.objects.values().get(pk=seminar.pk) == before


def test_another_organisations_seminar_is_404_for_writes(organiser_api):
    seminar = SeminarFactory(capacity=30, status=Seminar.Status.DRAFT)
    public = SeminarFactory(capacity=30)

    responses = [
        organiser_api.patch(detail_url(seminar), {"capacity": 1}, format="json"),
        organiser_api.put(detail_url(public), {"capacity": 1}, format="json"),
        organiser_api.post(detail_url(seminar, "publish/")),
        organiser_api.post(detail_url(public, "cancel/")),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert list(Seminar.objects.order_by("pk").values_list("capacity", "status")) == [
        (30, "draft"),
        (30, "published"),
    ]


def test_organiser_publishes_a_draft(organiser, organiser_api, organisation, venue):
    draft = SeminarFactory(organisation=organisation, venue=venue, status=Seminar.Status.DRAFT)

    response = organiser_api.post(detail_url(draft, "publish/"))

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    draft.refresh_from_db()
    assert draft.status == Seminar.Status.PUBLISHED
    assert draft.published_at is not None
    entry = AuditEntry.objects.get(action="seminar.publish")
    assert (entry.actor, entry.target_id) == (organiser, str(draft.pk))


def test_publishing_twice_is_400_with_the_reason(organiser_api, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue)

    response = organiser_api.post(detail_url(seminar, "publish/"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"detail": "Only a draft can be published."}
    assert not AuditEntry.objects.filter(action="seminar.publish").exists()


def test_organiser_cancels_and_cancelling_twice_is_400(organiser_api, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue)

    first = organiser_api.post(detail_url(seminar, "cancel/"))
    second = organiser_api.post(detail_url(seminar, "cancel/"))

    assert (first.status_code, first.json()["status"]) == (200, "cancelled")
    assert (second.status_code, second.json()) == (400, {"detail": "This seminar is already cancelled."})
    seminar.refresh_from_db()
    assert seminar.status == Seminar.Status.CANCELLED
    assert AuditEntry.objects.filter(action="seminar.cancel").count() == 1


def test_cancelled_seminar_stays_in_the_public_list(api, organiser_api, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue)

    organiser_api.post(detail_url(seminar, "cancel/"))

    assert [(row["slug"], row["status"]) for row in api.get(LIST_URL).json()["results"]] == [
        (seminar.slug, "cancelled")
    ]


def test_ends_in_the_past_is_still_a_past_seminar_for_the_organiser_filter(
    organiser_api, organisation, venue
):
    past_draft = SeminarFactory(
        organisation=organisation,
        venue=venue,
        status=Seminar.Status.DRAFT,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=8),
    )
    upcoming_draft = SeminarFactory(organisation=organisation, venue=venue, status=Seminar.Status.DRAFT)

    assert slugs(organiser_api.get(LIST_URL, {"when": "past"})) == [past_draft.slug]
    assert slugs(organiser_api.get(LIST_URL, {"when": "upcoming"})) == [upcoming_draft.slug]
    assert slugs(organiser_api.get(LIST_URL, {"country": "GR"})) == []


# Schema and docs


def test_openapi_schema_is_valid_and_has_no_warnings(capsys):
    output = StringIO()

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=output)

    schema = output.getvalue()
    assert "/api/v1/seminars/{slug}/publish/:" in schema
    assert capsys.readouterr().err == ""


def test_schema_and_docs_are_served(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    docs = api.get("/api/docs/")

    assert schema.status_code == 200
    assert "/api/v1/seminars/" in schema.json()["paths"]
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_docs_page_has_no_inline_script(api):
    html = api.get("/api/docs/").content.decode()

    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all(re.search(r"\bsrc=", tag) for tag in scripts)
    assert not re.search(r"\son\w+=", html)
    start_script = re.search(r'<script src="(/api/docs/\?[^"]*script=[^"]*)"', html).group(1)
    script = api.get(start_script.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/schema/"' in script.content.decode()


# The API goes through the same services as the organiser pages (issue 17, section 1)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Make a request and run what it scheduled after commit (the emails), as in production."""

    def send(method, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return method(*args, **kwargs)

    return send


def sent() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def test_cancel_cancels_every_active_registration_and_tells_each_person(
    send, organiser, organiser_api, organisation, venue
):
    seminar = SeminarFactory(organisation=organisation, venue=venue, title_en="Referral pathways")
    Status = Registration.Status
    active = [
        RegistrationFactory(seminar=seminar, user=UserFactory(email="confirmed@example.org")),
        RegistrationFactory(
            seminar=seminar, status=Status.PENDING, confirmed_at=None, user=UserFactory(email="p@example.org")
        ),
        RegistrationFactory(
            seminar=seminar,
            status=Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=timezone.now(),
            user=UserFactory(email="w@example.org"),
        ),
    ]
    gone = RegistrationFactory(
        seminar=seminar, status=Status.REJECTED, user=UserFactory(email="x@example.org")
    )

    response = send(organiser_api.post, detail_url(seminar, "cancel/"))

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["registrants_told"]) == ("cancelled", 3)
    assert [Registration.objects.get(pk=r.pk).status for r in active] == [Status.CANCELLED] * 3
    assert Registration.objects.get(pk=gone.pk).status == Status.REJECTED
    assert sent() == [
        (email, "Seminar cancelled: Referral pathways")
        for email in ("confirmed@example.org", "p@example.org", "w@example.org")
    ]
    entry = AuditEntry.objects.get(action="seminar.cancel")
    assert (entry.actor, entry.target_id) == (organiser, str(seminar.pk))


def test_capacity_below_the_seats_taken_is_refused_and_changes_nothing(
    send, organiser_api, organisation, venue
):
    seminar = SeminarFactory(organisation=organisation, venue=venue, capacity=12, title_en="Old")
    RegistrationFactory.create_batch(10, seminar=seminar)

    response = send(
        organiser_api.patch, detail_url(seminar), {"capacity": 2, "title_en": "New"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"capacity": ["10 seats are already taken: the capacity cannot be lower."]}
    seminar.refresh_from_db()
    assert (seminar.capacity, seminar.title_en) == (12, "Old")
    assert not AuditEntry.objects.filter(action="seminar.update").exists()


def test_raising_the_capacity_offers_the_new_seat_to_the_waiting_list(
    send, organiser_api, organisation, venue
):
    seminar = SeminarFactory(organisation=organisation, venue=venue, capacity=1, title_en="Grows")
    RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(
        seminar=seminar,
        status=Registration.Status.WAITLISTED,
        confirmed_at=None,
        waitlisted_at=timezone.now(),
        user=UserFactory(email="waiting@example.org"),
    )

    response = send(organiser_api.patch, detail_url(seminar), {"capacity": 2}, format="json")

    assert response.status_code == 200
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.OFFERED
    assert sent() == [("waiting@example.org", "A seat is free for you: Grows")]


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_at": "2031-03-31T10:30:00"},
        {"venue": "other"},
        {"format": "hybrid", "join_url": "https://meet.example.org/room"},
        {"format": "hybrid", "join_url": "https://meet.example.org/new-room"},
    ],
    ids=["starts_at", "venue", "format", "join_url"],
)
def test_a_change_of_time_place_format_or_join_link_emails_the_people_holding_a_seat(
    send, organiser, organiser_api, organisation, venue, changes
):
    seminar = SeminarFactory(
        organisation=organisation,
        venue=venue,
        title_en="Moved",
        starts_at=datetime(2031, 3, 31, 7, tzinfo=UTC),
        ends_at=datetime(2031, 3, 31, 15, tzinfo=UTC),
        format="hybrid" if changes.get("join_url", "").endswith("new-room") else "in_person",
        join_url="https://meet.example.org/room" if changes.get("join_url", "").endswith("new-room") else "",
    )
    RegistrationFactory(seminar=seminar, user=UserFactory(email="confirmed@example.org"))
    RegistrationFactory(
        seminar=seminar,
        status=Registration.Status.WAITLISTED,
        confirmed_at=None,
        waitlisted_at=timezone.now(),
        user=UserFactory(email="waiting@example.org"),
    )
    if changes.get("venue") == "other":
        changes = {"venue": VenueFactory(organisation=organisation, name="Other hall").pk}

    response = send(organiser_api.patch, detail_url(seminar), changes, format="json")

    assert response.status_code == 200, response.json()
    assert sent() == [("confirmed@example.org", "Seminar details changed: Moved")]
    entry = AuditEntry.objects.get(action="seminar.update")
    assert (entry.actor, entry.target_id) == (organiser, str(seminar.pk))


def test_a_title_change_emails_nobody(send, organiser_api, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue)
    RegistrationFactory(seminar=seminar)

    response = send(organiser_api.patch, detail_url(seminar), {"title_en": "Renamed"}, format="json")

    assert response.status_code == 200
    assert mail.outbox == []
