"""The registrations REST API: a person's own registrations at /api/v1/registrations/,
and organisers' decisions at /api/v1/manage/seminars/<slug>/registrations/."""

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
from registrations.models import Answer, Question, Registration, SeatQuota
from tests.factories import (
    MembershipFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
    VenueFactory,
    api_key_for,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status

MINE = "/api/v1/registrations/"


def mine(registration: Registration, suffix: str = "") -> str:
    return f"{MINE}{registration.pk}/{suffix}"


def managed(seminar: Seminar, suffix: str = "") -> str:
    return f"/api/v1/manage/seminars/{seminar.slug}/registrations/{suffix}"


@pytest.fixture
def api(participant):
    client = APIClient()
    client.force_authenticate(participant)
    return client


@pytest.fixture
def organiser_api(organiser):
    """An organiser's script, authenticated by its API token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(organiser)}")
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Make a request and run its after-commit work (the emails), as in production."""

    def request(method, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return method(*args, **kwargs)

    return request


@pytest.fixture
def social_workers():
    return ProfessionalGroup.objects.get(slug="social-workers")


@pytest.fixture
def police():
    return ProfessionalGroup.objects.get(slug="police")


def registration_input(seminar: Seminar, /, **overrides) -> dict:
    data = {
        "seminar": seminar.slug,
        "professional_group": "social-workers",
        "organisation": "Centre for Social Work Ljubljana",
        "job_title": "Case manager",
        "country": "SI",
        "consent": True,
    }
    data.update(overrides)
    return data


def athens_seminar(**fields) -> Seminar:
    venue = VenueFactory(city="Athens", country="GR", time_zone="Europe/Athens")
    return SeminarFactory(
        venue=venue,
        organisation=venue.organisation,
        slug="athens",
        title_en="Referral pathways",
        starts_at=datetime(2031, 7, 10, 6, tzinfo=UTC),
        ends_at=datetime(2031, 7, 10, 14, tzinfo=UTC),
        **fields,
    )


# Registering


def test_register_with_a_free_seat_is_confirmed_and_says_so(api, participant, committed):
    notice = PrivacyNoticeFactory()
    seminar = athens_seminar(capacity=2)

    response = committed(api.post, MINE, registration_input(seminar, photo_consent=True), format="json")

    assert response.status_code == 201, response.json()
    registration = Registration.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/registrations/{registration.pk}/"
    body = response.json()
    created_at = body.pop("created_at")
    assert body == {
        "id": registration.pk,
        "url": f"http://testserver/api/v1/registrations/{registration.pk}/",
        "seminar": {
            "slug": "athens",
            "title": "Referral pathways",
            "url": "http://testserver/seminars/athens/",
            "status": "published",
            "format": "in_person",
            "starts_at": "2031-07-10T09:00:00+03:00",
            "ends_at": "2031-07-10T17:00:00+03:00",
            "time_zone": "Europe/Athens",
        },
        "status": "confirmed",
        "status_display": "Confirmed",
        "professional_group": "social-workers",
        "organisation": "Centre for Social Work Ljubljana",
        "job_title": "Case manager",
        "country": "SI",
        "photo_consent": True,
        "waitlist_position": None,
        "offer_expires_at": None,
    }
    # In the seminar's zone, like its start and end.
    assert datetime.fromisoformat(created_at) == registration.created_at
    assert (
        datetime.fromisoformat(created_at).utcoffset()
        == registration.created_at.astimezone(seminar.zone).utcoffset()
    )
    assert (registration.user, registration.seminar, registration.status) == (
        participant,
        seminar,
        Status.CONFIRMED,
    )
    assert (registration.organisation, registration.job_title, registration.country.code) == (
        "Centre for Social Work Ljubljana",
        "Case manager",
        "SI",
    )
    assert (registration.privacy_notice, registration.photo_consent) == (notice, True)
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert message.subject == "Your place is confirmed: Referral pathways"


def test_register_when_full_is_waitlisted_with_the_position(api, participant, committed):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    RegistrationFactory(
        seminar=seminar, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )

    response = committed(api.post, MINE, registration_input(seminar), format="json")

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["waitlist_position"]) == ("waitlisted", 2)
    assert Registration.objects.get(user=participant).status == Status.WAITLISTED
    [message] = mail.outbox
    assert message.subject == f"You are on the waiting list: {seminar.display_title}"
    assert "Your place on the waiting list: 2" in message.body


def test_register_when_the_seminar_needs_approval_is_pending(api, participant, committed):
    seminar = SeminarFactory(requires_approval=True)

    response = committed(api.post, MINE, registration_input(seminar), format="json")

    assert (response.status_code, response.json()["status"]) == (201, "pending")
    assert response.json()["status_display"] == "Awaiting approval"
    assert Registration.objects.get(user=participant).status == Status.PENDING
    assert [message.subject for message in mail.outbox] == [f"Registration received: {seminar.display_title}"]


def test_register_stores_the_answers(api, participant, committed):
    seminar = SeminarFactory()
    role = Question.objects.create(seminar=seminar, label_en="Your role", kind="short_text", required=True)
    topics = Question.objects.create(
        seminar=seminar, label_en="Topics", kind="multiple_choice", options_en="Law\nInterviews\nReferral"
    )
    lunch = Question.objects.create(seminar=seminar, label_en="Lunch?", kind="yes_no")
    answers = {str(role.pk): "Case manager", str(topics.pk): [3, "1"], str(lunch.pk): True}

    response = committed(api.post, MINE, registration_input(seminar, answers=answers), format="json")

    assert response.status_code == 201, response.json()
    stored = {
        answer.question_id: (answer.text, answer.choices)
        for answer in Answer.objects.filter(registration__user=participant)
    }
    assert stored == {role.pk: ("Case manager", []), topics.pk: ("", [1, 3]), lunch.pk: ("yes", [])}


def test_register_with_a_token(participant, committed):
    seminar = SeminarFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(participant)}")

    response = committed(client.post, MINE, registration_input(seminar), format="json")

    assert (response.status_code, response.json()["status"]) == (201, "confirmed")
    assert Registration.objects.get().user == participant


