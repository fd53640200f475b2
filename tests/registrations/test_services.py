"""The registration rules: seats, quotas, waitlist, offers, approval, cancellation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEntry, ProfessionalGroup
from events import services as event_services
from events.models import Seminar
from registrations import services
from registrations.models import Question, Registration, SeatQuota
from tests.factories import PrivacyNoticeFactory, SeminarFactory, UserFactory

# Transactions really commit, so the after-commit emails go out as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Status = Registration.Status


@pytest.fixture
def social_workers():
    return ProfessionalGroup.objects.get(slug="social-workers")


@pytest.fixture
def police():
    return ProfessionalGroup.objects.get(slug="police")


def register(seminar, group, user=None, **overrides):
    arguments = {
        "seminar": seminar,
        "user": user or UserFactory(),
        "professional_group": group,
        "organisation": "Centre for Social Work",
        "country": "SI",
        "consent": True,
    }
    arguments.update(overrides)
    return services.registration_create(**arguments)


def test_free_seat_confirms_and_sends_confirmation_with_calendar(social_workers):
    PrivacyNoticeFactory()
    seminar = SeminarFactory(capacity=2)
    registration = register(seminar, social_workers)

    assert registration.status == Status.CONFIRMED
    assert registration.privacy_notice is not None
    [message] = mail.outbox
    assert message.to == [registration.user.email]
    assert "Your place is confirmed" in message.subject
    assert message.alternatives[0][1] == "text/html"
    [(filename, calendar, _mimetype), qr_code] = message.attachments
    assert qr_code.get_content_type() == "image/png"
    assert filename == f"{seminar.slug}.ics"
    assert "BEGIN:VEVENT" in calendar


def test_full_seminar_waitlists_in_order_with_position(social_workers):
    seminar = SeminarFactory(capacity=1)
    register(seminar, social_workers)
    second = register(seminar, social_workers)
    third = register(seminar, social_workers)

    assert (second.status, third.status) == (Status.WAITLISTED, Status.WAITLISTED)
    assert "waiting list" in mail.outbox[-1].subject
    assert "Your place on the waiting list: 2" in mail.outbox[-1].body


def test_group_quota_waitlists_that_group_only(social_workers, police):
    seminar = SeminarFactory(capacity=3)
    SeatQuota.objects.create(seminar=seminar, group=police, seats=1)
    assert register(seminar, police).status == Status.CONFIRMED
    assert register(seminar, police).status == Status.WAITLISTED
    assert register(seminar, social_workers).status == Status.CONFIRMED


def test_cancellation_offers_the_seat_to_the_first_who_fits_and_confirming_takes_it(social_workers, police):
    seminar = SeminarFactory(capacity=1)
    SeatQuota.objects.create(seminar=seminar, group=police, seats=0)
    first = register(seminar, social_workers)
    waiting_police = register(seminar, police)
    waiting_social = register(seminar, social_workers)

    services.registration_cancel(registration=first, actor=first.user)

    waiting_police.refresh_from_db()
    waiting_social.refresh_from_db()
    assert waiting_police.status == Status.WAITLISTED  # the police quota has no seat
    assert waiting_social.status == Status.OFFERED
    assert waiting_social.offer_expires_at == pytest.approx(
        timezone.now() + timedelta(hours=48), abs=timedelta(seconds=5)
    )
    assert "A seat is free for you" in mail.outbox[-1].subject

    services.offer_confirm(registration=waiting_social)
    waiting_social.refresh_from_db()
    assert waiting_social.status == Status.CONFIRMED


def test_expired_offer_passes_to_the_next_person(social_workers):
    seminar = SeminarFactory(capacity=1)
    first = register(seminar, social_workers)
    second = register(seminar, social_workers)
    third = register(seminar, social_workers)
    services.registration_cancel(registration=first, actor=first.user)

    later = timezone.now() + timedelta(hours=49)
    assert services.offers_expire(now=later) == 1
    assert services.offers_expire(now=later) == 0  # idempotent

    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Status.EXPIRED
    assert third.status == Status.OFFERED
    with pytest.raises(services.RegistrationError, match="no open offer"):
        services.offer_confirm(registration=second, now=later)


def test_approval_respects_capacity_and_waitlists_the_rest(social_workers, organiser):
    seminar = SeminarFactory(capacity=1, requires_approval=True)
    first = register(seminar, social_workers)
    second = register(seminar, social_workers)
    assert (first.status, second.status) == (Status.PENDING, Status.PENDING)

    confirmed, waitlisted = services.registrations_approve(
        registrations=[second, first], actor=organiser, message="Welcome"
    )

    assert [r.pk for r in confirmed] == [first.pk]
    assert [r.pk for r in waitlisted] == [second.pk]
    first.refresh_from_db()
    assert first.decision_message == "Welcome"
    assert "Welcome" in mail.outbox[-2].body


def test_rejecting_frees_the_seat_for_the_waiting_list(social_workers, organiser):
    seminar = SeminarFactory(capacity=1)
    first = register(seminar, social_workers)
    second = register(seminar, social_workers)
    assert services.registrations_reject(registrations=[first], actor=organiser, message="Sorry") == 1
    second.refresh_from_db()
    assert second.status == Status.OFFERED
    first.refresh_from_db()
    assert first.status == Status.REJECTED


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"status": Seminar.Status.DRAFT}, "not open for registration"),
        ({"status": Seminar.Status.CANCELLED}, "not open for registration"),
        ({"registration_opens_at_days": 3}, "has not opened yet"),
        ({"registration_closes_at_days": -1}, "has closed"),
    ],
)
def test_closed_seminars_refuse_registration_and_write_nothing(social_workers, setup, message):
    now = timezone.now()
    fields = {"status": setup.get("status", Seminar.Status.PUBLISHED)}
    if "registration_opens_at_days" in setup:
        fields["registration_opens_at"] = now + timedelta(days=setup["registration_opens_at_days"])
    if "registration_closes_at_days" in setup:
        fields["registration_closes_at"] = now + timedelta(days=setup["registration_closes_at_days"])
    seminar = SeminarFactory(**fields)
    with pytest.raises(services.RegistrationError, match=message):
        register(seminar, social_workers)
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_twice_other_group_no_consent_missing_answer_are_refused(social_workers, police):
    seminar = SeminarFactory(target_groups=[social_workers])
    question = Question.objects.create(
        seminar=seminar, label_en="Your role", kind="short_text", required=True
    )
    person = UserFactory()

    with pytest.raises(services.RegistrationError, match="not open to your professional group"):
        register(seminar, police, user=person, answers={question.pk: "x"})
    with pytest.raises(services.RegistrationError, match="agree to the processing"):
        register(seminar, social_workers, user=person, consent=False, answers={question.pk: "x"})
    with pytest.raises(services.RegistrationError, match="Please answer the question “Your role”"):
        register(seminar, social_workers, user=person, answers={})
    assert Registration.objects.count() == 0

    register(seminar, social_workers, user=person, answers={question.pk: "Case manager"})
    with pytest.raises(services.RegistrationError, match="already registered"):
        register(seminar, social_workers, user=person, answers={question.pk: "Case manager"})
    assert Registration.objects.get().answers.get().text == "Case manager"


def test_choice_answers_store_option_numbers(social_workers):
    seminar = SeminarFactory()
    question = Question.objects.create(
        seminar=seminar, label_en="Topics", kind="multiple_choice", options_en="Law\nInterviews\nReferral"
    )
    registration = register(seminar, social_workers, answers={question.pk: ["3", "1"]})
    answer = registration.answers.get()
    assert answer.choices == [1, 3]
    assert answer.display_value == "Law, Referral"
    with pytest.raises(services.RegistrationError, match="Choose one of the options"):
        register(seminar, social_workers, answers={question.pk: ["9"]})


def test_participant_cannot_cancel_after_the_start_but_organisers_can(social_workers, organiser):
    seminar = SeminarFactory()
    registration = register(seminar, social_workers)
    after_start = seminar.starts_at + timedelta(minutes=5)
    with pytest.raises(services.RegistrationError, match="has started"):
        services.registration_cancel(registration=registration, actor=registration.user, now=after_start)
    services.registration_cancel(
        registration=registration, actor=organiser, by_organiser=True, now=after_start
    )
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_capacity_cannot_drop_below_seats_taken_and_raising_it_offers_seats(social_workers, organiser):
    seminar = SeminarFactory(capacity=1)
    register(seminar, social_workers)
    waiting = register(seminar, social_workers)
    with pytest.raises(services.RegistrationError, match="1 seats are already taken"):
        services.seminar_capacity_change(seminar=seminar, capacity=0, actor=organiser)

    services.seminar_capacity_change(seminar=seminar, capacity=2, actor=organiser)

    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED


def test_cancelling_a_seminar_tells_every_registrant(social_workers, organiser):
    seminar = SeminarFactory(capacity=1)
    people = [register(seminar, social_workers).user for _ in range(3)]
    mail.outbox.clear()

    assert event_services.seminar_cancel(seminar=seminar, actor=organiser) == 3

    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert all("Seminar cancelled" in message.subject for message in mail.outbox)
    assert not Registration.objects.active().exists()


def test_an_edit_undone_after_the_service_tells_nobody(social_workers, organiser):
    seminar = SeminarFactory(capacity=2)
    register(seminar, social_workers)
    mail.outbox.clear()
    edited = Seminar.objects.get(pk=seminar.pk)
    edited.starts_at += timedelta(hours=1)

    with pytest.raises(RuntimeError), transaction.atomic():
        event_services.seminar_update(seminar=edited, actor=organiser)
        raise RuntimeError("the agenda could not be saved")

    assert mail.outbox == []
    assert Seminar.objects.get(pk=seminar.pk).starts_at == seminar.starts_at
    assert not AuditEntry.objects.filter(action="seminar.update").exists()


def test_an_edit_keeps_the_status_and_audits_the_fields_it_changed(social_workers, organiser):
    seminar = SeminarFactory(capacity=2)
    register(seminar, social_workers)
    mail.outbox.clear()
    edited = Seminar.objects.get(pk=seminar.pk)
    edited.title_en = "Renamed"
    edited.status = Seminar.Status.CANCELLED  # cancelling is seminar_cancel's: it tells people

    event_services.seminar_update(seminar=edited, actor=organiser)

    saved = Seminar.objects.get(pk=seminar.pk)
    assert (saved.title_en, saved.status, saved.sequence) == ("Renamed", "published", seminar.sequence + 1)
    assert mail.outbox == []  # a title is no news for the people holding a seat
    fields = AuditEntry.objects.get(action="seminar.update").details["fields"]
    assert "title_en" in fields
    assert "status" not in fields


def test_join_link_goes_to_confirmed_participants_only(social_workers):
    seminar = SeminarFactory(capacity=1, format="hybrid", join_url="https://meet.example.org/room-42")
    register(seminar, social_workers)
    register(seminar, social_workers)
    confirmed_mail, waitlisted_mail = mail.outbox
    assert "room-42" in confirmed_mail.body
    assert "room-42" not in waitlisted_mail.body


def test_emails_are_in_the_participants_language_and_venue_time(social_workers):
    from datetime import UTC, datetime

    seminar = SeminarFactory(
        title_el="Αναγνώριση θυμάτων",
        starts_at=datetime(2027, 6, 10, 7, 0, tzinfo=UTC),
        ends_at=datetime(2027, 6, 10, 15, 0, tzinfo=UTC),
    )
    person = UserFactory(preferred_language="el")
    register(seminar, social_workers, user=person, now=datetime(2027, 5, 1, tzinfo=UTC))
    [message] = mail.outbox
    assert "Αναγνώριση θυμάτων" in message.subject
    assert "09:00–17:00 CEST" in message.body


def test_a_non_numeric_choice_is_a_clear_error_not_a_crash(social_workers):
    seminar = SeminarFactory()
    question = Question.objects.create(
        seminar=seminar, label_en="Topic", kind="single_choice", options_en="A\nB"
    )
    with pytest.raises(services.RegistrationError, match="Choose one of the options"):
        register(seminar, social_workers, answers={question.pk: "not-a-number"})
    assert Registration.objects.count() == 0


def test_nul_bytes_in_a_text_answer_are_dropped_not_a_database_error(social_workers):
    seminar = SeminarFactory()
    question = Question.objects.create(seminar=seminar, label_en="Role", kind="short_text")
    registration = register(seminar, social_workers, answers={question.pk: "Case\x00 manager"})
    assert registration.answers.get().text == "Case manager"
