"""The organiser area: seminars with their agenda, venues and trainers, scoped by events.rules."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry, ProfessionalGroup
from events.models import AgendaSession, Seminar, Trainer, Venue
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SeminarFactory,
    TrainerFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "sl", "el", "ro"]


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def page_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def venue(organisation):
    return VenueFactory(organisation=organisation, name="Centre Dunajska", city="Ljubljana")


@pytest.fixture
def trainer(organisation):
    return TrainerFactory(organisation=organisation, name="Maja Novak")


def sessions_data(*rows: dict, existing: int = 0) -> dict:
    """The agenda formset's POST data: management form plus one set of inputs per row."""
    data = {
        "sessions-TOTAL_FORMS": str(len(rows)),
        "sessions-INITIAL_FORMS": str(existing),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "60",
    }
    for index, row in enumerate(rows):
        fields = {"day": "", "start_time": "", "end_time": "", "trainers": []}
        fields.update({f"title_{code}": "" for code in LANGUAGES})
        fields.update({f"description_{code}": "" for code in LANGUAGES})
        fields.update(row)
        data.update({f"sessions-{index}-{name}": value for name, value in fields.items()})
    return data


def seminar_data(*, venue=None, sessions=(), existing_sessions=0, **overrides) -> dict:
    """What an organiser types for a one-day in-person seminar on 14 April 2027, 09:00-17:00."""
    data = {f"{name}_{code}": "" for name in ("title", "summary", "description") for code in LANGUAGES}
    data.update(
        {
            "title_en": "Identifying child victims of trafficking",
            "summary_en": "A one-day training for professionals.",
            "description_en": "We cover the **legal framework**.",
            "language": "en",
            "format": "in_person",
            "venue": str(venue.pk) if venue else "",
            "join_url": "",
            "time_zone": "Europe/Ljubljana",
            "start_date": "2027-04-14",
            "start_time": "09:00",
            "end_date": "2027-04-14",
            "end_time": "17:00",
            "capacity": "30",
            "registration_opens_date": "",
            "registration_opens_time": "",
            "registration_closes_date": "",
            "registration_closes_time": "",
            "target_groups": [],
            "slug": "",
            "partners": [],
            "project": "",
            "contact_email": "training@example.org",
        }
    )
    data.update(overrides)
    data.update(sessions_data(*sessions, existing=existing_sessions))
    return data


# The list of seminars


def test_list_shows_my_seminars_in_each_venue_time_zone_with_their_actions(organiser_client, organisation):
    athens = VenueFactory(
        organisation=organisation,
        name="Athens Bar Association",
        city="Athens",
        country="GR",
        time_zone="Europe/Athens",
    )
    ljubljana = VenueFactory(organisation=organisation, name="Centre Dunajska", city="Ljubljana")
    draft = SeminarFactory(
        organisation=organisation,
        venue=athens,
        time_zone="Europe/Athens",
        title_en="Greek draft",
        status=Seminar.Status.DRAFT,
        capacity=25,
        starts_at=utc(2027, 3, 14, 7),
        ends_at=utc(2027, 3, 14, 15),
    )
    published = SeminarFactory(
        organisation=organisation,
        venue=ljubljana,
        title_en="Slovenian seminar",
        starts_at=utc(2027, 3, 14, 8),
        ends_at=utc(2027, 3, 14, 16),
    )
    online = SeminarFactory(
        organisation=organisation,
        venue=None,
        format=Seminar.Format.ONLINE,
        time_zone="Europe/Bucharest",
        join_url="https://meet.example.org/x",
        title_en="Online seminar",
        starts_at=utc(2027, 3, 15, 7),
        ends_at=utc(2027, 3, 15, 9),
    )
    SeminarFactory(title_en="Someone else's seminar")

    response = organiser_client.get("/manage/")

    assert response.status_code == 200
    page = page_of(response)
    assert "14 March 2027, 09:00–17:00 EET" in page
    assert "14 March 2027, 09:00–17:00 CET" in page
    assert "15 March 2027, 09:00–11:00 EET" in page
    assert "Athens Bar Association, Athens" in page
    assert "Online" in page
    assert "Someone else&#x27;s seminar" not in page and "Someone else's seminar" not in page
    assert '<span class="badge badge-draft">Draft</span>' in page
    assert '<span class="badge badge-published">Published</span>' in page
    assert "25 places" in page
    for seminar in (draft, published, online):
        assert f'href="/manage/seminars/{seminar.pk}/"' in page
        assert f'action="/manage/seminars/{seminar.pk}/duplicate/"' in page
        assert f'href="/manage/seminars/{seminar.pk}/cancel/"' in page
    assert f'action="/manage/seminars/{draft.pk}/publish/"' in page
    assert f'action="/manage/seminars/{published.pk}/publish/"' not in page
    assert f'href="/seminars/{published.slug}/"' in page
    assert f'href="/seminars/{draft.slug}/"' not in page
    assert 'href="/manage/venues/"' in page and 'href="/manage/trainers/"' in page


def test_list_costs_the_same_number_of_queries_for_1_and_20_seminars(organiser_client, organisation, venue):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get("/manage/")
        assert response.status_code == 200
        return len(queries)

    SeminarFactory(organisation=organisation, venue=venue)
    with_one = queries_for_list()
    SeminarFactory.create_batch(
        19, organisation=organisation, venue=factory_venue(organisation), status=Seminar.Status.DRAFT
    )
    with_twenty = queries_for_list()

    assert page_of(organiser_client.get("/manage/")).count('class="badge badge-') == 20
    assert with_one == with_twenty
    assert with_twenty <= 6  # session, user, organiser check for the menu, organisations, seminars, groups


