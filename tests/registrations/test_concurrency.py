"""Capacity is never exceeded under concurrent registrations.

Threads with their own database connections are released together by a
barrier. Without the seminar-row lock the race is real (shown on PostgreSQL,
where writers run in parallel); with it, exactly the free seats are confirmed.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from accounts.models import ProfessionalGroup
from registrations import selectors, services
from registrations.models import Registration
from tests.factories import SeminarFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PEOPLE = 50
SEATS = 10


def run_together(count: int, work) -> list:
    """Run work(i) in `count` threads that start at the same moment."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = work(index)
        except Exception as error:  # collected and asserted on by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.fixture
def crowd():
    seminar = SeminarFactory(capacity=SEATS)
    group = ProfessionalGroup.objects.get(slug="social-workers")
    people = [UserFactory() for _ in range(PEOPLE)]
    return seminar, group, people


def test_fifty_simultaneous_registrations_fill_ten_seats_and_the_rest_wait_in_order(crowd):
    seminar, group, people = crowd

    outcomes = run_together(
        PEOPLE,
        lambda index: services.registration_create(
            seminar=seminar,
            user=people[index],
            professional_group=group,
            organisation="Centre for Social Work",
            country="SI",
            consent=True,
        ),
    )

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    registrations = Registration.objects.filter(seminar=seminar)
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == SEATS
    waiting = list(
        registrations.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")
    )
    assert len(waiting) == PEOPLE - SEATS
    # Waiting in the order they were written: every confirmation came first.
    first_waiting = waiting[0].created_at
    assert all(
        r.created_at <= first_waiting for r in registrations.filter(status=Registration.Status.CONFIRMED)
    )
    assert [r.pk for r in waiting] == sorted(r.pk for r in waiting)


def test_without_the_lock_the_same_burst_overbooks(crowd):
    """The companion: the same check-then-write without locking the seminar row."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs writers one at a time, so the race needs PostgreSQL to show")
    seminar, group, people = crowd

    def register_without_lock(index: int) -> None:
        with transaction.atomic():
            seats = selectors.seats_left(seminar).available_for(group.pk)  # no select_for_update
            time.sleep(0.05)  # the time a real request spends between reading and writing
            status = Registration.Status.CONFIRMED if seats > 0 else Registration.Status.WAITLISTED
            Registration.objects.create(
                seminar=seminar,
                user=people[index],
                status=status,
                professional_group=group,
                organisation="Centre for Social Work",
                country="SI",
            )

    run_together(PEOPLE, register_without_lock)

    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() > SEATS
