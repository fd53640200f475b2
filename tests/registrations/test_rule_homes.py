"""One home per rule: the write path (services) and the read paths (selectors,
emails, pages, API) give the same answer, because they call the same function."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ProfessionalGroup
from events.models import Seminar
from registrations import selectors, services, tasks
from registrations.models import Registration, SeatQuota
from registrations.selectors import Phase
from tests.factories import RegistrationFactory, SeminarFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def social_workers():
    return ProfessionalGroup.objects.get(slug="social-workers")


@pytest.fixture
def police():
    return ProfessionalGroup.objects.get(slug="police")


def register(seminar, group, **overrides):
    return services.registration_create(
        seminar=seminar,
        user=UserFactory(professional_group=group),
        professional_group=group,
        organisation="Centre for Social Work",
        country="SI",
        consent=True,
        **overrides,
    )


def test_seats_left_are_what_registering_decides(social_workers, police):
    """Rule: a person takes a seat when seats are left overall and in their group's quota."""
    seminar = SeminarFactory(capacity=3)
    SeatQuota.objects.create(seminar=seminar, group=social_workers, seats=1)
    expected = [
        (social_workers, Status.CONFIRMED),
        (social_workers, Status.WAITLISTED),  # the quota is full, seats for others remain
        (police, Status.CONFIRMED),
        (police, Status.CONFIRMED),
        (police, Status.WAITLISTED),
    ]
    for group, status in expected:
        visitor = UserFactory(professional_group=group)
        shown = selectors.seminar_registration(seminar, user=visitor).available
        assert shown == selectors.seats_left(seminar).available_for(group.pk)
        assert register(seminar, group).status == status
        assert (shown > 0) == (status == Status.CONFIRMED)


def test_the_registration_window_is_what_registering_enforces(social_workers):
    """Rule: a published seminar takes registrations from registration_opens_at until
    registration_closes_at (else until it starts)."""
    now = timezone.now()
    seminar = SeminarFactory(
        starts_at=now + timedelta(days=30),
        registration_opens_at=now + timedelta(days=1),
        registration_closes_at=now + timedelta(days=20),
    )
    draft = SeminarFactory(status=Seminar.Status.DRAFT)
    moments = [
        (seminar, now, Phase.NOT_YET_OPEN),
        (seminar, now + timedelta(days=1), Phase.OPEN),
        (seminar, now + timedelta(days=20), Phase.CLOSED),
        (draft, now, Phase.UNAVAILABLE),
    ]
    for moment_seminar, moment, phase in moments:
        assert selectors.registration_phase(moment_seminar, now=moment) == phase
        if phase == Phase.OPEN:
            assert register(moment_seminar, social_workers, now=moment).status == Status.CONFIRMED
        else:
            with pytest.raises(services.RegistrationError) as refusal:
                register(moment_seminar, social_workers, now=moment)
            assert str(refusal.value) == str(services.WINDOW_REFUSALS[phase])


def test_the_waitlist_position_is_the_order_offers_follow(social_workers):
    """Rule: the waiting list is served by the time people joined it, then by id."""
    now = timezone.now()
    seminar = SeminarFactory(capacity=1, starts_at=now + timedelta(days=30))
    seated = register(seminar, social_workers, now=now)
    last = register(seminar, social_workers, now=now + timedelta(minutes=2))
    first = register(seminar, social_workers, now=now + timedelta(minutes=1))
    second = register(seminar, social_workers, now=now + timedelta(minutes=1))

    def positions():
        shown = {}
        for registration in (first, second, last):
            registration.refresh_from_db()
            position = selectors.waitlist_position(registration)
            if position is not None:
                message = tasks.registration_message(registration, "registration_waitlisted")
                assert f"Your place on the waiting list: {position}" in message.body
            mine = selectors.my_registrations(registration.user).current[0].registration
            assert mine.waitlist_position == position
            shown[registration.pk] = position
        return shown

    assert positions() == {first.pk: 1, second.pk: 2, last.pk: 3}
    services.registration_cancel(registration=seated, actor=seated.user)
    first.refresh_from_db()
    assert first.status == Status.OFFERED  # the seat went to position 1
    assert positions() == {first.pk: None, second.pk: 1, last.pk: 2}


def test_the_join_link_goes_to_confirmed_participants_of_a_published_online_seminar_until_it_ends():
    """Rule: the join link shows for a confirmed registration to a published online or
    hybrid seminar that has not ended; not to people waiting, nor for an in-person,
    unpublished or past seminar. Emails, /me/ and the API all follow it."""
    person = UserFactory()
    now = timezone.now()
    room = "https://meet.example.org/room-"
    cases = {
        "hybrid": (SeminarFactory(format="hybrid", join_url=f"{room}hybrid"), Status.CONFIRMED, True),
        "online": (
            SeminarFactory(format="online", venue=None, join_url=f"{room}online"),
            Status.CONFIRMED,
            True,
        ),
        "waiting": (
            SeminarFactory(format="online", venue=None, join_url=f"{room}waiting"),
            Status.WAITLISTED,
            False,
        ),
        "in-person": (SeminarFactory(join_url=f"{room}in-person"), Status.CONFIRMED, False),
        "draft": (
            SeminarFactory(format="online", venue=None, join_url=f"{room}draft", status=Seminar.Status.DRAFT),
            Status.CONFIRMED,
            False,
        ),
        "ended": (
            SeminarFactory(
                format="online",
                venue=None,
                join_url=f"{room}ended",
                starts_at=now - timedelta(days=2),
                ends_at=now - timedelta(days=1),
            ),
            Status.CONFIRMED,
            False,
        ),
    }
    registrations = {}
    for name, (seminar, status, _shown) in cases.items():
        waiting = {"confirmed_at": None, "waitlisted_at": now} if status == Status.WAITLISTED else {}
        registrations[name] = RegistrationFactory(seminar=seminar, user=person, status=status, **waiting)
    api = APIClient()
    api.force_authenticate(person)
    from_api = {
        row["seminar"]["slug"]: row.get("join_url", "")
        for row in api.get("/api/v1/registrations/").json()["results"]
    }
    mine = selectors.my_registrations(person)
    on_me = {row.registration.pk: row.join_url for row in [*mine.current, *mine.earlier]}

    for name, (seminar, _status, shown) in cases.items():
        registration = registrations[name]
        expected = seminar.join_url if shown else ""
        assert selectors.join_url(registration) == expected, name
        assert on_me[registration.pk] == expected, name
        assert from_api.get(seminar.slug, "") == expected, name
        email = tasks.registration_message(registration, "reminder").body
        assert (seminar.join_url in email) == shown, name