def factory_venue(organisation):
    return VenueFactory(organisation=organisation, city="Athens", country="GR", time_zone="Europe/Athens")


def test_empty_list_tells_a_new_organiser_to_add_a_venue_then_a_seminar(organiser_client):
    page = page_of(organiser_client.get("/manage/"))

    assert "Welcome to the organiser area" in page
    assert page.index("Add a venue.") < page.index("Create the seminar.")
    assert 'href="/manage/venues/new/"' in page
    assert 'href="/manage/seminars/new/"' in page


def test_venue_and_trainer_lists_cost_a_fixed_number_of_queries(organiser_client, organisation):
    def queries_for(path) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(path).status_code == 200
        return len(queries)

    VenueFactory(organisation=organisation)
    TrainerFactory(organisation=organisation)
    before = (queries_for("/manage/venues/"), queries_for("/manage/trainers/"))
    VenueFactory.create_batch(9, organisation=organisation)
    TrainerFactory.create_batch(9, organisation=organisation)
    assert (queries_for("/manage/venues/"), queries_for("/manage/trainers/")) == before


# Creating and editing seminars


def test_create_seminar_with_agenda_stores_it_as_a_draft_in_utc(
    organiser_client, organisation, venue, trainer
):
    other_trainer = TrainerFactory(organisation=organisation, name="Ana Horvat")
    social_workers = ProfessionalGroup.objects.get(slug="social-workers")
    data = seminar_data(
        venue=venue,
        title_sl="Prepoznavanje otrok žrtev trgovine z ljudmi",
        target_groups=[str(social_workers.pk)],
        registration_closes_date="2027-04-10",
        registration_closes_time="23:59",
        requires_approval="on",
        sessions=[
            {
                "day": "2027-04-14",
                "start_time": "09:00",
                "end_time": "10:30",
                "title_en": "Legal framework",
                "title_sl": "Pravni okvir",
                "trainers": [str(trainer.pk), str(other_trainer.pk)],
            },
            {
                "day": "2027-04-14",
                "start_time": "11:00",
                "end_time": "12:30",
                "title_en": "Case studies",
                "description_en": "Three cases from **Slovenia**.",
            },
            {},  # an empty row is skipped
        ],
    )

    response = organiser_client.post("/manage/seminars/new/", data)

    assert response.status_code == 302
    assert response["Location"] == "/manage/"
    seminar = Seminar.objects.get()
    assert seminar.organisation == organisation
    assert seminar.status == Seminar.Status.DRAFT
    assert seminar.slug == "identifying-child-victims-of-trafficking"
    assert seminar.title_en == "Identifying child victims of trafficking"
    assert seminar.title_sl == "Prepoznavanje otrok žrtev trgovine z ljudmi"
    assert seminar.description_en == "We cover the **legal framework**."
    assert seminar.venue == venue
    assert seminar.time_zone == "Europe/Ljubljana"
    # April is summer time in Ljubljana (CEST, UTC+2).
    assert (seminar.starts_at, seminar.ends_at) == (utc(2027, 4, 14, 7), utc(2027, 4, 14, 15))
    assert seminar.registration_closes_at == utc(2027, 4, 10, 21, 59)
    assert seminar.requires_approval is True
    assert list(seminar.target_groups.all()) == [social_workers]
    sessions = list(seminar.sessions.order_by("starts_at"))
    assert [(s.title_en, s.starts_at, s.ends_at) for s in sessions] == [
        ("Legal framework", utc(2027, 4, 14, 7), utc(2027, 4, 14, 8, 30)),
        ("Case studies", utc(2027, 4, 14, 9), utc(2027, 4, 14, 10, 30)),
    ]
    assert sessions[0].title_sl == "Pravni okvir"
    assert set(sessions[0].trainers.all()) == {trainer, other_trainer}
    assert sessions[1].description_en == "Three cases from **Slovenia**."
    assert messages_of(response) == ["The seminar is saved as a draft. Publish it when it is ready."]


def test_seminar_on_the_day_clocks_go_forward_entered_on_the_greek_ui_keeps_its_wall_clock_times(
    organiser_client, venue
):
    """28 March 2027 is the last Sunday of March: Ljubljana moves from CET to CEST at 02:00."""
    data = seminar_data(
        venue=venue,
        start_date="2027-03-28",
        end_date="2027-03-28",
        sessions=[{"day": "2027-03-28", "start_time": "09:00", "end_time": "12:00", "title_en": "Morning"}],
    )

    response = organiser_client.post("/el/manage/seminars/new/", data)

    assert response.status_code == 302
    assert response["Location"] == "/el/manage/"
    seminar = Seminar.objects.get()
    assert (seminar.starts_at, seminar.ends_at) == (utc(2027, 3, 28, 7), utc(2027, 3, 28, 15))
    assert seminar.sessions.get().starts_at == utc(2027, 3, 28, 7)
    listing = page_of(organiser_client.get("/el/manage/"))
    assert "09:00–17:00 CEST" in listing
    assert "28 Μαρτίου 2027, 09:00–17:00 CEST" in listing
    form = page_of(organiser_client.get(f"/el/manage/seminars/{seminar.pk}/"))
    assert 'name="start_date" value="2027-03-28"' in form
    assert 'name="start_time" value="09:00"' in form
    assert 'name="end_time" value="17:00"' in form
    assert 'name="sessions-0-start_time" value="09:00"' in form


