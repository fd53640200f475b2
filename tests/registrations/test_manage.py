"""The organiser's side of registrations: the list, approval and rejection,
cancellation, seats and quotas, custom questions, and what seminar changes
mean for the people registered. Scoped by events.rules: another
organisation's seminar or registration is a 404."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry, ProfessionalGroup
from events.models import Seminar
from registrations.models import Answer, Question, Registration, SeatQuota
from tests.events.forms import seminar_edit_data
from tests.factories import (
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status
LANGUAGES = ["en", "sl", "el", "ro"]


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def page_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def sent() -> list[tuple[str, str]]:
    """(recipient, subject) of every email sent, in order."""
    return [(message.to[0], message.subject) for message in mail.outbox]


@pytest.fixture
def social_workers():
    return ProfessionalGroup.objects.get(slug="social-workers")


@pytest.fixture
def police():
    return ProfessionalGroup.objects.get(slug="police")


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Make a request and run what it scheduled after commit (the emails), as in production."""

    def send(method, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return method(*args, **kwargs)

    return send


@pytest.fixture
def seminar(organisation):
    return SeminarFactory(organisation=organisation, title_en="Child trafficking basics", capacity=10)


def pending(seminar, **fields):
    return RegistrationFactory(seminar=seminar, status=Status.PENDING, confirmed_at=None, **fields)


def waitlisted(seminar, at=None, **fields):
    return RegistrationFactory(
        seminar=seminar,
        status=Status.WAITLISTED,
        confirmed_at=None,
        waitlisted_at=at or datetime.now(UTC),
        **fields,
    )


def offered(seminar, **fields):
    return RegistrationFactory(
        seminar=seminar,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=datetime.now(UTC) + timedelta(days=1),
        **fields,
    )


def status_of(registration) -> str:
    return Registration.objects.values_list("status", flat=True).get(pk=registration.pk)


def list_url(seminar) -> str:
    return f"/manage/seminars/{seminar.pk}/registrations/"


# The list


def test_list_shows_counts_seats_and_each_registration_in_the_venue_time_zone(
    organiser_client, organisation, social_workers, police
):
    athens = VenueFactory(organisation=organisation, city="Athens", country="GR", time_zone="Europe/Athens")
    seminar = SeminarFactory(organisation=organisation, venue=athens, time_zone="Europe/Athens", capacity=3)
    SeatQuota.objects.create(seminar=seminar, group=police, seats=1)
    diet = Question.objects.create(seminar=seminar, label_en="Dietary needs", kind=Question.Kind.SHORT_TEXT)
    session = Question.objects.create(
        seminar=seminar,
        position=1,
        label_en="Preferred workshop",
        kind=Question.Kind.SINGLE_CHOICE,
        options_en="Interviewing children\nReferral mechanisms",
    )
    # The clocks go forward in Athens on 28 March 2027 at 03:00 local time.
    before_dst = RegistrationFactory(
        seminar=seminar,
        user=UserFactory(full_name="Maja Novak", email="maja@example.org"),
        organisation="Social Work Centre Ljubljana",
        professional_group=police,
        country="SI",
        created_at=utc(2027, 3, 27, 7, 30),
    )
    Answer.objects.create(registration=before_dst, question=diet, text="Vegetarian")
    Answer.objects.create(registration=before_dst, question=session, choices=[2])
    after_dst = waitlisted(
        seminar,
        user=UserFactory(full_name="Eleni Papadopoulou"),
        country="GR",
        created_at=utc(2027, 3, 28, 7, 30),
        at=utc(2027, 3, 28, 7, 30),
    )
    pending(
        seminar, user=UserFactory(full_name="Ioana Popescu"), country="RO", created_at=utc(2027, 3, 29, 9)
    )

    response = organiser_client.get(list_url(seminar))

    assert response.status_code == 200
    page = page_of(response)
    assert "1 of 3 seats taken, <strong>2 left</strong>." in page
    assert '<div class="status-count status-count-confirmed"><dt>Confirmed</dt><dd>1</dd></div>' in page
    assert '<div class="status-count status-count-pending"><dt>Awaiting approval</dt><dd>1</dd></div>' in page
    assert (
        '<div class="status-count status-count-waitlisted"><dt>On the waiting list</dt><dd>1</dd></div>'
        in page
    )
    assert '<th scope="row">Police and law enforcement</th>\n        <td>1</td>\n        <td>0</td>' in page
    for text in (
        "Maja Novak",
        'href="mailto:maja@example.org"',
        "Social Work Centre Ljubljana",
        "Slovenia",
        "Greece",
        "Romania",
        "27 March 2027, 09:30 EET",
        "28 March 2027, 10:30 EEST",
        '<th scope="col">Dietary needs</th>',
        '<th scope="col">Preferred workshop</th>',
        "<td>Vegetarian</td>",
        "<td>Referral mechanisms</td>",
        "Place 1 on the waiting list",
    ):
        assert text in page, text
    assert page.index("Maja Novak") < page.index("Eleni Papadopoulou") < page.index("Ioana Popescu")
    assert f'href="/manage/seminars/{seminar.pk}/registrations/{after_dst.pk}/cancel/"' in page


def test_list_filters_by_status_and_group(organiser_client, seminar, police):
    RegistrationFactory(seminar=seminar, user=UserFactory(full_name="Confirmed Social Worker"))
    pending(seminar, user=UserFactory(full_name="Pending Social Worker"))
    pending(seminar, user=UserFactory(full_name="Pending Police Officer"), professional_group=police)

    awaiting = page_of(organiser_client.get(list_url(seminar), {"status": "pending"}))
    police_only = page_of(organiser_client.get(list_url(seminar), {"status": "pending", "group": "police"}))

    assert "Pending Social Worker" in awaiting and "Pending Police Officer" in awaiting
    assert "Confirmed Social Worker" not in awaiting
    assert "Pending Police Officer" in police_only
    assert "Pending Social Worker" not in police_only
    assert "Show all" in police_only
    nobody = page_of(organiser_client.get(list_url(seminar), {"status": "rejected"}))
    assert "No registrations match these filters." in nobody


def test_unknown_filter_is_a_clear_error_and_the_list_is_unfiltered(organiser_client, seminar):
    RegistrationFactory(seminar=seminar, user=UserFactory(full_name="Maja Novak"))

    response = organiser_client.get(list_url(seminar), {"status": "vip", "group": "astronauts"})

    assert response.status_code == 400
    page = page_of(response)
    assert "Choose a status from the list." in page
    assert "Choose a professional group from the list." in page
    assert "Maja Novak" in page


def test_empty_list_says_no_one_has_registered(organiser_client, seminar):
    page = page_of(organiser_client.get(list_url(seminar)))

    assert "No one has registered for this seminar yet." in page
    assert "0 of 10 seats taken, <strong>10 left</strong>." in page
    assert "No group has a quota" in page


def test_list_costs_the_same_number_of_queries_for_1_and_20_registrations(organiser_client, seminar, police):
    diet = Question.objects.create(seminar=seminar, label_en="Dietary needs", kind=Question.Kind.SHORT_TEXT)
    workshop = Question.objects.create(
        seminar=seminar, label_en="Workshop", kind=Question.Kind.MULTIPLE_CHOICE, options_en="A\nB\nC"
    )
    SeatQuota.objects.create(seminar=seminar, group=police, seats=2)

    def add(number: int) -> None:
        for index in range(number):
            registration = [RegistrationFactory, pending, waitlisted][index % 3](seminar=seminar)
            Answer.objects.create(registration=registration, question=diet, text="None")
            Answer.objects.create(registration=registration, question=workshop, choices=[1, 3])

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(list_url(seminar), {"group": "social-workers"})
        assert response.status_code == 200
        return len(queries)

    add(1)
    with_one = queries_for_list()
    add(19)
    with_twenty = queries_for_list()

    assert page_of(organiser_client.get(list_url(seminar))).count('name="registrations"') == 20
    assert with_one == with_twenty
    # session, user, seminar, status counts, seats taken, quotas, questions, registrations,
    # answers, the group filter (validation and its options), the menu's organiser check
    assert with_twenty <= 12


# Approval and rejection


def test_approving_one_registration_confirms_it_and_emails_the_message(
    send, organiser_client, organiser, seminar
):
    registration = pending(seminar, user=UserFactory(email="maja@example.org"))

    response = send(
        organiser_client.post,
        list_url(seminar),
        {"registrations": [registration.pk], "action": "approve", "message": "Please bring your ID card."},
    )

    assert response.status_code == 302
    assert response["Location"] == list_url(seminar)
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by) == (Status.CONFIRMED, organiser)
    assert registration.decision_message == "Please bring your ID card."
    assert sent() == [("maja@example.org", "Your place is confirmed: Child trafficking basics")]
    assert "Please bring your ID card." in mail.outbox[0].body
    assert messages_of(response) == ["1 registration is approved and confirmed."]
    assert AuditEntry.objects.filter(action="registration.approve", target_id=str(registration.pk)).exists()