def _closed_seminar() -> Seminar:
    return SeminarFactory(registration_closes_at=timezone.now() - timedelta(hours=1))


@pytest.mark.parametrize(
    ("make_seminar", "overrides", "errors"),
    [
        (_closed_seminar, {}, {"detail": "Registration for this seminar has closed."}),
        (
            lambda: SeminarFactory(status=Seminar.Status.CANCELLED),
            {},
            {"detail": "This seminar is not open for registration."},
        ),
        (
            lambda: SeminarFactory(target_groups=ProfessionalGroup.objects.filter(slug="police")),
            {},
            {"detail": "This seminar is not open to your professional group."},
        ),
        (
            SeminarFactory,
            {"consent": False},
            {"consent": ["Please agree to the processing of your personal data to register."]},
        ),
        (SeminarFactory, {"consent": None}, {"consent": ["This field may not be null."]}),
        (
            lambda: SeminarFactory(status=Seminar.Status.DRAFT, slug="secret-draft"),
            {},
            {"seminar": ["There is no public seminar with the address “secret-draft”."]},
        ),
        (
            SeminarFactory,
            {"professional_group": "astronauts"},
            {"professional_group": ["There is no professional group “astronauts”."]},
        ),
        (
            SeminarFactory,
            {"country": "XX"},
            {"country": ["Enter a country as its two-letter ISO code, such as SI for Slovenia."]},
        ),
        (SeminarFactory, {"country": ["SI"]}, {"country": ["Not a valid string."]}),
        (SeminarFactory, {"organisation": ""}, {"organisation": ["This field may not be blank."]}),
        (
            SeminarFactory,
            {"answers": {"first": "x"}},
            {"answers": {"first": ["Use the question's id as the key."]}},
        ),
        (
            SeminarFactory,
            {"answers": {"424242": "x"}},
            {"answers": {"424242": ["This seminar has no such question."]}},
        ),
        (
            SeminarFactory,
            {"answers": {"1": {"nested": "object"}}},
            {"answers": {"1": ["Give text, true or false, an option number or a list of option numbers."]}},
        ),
        (
            SeminarFactory,
            {"answers": ["x"]},
            {"answers": ['Expected a dictionary of items but got type "list".']},
        ),
    ],
)
def test_bad_registrations_are_400_and_write_nothing(api, committed, make_seminar, overrides, errors):
    seminar = make_seminar()

    response = committed(
        api.post, MINE, registration_input(seminar, **overrides), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == errors
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_registering_twice_is_400_and_keeps_the_first(api, participant, committed):
    seminar = SeminarFactory()
    first = committed(api.post, MINE, registration_input(seminar), format="json")

    second = committed(api.post, MINE, registration_input(seminar, job_title="Director"), format="json")

    assert first.status_code == 201
    assert (second.status_code, second.json()) == (
        400,
        {"detail": "You are already registered for this seminar."},
    )
    assert list(Registration.objects.values_list("user", "job_title")) == [(participant.pk, "Case manager")]
    assert len(mail.outbox) == 1


def test_missing_required_answer_is_400_and_writes_nothing(api, committed):
    seminar = SeminarFactory()
    question = Question.objects.create(
        seminar=seminar, label_en="Your role", kind="short_text", required=True
    )

    missing = committed(api.post, MINE, registration_input(seminar), format="json")
    blank = committed(
        api.post, MINE, registration_input(seminar, answers={str(question.pk): ""}), format="json"
    )

    assert missing.status_code == blank.status_code == 400
    assert missing.json() == blank.json() == {"detail": "Please answer the question “Your role”."}
    assert not Registration.objects.exists()
    assert not Answer.objects.exists()
    assert mail.outbox == []


CHOOSE = "Choose one of the options for “Topic”."
NOT_PLAIN = "Give text, true or false, an option number or a list of option numbers."


@pytest.mark.parametrize(
    ("answer", "field_error", "refusal"),
    [
        ("law", CHOOSE, None),
        (True, CHOOSE, None),
        ({"1": 1}, NOT_PLAIN, None),
        (["1", "abc"], NOT_PLAIN, None),
        ([9], None, CHOOSE),
        ([1, 2], None, CHOOSE),
        (10**30, None, CHOOSE),
    ],
)
def test_bad_choice_answers_are_400_and_write_nothing(api, committed, answer, field_error, refusal):
    seminar = SeminarFactory()
    question = Question.objects.create(
        seminar=seminar, label_en="Topic", kind="single_choice", options_en="Law\nInterviews"
    )

    response = committed(
        api.post, MINE, registration_input(seminar, answers={str(question.pk): answer}), format="json"
    )

    assert response.status_code == 400
    if field_error:
        assert response.json() == {"answers": {str(question.pk): [field_error]}}
    else:
        assert response.json() == {"detail": refusal}
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_errors_come_in_the_requested_language(api, committed):
    seminar = SeminarFactory()

    response = committed(
        api.post, MINE, registration_input(seminar, organisation=""), format="json", HTTP_ACCEPT_LANGUAGE="sl"
    )

    assert response.status_code == 400
    assert response.json() == {"organisation": ["To polje ne sme biti prazno."]}
    assert response["Content-Language"] == "sl"


def test_anonymous_requests_are_401(participant):
    registration = RegistrationFactory(user=participant)
    seminar = registration.seminar
    client = APIClient()

    responses = [
        client.get(MINE),
        client.post(MINE, registration_input(SeminarFactory()), format="json"),
        client.get(mine(registration)),
        client.post(mine(registration, "cancel/")),
        client.get(managed(seminar)),
    ]

    assert [response.status_code for response in responses] == [401] * 5
    assert responses[1]["WWW-Authenticate"] == "Token"
    assert Registration.objects.get().status == Status.CONFIRMED


# Throttling


def test_registering_is_limited_per_person_not_per_network_address(api, committed):
    seminar = SeminarFactory()
    responses = [
        committed(api.post, MINE, registration_input(seminar), format="json", REMOTE_ADDR="10.0.0.7")
        for _attempt in range(11)
    ]
    colleague = APIClient()
    colleague.force_authenticate(UserFactory())

    colleague_response = committed(
        colleague.post, MINE, registration_input(seminar), format="json", REMOTE_ADDR="10.0.0.7"
    )

    assert [response.status_code for response in responses] == [201] + [400] * 9 + [429]
    assert "Retry-After" in responses[-1]
    assert colleague_response.status_code == 201
    assert Registration.objects.count() == 2


def test_reading_is_not_limited_by_the_registration_rate(api):
    assert [api.get(MINE).status_code for _request in range(12)] == [200] * 12


# Reading one's own registrations


def test_list_shows_only_own_registrations_newest_first(api, participant):
    older = RegistrationFactory(user=participant, created_at=timezone.now() - timedelta(days=2))
    newer = RegistrationFactory(user=participant, status=Status.CANCELLED, ended_at=timezone.now())
    RegistrationFactory(seminar=older.seminar)  # someone else's

    body = api.get(MINE).json()

    assert body["count"] == 2
    assert [(row["id"], row["status"]) for row in body["results"]] == [
        (newer.pk, "cancelled"),
        (older.pk, "confirmed"),
    ]


def test_join_url_only_once_confirmed_for_online_or_hybrid_seminars(api, participant):
    hybrid = SeminarFactory(format="hybrid", join_url="https://meet.example.org/room")
    online = SeminarFactory(format="online", venue=None, join_url="https://meet.example.org/online")
    in_person = SeminarFactory()
    confirmed = RegistrationFactory(user=participant, seminar=hybrid)
    waiting = RegistrationFactory(
        user=participant,
        seminar=online,
        status=Status.WAITLISTED,
        confirmed_at=None,
        waitlisted_at=timezone.now(),
    )
    RegistrationFactory(user=participant, seminar=in_person)

    rows = {row["seminar"]["slug"]: row for row in api.get(MINE).json()["results"]}

    assert rows[hybrid.slug]["join_url"] == "https://meet.example.org/room"
    assert "join_url" not in rows[online.slug]
    assert "join_url" not in rows[in_person.slug]
    assert "join_url" not in api.get(mine(waiting)).json()
    assert api.get(mine(confirmed)).json()["join_url"] == "https://meet.example.org/room"


def test_waitlist_positions_follow_the_order_people_joined(api, participant):
    seminar = SeminarFactory(capacity=0)
    now = timezone.now()
    for minutes in (30, 20):
        RegistrationFactory(
            seminar=seminar,
            status=Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=now - timedelta(minutes=minutes),
        )
    own = RegistrationFactory(
        user=participant, seminar=seminar, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=now
    )

    assert api.get(mine(own)).json()["waitlist_position"] == 3


def test_offer_shows_its_deadline_in_the_seminar_zone(api, participant):
    seminar = athens_seminar()
    registration = RegistrationFactory(
        user=participant,
        seminar=seminar,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=datetime(2031, 7, 1, 9, 30, tzinfo=UTC),
    )

    body = api.get(mine(registration)).json()

    assert (body["status"], body["offer_expires_at"]) == ("offered", "2031-07-01T12:30:00+03:00")


def test_status_and_seminar_title_come_in_the_requested_language(api, participant):
    seminar = SeminarFactory(title_en="Referral", title_sl="Napotitev")
    registration = RegistrationFactory(user=participant, seminar=seminar)

    body = api.get(mine(registration), {"lang": "sl"}).json()

    assert (body["status_display"], body["seminar"]["title"]) == ("Potrjena", "Napotitev")
    assert body["seminar"]["url"] == f"http://testserver/sl/seminars/{seminar.slug}/"


def _count_queries(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


def test_own_list_costs_the_same_queries_for_1_and_20_registrations(participant):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(participant)}")
    RegistrationFactory(user=participant)
    one, body = _count_queries(client, MINE)
    assert body["count"] == 1

    for number in range(19):
        seminar = SeminarFactory(format="hybrid", join_url="https://meet.example.org/x", capacity=0)
        RegistrationFactory(seminar=seminar, status=Status.WAITLISTED, waitlisted_at=timezone.now())
        RegistrationFactory(
            user=participant,
            seminar=seminar,
            status=Status.WAITLISTED if number % 2 else Status.CONFIRMED,
            waitlisted_at=timezone.now(),
        )
    twenty, body = _count_queries(client, MINE)

    assert len(body["results"]) == 20
    assert {row["waitlist_position"] for row in body["results"]} == {None, 2}
    # token with its user, count, page of registrations with seminars, groups and positions
    assert one == twenty == 3


# Another person's registration


def test_another_persons_registration_is_404_and_stays_as_it_was(api):
    others = RegistrationFactory(status=Status.OFFERED, offer_expires_at=timezone.now() + timedelta(days=1))

    responses = [
        api.get(mine(others)),
        api.post(mine(others, "cancel/")),
        api.post(mine(others, "confirm-offer/")),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    others.refresh_from_db()
    assert (others.status, others.ended_at) == (Status.OFFERED, None)
    assert mail.outbox == []


# Cancelling and confirming an offer


def test_cancelling_frees_the_seat_for_the_first_waiting(api, participant, committed):
    seminar = SeminarFactory(capacity=1)
    own = RegistrationFactory(user=participant, seminar=seminar)
    waiting = RegistrationFactory(
        seminar=seminar, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )

    response = committed(api.post, mine(own, "cancel/"))

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == (own.pk, "cancelled")
    own.refresh_from_db()
    waiting.refresh_from_db()
    assert (own.status, waiting.status) == (Status.CANCELLED, Status.OFFERED)
    assert sorted((message.to[0], message.subject.split(":")[0]) for message in mail.outbox) == sorted(
        [
            (participant.email, "Registration cancelled"),
            (waiting.user.email, "A seat is free for you"),
        ]
    )


def test_cancelling_twice_or_after_the_start_is_400(api, participant, committed):
    cancelled = RegistrationFactory(user=participant, status=Status.CANCELLED, ended_at=timezone.now())
    started = RegistrationFactory(
        user=participant,
        seminar=SeminarFactory(
            starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=7)
        ),
    )

    twice = committed(api.post, mine(cancelled, "cancel/"))
    late = committed(api.post, mine(started, "cancel/"))

    assert (twice.status_code, twice.json()) == (400, {"detail": "This registration is no longer active."})
    assert (late.status_code, late.json()) == (
        400,
        {"detail": "The seminar has started; please contact the organisers."},
    )
    started.refresh_from_db()
    assert started.status == Status.CONFIRMED
    assert mail.outbox == []


def test_confirming_an_offer_takes_the_seat(api, participant, committed):
    seminar = SeminarFactory(format="hybrid", join_url="https://meet.example.org/room")
    offered = RegistrationFactory(
        user=participant,
        seminar=seminar,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() + timedelta(hours=5),
    )

    response = committed(api.post, mine(offered, "confirm-offer/"))

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["join_url"]) == (
        "confirmed",
        "https://meet.example.org/room",
    )
    offered.refresh_from_db()
    assert offered.status == Status.CONFIRMED
    assert [message.subject for message in mail.outbox] == [
        f"Your place is confirmed: {seminar.display_title}"
    ]