def test_time_in_the_spring_forward_gap_is_refused(organiser_client, venue):
    data = seminar_data(venue=venue, start_date="2027-03-28", start_time="02:30", end_date="2027-03-28")

    response = organiser_client.post("/manage/seminars/new/", data)

    assert response.status_code == 400
    assert "02:30 does not exist on 2027-03-28 in Europe/Ljubljana" in page_of(response)
    assert not Seminar.objects.exists()


def test_ambiguous_time_when_clocks_go_back_means_the_first_one(organiser_client, venue):
    """31 October 2027: 02:00-03:00 happens twice in Ljubljana (CEST, then CET)."""
    data = seminar_data(
        venue=venue, start_date="2027-10-31", start_time="02:30", end_date="2027-10-31", end_time="05:00"
    )

    assert organiser_client.post("/manage/seminars/new/", data).status_code == 302

    seminar = Seminar.objects.get()
    assert seminar.starts_at == utc(2027, 10, 31, 0, 30)  # 02:30 CEST
    assert seminar.ends_at == utc(2027, 10, 31, 4)  # 05:00 CET


def test_online_seminar_times_are_read_in_its_own_time_zone(organiser_client):
    data = seminar_data(
        format="online",
        join_url="https://meet.example.org/victor",
        time_zone="Europe/Bucharest",
        start_date="2027-01-20",
        end_date="2027-01-20",
    )

    assert organiser_client.post("/manage/seminars/new/", data).status_code == 302

    seminar = Seminar.objects.get()
    assert seminar.venue is None
    assert seminar.time_zone == "Europe/Bucharest"
    assert seminar.starts_at == utc(2027, 1, 20, 7)  # 09:00 EET


def test_venue_time_zone_wins_over_the_online_time_zone_field(organiser_client, organisation):
    athens = VenueFactory(organisation=organisation, city="Athens", country="GR", time_zone="Europe/Athens")
    data = seminar_data(
        venue=athens, time_zone="Europe/Lisbon", format="hybrid", join_url="https://meet.example.org/victor"
    )

    assert organiser_client.post("/manage/seminars/new/", data).status_code == 302

    seminar = Seminar.objects.get()
    assert seminar.time_zone == "Europe/Athens"
    assert seminar.starts_at == utc(2027, 4, 14, 6)  # 09:00 EEST


def test_edit_shows_local_times_and_saves_changes_to_seminar_and_agenda(
    organiser_client, organisation, venue, trainer
):
    seminar = SeminarFactory(
        organisation=organisation,
        venue=venue,
        title_en="Old title",
        starts_at=utc(2027, 1, 12, 8),
        ends_at=utc(2027, 1, 12, 16),
    )
    kept = AgendaSessionFactory(
        seminar=seminar, title_en="Opening", starts_at=utc(2027, 1, 12, 8), ends_at=utc(2027, 1, 12, 9)
    )
    removed = AgendaSessionFactory(
        seminar=seminar, title_en="Dropped", starts_at=utc(2027, 1, 12, 9), ends_at=utc(2027, 1, 12, 10)
    )
    sequence = seminar.sequence

    form = page_of(organiser_client.get(f"/manage/seminars/{seminar.pk}/"))
    assert 'name="start_date" value="2027-01-12"' in form
    assert 'name="start_time" value="09:00"' in form  # 08:00 UTC is 09:00 CET
    assert 'name="end_time" value="17:00"' in form
    assert 'name="sessions-0-start_time" value="09:00"' in form
    assert 'name="sessions-1-start_time" value="10:00"' in form
    assert "Old title" in form

    data = seminar_data(
        venue=venue,
        title_en="New title",
        slug=seminar.slug,
        start_date="2027-01-12",
        end_date="2027-01-12",
        end_time="16:00",
        existing_sessions=2,
        sessions=[
            {
                "id": str(kept.pk),
                "seminar": str(seminar.pk),
                "day": "2027-01-12",
                "start_time": "09:30",
                "end_time": "10:30",
                "title_en": "Opening, later",
                "trainers": [str(trainer.pk)],
            },
            {
                "id": str(removed.pk),
                "seminar": str(seminar.pk),
                "day": "2027-01-12",
                "start_time": "10:00",
                "end_time": "11:00",
                "title_en": "Dropped",
                "DELETE": "on",
            },
            {"day": "2027-01-12", "start_time": "14:00", "end_time": "15:00", "title_en": "Added"},
        ],
    )
    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/", data)

    assert response.status_code == 302
    seminar.refresh_from_db()
    assert seminar.title_en == "New title"
    assert seminar.ends_at == utc(2027, 1, 12, 15)
    assert seminar.sequence == sequence + 1  # seminar_changed: calendars update
    assert [(s.title_en, s.starts_at) for s in seminar.sessions.order_by("starts_at")] == [
        ("Opening, later", utc(2027, 1, 12, 8, 30)),
        ("Added", utc(2027, 1, 12, 13)),
    ]
    assert list(AgendaSession.objects.get(pk=kept.pk).trainers.all()) == [trainer]
    assert not AgendaSession.objects.filter(pk=removed.pk).exists()
    assert messages_of(response) == ["Your changes are saved."]