def test_bulk_approval_respects_capacity_and_waitlists_the_rest(send, organiser_client, organisation):
    seminar = SeminarFactory(organisation=organisation, capacity=2)
    RegistrationFactory(seminar=seminar)
    first, second, third = (pending(seminar, created_at=utc(2027, 1, day)) for day in (1, 2, 3))

    response = send(
        organiser_client.post,
        list_url(seminar),
        {"registrations": [third.pk, first.pk, second.pk], "action": "approve", "message": "Welcome!"},
    )

    assert [status_of(r) for r in (first, second, third)] == [
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    assert sorted(subject.split(":")[0] for _to, subject in sent()) == [
        "You are on the waiting list",
        "You are on the waiting list",
        "Your place is confirmed",
    ]
    assert all("Welcome!" in message.body for message in mail.outbox)
    assert messages_of(response) == [
        "1 registration is approved and confirmed.",
        "2 approved registrations are on the waiting list: there are no free seats for them.",
    ]


def test_approval_respects_the_group_quota(send, organiser_client, seminar, social_workers, police):
    SeatQuota.objects.create(seminar=seminar, group=police, seats=1)
    officers = [pending(seminar, professional_group=police, created_at=utc(2027, 1, day)) for day in (1, 2)]
    worker = pending(seminar, professional_group=social_workers, created_at=utc(2027, 1, 3))

    send(
        organiser_client.post,
        list_url(seminar),
        {"registrations": [r.pk for r in (*officers, worker)], "action": "approve"},
    )

    assert [status_of(r) for r in (*officers, worker)] == [
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.CONFIRMED,
    ]


def test_approving_a_registration_that_is_not_pending_leaves_it_unchanged(send, organiser_client, seminar):
    confirmed = RegistrationFactory(seminar=seminar)

    response = send(
        organiser_client.post, list_url(seminar), {"registrations": [confirmed.pk], "action": "approve"}
    )

    assert status_of(confirmed) == Status.CONFIRMED
    assert mail.outbox == []
    assert messages_of(response) == ["1 selected registration was not awaiting approval and is unchanged."]


def test_bulk_rejection_tells_each_person_with_the_message_and_offers_the_freed_seat(
    send, organiser_client, organiser
):
    seminar = SeminarFactory(
        organisation=organiser.memberships.get().organisation, title_en="Full", capacity=1
    )
    holder = RegistrationFactory(seminar=seminar, user=UserFactory(email="holder@example.org"))
    undecided = pending(seminar, user=UserFactory(email="undecided@example.org"))
    waiting = waitlisted(seminar, user=UserFactory(email="waiting@example.org"))

    response = send(
        organiser_client.post,
        list_url(seminar),
        {
            "registrations": [holder.pk, undecided.pk],
            "action": "reject",
            "message": "This seminar is for professionals from Slovenia only.",
        },
    )

    assert [status_of(r) for r in (holder, undecided, waiting)] == [
        Status.REJECTED,
        Status.REJECTED,
        Status.OFFERED,
    ]
    assert sorted(sent()) == [
        ("holder@example.org", "Your registration was not accepted: Full"),
        ("undecided@example.org", "Your registration was not accepted: Full"),
        ("waiting@example.org", "A seat is free for you: Full"),
    ]
    rejections = [message for message in mail.outbox if "not accepted" in message.subject]
    assert all("for professionals from Slovenia only" in message.body for message in rejections)
    assert all(
        "for professionals from Slovenia only" in message.alternatives[0].content for message in rejections
    )
    assert messages_of(response) == ["2 registrations are rejected; the people are told by email."]
    assert AuditEntry.objects.filter(action="registration.reject", actor=organiser).count() == 2


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "approve"}, "Select at least one registration."),
        ({"registrations": ["1"], "action": "promote"}, "Choose “Approve” or “Reject”."),
        ({"registrations": ["x"], "action": "approve"}, "Select registrations from the list."),
        ({"registrations": ["1"], "action": "approve", "message": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_decision_is_refused_and_changes_nothing(send, organiser_client, seminar, data, error):
    registration = pending(seminar)
    data = {
        **data,
        "registrations": [
            str(registration.pk) if value == "1" else value for value in data.get("registrations", [])
        ],
    }

    response = send(organiser_client.post, list_url(seminar), data)

    assert response.status_code == 400
    assert error in page_of(response)
    assert "Nothing was changed." in page_of(response)
    assert status_of(registration) == Status.PENDING
    assert mail.outbox == []


def test_registration_of_another_seminar_cannot_be_decided_through_mine(send, organiser_client, seminar):
    mine = pending(seminar)
    foreign = pending(SeminarFactory())

    response = send(
        organiser_client.post, list_url(seminar), {"registrations": [mine.pk, foreign.pk], "action": "reject"}
    )

    assert response.status_code == 400
    assert "belongs to another seminar" in page_of(response)
    assert (status_of(mine), status_of(foreign)) == (Status.PENDING, Status.PENDING)
    assert mail.outbox == []


def test_decisions_need_the_csrf_token(organiser, seminar):
    registration = pending(seminar)
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)

    response = client.post(list_url(seminar), {"registrations": [registration.pk], "action": "approve"})

    assert response.status_code == 403
    assert status_of(registration) == Status.PENDING


# Cancellation by the organiser


def test_organiser_cancels_a_registration_and_the_seat_is_offered_to_the_waiting_list(
    send, organiser_client, organiser, organisation
):
    seminar = SeminarFactory(organisation=organisation, title_en="Small room", capacity=1)
    holder = RegistrationFactory(
        seminar=seminar, user=UserFactory(full_name="Maja Novak", email="maja@example.org")
    )
    first = waitlisted(seminar, at=utc(2027, 1, 1), user=UserFactory(email="first@example.org"))
    second = waitlisted(seminar, at=utc(2027, 1, 2), user=UserFactory(email="second@example.org"))
    url = f"/manage/seminars/{seminar.pk}/registrations/{holder.pk}/cancel/"

    confirmation = organiser_client.get(url)
    assert confirmation.status_code == 200
    assert "Cancel this registration?" in page_of(confirmation)
    assert "Maja Novak" in page_of(confirmation)
    assert status_of(holder) == Status.CONFIRMED

    response = send(organiser_client.post, url)

    assert response["Location"] == list_url(seminar)
    holder.refresh_from_db()
    assert (holder.status, holder.decided_by) == (Status.CANCELLED, organiser)
    assert (status_of(first), status_of(second)) == (Status.OFFERED, Status.WAITLISTED)
    assert sent() == [
        ("maja@example.org", "Registration cancelled: Small room"),
        ("first@example.org", "A seat is free for you: Small room"),
    ]
    assert messages_of(response) == ["The registration of Maja Novak is cancelled; they are told by email."]
    assert AuditEntry.objects.filter(action="registration.cancel", target_id=str(holder.pk)).exists()


def test_cancelling_an_ended_registration_shows_the_service_error(send, organiser_client, seminar):
    registration = RegistrationFactory(seminar=seminar, status=Status.REJECTED)
    url = f"/manage/seminars/{seminar.pk}/registrations/{registration.pk}/cancel/"

    assert "This registration is no longer active." in page_of(organiser_client.get(url))
    response = send(organiser_client.post, url, follow=True)

    assert "This registration is no longer active." in page_of(response)
    assert status_of(registration) == Status.REJECTED
    assert mail.outbox == []


# Seats and quotas


def seats_url(seminar) -> str:
    return f"/manage/seminars/{seminar.pk}/seats/"


def test_capacity_below_the_seats_taken_is_refused_and_nothing_changes(
    send, organiser_client, seminar, police
):
    seminar.capacity = 3
    seminar.save()
    RegistrationFactory.create_batch(2, seminar=seminar)

    response = send(organiser_client.post, seats_url(seminar), {"capacity": "1", f"group_{police.pk}": "1"})

    assert response.status_code == 400
    assert "2 seats are already taken: the capacity cannot be lower." in page_of(response)
    seminar.refresh_from_db()
    assert seminar.capacity == 3
    assert not SeatQuota.objects.exists()


def test_raising_the_capacity_offers_the_new_seats_to_the_waiting_list(send, organiser_client, organisation):
    seminar = SeminarFactory(organisation=organisation, title_en="Popular", capacity=1)
    RegistrationFactory(seminar=seminar)
    waiting = [
        waitlisted(seminar, at=utc(2027, 1, day), user=UserFactory(email=f"w{day}@example.org"))
        for day in (1, 2, 3)
    ]

    response = send(organiser_client.post, seats_url(seminar), {"capacity": "3"})

    assert response["Location"] == list_url(seminar)
    assert Seminar.objects.get(pk=seminar.pk).capacity == 3
    assert [status_of(r) for r in waiting] == [Status.OFFERED, Status.OFFERED, Status.WAITLISTED]
    assert sent() == [
        ("w1@example.org", "A seat is free for you: Popular"),
        ("w2@example.org", "A seat is free for you: Popular"),
    ]
    assert messages_of(response) == ["Seats and quotas are saved."]


def test_quotas_are_set_per_group_shown_and_removed(send, organiser_client, seminar, social_workers, police):
    seminar.target_groups.set([social_workers, police])
    form = page_of(organiser_client.get(seats_url(seminar)))
    assert f'<label for="id_group_{police.pk}">Police and law enforcement</label>' in form
    assert f'id="id_group_{social_workers.pk}"' in form
    assert 'id="id_group_' + str(ProfessionalGroup.objects.get(slug="health").pk) + '"' not in form

    send(organiser_client.post, seats_url(seminar), {"capacity": "10", f"group_{police.pk}": "1"})

    assert list(SeatQuota.objects.values_list("group__slug", "seats")) == [("police", 1)]
    RegistrationFactory(seminar=seminar, professional_group=police)
    officer = waitlisted(seminar, professional_group=police)
    assert (
        '<th scope="row">Police and law enforcement</th>\n        <td>1</td>\n        <td>0</td>'
        in page_of(organiser_client.get(list_url(seminar)))
    )

    send(organiser_client.post, seats_url(seminar), {"capacity": "10", f"group_{police.pk}": ""})

    assert not SeatQuota.objects.exists()
    assert status_of(officer) == Status.OFFERED  # the room the quota held back is offered at once


def test_quota_below_its_seats_taken_or_above_the_capacity_is_refused(
    send, organiser_client, seminar, police
):
    SeatQuota.objects.create(seminar=seminar, group=police, seats=3)
    RegistrationFactory.create_batch(2, seminar=seminar, professional_group=police)

    too_low = send(organiser_client.post, seats_url(seminar), {"capacity": "10", f"group_{police.pk}": "1"})
    too_high = send(organiser_client.post, seats_url(seminar), {"capacity": "10", f"group_{police.pk}": "11"})
    not_a_number = send(
        organiser_client.post, seats_url(seminar), {"capacity": "lots", f"group_{police.pk}": "-1"}
    )

    assert too_low.status_code == too_high.status_code == not_a_number.status_code == 400
    assert "2 seats of that group are already taken: its quota cannot be lower." in page_of(too_low)
    assert "A group cannot have more seats than the whole seminar." in page_of(too_high)
    assert "Enter a whole number." in page_of(not_a_number)
    assert "Ensure this value is greater than or equal to 0." in page_of(not_a_number)
    assert list(SeatQuota.objects.values_list("seats", flat=True)) == [3]
    assert Seminar.objects.get(pk=seminar.pk).capacity == 10


# Custom questions


def questions_url(seminar) -> str:
    return f"/manage/seminars/{seminar.pk}/questions/"


def questions_data(*rows: dict, existing: int = 0) -> dict:
    """The questions formset's POST data: management form plus one set of inputs per row."""
    data = {
        "questions-TOTAL_FORMS": str(len(rows)),
        "questions-INITIAL_FORMS": str(existing),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        fields = {"kind": "short_text", "position": "0"}
        fields.update({f"label_{code}": "" for code in LANGUAGES})
        fields.update({f"options_{code}": "" for code in LANGUAGES})
        fields.update(row)
        if fields.pop("required", False):
            fields["required"] = "on"
        data.update({f"questions-{index}-{name}": value for name, value in fields.items()})
    return data


def test_questions_are_added_in_several_languages_edited_and_deleted(organiser_client, seminar):
    form = organiser_client.get(questions_url(seminar))
    assert form.status_code == 200
    assert '<label for="id_questions-0-label_el">Question (Greek)</label>' in page_of(form)

    response = organiser_client.post(
        questions_url(seminar),
        questions_data(
            {"label_en": "Dietary needs", "label_sl": "Prehranske potrebe", "required": True},
        ),
    )
    assert response["Location"] == questions_url(seminar)
    response = organiser_client.post(
        questions_url(seminar),
        questions_data(
            {
                "id": str(Question.objects.get().pk),
                "label_en": "Dietary needs",
                "label_sl": "Prehranske potrebe",
            },
            {
                "label_en": "Workshop",
                "label_el": "Εργαστήριο",
                "kind": "single_choice",
                "options_en": "Interviews\n\n  Referrals  \n",
                "options_el": "Συνεντεύξεις\nΠαραπομπές",
                "position": "1",
            },
            existing=1,
        ),
    )

    assert response.status_code == 302
    diet, workshop = Question.objects.order_by("position", "pk")
    assert (diet.label_en, diet.label_sl, diet.required) == ("Dietary needs", "Prehranske potrebe", False)
    assert (workshop.kind, workshop.options_en, workshop.options_el) == (
        "single_choice",
        "Interviews\nReferrals",
        "Συνεντεύξεις\nΠαραπομπές",
    )
    assert workshop.seminar == seminar

    organiser_client.post(
        questions_url(seminar),
        questions_data(
            {"id": str(diet.pk), "label_en": "Dietary needs", "DELETE": "on"},
            {"id": str(workshop.pk), "label_en": "Workshop", "kind": "single_choice", "options_en": "A\nB"},
            existing=2,
        ),
    )

    assert list(Question.objects.values_list("label_en", "options_en")) == [("Workshop", "A\nB")]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            {"label_en": "Workshop", "kind": "single_choice", "options_en": "Only one"},
            "A choice question needs at least two options, one per line.",
        ),
        (
            {"label_en": "Workshop", "kind": "multiple_choice"},
            "A choice question needs at least two options, one per line.",
        ),
        (
            {"label_en": "Workshop", "kind": "single_choice", "options_en": "A\nB\nC", "options_sl": "A\nB"},
            "Every language must list the same options in the same order",
        ),
        (
            {"label_en": "", "kind": "short_text", "required": True},
            "Write the question in at least one language.",
        ),
        (
            {"label_en": "Workshop", "kind": "essay"},
            "Select a valid choice. essay is not one of the available choices.",
        ),
    ],
)
def test_bad_question_is_refused_and_nothing_is_saved(organiser_client, seminar, row, error):
    response = organiser_client.post(
        questions_url(seminar), questions_data({"label_en": "Fine question"}, row)
    )

    assert response.status_code == 400
    assert error in page_of(response)
    assert not Question.objects.exists()