def test_confirming_without_an_open_offer_is_400(api, participant, committed):
    confirmed = RegistrationFactory(user=participant)
    expired_offer = RegistrationFactory(
        user=participant,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() - timedelta(minutes=1),
    )

    not_offered = committed(api.post, mine(confirmed, "confirm-offer/"))
    too_late = committed(api.post, mine(expired_offer, "confirm-offer/"))

    assert (not_offered.status_code, not_offered.json()) == (
        400,
        {"detail": "There is no open offer for this registration."},
    )
    assert (too_late.status_code, too_late.json()) == (400, {"detail": "This offer has expired."})
    expired_offer.refresh_from_db()
    assert expired_offer.status == Status.OFFERED
    assert mail.outbox == []


# Organisers


def test_organiser_lists_a_seminars_registrations_with_answers(organiser_api, organisation, police):
    seminar = SeminarFactory(organisation=organisation, venue=VenueFactory(organisation=organisation))
    question = Question.objects.create(
        seminar=seminar, label_en="Topics", kind="multiple_choice", options_en="Law\nInterviews\nReferral"
    )
    person = UserFactory(full_name="Ana Novak", email="ana@example.org")
    registration = RegistrationFactory(
        seminar=seminar,
        user=person,
        professional_group=police,
        organisation="Police Directorate Ljubljana",
        job_title="Inspector",
        country="SI",
        status=Status.PENDING,
        confirmed_at=None,
        created_at=datetime(2031, 1, 5, 9, tzinfo=UTC),
    )
    Answer.objects.create(registration=registration, question=question, choices=[1, 3])
    RegistrationFactory()  # another seminar's

    body = organiser_api.get(managed(seminar)).json()

    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": registration.pk,
            "name": "Ana Novak",
            "email": "ana@example.org",
            "professional_group": "police",
            "organisation": "Police Directorate Ljubljana",
            "job_title": "Inspector",
            "country": "SI",
            "status": "pending",
            "waitlist_position": None,
            "offer_expires_at": None,
            "photo_consent": False,
            "walk_in": False,
            "created_at": "2031-01-05T10:00:00+01:00",
            "checked_in_at": None,
            "answers": [{"question_id": question.pk, "question": "Topics", "answer": "Law, Referral"}],
        }
    ]