def test_emptied_slug_keeps_the_public_address_when_editing(organiser_client, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue, slug="kept-address")

    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/", seminar_data(venue=venue, slug=""))

    assert response.status_code == 302
    assert Seminar.objects.get(pk=seminar.pk).slug == "kept-address"


def test_session_of_another_seminar_cannot_be_edited_through_mine(organiser_client, organisation, venue):
    mine = SeminarFactory(organisation=organisation, venue=venue)
    foreign_session = AgendaSessionFactory(title_en="Not yours")
    data = seminar_data(
        venue=venue,
        slug=mine.slug,
        existing_sessions=1,
        sessions=[
            {
                "id": str(foreign_session.pk),
                "seminar": str(mine.pk),
                "day": "2027-04-14",
                "start_time": "09:00",
                "end_time": "10:00",
                "title_en": "Taken over",
            }
        ],
    )

    response = organiser_client.post(f"/manage/seminars/{mine.pk}/", data)

    assert response.status_code == 400
    assert "Some sessions of this agenda no longer exist" in page_of(response)
    assert AgendaSession.objects.get(pk=foreign_session.pk).title_en == "Not yours"
    assert not mine.sessions.exists()


def test_save_and_continue_returns_to_the_form(organiser_client, venue):
    response = organiser_client.post("/manage/seminars/new/", seminar_data(venue=venue, **{"continue": "1"}))

    assert response["Location"] == f"/manage/seminars/{Seminar.objects.get().pk}/"


def test_slug_is_made_unique_from_the_title_in_latin_letters(organiser_client, venue):
    SeminarFactory(slug="identifying-child-victims-of-trafficking")
    organiser_client.post("/manage/seminars/new/", seminar_data(venue=venue))
    greek_only = seminar_data(
        venue=venue,
        language="el",
        title_en="",
        title_el="Αναγνώριση θυμάτων",
        start_date="2027-05-03",
        end_date="2027-05-03",
    )
    organiser_client.post("/manage/seminars/new/", greek_only)

    assert list(Seminar.objects.order_by("pk").values_list("slug", flat=True))[1:] == [
        "identifying-child-victims-of-trafficking-2",
        "anagnorisi-thymaton",  # Greek letters in Latin (ELOT 743)
    ]


def test_markdown_is_stored_as_typed_and_never_echoed_as_html(organiser_client, venue):
    typed = "<script>alert('x')</script> **bold**"
    organiser_client.post("/manage/seminars/new/", seminar_data(venue=venue, description_en=typed))
    seminar = Seminar.objects.get()

    assert seminar.description_en == typed
    form = page_of(organiser_client.get(f"/manage/seminars/{seminar.pk}/"))
    assert "<script>alert" not in form
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; **bold**" in form


def test_form_offers_only_my_organisations_venues_and_trainers(
    organiser_client, organisation, venue, trainer
):
    foreign_venue = VenueFactory(name="Foreign hall")
    foreign_trainer = TrainerFactory(name="Foreign trainer")

    page = page_of(organiser_client.get("/manage/seminars/new/"))

    assert venue.name in page and trainer.name in page
    assert foreign_venue.name not in page and foreign_trainer.name not in page
    assert 'name="organisation"' not in page  # one organisation: nothing to choose
    assert '<option value="Europe/Ljubljana" selected>' in page
    assert 'type="date"' in page and 'type="time"' in page


def test_partners_and_project_are_saved(organiser_client, organisation, venue):
    partner = OrganisationFactory(name="Partner NGO")
    project = ProjectFactory(acronym="VICTOR", coordinator=organisation)
    data = seminar_data(venue=venue, partners=[str(partner.pk)], project=str(project.pk))

    assert organiser_client.post("/manage/seminars/new/", data).status_code == 302

    seminar = Seminar.objects.get()
    assert list(seminar.partners.all()) == [partner]
    assert seminar.project == project


def test_host_cannot_also_be_a_partner(client, organiser, organisation, venue):
    second = OrganisationFactory(name="Second host")
    MembershipFactory(user=organiser, organisation=second, role="organiser")
    client.force_login(organiser)
    data = seminar_data(venue=venue, organisation=str(organisation.pk), partners=[str(organisation.pk)])

    response = client.post("/manage/seminars/new/", data)

    assert response.status_code == 400
    assert "The host organisation cannot also be a partner." in page_of(response)
    assert not Seminar.objects.exists()


# Bad input: a clear message, HTTP 400, nothing saved

BAD_INPUT = {
    "end not after start": ({"end_time": "09:00"}, "The seminar must end after it starts."),
    "registration closing after the end": (
        {"registration_closes_date": "2027-04-14", "registration_closes_time": "18:00"},
        "Registration must close before the seminar ends.",
    ),
    "registration opening after closing": (
        {
            "registration_opens_date": "2027-04-12",
            "registration_opens_time": "10:00",
            "registration_closes_date": "2027-04-11",
            "registration_closes_time": "10:00",
        },
        "Registration must open before it closes.",
    ),
    "registration date without time": (
        {"registration_closes_date": "2027-04-10"},
        "Enter the time as well as the date.",
    ),
    "online without join link": (
        {"format": "online", "venue": ""},
        "An online or hybrid seminar needs a join link.",
    ),
    "hybrid without join link": ({"format": "hybrid"}, "An online or hybrid seminar needs a join link."),
    "unknown time zone": (
        {
            "format": "online",
            "venue": "",
            "join_url": "https://meet.example.org/x",
            "time_zone": "Mars/Olympus",
        },
        "“Mars/Olympus” is not a known time zone.",
    ),
    "in person without venue": ({"venue": ""}, "A seminar held in person needs a venue."),
    "no title in the language of instruction": (
        {"language": "sl"},
        "Give the title in the language of instruction (Slovenian).",
    ),
    "no title at all": ({"title_en": ""}, "Give the title in the language of instruction (English)."),
    "time in the spring gap": (
        {"start_date": "2027-03-28", "end_date": "2027-03-28", "end_time": "03:30", "start_time": "02:15"},
        "02:15 does not exist on 2027-03-28",
    ),
    "no capacity": ({"capacity": "0"}, "Ensure this value is greater than or equal to 1."),
    "slug taken": ({"slug": "taken"}, "Another seminar already has this web address. Choose another one."),
}