def test_options_of_other_kinds_are_dropped(organiser_client, seminar):
    organiser_client.post(
        questions_url(seminar),
        questions_data({"label_en": "Anything else?", "kind": "long_text", "options_en": "x\ny"}),
    )

    assert Question.objects.get().options_en == ""


def test_answered_question_cannot_be_deleted_change_kind_or_number_of_options(organiser_client, seminar):
    question = Question.objects.create(
        seminar=seminar, label_en="Workshop", kind=Question.Kind.SINGLE_CHOICE, options_en="A\nB"
    )
    Answer.objects.create(registration=RegistrationFactory(seminar=seminar), question=question, choices=[1])
    row = {"id": str(question.pk), "label_en": "Workshop", "kind": "single_choice", "options_en": "A\nB"}

    page = page_of(organiser_client.get(questions_url(seminar)))
    assert "1 person has answered this question." in page

    deleting = organiser_client.post(
        questions_url(seminar), questions_data({**row, "DELETE": "on"}, existing=1)
    )
    changing_kind = organiser_client.post(
        questions_url(seminar), questions_data({**row, "kind": "short_text"}, existing=1)
    )
    adding_option = organiser_client.post(
        questions_url(seminar), questions_data({**row, "options_en": "A\nB\nC"}, existing=1)
    )
    rewording = organiser_client.post(
        questions_url(seminar), questions_data({**row, "options_en": "Option A\nOption B"}, existing=1)
    )

    assert deleting.status_code == 400
    assert "People have already answered “Workshop”, so it cannot be deleted" in page_of(deleting)
    assert changing_kind.status_code == 400
    assert "so its kind cannot change" in page_of(changing_kind)
    assert adding_option.status_code == 400
    assert "you may reword its 2 options but not add or remove any" in page_of(adding_option)
    assert rewording.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.options_en) == ("single_choice", "Option A\nOption B")
    assert Answer.objects.count() == 1


