"""The door: checking participants in (services, the desk page, the QR code page),
walk-ins, and the emails that carry the QR code. Scoped by events.rules:
another organisation's seminar or registration is a 404, and a participant's
code reveals nothing to anyone but the seminar's organisers."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import segno
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry, ProfessionalGroup
from attendance import services
from attendance.models import Attendance
from events.models import Seminar
from registrations import services as registration_services
from registrations.models import Registration, SeatQuota
from registrations.tasks import check_in_url
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def page_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def presences(registration) -> list[tuple]:
    return list(
        Attendance.objects.filter(registration=registration)
        .order_by("session__starts_at", "day")
        .values_list("session_id", "day", "present")
    )


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
def today_seminar(organisation):
    """A published one-day seminar that is on now (started an hour ago), without an agenda."""
    now = timezone.now()
    return SeminarFactory(
        organisation=organisation,
        slug="door-today",
        title_en="Interviewing children at the door",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=7),
    )


@pytest.fixture
def two_day_seminar(organisation):
    """Two days in Ljubljana with two sessions a day (local 09-11 and 13-15, CEST)."""
    seminar = SeminarFactory(
        organisation=organisation, starts_at=utc(2030, 6, 10, 7), ends_at=utc(2030, 6, 11, 13)
    )
    sessions = [
        AgendaSessionFactory(
            seminar=seminar, starts_at=utc(2030, 6, day, hour), ends_at=utc(2030, 6, day, hour + 2)
        )
        for day in (10, 11)
        for hour in (7, 11)
    ]
    return seminar, sessions


def desk_url(seminar) -> str:
    return f"/manage/seminars/{seminar.pk}/check-in/"


# The services


def test_check_in_marks_the_sessions_of_the_day_present_once(two_day_seminar, organiser):
    seminar, sessions = two_day_seminar
    registration = RegistrationFactory(seminar=seminar)
    second_day = utc(2030, 6, 11, 6, 30)  # 08:30 CEST on the second day

    assert services.check_in(registration=registration, actor=organiser, now=second_day) is True

    registration.refresh_from_db()
    assert registration.checked_in_at == second_day
    assert registration.checked_in_by == organiser
    assert presences(registration) == [(sessions[2].pk, None, True), (sessions[3].pk, None, True)]
    (entry,) = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.target_id) == (
        "registration.check_in",
        organiser,
        str(registration.pk),
    )
    assert entry.details == {"seminar": seminar.slug, "day": "2030-06-11", "units": 2}

    # Twice: nothing changes, nothing is recorded.
    assert (
        services.check_in(registration=registration, actor=organiser, now=second_day + timedelta(hours=1))
        is False
    )
    registration.refresh_from_db()
    assert registration.checked_in_at == second_day
    assert len(presences(registration)) == 2
    assert AuditEntry.objects.count() == 1


def test_check_in_on_each_day_of_a_seminar_marks_that_day(two_day_seminar, organiser):
    seminar, sessions = two_day_seminar
    registration = RegistrationFactory(seminar=seminar)
    services.check_in(registration=registration, actor=organiser, now=utc(2030, 6, 10, 6))
    assert services.check_in(registration=registration, actor=organiser, now=utc(2030, 6, 11, 6)) is True
    registration.refresh_from_db()
    assert registration.checked_in_at == utc(2030, 6, 10, 6)  # the first arrival
    assert [row[0] for row in presences(registration)] == [session.pk for session in sessions]
    assert audit_actions() == ["registration.check_in", "registration.check_in"]


def test_check_in_the_evening_after_takes_the_last_day(two_day_seminar, organiser):
    seminar, sessions = two_day_seminar
    registration = RegistrationFactory(seminar=seminar)
    services.check_in(registration=registration, actor=organiser, now=utc(2030, 6, 11, 20))
    assert [row[0] for row in presences(registration)] == [sessions[2].pk, sessions[3].pk]


def test_no_check_in_or_walk_in_before_the_first_day_at_the_venue(two_day_seminar, organiser, police):
    """Nothing is recorded for sessions that have not happened: the evening before
    (23:59 in Ljubljana, already the first day in UTC+3) the desk refuses; from
    midnight at the venue an arrival counts for the first day."""
    seminar, sessions = two_day_seminar
    registration = RegistrationFactory(seminar=seminar)
    for now in (utc(2030, 6, 9, 16), utc(2030, 6, 9, 21, 59)):
        with pytest.raises(services.RegistrationError, match="has not started yet"):
            services.check_in(registration=registration, actor=organiser, now=now)
        assert "has not started yet" in services.check_in_refusal(registration=registration, now=now)
        with pytest.raises(services.RegistrationError, match="has not started yet"):
            services.walk_in_register(
                seminar=seminar,
                actor=organiser,
                full_name="Early Bird",
                organisation="Police",
                professional_group=police,
                country="SI",
                now=now,
            )
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert not Attendance.objects.exists()
    assert not Registration.objects.filter(full_name="Early Bird").exists()
    assert not AuditEntry.objects.exists()

    assert services.check_in(registration=registration, actor=organiser, now=utc(2030, 6, 9, 22)) is True
    assert [row[0] for row in presences(registration)] == [sessions[0].pk, sessions[1].pk]


def test_the_desk_page_says_why_a_seminar_that_has_not_started_cannot_check_in(
    organiser_client, organisation
):
    seminar = SeminarFactory(organisation=organisation)  # a month from now
    registration = RegistrationFactory(seminar=seminar)
    response = organiser_client.post(
        desk_url(seminar), {"action": "check_in", "registration": registration.pk}
    )
    assert response.status_code == 400
    assert "This seminar has not started yet: people can be checked in from its first day." in page_of(
        response
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert not Attendance.objects.exists()


def test_the_desk_page_says_before_anyone_is_turned_away_that_the_seminar_has_not_started(
    organiser_client, organisation
):
    seminar = SeminarFactory(organisation=organisation)  # a month from now
    RegistrationFactory(seminar=seminar)

    text = page_of(organiser_client.get(desk_url(seminar)))

    assert text.count("This seminar has not started yet: people can be checked in from its first day.") == 1


def test_the_desk_page_of_a_seminar_under_way_has_no_such_notice(organiser_client, today_seminar):
    text = page_of(organiser_client.get(desk_url(today_seminar)))

    assert "has not started yet" not in text


def test_check_in_without_agenda_marks_the_day(today_seminar, organiser):
    registration = RegistrationFactory(seminar=today_seminar)
    services.check_in(registration=registration, actor=organiser)
    local_day = timezone.now().astimezone(today_seminar.zone).date()
    starts_day = today_seminar.starts_at.astimezone(today_seminar.zone).date()
    assert presences(registration) == [(None, max(local_day, starts_day), True)]


@pytest.mark.parametrize("status", [Status.PENDING, Status.WAITLISTED, Status.CANCELLED, Status.REJECTED])
def test_only_confirmed_registrations_are_checked_in(today_seminar, organiser, status):
    registration = RegistrationFactory(seminar=today_seminar, status=status)
    with pytest.raises(services.RegistrationError, match="not confirmed"):
        services.check_in(registration=registration, actor=organiser)
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.exists()


def test_no_check_in_for_a_cancelled_seminar_or_one_that_ended_more_than_a_day_ago(
    two_day_seminar, organiser
):
    seminar, _sessions = two_day_seminar
    registration = RegistrationFactory(seminar=seminar)
    with pytest.raises(services.RegistrationError, match="ended more than a day ago"):
        services.check_in(
            registration=registration, actor=organiser, now=seminar.ends_at + timedelta(hours=25)
        )
    # Within the day after: still possible.
    assert services.check_in(
        registration=registration, actor=organiser, now=seminar.ends_at + timedelta(hours=23)
    )
    other = RegistrationFactory(seminar=SeminarFactory(status=Seminar.Status.CANCELLED))
    with pytest.raises(services.RegistrationError, match="not taking place"):
        services.check_in(registration=other, actor=organiser)
    assert not Attendance.objects.filter(registration=other).exists()


def test_undo_removes_the_days_presences_and_the_check_in(two_day_seminar, organiser):
    seminar, _sessions = two_day_seminar
    registration = RegistrationFactory(seminar=seminar)
    first_day = utc(2030, 6, 10, 8)
    services.check_in(registration=registration, actor=organiser, now=first_day)
    assert services.check_in_undo(registration=registration, actor=organiser, now=first_day) is True
    registration.refresh_from_db()
    assert (registration.checked_in_at, registration.checked_in_by) == (None, None)
    assert presences(registration) == []
    assert audit_actions() == ["registration.check_in", "registration.check_in_undo"]
    # Nothing to undo: nothing recorded.
    assert services.check_in_undo(registration=registration, actor=organiser, now=first_day) is False
    assert len(audit_actions()) == 2


def test_a_walk_in_takes_a_free_seat_and_is_checked_in(today_seminar, organiser, police):
    registration = services.walk_in_register(
        seminar=today_seminar,
        actor=organiser,
        full_name="Ioana Popescu",
        email="",
        organisation="DGASPC Bucharest",
        professional_group=police,
        country="RO",
    )
    registration.refresh_from_db()
    assert registration.is_walk_in
    assert registration.user is None
    assert (registration.status, registration.display_name, registration.country.code) == (
        Status.CONFIRMED,
        "Ioana Popescu",
        "RO",
    )
    assert registration.checked_in_by == organiser
    assert [present for _session, _day, present in presences(registration)] == [True]
    assert audit_actions() == ["registration.walk_in", "registration.check_in"]
    assert mail.outbox == []  # no address, no email


def test_a_walk_in_with_an_address_gets_the_confirmation(
    today_seminar, organiser, police, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.walk_in_register(
            seminar=today_seminar,
            actor=organiser,
            full_name="Ioana Popescu",
            email="ioana@example.ro",
            organisation="DGASPC Bucharest",
            professional_group=police,
            country="RO",
        )
    (message,) = mail.outbox
    assert message.to == ["ioana@example.ro"]
    assert message.subject == f"Your place is confirmed: {today_seminar.display_title}"
    assert "Dear Ioana Popescu," in message.body
    assert check_in_url(registration) in message.body
    assert "/me/" not in message.body  # a walk-in has no account


def test_no_walk_in_when_the_seminar_or_the_group_quota_is_full(
    today_seminar, organiser, police, social_workers
):
    Seminar.objects.filter(pk=today_seminar.pk).update(capacity=2)
    SeatQuota.objects.create(seminar=today_seminar, group=police, seats=1)
    RegistrationFactory(seminar=today_seminar, professional_group=police)
    arguments = {
        "seminar": today_seminar,
        "actor": organiser,
        "full_name": "Nikos Georgiou",
        "organisation": "Hellenic Police",
        "country": "GR",
    }
    with pytest.raises(services.RegistrationError, match="No seat is free"):
        services.walk_in_register(professional_group=police, **arguments)
    assert Registration.objects.count() == 1
    services.walk_in_register(professional_group=social_workers, **arguments)
    with pytest.raises(services.RegistrationError, match="No seat is free"):
        services.walk_in_register(professional_group=social_workers, **arguments)
    assert Registration.objects.filter(is_walk_in=True).count() == 1
    assert audit_actions() == ["registration.walk_in", "registration.check_in"]


# Emails: the QR code, and nobody to write to


def test_the_confirmation_email_carries_the_check_in_qr_code(
    participant, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://seminars.example.org"
    PrivacyNoticeFactory()
    seminar = SeminarFactory(title_en="Referral pathways")
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_services.registration_create(
            seminar=seminar,
            user=participant,
            professional_group=participant.professional_group,
            organisation="Centre for Social Work",
            country="SI",
            consent=True,
        )
    (message,) = mail.outbox
    url = check_in_url(registration)
    assert url == f"https://seminars.example.org/manage/check-in/{registration.check_in_code}/"
    assert url in message.body
    parsed = message.message()
    (image,) = [part for part in parsed.walk() if part.get_content_type() == "image/png"]
    (html,) = [part for part in parsed.walk() if part.get_content_type() == "text/html"]
    content_id = image["Content-ID"].strip("<>")
    assert f'src="cid:{content_id}"' in html.get_content()
    # The code under the QR code, as the desk asks to type it.
    code = registration.check_in_code
    assert f"Check-in code (to type at the door if the QR code cannot be scanned): {code}" in message.body
    assert re.search(
        rf"QR code cannot be scanned\):<br>\s*<code[^>]*>{re.escape(code)}</code>", html.get_content()
    )
    expected = io.BytesIO()
    segno.make(url, error="m").save(expected, kind="png", scale=6, border=4)
    assert image.get_content() == expected.getvalue()


def test_the_waiting_list_email_has_no_qr_code(participant, django_capture_on_commit_callbacks):
    PrivacyNoticeFactory()
    seminar = SeminarFactory(capacity=0)
    with django_capture_on_commit_callbacks(execute=True):
        registration_services.registration_create(
            seminar=seminar,
            user=participant,
            professional_group=participant.professional_group,
            organisation="Centre for Social Work",
            country="SI",
            consent=True,
        )
    (message,) = mail.outbox
    assert "/manage/check-in/" not in message.body
    assert not [part for part in message.message().walk() if part.get_content_type() == "image/png"]


def test_nothing_is_sent_to_a_registration_without_an_address(
    today_seminar, organiser, police, django_capture_on_commit_callbacks
):
    walk_in = services.walk_in_register(
        seminar=today_seminar,
        actor=organiser,
        full_name="Ana Kovač",
        organisation="NGO Ključ",
        professional_group=police,
        country="SI",
    )
    anonymised = RegistrationFactory(seminar=today_seminar, user=None, full_name="", email="")
    with django_capture_on_commit_callbacks(execute=True):
        registration_services.registration_cancel(registration=walk_in, actor=organiser, by_organiser=True)
        registration_services.registration_cancel(registration=anonymised, actor=organiser, by_organiser=True)
        registration_services.reminders_send(within=timedelta(days=400))
    assert mail.outbox == []


# The desk page


def test_the_desk_lists_confirmed_participants_with_the_counts(organiser_client, today_seminar, organiser):
    maja = RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Maja Horvat"))
    RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Žiga Čuček"))
    RegistrationFactory(
        seminar=today_seminar, user=UserFactory(full_name="Pending Person"), status=Status.PENDING
    )
    RegistrationFactory(
        seminar=today_seminar, user=UserFactory(full_name="Gone Person"), status=Status.CANCELLED
    )
    services.check_in(registration=maja, actor=organiser)

    body = page_of(organiser_client.get(desk_url(today_seminar)))
    assert "Maja Horvat" in body and "Žiga Čuček" in body
    assert "Pending Person" not in body and "Gone Person" not in body
    assert "<strong>1</strong> of 2 confirmed participants checked in" in body
    assert body.count('value="check_in"') == 1  # Žiga still to come
    assert body.count('value="undo"') == 1
    assert 'src="/static/attendance/desk.js"' in body


def test_the_desk_searches_by_name(organiser_client, today_seminar):
    RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Maja Horvat"))
    RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Nikos Georgiou"))
    RegistrationFactory(seminar=today_seminar, user=None, is_walk_in=True, full_name="Maja Petrescu")

    body = page_of(organiser_client.get(desk_url(today_seminar), {"q": "maja"}))
    assert "Maja Horvat" in body and "Maja Petrescu" in body
    assert "Nikos Georgiou" not in body
    assert "of 3 confirmed participants" in body  # the count is the seminar's, not the search's
    body = page_of(organiser_client.get(desk_url(today_seminar), {"q": "nobody"}))
    assert "No participant matches this name." in body


def test_present_checks_in_and_keeps_the_search(organiser_client, today_seminar):
    registration = RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Maja Horvat"))
    response = organiser_client.post(
        desk_url(today_seminar), {"action": "check_in", "registration": registration.pk, "q": "Maja"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{desk_url(today_seminar)}?q=Maja#person-{registration.pk}"  # at the row
    assert messages_of(response) == ["Maja Horvat is checked in."]
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    body = page_of(organiser_client.get(desk_url(today_seminar)))
    assert "<strong>1</strong> of 1 confirmed participants checked in" in body

    # Twice (a double tap): said so, nothing recorded.
    response = organiser_client.post(
        desk_url(today_seminar), {"action": "check_in", "registration": registration.pk}
    )
    assert messages_of(response)[-1] == "Maja Horvat was already checked in."
    assert audit_actions() == ["registration.check_in"]

    response = organiser_client.post(
        desk_url(today_seminar), {"action": "undo", "registration": registration.pk}
    )
    assert messages_of(response)[-1] == "The check-in of Maja Horvat is undone."
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_present_and_undo_answer_the_desk_script_with_the_row_and_the_count(organiser_client, today_seminar):
    """The desk's script asks for JSON: the row to put in place, the count and the
    message, and no message is left for the next page."""
    maja = RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Maja Horvat"))
    RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Nikos Georgiou"))
    json = {"headers": {"accept": "application/json"}}

    response = organiser_client.post(
        desk_url(today_seminar), {"action": "check_in", "registration": maja.pk, "q": "Maja"}, **json
    )

    assert response.status_code == 200
    answer = response.json()
    assert (answer["message"], answer["level"]) == ("Maja Horvat is checked in.", "success")
    assert f'id="person-{maja.pk}"' in answer["row"] and "is-checked-in" in answer["row"]
    assert 'value="undo"' in answer["row"] and 'name="q" value="Maja"' in answer["row"]
    assert "csrfmiddlewaretoken" in answer["row"]
    assert answer["count"].strip().startswith("<strong>1</strong> of 2 confirmed participants checked in")
    maja.refresh_from_db()
    assert maja.checked_in_at is not None
    assert messages_of(organiser_client.get(desk_url(today_seminar))) == []

    answer = organiser_client.post(
        desk_url(today_seminar), {"action": "undo", "registration": maja.pk}, **json
    ).json()
    assert answer["message"] == "The check-in of Maja Horvat is undone."
    assert 'value="check_in"' in answer["row"] and "is-checked-in" not in answer["row"]
    assert answer["count"].strip().startswith("<strong>0</strong> of 2")

    cancelled = RegistrationFactory(seminar=today_seminar, status=Status.CANCELLED)
    response = organiser_client.post(
        desk_url(today_seminar), {"action": "check_in", "registration": cancelled.pk}, **json
    )
    assert response.status_code == 400
    assert "not a confirmed participant of this seminar" in response.json()["message"]


def test_the_desk_rows_are_anchors_and_the_page_has_a_status_region(organiser_client, today_seminar):
    maja = RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Maja Horvat"))
    body = page_of(organiser_client.get(desk_url(today_seminar)))
    assert f'id="person-{maja.pk}"' in body
    assert body.count('role="status"') == 1


def test_the_old_code_of_a_person_who_registered_again_points_to_the_active_registration(
    organiser_client, today_seminar
):
    person = UserFactory(full_name="Maja Horvat")
    old = RegistrationFactory(seminar=today_seminar, user=person, status=Status.CANCELLED)
    current = RegistrationFactory(seminar=today_seminar, user=person)
    RegistrationFactory(
        seminar=today_seminar, user=UserFactory(full_name="Nikos Georgiou"), status=Status.CANCELLED
    )

    # Typed or scanned at the desk: the refusal, then the current registration and its Present button.
    body = page_of(
        organiser_client.post(desk_url(today_seminar), {"action": "code", "code": old.check_in_code})
    )
    assert "This registration is not confirmed (Cancelled): it cannot be checked in." in body
    assert "Maja Horvat registered again" in body
    assert '<span class="badge badge-registration-confirmed">Confirmed</span>' in body
    assert f'<input type="hidden" name="registration" value="{current.pk}">' in body
    assert "Check in the current registration" in body

    # The QR link of the old registration: the same, with a button to the current one's code.
    card = page_of(organiser_client.get(f"/manage/check-in/{old.check_in_code}/"))
    assert "Maja Horvat registered again" in card
    assert f'action="/manage/check-in/{current.check_in_code}/"' in card
    response = organiser_client.post(f"/manage/check-in/{current.check_in_code}/")
    assert messages_of(response) == ["Maja Horvat is checked in."]
    current.refresh_from_db()
    old.refresh_from_db()
    assert current.checked_in_at is not None and old.checked_in_at is None

    # Someone who did not register again: the refusal alone.
    nikos = Registration.objects.get(user__full_name="Nikos Georgiou")
    card = page_of(organiser_client.get(f"/manage/check-in/{nikos.check_in_code}/"))
    assert "registered again" not in card


@pytest.mark.parametrize("status", [Status.PENDING, Status.CANCELLED])
def test_the_desk_refuses_people_who_are_not_confirmed_participants(organiser_client, today_seminar, status):
    registration = RegistrationFactory(seminar=today_seminar, status=status)
    elsewhere = RegistrationFactory()
    for pk in (registration.pk, elsewhere.pk, "abc", str(2**63), "-1"):
        response = organiser_client.post(desk_url(today_seminar), {"action": "check_in", "registration": pk})
        assert response.status_code == 400
        assert "not a confirmed participant of this seminar" in page_of(response)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    response = organiser_client.post(desk_url(today_seminar), {"action": "check_in", "registration": "\x00"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in page_of(response)
    response = organiser_client.post(desk_url(today_seminar), {"action": "dance"})
    assert response.status_code == 400
    assert "Choose an action on the page." in page_of(response)


def test_the_desk_checks_in_a_scanned_link_or_a_typed_code(organiser_client, today_seminar):
    by_link = RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Maja Horvat"))
    by_code = RegistrationFactory(seminar=today_seminar, user=UserFactory(full_name="Nikos Georgiou"))
    response = organiser_client.post(
        desk_url(today_seminar), {"action": "code", "code": f" {check_in_url(by_link)}\n"}
    )
    assert messages_of(response) == ["Maja Horvat is checked in."]
    response = organiser_client.post(
        desk_url(today_seminar), {"action": "code", "code": by_code.check_in_code}
    )
    assert messages_of(response)[-1] == "Nikos Georgiou is checked in."
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 2


def test_a_code_of_another_seminar_or_a_forged_one_changes_nothing(
    organiser_client, today_seminar, organisation
):
    other = RegistrationFactory(
        seminar=SeminarFactory(organisation=organisation, title_en="The other seminar")
    )
    for code, message in [
        (other.check_in_code, "This code belongs to another seminar. Nothing was changed."),
        (check_in_url(other), "This code belongs to another seminar. Nothing was changed."),
        ("A" * 22, "Unknown or invalid code. Nothing was changed."),
        ("<script>", "This is not a check-in code. Nothing was changed."),
        ("", "This field is required."),
    ]:
        response = organiser_client.post(desk_url(today_seminar), {"action": "code", "code": code})
        assert response.status_code == 400, code
        body = page_of(response)
        assert message in body
        assert "The other seminar" not in body
    other.refresh_from_db()
    assert other.checked_in_at is None
    assert not AuditEntry.objects.exists()


def test_a_code_of_another_organisations_seminar_is_answered_like_a_random_one(
    organiser_client, today_seminar
):
    """Telling "another seminar" apart from "unknown" would confirm that the code exists."""
    foreign = RegistrationFactory(seminar=SeminarFactory(title_en="Their seminar"))
    answers = {}
    for code in (foreign.check_in_code, check_in_url(foreign), "A" * 22):
        response = organiser_client.post(desk_url(today_seminar), {"action": "code", "code": code})
        assert response.status_code == 400, code
        body = page_of(response)
        assert "Unknown or invalid code. Nothing was changed." in body
        assert "another seminar" not in body
        assert "Their seminar" not in body
        answers[code] = re.sub(r'(value|nonce|content)="[^"]*"', "", body.replace(code, ""))
    assert len(set(answers.values())) == 1  # the same page, whatever the code
    foreign.refresh_from_db()
    assert foreign.checked_in_at is None


def test_a_walk_in_at_the_desk(organiser_client, today_seminar, police):
    data = {
        "action": "walk_in",
        "walk_in-full_name": "  Ștefan   Țîrcă ",
        "walk_in-email": "",
        "walk_in-organisation": "DGASPC Iași",
        "walk_in-professional_group": police.pk,
        "walk_in-country": "RO",
    }
    response = organiser_client.post(desk_url(today_seminar), data)
    assert response.status_code == 302
    assert messages_of(response) == ["Ștefan Țîrcă is registered and checked in."]
    walk_in = Registration.objects.get(is_walk_in=True)
    assert (walk_in.full_name, walk_in.organisation, walk_in.professional_group) == (
        "Ștefan Țîrcă",
        "DGASPC Iași",
        police,
    )
    assert walk_in.checked_in_at is not None

    response = organiser_client.post(
        desk_url(today_seminar), {**data, "walk_in-full_name": " ", "walk_in-email": "x"}
    )
    assert response.status_code == 400
    body = page_of(response)
    assert "The walk-in is not registered: please correct the form." in body
    assert "Enter a valid email address." in body
    Seminar.objects.filter(pk=today_seminar.pk).update(capacity=1)
    response = organiser_client.post(desk_url(today_seminar), data)
    assert response.status_code == 400
    assert "No seat is free for this professional group" in page_of(response)
    assert Registration.objects.count() == 1


def test_the_desk_costs_the_same_queries_for_1_or_20_participants(organiser_client, today_seminar, organiser):
    AgendaSessionFactory(seminar=today_seminar)

    def queries_for_desk() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(desk_url(today_seminar))
        assert response.status_code == 200
        return len(queries)

    services.check_in(registration=RegistrationFactory(seminar=today_seminar), actor=organiser)
    with_one = queries_for_desk()
    for number in range(19):
        registration = RegistrationFactory(
            seminar=today_seminar, user=None if number % 4 == 0 else UserFactory()
        )
        if number % 2:
            services.check_in(registration=registration, actor=organiser)
    assert page_of(organiser_client.get(desk_url(today_seminar))).count('<li class="desk-person') == 20
    assert queries_for_desk() == with_one


def test_the_desk_of_another_organisation_is_not_found(client, today_seminar, participant):
    other_organiser = MembershipFactory(role="organiser").user
    for user in (other_organiser, participant):
        client.force_login(user)
        assert client.get(desk_url(today_seminar)).status_code == 404
        registration = RegistrationFactory(seminar=today_seminar)
        response = client.post(
            desk_url(today_seminar), {"action": "check_in", "registration": registration.pk}
        )
        assert response.status_code == 404
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    anonymous = Client()
    assert anonymous.get(desk_url(today_seminar))["Location"].startswith("/accounts/login/")


# The QR code's page


def test_the_qr_link_shows_the_card_and_checks_in_on_post(organiser_client, today_seminar, police):
    registration = RegistrationFactory(
        seminar=today_seminar,
        user=UserFactory(full_name="Eleni Papadopoulou"),
        professional_group=police,
        organisation="Hellenic Police",
    )
    url = f"/manage/check-in/{registration.check_in_code}/"
    assert check_in_url(registration).endswith(url)

    response = organiser_client.get(url)
    assert response.status_code == 200
    body = page_of(response)
    assert "Eleni Papadopoulou" in body and "Hellenic Police" in body and police.name in body
    assert "Not yet" in body
    registration.refresh_from_db()
    assert registration.checked_in_at is None  # a GET changes nothing

    response = organiser_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == desk_url(today_seminar)
    assert messages_of(response) == ["Eleni Papadopoulou is checked in."]
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert "Not yet" not in page_of(organiser_client.get(url))


def test_the_qr_link_reveals_nothing_to_anyone_else(client, today_seminar):
    """Its owner, another participant, another organisation's organiser and a press
    officer of the same organisation get the very page a forged code gets."""
    owner = UserFactory(full_name="Eleni Papadopoulou")
    registration = RegistrationFactory(seminar=today_seminar, user=owner)
    url = f"/manage/check-in/{registration.check_in_code}/"
    forged_url = "/manage/check-in/" + "B" * 22 + "/"

    def without_csrf(response) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page_of(response))

    people = [
        owner,
        UserFactory(),
        MembershipFactory(role="organiser").user,
        MembershipFactory(role="press_officer", organisation=today_seminar.organisation).user,
    ]
    for person in people:
        client.force_login(person)
        forged = client.get(forged_url)
        assert forged.status_code == 404
        assert "This check-in code is unknown or invalid." in page_of(forged)
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 404
            # The same page, but for its own address in the language links.
            assert without_csrf(response).replace(registration.check_in_code, "B" * 22) == without_csrf(
                forged
            )
            assert "Eleni Papadopoulou" not in page_of(response)
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert Client().get(url)["Location"].startswith("/accounts/login/")


def test_the_qr_link_of_a_cancelled_registration_or_a_past_seminar_says_why(organiser_client, organisation):
    cancelled = RegistrationFactory(
        seminar=SeminarFactory(organisation=organisation), status=Status.CANCELLED
    )
    past = SeminarFactory(
        organisation=organisation,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=2),
    )
    ended = RegistrationFactory(seminar=past)
    for registration, reason in [
        (cancelled, "This registration is not confirmed (Cancelled): it cannot be checked in."),
        (ended, "This seminar ended more than a day ago"),
    ]:
        url = f"/manage/check-in/{registration.check_in_code}/"
        body = page_of(organiser_client.get(url))
        assert reason in body
        assert 'type="submit" class="button"' not in body
        response = organiser_client.post(url)
        assert response.status_code == 400
        assert reason in page_of(response)
        registration.refresh_from_db()
        assert registration.checked_in_at is None
    assert not AuditEntry.objects.exists()


def test_a_coordinator_opens_any_code(client, coordinator, today_seminar):
    registration = RegistrationFactory(seminar=today_seminar)
    client.force_login(coordinator)
    assert client.post(f"/manage/check-in/{registration.check_in_code}/").status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_by == coordinator