@pytest.mark.parametrize("case", BAD_INPUT.keys())
def test_bad_seminar_input_is_refused_and_nothing_is_saved(organiser_client, venue, trainer, case):
    SeminarFactory(slug="taken")
    overrides, message = BAD_INPUT[case]
    data = seminar_data(
        venue=venue,
        sessions=[
            {
                "day": "2027-04-14",
                "start_time": "09:00",
                "end_time": "10:00",
                "title_en": "Opening",
                "trainers": [str(trainer.pk)],
            }
        ],
    )
    data.update(overrides)

    response = organiser_client.post("/manage/seminars/new/", data)

    assert response.status_code == 400
    page = page_of(response)
    assert message in page
    assert "Please correct the errors below." in page
    assert page.count(message) == 1
    assert Seminar.objects.count() == 1  # only the one with the taken slug
    assert not AgendaSession.objects.exists()


BAD_SESSIONS = {
    "session outside the seminar": (
        {"day": "2027-04-14", "start_time": "16:30", "end_time": "17:30", "title_en": "Late"},
        "The session must lie within the seminar&#x27;s start and end.",
    ),
    "session on another day": (
        {"day": "2027-04-15", "start_time": "09:00", "end_time": "10:00", "title_en": "Next day"},
        "The session must lie within the seminar&#x27;s start and end.",
    ),
    "session ending before it starts": (
        {"day": "2027-04-14", "start_time": "11:00", "end_time": "10:00", "title_en": "Backwards"},
        "The session must end after it starts.",
    ),
    "session without title": (
        {"day": "2027-04-14", "start_time": "09:00", "end_time": "10:00", "description_en": "No title"},
        "Give the session a title in at least one language.",
    ),
}


@pytest.mark.parametrize("case", BAD_SESSIONS.keys())
def test_bad_agenda_session_is_refused_and_nothing_is_saved(organiser_client, venue, case):
    row, message = BAD_SESSIONS[case]
    good_row = {"day": "2027-04-14", "start_time": "09:00", "end_time": "10:00", "title_en": "Opening"}

    response = organiser_client.post(
        "/manage/seminars/new/", seminar_data(venue=venue, sessions=[good_row, row])
    )

    assert response.status_code == 400
    assert message in page_of(response)
    assert not Seminar.objects.exists()
    assert not AgendaSession.objects.exists()


def test_venue_of_another_organisation_is_refused(organiser_client):
    foreign_venue = VenueFactory()

    response = organiser_client.post("/manage/seminars/new/", seminar_data(venue=foreign_venue))

    assert response.status_code == 400
    assert "Choose one of your organisation&#x27;s venues." in page_of(response)
    assert not Seminar.objects.exists()


def test_venue_of_my_other_organisation_is_refused_for_this_host(client, organiser, organisation):
    second = OrganisationFactory(name="Second host")
    MembershipFactory(user=organiser, organisation=second, role="organiser")
    venue_of_second = VenueFactory(organisation=second)
    client.force_login(organiser)

    data = seminar_data(venue=venue_of_second, organisation=str(organisation.pk))
    response = client.post("/manage/seminars/new/", data)

    assert response.status_code == 400
    assert "This venue belongs to another organisation." in page_of(response)
    assert not Seminar.objects.exists()


def test_trainer_of_another_organisation_is_refused(organiser_client, venue):
    foreign_trainer = TrainerFactory()
    row = {
        "day": "2027-04-14",
        "start_time": "09:00",
        "end_time": "10:00",
        "title_en": "Opening",
        "trainers": [str(foreign_trainer.pk)],
    }

    response = organiser_client.post("/manage/seminars/new/", seminar_data(venue=venue, sessions=[row]))

    assert response.status_code == 400
    assert "Choose trainers of the seminar&#x27;s organisation." in page_of(response)
    assert not Seminar.objects.exists()


def test_organiser_of_several_organisations_chooses_the_host(client, organiser, organisation):
    second = OrganisationFactory(name="Second host", country="GR")
    MembershipFactory(user=organiser, organisation=second, role="organiser")
    athens = VenueFactory(organisation=second, city="Athens", country="GR", time_zone="Europe/Athens")
    client.force_login(organiser)

    form = page_of(client.get("/manage/seminars/new/"))
    assert 'name="organisation"' in form
    response = client.post("/manage/seminars/new/", seminar_data(venue=athens, organisation=str(second.pk)))

    assert response.status_code == 302
    assert Seminar.objects.get().organisation == second