def test_questions_and_seats_pages_cost_a_fixed_number_of_queries(organiser_client, seminar, police):
    def queries_for(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(url)
        assert response.status_code == 200
        return len(queries)

    def add_question() -> None:
        question = Question.objects.create(seminar=seminar, label_en="Q", kind=Question.Kind.YES_NO)
        Answer.objects.create(
            registration=RegistrationFactory(seminar=seminar), question=question, text="yes"
        )

    add_question()
    SeatQuota.objects.create(seminar=seminar, group=police, seats=2)
    with_one = queries_for(questions_url(seminar)), queries_for(seats_url(seminar))
    for _number in range(4):
        add_question()
    with_five = queries_for(questions_url(seminar)), queries_for(seats_url(seminar))

    assert page_of(organiser_client.get(questions_url(seminar))).count("1 person has answered") == 5
    assert with_one == with_five
    assert with_five[0] <= 5  # session, user, seminar, questions with their answer counts, menu


# What seminar changes mean for the people registered


def test_seminar_time_change_emails_the_people_holding_a_seat(send, organiser_client, organisation):
    seminar = SeminarFactory(
        organisation=organisation,
        title_en="Child trafficking basics",
        starts_at=utc(2027, 4, 14, 7),  # 09:00-17:00 CEST
        ends_at=utc(2027, 4, 14, 15),
    )
    confirmed = RegistrationFactory(seminar=seminar, user=UserFactory(email="confirmed@example.org"))
    offered(seminar, user=UserFactory(email="offered@example.org"))
    pending(seminar, user=UserFactory(email="pending@example.org"))
    waitlisted(seminar, user=UserFactory(email="waiting@example.org"))
    RegistrationFactory(seminar=seminar, status=Status.CANCELLED, user=UserFactory(email="gone@example.org"))
    sequence = seminar.sequence

    response = send(
        organiser_client.post,
        f"/manage/seminars/{seminar.pk}/",
        seminar_edit_data(seminar, start_time="10:30"),
    )

    assert response.status_code == 302
    seminar.refresh_from_db()
    assert seminar.starts_at == utc(2027, 4, 14, 8, 30)
    assert seminar.sequence == sequence + 1
    assert sorted(sent()) == [
        ("confirmed@example.org", "Seminar details changed: Child trafficking basics"),
        ("offered@example.org", "Seminar details changed: Child trafficking basics"),
    ]
    to_confirmed = next(m for m in mail.outbox if m.to == ["confirmed@example.org"])
    assert "14 April 2027, 10:30–17:00 CEST" in to_confirmed.body
    assert to_confirmed.attachments[0][0] == f"{seminar.slug}.ics"
    assert status_of(confirmed) == Status.CONFIRMED


def test_seminar_title_change_sends_no_email(send, organiser_client, seminar):
    RegistrationFactory(seminar=seminar)

    response = send(
        organiser_client.post,
        f"/manage/seminars/{seminar.pk}/",
        seminar_edit_data(seminar, title_en="New title"),
    )

    assert response.status_code == 302
    assert Seminar.objects.get(pk=seminar.pk).title_en == "New title"
    assert mail.outbox == []


def test_seminar_edit_below_the_seats_taken_is_a_form_error_and_changes_nothing(
    send, organiser_client, seminar
):
    RegistrationFactory.create_batch(3, seminar=seminar)

    response = send(
        organiser_client.post,
        f"/manage/seminars/{seminar.pk}/",
        seminar_edit_data(seminar, capacity="2", title_en="Renamed", start_time="11:00"),
    )

    assert response.status_code == 400
    assert "3 seats are already taken: the capacity cannot be lower." in page_of(response)
    seminar.refresh_from_db()
    assert (seminar.capacity, seminar.title_en) == (10, "Child trafficking basics")
    assert mail.outbox == []


def test_seminar_edit_raising_the_capacity_offers_seats(send, organiser_client, organisation):
    seminar = SeminarFactory(organisation=organisation, capacity=1, title_en="Grows")
    RegistrationFactory(seminar=seminar)
    waiting = waitlisted(seminar, user=UserFactory(email="waiting@example.org"))

    response = send(
        organiser_client.post, f"/manage/seminars/{seminar.pk}/", seminar_edit_data(seminar, capacity="2")
    )

    assert response.status_code == 302
    assert Seminar.objects.get(pk=seminar.pk).capacity == 2
    assert status_of(waiting) == Status.OFFERED
    assert sent() == [("waiting@example.org", "A seat is free for you: Grows")]


def test_seminar_cancelled_from_the_organiser_area_tells_every_registrant(send, organiser_client, seminar):
    active = [
        RegistrationFactory(seminar=seminar, user=UserFactory(email="confirmed@example.org")),
        pending(seminar, user=UserFactory(email="pending@example.org")),
        waitlisted(seminar, user=UserFactory(email="waiting@example.org")),
        offered(seminar, user=UserFactory(email="offered@example.org")),
    ]
    gone = RegistrationFactory(
        seminar=seminar, status=Status.REJECTED, user=UserFactory(email="gone@example.org")
    )

    response = send(organiser_client.post, f"/manage/seminars/{seminar.pk}/cancel/")

    assert response["Location"] == "/manage/"
    assert Seminar.objects.get(pk=seminar.pk).status == Seminar.Status.CANCELLED
    assert [status_of(r) for r in active] == [Status.CANCELLED] * 4
    assert status_of(gone) == Status.REJECTED
    assert sorted(sent()) == [
        (email, "Seminar cancelled: Child trafficking basics")
        for email in sorted(
            ["confirmed@example.org", "pending@example.org", "waiting@example.org", "offered@example.org"]
        )
    ]
    assert messages_of(response) == [
        "“Child trafficking basics” is cancelled. 4 registrants are told by email."
    ]


# The list of seminars


def test_seminar_list_shows_seats_taken_and_left_and_links_to_registrations(organiser_client, seminar):
    RegistrationFactory.create_batch(3, seminar=seminar)
    offered(seminar)
    pending(seminar)
    waitlisted(seminar)

    page = page_of(organiser_client.get("/manage/"))

    assert "4 taken, 6 left" in page
    assert (
        f'<a href="/manage/seminars/{seminar.pk}/registrations/?status=pending">1 awaits approval</a>' in page
    )
    assert f'href="/manage/seminars/{seminar.pk}/registrations/">Registrations<' in page


def test_seminar_list_costs_the_same_number_of_queries_with_registrations(organiser_client, organisation):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get("/manage/")
        assert response.status_code == 200
        return len(queries)

    RegistrationFactory(seminar=SeminarFactory(organisation=organisation))
    with_one = queries_for_list()
    for _number in range(19):
        seminar = SeminarFactory(organisation=organisation)
        RegistrationFactory.create_batch(2, seminar=seminar)
        pending(seminar)
    with_twenty = queries_for_list()

    assert page_of(organiser_client.get("/manage/")).count("2 taken, 28 left") == 19
    assert with_one == with_twenty


# Who may do what


def every_page(seminar, registration) -> list[str]:
    return [
        list_url(seminar),
        f"/manage/seminars/{seminar.pk}/registrations/{registration.pk}/cancel/",
        seats_url(seminar),
        questions_url(seminar),
        f"/el{list_url(seminar)}",
    ]


def test_another_organisations_seminar_and_registrations_are_not_found(send, organiser_client, seminar):
    foreign_seminar = SeminarFactory(title_en="Foreign seminar", capacity=5)
    foreign = pending(foreign_seminar, user=UserFactory(full_name="Foreign Person"))

    for url in every_page(foreign_seminar, foreign):
        assert organiser_client.get(url).status_code == 404, url
        assert (
            send(
                organiser_client.post,
                url,
                {"registrations": [foreign.pk], "action": "reject", "capacity": "1"},
            ).status_code
            == 404
        ), url
    # A registration of another seminar, through one of mine.
    assert (
        organiser_client.get(f"/manage/seminars/{seminar.pk}/registrations/{foreign.pk}/cancel/").status_code
        == 404
    )
    assert (
        send(
            organiser_client.post, f"/manage/seminars/{seminar.pk}/registrations/{foreign.pk}/cancel/"
        ).status_code
        == 404
    )

    assert status_of(foreign) == Status.PENDING
    assert Seminar.objects.get(pk=foreign_seminar.pk).capacity == 5
    assert mail.outbox == []
    assert "Foreign Person" not in page_of(organiser_client.get(list_url(seminar)))


def test_participant_is_refused_and_anonymous_visitor_sent_to_log_in(send, client, participant, seminar):
    registration = pending(seminar, user=participant)
    client.force_login(participant)

    for url in every_page(seminar, registration):
        assert client.get(url).status_code == 404, url
        assert (
            send(
                client.post, url, {"registrations": [registration.pk], "action": "approve", "capacity": "1"}
            ).status_code
            == 404
        ), url
    assert status_of(registration) == Status.PENDING
    assert Seminar.objects.get(pk=seminar.pk).capacity == 10

    client.logout()
    response = client.get(list_url(seminar))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_coordinator_manages_every_organisations_registrations(send, client, coordinator, seminar):
    registration = pending(seminar)
    client.force_login(coordinator)

    send(client.post, list_url(seminar), {"registrations": [registration.pk], "action": "approve"})

    assert status_of(registration) == Status.CONFIRMED


# Markup


def test_pages_are_labelled_for_screen_readers(organiser_client, seminar):
    registration = pending(seminar, user=UserFactory(full_name="Maja Novak"))

    page = page_of(organiser_client.get(list_url(seminar)))
    seats = page_of(organiser_client.get(seats_url(seminar)))

    assert f'<label for="select-{registration.pk}" class="visually-hidden">Select Maja Novak</label>' in page
    assert "<legend>Decide on the selected registrations</legend>" in page
    assert '<label for="id_message">Message to the participants (optional)</label>' in page
    assert 'aria-current="page">Registrations</a>' in page
    assert '<caption id="registrations-caption" class="visually-hidden">' in page
    assert '<label for="id_capacity">Capacity</label>' in seats
    assert "<legend>Seats per professional group</legend>" in seats
