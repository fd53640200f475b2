"""Data for one fault scenario, written by an app process into the throwaway
database: `python -m tests.faults.seed <scenario> <prefix> <count>` prints what
the test needs as JSON. Every scenario gets its own seminar and people, named
by the prefix."""

import json
import sys
from datetime import UTC, datetime

import django


def _reset_sequences(base: int) -> None:
    """Factory sequences start at 0 in each process: start this one after the rows
    that earlier processes wrote."""
    from tests import factories

    for factory in (
        factories.UserFactory,
        factories.OrganisationFactory,
        factories.ProjectFactory,
        factories.VenueFactory,
        factories.SeminarFactory,
    ):
        factory.reset_sequence(base)


def _people(prefix: str, count: int) -> list:
    from tests.factories import UserFactory, api_key_for

    people = [UserFactory(email=f"{prefix}-{index}@example.org") for index in range(count)]
    for person in people:
        person.api_key = api_key_for(person)
    return people


def registrations_open(prefix: str, capacity: int, people: int) -> dict:
    """A published seminar with `capacity` seats, and people with API tokens."""
    from accounts.models import PrivacyNotice
    from tests.factories import PrivacyNoticeFactory, SeminarFactory

    if PrivacyNotice.current() is None:
        PrivacyNoticeFactory(version=1)
    seminar = SeminarFactory(capacity=capacity)
    persons = _people(prefix, people)
    return {
        "seminar": seminar.slug,
        "seminar_id": seminar.pk,
        "capacity": capacity,
        "people": [{"id": p.pk, "email": p.email, "token": p.api_key} for p in persons],
    }


def certificates_due(prefix: str, capacity: int, people: int) -> dict:
    """A seminar held on 12 March 2014 that `people` confirmed registrations attended
    in full, and an organiser of it (with two-factor login set up) with an API token.
    Each such seminar has a project of its own: certificate serials are unique by
    project, year and city only (see the report of the fault tests)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from attendance.models import Attendance
    from tests.factories import MembershipFactory, ProjectFactory, RegistrationFactory, SeminarFactory

    seminar = SeminarFactory(
        project=ProjectFactory(),
        capacity=capacity,
        starts_at=datetime(2014, 3, 12, 8, tzinfo=UTC),
        ends_at=datetime(2014, 3, 12, 16, tzinfo=UTC),
    )
    registrations = [RegistrationFactory(seminar=seminar, user=person) for person in _people(prefix, people)]
    Attendance.objects.bulk_create(
        Attendance(registration=registration, day=datetime(2014, 3, 12).date(), present=True)
        for registration in registrations
    )
    [organiser] = _people(f"{prefix}-organiser", 1)
    MembershipFactory(organisation=seminar.organisation, user=organiser)
    TOTP.activate(organiser, generate_totp_secret())
    return {
        "seminar": seminar.slug,
        "seminar_id": seminar.pk,
        "registrations": [registration.pk for registration in registrations],
        "organiser_token": organiser.api_key,
    }


SCENARIOS = {"registrations_open": registrations_open, "certificates_due": certificates_due}


def main(scenario: str, prefix: str, capacity: str, people: str) -> None:
    django.setup()
    from django.db import transaction

    from events.models import Organisation

    with transaction.atomic():
        _reset_sequences(1000 * (Organisation.objects.count() + 1))
        result = SCENARIOS[scenario](prefix, int(capacity), int(people))
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:])