def test_bad_edit_changes_nothing(organiser_client, organisation, venue):
    seminar = SeminarFactory(
        organisation=organisation,
        venue=venue,
        title_en="Kept",
        starts_at=utc(2027, 1, 12, 8),
        ends_at=utc(2027, 1, 12, 16),
    )
    session = AgendaSessionFactory(seminar=seminar, title_en="Opening")
    before = Seminar.objects.filter(pk=seminar.pk).values().get()
    data = seminar_data(
        venue=venue,
        title_en="Changed",
        start_date="2027-01-12",
        end_date="2027-01-12",
        end_time="08:00",
        existing_sessions=1,
        sessions=[
            {
                "id": str(session.pk),
                "seminar": str(seminar.pk),
                "day": "2027-01-12",
                "start_time": "09:00",
                "end_time": "10:00",
                "title_en": "Renamed",
            }
        ],
    )

    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/", data)

    assert response.status_code == 400
    assert "The seminar must end after it starts." in page_of(response)
    assert Seminar.objects.filter(pk=seminar.pk).values().get() == before
    assert AgendaSession.objects.get(pk=session.pk).title_en == "Opening"


# Publish, cancel, duplicate


def test_publish_makes_a_draft_public(organiser_client, organisation, venue):
    seminar = SeminarFactory(
        organisation=organisation, venue=venue, status=Seminar.Status.DRAFT, title_en="Ready"
    )

    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/publish/")

    assert response["Location"] == "/manage/"
    seminar.refresh_from_db()
    assert seminar.status == Seminar.Status.PUBLISHED
    assert seminar.published_at is not None
    assert AuditEntry.objects.filter(action="seminar.publish", target_id=str(seminar.pk)).exists()
    assert messages_of(response) == ["“Ready” is published."]


def test_publishing_twice_shows_the_service_error(organiser_client, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue)
    published_at = seminar.published_at

    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/publish/", follow=True)

    assert "Only a draft can be published." in page_of(response)
    seminar.refresh_from_db()
    assert seminar.published_at == published_at


def test_incomplete_draft_is_not_published(organiser_client, organisation):
    # Made outside the form (admin, API): online without a join link.
    seminar = SeminarFactory(
        organisation=organisation,
        venue=None,
        format=Seminar.Format.ONLINE,
        join_url="https://meet.example.org/x",
        status=Seminar.Status.DRAFT,
    )
    Seminar.objects.filter(pk=seminar.pk).update(title_en="")

    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/publish/", follow=True)

    assert "This seminar cannot be published yet" in page_of(response)
    assert Seminar.objects.get(pk=seminar.pk).status == Seminar.Status.DRAFT


def test_actions_refuse_get(organiser_client, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue, status=Seminar.Status.DRAFT)

    assert organiser_client.get(f"/manage/seminars/{seminar.pk}/publish/").status_code == 405
    assert organiser_client.get(f"/manage/seminars/{seminar.pk}/duplicate/").status_code == 405
    assert Seminar.objects.get(pk=seminar.pk).status == Seminar.Status.DRAFT
    assert Seminar.objects.count() == 1


def test_actions_need_the_csrf_token(organiser, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue, status=Seminar.Status.DRAFT)
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)

    for action in ("publish", "cancel", "duplicate"):
        assert client.post(f"/manage/seminars/{seminar.pk}/{action}/").status_code == 403
    assert Seminar.objects.get(pk=seminar.pk).status == Seminar.Status.DRAFT
    assert Seminar.objects.count() == 1


def test_cancel_asks_for_confirmation_then_cancels(organiser_client, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue, title_en="Called off")

    confirmation = organiser_client.get(f"/manage/seminars/{seminar.pk}/cancel/")
    assert confirmation.status_code == 200
    assert "Cancel the seminar?" in page_of(confirmation)
    assert "Yes, cancel the seminar" in page_of(confirmation)
    assert Seminar.objects.get(pk=seminar.pk).status == Seminar.Status.PUBLISHED

    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/cancel/")

    assert response["Location"] == "/manage/"
    seminar.refresh_from_db()
    assert seminar.status == Seminar.Status.CANCELLED
    assert seminar.cancelled_at is not None
    assert messages_of(response) == ["“Called off” is cancelled."]


def test_cancelling_a_cancelled_seminar_shows_the_service_error(organiser_client, organisation, venue):
    seminar = SeminarFactory(organisation=organisation, venue=venue, status=Seminar.Status.CANCELLED)

    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/cancel/", follow=True)

    assert "This seminar is already cancelled." in page_of(response)


def test_a_seminar_that_has_ended_offers_no_cancel_and_refuses_it(organiser_client, organisation, venue):
    now = timezone.now()
    over = SeminarFactory(
        organisation=organisation,
        venue=venue,
        title_en="Held last week",
        starts_at=now - timedelta(days=8),
        ends_at=now - timedelta(days=7),
    )
    running = SeminarFactory(
        organisation=organisation,
        venue=venue,
        title_en="Running now",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=5),
    )

    listing = page_of(organiser_client.get("/manage/"))
    assert f"/manage/seminars/{over.pk}/cancel/" not in listing
    assert f"/manage/seminars/{running.pk}/cancel/" in listing
    confirmation = page_of(organiser_client.get(f"/manage/seminars/{over.pk}/cancel/"))
    assert "This seminar has already taken place, so it cannot be cancelled." in confirmation
    assert "Yes, cancel the seminar" not in confirmation

    response = organiser_client.post(f"/manage/seminars/{over.pk}/cancel/")

    assert messages_of(response) == ["This seminar has already taken place, so it cannot be cancelled."]
    over.refresh_from_db()
    assert (over.status, over.cancelled_at) == (Seminar.Status.PUBLISHED, None)


