"""Data for the production-run and scale-out tests, written by an app process
into the throwaway database: `python -m tests.scale.seed <scenario> <prefix>
<capacity> <people>` prints what the test needs as JSON (as tests.faults.seed)."""

import json
import sys
from datetime import timedelta

import django

PASSWORD = "correct-horse-battery-staple"


def participant(prefix: str, capacity: int, people: int) -> dict:
    """A published seminar with `capacity` seats, and `people` participants who can
    log in with a password (verified address)."""
    from allauth.account.models import EmailAddress

    from tests.faults.seed import registrations_open

    data = registrations_open(prefix, capacity, people)
    for person in data["people"]:
        EmailAddress.objects.create(user_id=person["id"], email=person["email"], verified=True, primary=True)
        person["password"] = PASSWORD
    return data


def lapsed_offer(prefix: str, capacity: int, people: int) -> dict:
    """A full seminar of `capacity` seats whose last seat was offered from the
    waiting list an hour too long ago, and `people` - capacity people still waiting
    (the first of them next in line)."""
    from django.utils import timezone

    from registrations.models import Registration
    from tests.factories import RegistrationFactory, SeminarFactory
    from tests.faults.seed import _people

    now = timezone.now()
    seminar = SeminarFactory(capacity=capacity)
    persons = _people(prefix, people)
    seated = [RegistrationFactory(seminar=seminar, user=person) for person in persons[: capacity - 1]]
    lapsed = RegistrationFactory(
        seminar=seminar,
        user=persons[capacity - 1],
        status=Registration.Status.OFFERED,
        confirmed_at=None,
        waitlisted_at=now - timedelta(days=3),
        offer_expires_at=now - timedelta(hours=1),
    )
    waiting = [
        RegistrationFactory(
            seminar=seminar,
            user=person,
            status=Registration.Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=now - timedelta(days=2) + timedelta(minutes=index),
        )
        for index, person in enumerate(persons[capacity:])
    ]
    return {
        "seminar": seminar.slug,
        "seminar_id": seminar.pk,
        "seated": [registration.pk for registration in seated],
        "lapsed": lapsed.pk,
        "waiting": [registration.pk for registration in waiting],
        "next_email": waiting[0].user.email,
    }


SCENARIOS = {"participant": participant, "lapsed_offer": lapsed_offer}


def main(scenario: str, prefix: str, capacity: str, people: str) -> None:
    django.setup()
    from django.db import transaction

    from events.models import Organisation
    from tests.faults.seed import _reset_sequences

    with transaction.atomic():
        _reset_sequences(1000 * (Organisation.objects.count() + 1))
        result = SCENARIOS[scenario](prefix, int(capacity), int(people))
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:])