def test_organiser_filters_by_status(organiser_api, organisation):
    seminar = SeminarFactory(organisation=organisation, venue=VenueFactory(organisation=organisation))
    pending = RegistrationFactory(seminar=seminar, status=Status.PENDING, confirmed_at=None)
    RegistrationFactory(seminar=seminar)

    rows = organiser_api.get(managed(seminar), {"status": "pending"}).json()["results"]
    bad = organiser_api.get(managed(seminar), {"status": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")

    assert [row["id"] for row in rows] == [pending.pk]
    assert (bad.status_code, bad.json()) == (
        400,
        {"status": ["Select a valid choice. maybe is not one of the available choices."]},
    )


def test_organiser_list_costs_the_same_queries_for_1_and_20_registrations(organiser_api, organisation):
    seminar = SeminarFactory(organisation=organisation, venue=VenueFactory(organisation=organisation))
    questions = [
        Question.objects.create(seminar=seminar, label_en="Role", kind="short_text"),
        Question.objects.create(seminar=seminar, label_en="Topic", kind="single_choice", options_en="A\nB"),
    ]

    def add_registration(status=Status.CONFIRMED):
        registration = RegistrationFactory(seminar=seminar, status=status, waitlisted_at=timezone.now())
        Answer.objects.create(registration=registration, question=questions[0], text="Case manager")
        Answer.objects.create(registration=registration, question=questions[1], choices=[2])

    add_registration()
    one, body = _count_queries(organiser_api, managed(seminar))
    assert body["count"] == 1

    for number in range(19):
        add_registration(Status.WAITLISTED if number % 3 else Status.PENDING)
    twenty, body = _count_queries(organiser_api, managed(seminar))

    assert len(body["results"]) == 20
    assert all(len(row["answers"]) == 2 for row in body["results"])
    # token with its user, the seminar (among those managed), count, page, answers with questions
    assert one == twenty == 5


def test_organiser_of_another_organisation_gets_404_and_changes_nothing(organiser_api, committed):
    seminar = SeminarFactory()  # another organisation's
    pending = RegistrationFactory(seminar=seminar, status=Status.PENDING, confirmed_at=None)

    responses = [
        organiser_api.get(managed(seminar)),
        committed(organiser_api.post, managed(seminar, "approve/"), {"ids": [pending.pk]}, format="json"),
        committed(organiser_api.post, managed(seminar, "reject/"), {"ids": [pending.pk]}, format="json"),
        organiser_api.get(managed(SeminarFactory.build(slug="no-such-seminar"))),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    assert mail.outbox == []
    assert not AuditEntry.objects.exists()


def test_participants_get_404_for_a_seminars_registrations(api):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar)

    assert api.get(managed(seminar)).status_code == 404


def test_coordinator_sees_any_seminars_registrations(coordinator):
    registration = RegistrationFactory()
    client = APIClient()
    client.force_authenticate(coordinator)

    body = client.get(managed(registration.seminar)).json()

    assert [row["id"] for row in body["results"]] == [registration.pk]


def test_organiser_approves_in_order_and_the_rest_wait(
    organiser, organiser_api, organisation, police, committed
):
    seminar = SeminarFactory(
        organisation=organisation,
        venue=VenueFactory(organisation=organisation),
        capacity=1,
        requires_approval=True,
    )
    now = timezone.now()
    first, second = (
        RegistrationFactory(
            seminar=seminar,
            status=Status.PENDING,
            confirmed_at=None,
            created_at=now - timedelta(minutes=minutes),
        )
        for minutes in (20, 10)
    )
    already = RegistrationFactory(seminar=seminar, status=Status.REJECTED, confirmed_at=None, ended_at=now)

    response = committed(
        organiser_api.post,
        managed(seminar, "approve/"),
        {"ids": [second.pk, first.pk, already.pk], "message": "See you in Ljubljana."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"confirmed": [first.pk], "waitlisted": [second.pk], "unchanged": [already.pk]}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.decided_by, first.decision_message) == (
        Status.CONFIRMED,
        organiser,
        "See you in Ljubljana.",
    )
    assert (second.status, second.decided_by) == (Status.WAITLISTED, organiser)
    assert Registration.objects.get(pk=already.pk).status == Status.REJECTED
    messages = {message.to[0]: message for message in mail.outbox}
    assert set(messages) == {first.user.email, second.user.email}
    assert messages[first.user.email].subject.startswith("Your place is confirmed")
    assert messages[second.user.email].subject.startswith("You are on the waiting list")
    assert all("See you in Ljubljana." in message.body for message in messages.values())
    assert sorted(AuditEntry.objects.values_list("action", "target_id")) == sorted(
        [("registration.approve", str(first.pk)), ("registration.approve", str(second.pk))]
    )


def test_organiser_rejects_and_the_freed_seat_is_offered(organiser, organiser_api, organisation, committed):
    seminar = SeminarFactory(
        organisation=organisation, venue=VenueFactory(organisation=organisation), capacity=1
    )
    confirmed = RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(
        seminar=seminar, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )
    cancelled = RegistrationFactory(seminar=seminar, status=Status.CANCELLED, ended_at=timezone.now())

    response = committed(
        organiser_api.post,
        managed(seminar, "reject/"),
        {"ids": [confirmed.pk, cancelled.pk], "message": "The seminar is for practitioners only."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"rejected": [confirmed.pk], "unchanged": [cancelled.pk]}
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, confirmed.decided_by, confirmed.decision_message) == (
        Status.REJECTED,
        organiser,
        "The seminar is for practitioners only.",
    )
    assert waiting.status == Status.OFFERED
    assert Registration.objects.get(pk=cancelled.pk).status == Status.CANCELLED
    messages = {message.to[0]: message for message in mail.outbox}
    assert messages[confirmed.user.email].subject.startswith("Your registration was not accepted")
    assert "The seminar is for practitioners only." in messages[confirmed.user.email].body
    assert messages[waiting.user.email].subject.startswith("A seat is free for you")
    assert list(AuditEntry.objects.values_list("action", "target_id")) == [
        ("registration.reject", str(confirmed.pk))
    ]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"ids": ["This field is required."]}),
        ({"ids": []}, {"ids": ["This list may not be empty."]}),
        ({"ids": ["one"]}, {"ids": {"0": ["A valid integer is required."]}}),
        (
            {"ids": [1, 10**30]},
            {"ids": {"1": ["Ensure this value is less than or equal to 9223372036854775807."]}},
        ),
        (
            {"ids": [1], "message": "x" * 2001},
            {"message": ["Ensure this field has no more than 2000 characters."]},
        ),
    ],
)
def test_decisions_with_bad_input_are_400(organiser_api, organisation, data, errors):
    seminar = SeminarFactory(organisation=organisation, venue=VenueFactory(organisation=organisation))

    response = organiser_api.post(
        managed(seminar, "approve/"), data, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (response.status_code, response.json()) == (400, errors)


def test_ids_of_another_seminar_are_400_and_nothing_changes(organiser_api, organisation, committed):
    venue = VenueFactory(organisation=organisation)
    seminar = SeminarFactory(organisation=organisation, venue=venue)
    own = RegistrationFactory(seminar=seminar, status=Status.PENDING, confirmed_at=None)
    same_organisation = RegistrationFactory(
        seminar=SeminarFactory(organisation=organisation, venue=venue),
        status=Status.PENDING,
        confirmed_at=None,
    )
    elsewhere = RegistrationFactory(status=Status.PENDING, confirmed_at=None)

    responses = [
        committed(
            organiser_api.post,
            managed(seminar, action),
            {"ids": [own.pk, same_organisation.pk, elsewhere.pk]},
            format="json",
        )
        for action in ("approve/", "reject/")
    ]

    expected = f"These are not registrations of this seminar: {same_organisation.pk}, {elsewhere.pk}."
    assert [(response.status_code, response.json()) for response in responses] == [
        (400, {"ids": [expected]})
    ] * 2
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert mail.outbox == []
    assert not AuditEntry.objects.exists()


def test_organisers_need_two_factor_when_the_site_requires_it(settings, organiser_api, organisation):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    seminar = SeminarFactory(organisation=organisation, venue=VenueFactory(organisation=organisation))
    pending = RegistrationFactory(seminar=seminar, status=Status.PENDING, confirmed_at=None)

    listing = organiser_api.get(managed(seminar), HTTP_ACCEPT_LANGUAGE="en")
    approval = organiser_api.post(managed(seminar, "approve/"), {"ids": [pending.pk]}, format="json")

    assert (listing.status_code, approval.status_code) == (403, 403)
    assert listing.json() == {
        "detail": "Your role requires two-factor login. Please set up an authenticator app to continue."
    }
    assert Registration.objects.get().status == Status.PENDING


def test_quota_of_a_group_applies_to_approvals(
    organiser_api, organisation, police, social_workers, committed
):
    seminar = SeminarFactory(
        organisation=organisation,
        venue=VenueFactory(organisation=organisation),
        capacity=5,
        requires_approval=True,
    )
    SeatQuota.objects.create(seminar=seminar, group=police, seats=0)
    officer = RegistrationFactory(
        seminar=seminar, professional_group=police, status=Status.PENDING, confirmed_at=None
    )
    social = RegistrationFactory(
        seminar=seminar, professional_group=social_workers, status=Status.PENDING, confirmed_at=None
    )

    response = committed(
        organiser_api.post, managed(seminar, "approve/"), {"ids": [officer.pk, social.pk]}, format="json"
    )

    assert response.json() == {"confirmed": [social.pk], "waitlisted": [officer.pk], "unchanged": []}


# Schema


def test_openapi_schema_describes_the_registration_endpoints():
    output = StringIO()

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=output)

    schema = output.getvalue()
    for path in (
        "/api/v1/registrations/:",
        "/api/v1/registrations/{id}/cancel/:",
        "/api/v1/registrations/{id}/confirm-offer/:",
        "/api/v1/manage/seminars/{seminar_slug}/registrations/approve/:",
        "/api/v1/manage/seminars/{seminar_slug}/registrations/reject/:",
    ):
        assert path in schema
    assert "RegistrationStatusEnum:" in schema
    assert "RegistrationInputRequest:" in schema