def test_duplicate_creates_a_draft_copy_and_opens_its_form(organiser_client, organisation, venue, trainer):
    seminar = SeminarFactory(organisation=organisation, venue=venue, title_en="Original")
    session = AgendaSessionFactory(seminar=seminar, title_en="Opening")
    session.trainers.set([trainer])

    response = organiser_client.post(f"/manage/seminars/{seminar.pk}/duplicate/")

    copy = Seminar.objects.exclude(pk=seminar.pk).get()
    assert response["Location"] == f"/manage/seminars/{copy.pk}/"
    assert copy.status == Seminar.Status.DRAFT
    assert copy.title_en == "Original"
    assert copy.slug == f"{seminar.slug}-copy"
    assert [s.title_en for s in copy.sessions.all()] == ["Opening"]
    assert list(copy.sessions.get().trainers.all()) == [trainer]
    form = organiser_client.get(response["Location"])
    assert "This is a draft copy of “Original”." in page_of(form)


# Permissions


def test_other_organisations_seminars_venues_and_trainers_are_not_found(organiser_client):
    foreign = SeminarFactory(status=Seminar.Status.DRAFT, title_en="Foreign")
    foreign_venue, foreign_trainer = VenueFactory(), TrainerFactory()

    for path in (
        f"/manage/seminars/{foreign.pk}/",
        f"/manage/seminars/{foreign.pk}/cancel/",
        f"/manage/venues/{foreign_venue.pk}/",
        f"/manage/trainers/{foreign_trainer.pk}/",
    ):
        assert organiser_client.get(path).status_code == 404, path
    for action in ("publish", "cancel", "duplicate"):
        assert organiser_client.post(f"/manage/seminars/{foreign.pk}/{action}/").status_code == 404
    response = organiser_client.post(f"/manage/seminars/{foreign.pk}/", seminar_data(venue=foreign_venue))
    assert response.status_code == 404
    assert (
        organiser_client.post(f"/manage/venues/{foreign_venue.pk}/", {"name": "Taken over"}).status_code
        == 404
    )

    foreign.refresh_from_db()
    assert (foreign.status, foreign.title_en, Seminar.objects.count()) == (Seminar.Status.DRAFT, "Foreign", 1)
    assert Venue.objects.get(pk=foreign_venue.pk).name == foreign_venue.name
    assert "Foreign" not in page_of(organiser_client.get("/manage/"))
    assert foreign_venue.name not in page_of(organiser_client.get("/manage/venues/"))
    assert foreign_trainer.name not in page_of(organiser_client.get("/manage/trainers/"))


def test_participant_gets_a_friendly_403_for_the_area_and_404_for_objects(client, participant):
    seminar = SeminarFactory(status=Seminar.Status.DRAFT)
    client.force_login(participant)

    for path in (
        "/manage/",
        "/manage/seminars/new/",
        "/manage/venues/",
        "/manage/venues/new/",
        "/manage/trainers/",
        "/manage/trainers/new/",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Access denied" in page_of(response), path
    assert client.get("/el/manage/").status_code == 403
    assert "You are not allowed to do this." in page_of(client.get("/manage/"))
    assert client.get(f"/manage/seminars/{seminar.pk}/").status_code == 404
    assert client.post(f"/manage/seminars/{seminar.pk}/publish/").status_code == 404
    assert client.post("/manage/seminars/new/", seminar_data(venue=seminar.venue)).status_code == 403
    assert Seminar.objects.get(pk=seminar.pk).status == Seminar.Status.DRAFT
    assert Seminar.objects.count() == 1


def test_press_officer_is_not_an_organiser(client):
    membership = MembershipFactory(role="press_officer")
    client.force_login(membership.user)

    assert client.get("/manage/").status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/manage/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/manage/")


def test_coordinator_sees_and_edits_every_organisations_seminars(client, coordinator):
    first, second = (
        SeminarFactory(title_en="First host seminar"),
        SeminarFactory(title_en="Second host seminar"),
    )
    client.force_login(coordinator)

    page = page_of(client.get("/manage/"))

    assert "First host seminar" in page and "Second host seminar" in page
    assert client.get(f"/manage/seminars/{second.pk}/").status_code == 200
    assert client.post(f"/manage/seminars/{first.pk}/cancel/").status_code == 302
    assert Seminar.objects.get(pk=first.pk).status == Seminar.Status.CANCELLED


# Venues and trainers


@pytest.mark.parametrize(
    ("country", "zone"),
    [("SI", "Europe/Ljubljana"), ("GR", "Europe/Athens"), ("RO", "Europe/Bucharest")],
)
def test_new_venue_takes_the_country_time_zone_by_default(organiser_client, organisation, country, zone):
    response = organiser_client.post(
        "/manage/venues/new/",
        {
            "name": "Training room",
            "address": "Main street 1",
            "city": "Capital",
            "country": country,
            "time_zone": "",
        },
    )

    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.organisation, venue.country.code, venue.time_zone) == (organisation, country, zone)


def test_venue_time_zone_can_be_chosen_and_must_be_known(organiser_client, organisation):
    response = organiser_client.post(
        "/manage/venues/new/",
        {"name": "Lisbon room", "city": "Lisbon", "country": "PT", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 400
    assert "“Mars/Olympus” is not a known time zone." in page_of(response)

    response = organiser_client.post(
        "/manage/venues/new/", {"name": "Lisbon room", "city": "Lisbon", "country": "PT", "time_zone": ""}
    )
    assert response.status_code == 400
    assert "There is no usual time zone for this country." in page_of(response)
    assert not Venue.objects.exists()

    organiser_client.post(
        "/manage/venues/new/",
        {"name": "Lisbon room", "city": "Lisbon", "country": "PT", "time_zone": "Europe/Lisbon"},
    )
    assert Venue.objects.get().time_zone == "Europe/Lisbon"


def test_venue_name_is_unique_within_the_organisation(organiser_client, organisation, venue):
    response = organiser_client.post(
        "/manage/venues/new/", {"name": venue.name.upper(), "city": "Ljubljana", "country": "SI"}
    )

    assert response.status_code == 400
    assert "Your organisation already has a venue with this name." in page_of(response)
    assert Venue.objects.count() == 1


def test_new_venue_form_suggests_the_organisation_country(client, organiser, organisation):
    organisation.country = "RO"
    organisation.save()
    client.force_login(organiser)

    page = page_of(client.get("/manage/venues/new/"))

    assert '<option value="RO" selected>' in page
    assert 'name="organisation"' not in page


def test_venue_form_is_a_select_of_time_zones_and_edits_in_place(organiser_client, venue):
    form = page_of(organiser_client.get(f"/manage/venues/{venue.pk}/"))
    assert '<select name="time_zone"' in form
    assert '<option value="Europe/Ljubljana" selected>' in form
    assert '<option value="America/New_York">' in form

    response = organiser_client.post(
        f"/manage/venues/{venue.pk}/",
        {
            "name": "Renamed centre",
            "address": "",
            "city": "Maribor",
            "country": "SI",
            "time_zone": "Europe/Ljubljana",
        },
    )

    assert response["Location"] == "/manage/venues/"
    venue.refresh_from_db()
    assert (venue.name, venue.city) == ("Renamed centre", "Maribor")
    assert "Renamed centre" in page_of(organiser_client.get("/manage/venues/"))


def test_organiser_of_several_organisations_chooses_one_for_a_venue(client, organiser, organisation):
    second = OrganisationFactory(name="Second host")
    MembershipFactory(user=organiser, organisation=second, role="organiser")
    client.force_login(organiser)
    foreign = OrganisationFactory()

    response = client.post(
        "/manage/venues/new/",
        {"organisation": str(foreign.pk), "name": "Hall", "city": "Ljubljana", "country": "SI"},
    )
    assert response.status_code == 400
    assert "Choose one of your organisations." in page_of(response)

    client.post(
        "/manage/venues/new/",
        {"organisation": str(second.pk), "name": "Hall", "city": "Ljubljana", "country": "SI"},
    )
    assert Venue.objects.get().organisation == second


def test_trainer_is_created_with_a_bio_per_language_and_edited(organiser_client, organisation):
    response = organiser_client.post(
        "/manage/trainers/new/",
        {
            "name": "Eleni Papadopoulou",
            "affiliation": "Aristotle University",
            "bio_en": "Child protection lawyer.",
            "bio_el": "Δικηγόρος προστασίας παιδιών.",
            "bio_sl": "",
            "bio_ro": "",
        },
    )

    assert response["Location"] == "/manage/trainers/"
    trainer = Trainer.objects.get()
    assert (trainer.organisation, trainer.bio_en, trainer.bio_el) == (
        organisation,
        "Child protection lawyer.",
        "Δικηγόρος προστασίας παιδιών.",
    )
    form = page_of(organiser_client.get(f"/manage/trainers/{trainer.pk}/"))
    assert 'lang="el"' in form and "Δικηγόρος προστασίας παιδιών." in form

    organiser_client.post(
        f"/manage/trainers/{trainer.pk}/",
        {
            "name": "Eleni Papadopoulou",
            "affiliation": "",
            "bio_en": "",
            "bio_el": "",
            "bio_sl": "",
            "bio_ro": "",
        },
    )
    trainer.refresh_from_db()
    assert (trainer.affiliation, trainer.bio_en) == ("", "")


def test_trainer_without_name_is_refused(organiser_client):
    response = organiser_client.post("/manage/trainers/new/", {"name": "", "affiliation": "Somewhere"})

    assert response.status_code == 400
    assert "This field is required." in page_of(response)
    assert not Trainer.objects.exists()


def test_seminar_form_is_accessible(organiser_client, venue, trainer):
    page = page_of(organiser_client.get("/manage/seminars/new/"))

    for legend in ("Title and description", "Dates and times", "Registration", "Agenda"):
        assert f"<legend>{legend}</legend>" in page
    assert '<label for="id_start_date">Start date</label>' in page
    assert 'aria-describedby="id_slug_helptext"' in page
    assert "<legend>Target professional groups</legend>" in page
    assert "<legend>Format</legend>" in page
    assert 'aria-describedby="times-help"' in page


def test_a_session_without_a_day_takes_the_seminars_first_day(organiser_client, venue):
    row = {"start_time": "09:00", "end_time": "10:00", "title_en": "Opening"}

    response = organiser_client.post("/manage/seminars/new/", seminar_data(venue=venue, sessions=[row]))

    assert response.status_code == 302
    seminar = Seminar.objects.get()
    session = seminar.sessions.get()
    assert (
        session.starts_at.astimezone(seminar.zone).date() == seminar.starts_at.astimezone(seminar.zone).date()
    )
    assert session.starts_at.astimezone(seminar.zone).strftime("%H:%M") == "09:00"