def test_another_organiser_of_the_same_organisation_may_decide(organisation, committed):
    colleague = MembershipFactory(organisation=organisation, role="organiser").user
    seminar = SeminarFactory(organisation=organisation, venue=VenueFactory(organisation=organisation))
    pending = RegistrationFactory(seminar=seminar, status=Status.PENDING, confirmed_at=None)
    client = APIClient()
    client.force_authenticate(colleague)

    response = committed(client.post, managed(seminar, "approve/"), {"ids": [pending.pk]}, format="json")

    assert response.json() == {"confirmed": [pending.pk], "waitlisted": [], "unchanged": []}


def test_press_officer_of_the_organisation_gets_404(organisation):
    press_officer = MembershipFactory(organisation=organisation, role="press_officer").user
    seminar = SeminarFactory(organisation=organisation, venue=VenueFactory(organisation=organisation))
    client = APIClient()
    client.force_authenticate(press_officer)

    assert client.get(managed(seminar)).status_code == 404


def test_seats_left_overall_and_per_group_are_in_the_api(client):
    from accounts.models import ProfessionalGroup
    from registrations.models import SeatQuota
    from tests.factories import RegistrationFactory, SeminarFactory

    police = ProfessionalGroup.objects.get(slug="police")
    seminar = SeminarFactory(capacity=10)
    SeatQuota.objects.create(seminar=seminar, group=police, seats=3)
    RegistrationFactory(seminar=seminar, professional_group=police)
    RegistrationFactory(seminar=seminar)

    body = client.get(f"/api/v1/seminars/{seminar.slug}/seats/", HTTP_ACCEPT_LANGUAGE="el").json()

    assert body == {
        "capacity": 10,
        "seats_left": 8,
        "groups": [{"group": "police", "name": "Αστυνομία και διωκτικές αρχές", "seats": 3, "seats_left": 2}],
        "registration": "open",
    }
    draft = SeminarFactory(status="draft")
    assert client.get(f"/api/v1/seminars/{draft.slug}/seats/").status_code == 404
