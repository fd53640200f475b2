"""The audit log page /manage/audit/: coordinators only, read-only, filtered and
paginated at a fixed number of queries, with no personal data beyond the actor's email."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from accounts import audit
from accounts.models import AuditEntry
from events.models import Membership
from members import services as member_services
from tests.factories import MembershipFactory, OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/manage/audit/"


def _entry(action, target, actor=None, at=None, **details) -> AuditEntry:
    entry = audit.record(actor=actor, action=action, target=target, **details)
    if at is not None:
        AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def _rows(response) -> int:
    return response.content.decode().count('<th scope="row">')


def test_only_coordinators_see_the_audit_log(client, participant, organiser, coordinator):
    assert client.get(PAGE)["Location"].startswith("/accounts/login/?next=/manage/audit/")
    for person in (participant, organiser):
        client.force_login(person)
        assert client.get(PAGE).status_code == 403
    client.force_login(coordinator)
    assert client.get(PAGE).status_code == 200


def test_the_audit_log_is_read_only(client, coordinator):
    client.force_login(coordinator)
    registration = RegistrationFactory()
    _entry("registration.approve", registration, actor=coordinator)

    response = client.post(PAGE, {"action": "registration.approve"})

    assert response.status_code == 405
    assert AuditEntry.objects.count() == 1


def test_entries_show_who_what_which_object_and_when_without_names(client, coordinator):
    organiser = UserFactory(full_name="Orla Organiser-Name", email="orla@example.org")
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=organiser, role=Membership.Role.ORGANISER)
    invitee = UserFactory(full_name="Ivo Invitee-Name", email="ivo.invitee@example.org")
    _invitation, token = member_services.invitation_create(
        organisation=organisation, email=invitee.email, role="press_officer", invited_by=organiser
    )
    membership = member_services.invitation_accept(token=token, user=invitee)
    registration = RegistrationFactory(user=UserFactory(full_name="Pia Participant-Name"))
    _entry("registration.approve", registration, actor=organiser, at=datetime(2026, 5, 4, 9, 30, tzinfo=UTC))
    client.force_login(coordinator)

    body = client.get(PAGE).content.decode()

    assert "orla@example.org" in body
    assert "ivo.invitee@example.org" in body  # the actor of membership.accept
    assert f"#{registration.pk} · {registration.seminar.slug}" in body
    assert f"<code>events.membership</code> #{membership.pk}" in body
    assert "2026-05-04 09:30:00" in body
    for name in ("Orla Organiser-Name", "Ivo Invitee-Name", "Pia Participant-Name"):
        assert name not in body
    # The invitation was sent to the invitee's address: the log keeps only its number.
    invite = AuditEntry.objects.get(action="membership.invite")
    assert invite.target_repr == f"#{invite.target_id}"


def test_filters_by_action_actor_object_type_and_dates(client, coordinator):
    alice = UserFactory(email="alice.actor@example.org")
    bob = UserFactory(email="bob.actor@example.org")
    registration = RegistrationFactory()
    _entry("registration.approve", registration, actor=alice, at=datetime(2026, 1, 10, 12, tzinfo=UTC))
    _entry("registration.reject", registration, actor=bob, at=datetime(2026, 2, 10, 12, tzinfo=UTC))
    _entry("seminar.publish", registration.seminar, actor=alice, at=datetime(2026, 3, 10, 23, 59, tzinfo=UTC))
    client.force_login(coordinator)

    def actions(**query):
        response = client.get(PAGE, query)
        assert response.status_code == 200
        return [
            entry
            for entry in ("registration.approve", "registration.reject", "seminar.publish")
            if f"<code>{entry}</code>" in response.content.decode()
        ]

    assert actions() == ["registration.approve", "registration.reject", "seminar.publish"]
    assert actions(action="registration.reject") == ["registration.reject"]
    assert actions(actor="ALICE.actor") == ["registration.approve", "seminar.publish"]
    assert actions(target_type="events.seminar") == ["seminar.publish"]
    assert actions(since="2026-02-01") == ["registration.reject", "seminar.publish"]
    assert actions(until="2026-03-10") == ["registration.approve", "registration.reject", "seminar.publish"]
    assert actions(since="2026-02-10", until="2026-02-10") == ["registration.reject"]
    assert actions(actor="alice", target_type="registrations.registration") == ["registration.approve"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-02-30"}, "Enter a valid date."),
        ({"since": "1066-10-14"}, "Enter a date between the years 1900 and 2999."),
        ({"since": "2026-03-01", "until": "2026-02-01"}, "The start date must not be after the end date."),
        ({"action": "account.nonsense"}, "Select a valid choice."),
        ({"actor": "x" * 300}, "Ensure this value has at most 254 characters"),
        ({"actor": "nul\x00byte"}, "Null characters are not allowed."),
    ],
)
def test_bad_filters_are_a_clear_error(client, coordinator, query, message):
    _entry("seminar.publish", RegistrationFactory().seminar, actor=coordinator)
    client.force_login(coordinator)

    response = client.get(PAGE, query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _rows(response) == 0


def test_pages_of_fifty_newest_first(client, coordinator):
    registration = RegistrationFactory()
    for day in range(1, 52):
        _entry(
            "registration.approve",
            registration,
            at=datetime(2026, 1, 1, tzinfo=UTC).replace(day=day % 28 + 1, month=day // 28 + 1),
        )
    client.force_login(coordinator)

    first = client.get(PAGE)
    second = client.get(PAGE, {"page": "2"})
    nonsense = client.get(PAGE, {"page": "nonsense"})

    assert (_rows(first), _rows(second), _rows(nonsense)) == (50, 1, 50)
    assert "Page 1 of 2" in first.content.decode()
    assert "2026-02-24" in first.content.decode()
    assert "2026-01-02" in second.content.decode()


@pytest.mark.parametrize("entries", [1, 30])
def test_the_page_costs_a_fixed_number_of_queries(client, coordinator, django_assert_num_queries, entries):
    registration = RegistrationFactory()
    actors = [UserFactory() for _ in range(3)]
    for number in range(entries):
        _entry("registration.approve", registration, actor=actors[number % 3], status="confirmed")
    client.force_login(coordinator)

    # Session, user, the actions and types for the filters, the count, the page.
    with django_assert_num_queries(6):
        response = client.get(PAGE, {"action": "registration.approve"})

    assert _rows(response) == entries


def test_coordinators_find_the_audit_log_in_the_organiser_area(client, coordinator, organiser):
    client.force_login(coordinator)
    assert f'href="{PAGE}"' in client.get("/manage/").content.decode()
    client.force_login(organiser)
    assert f'href="{PAGE}"' not in client.get("/manage/").content.decode()


def test_erased_actors_show_as_nobody(coordinator):
    person = UserFactory(email="gone@example.org")
    registration = RegistrationFactory()
    _entry("registration.approve", registration, actor=person)
    person.delete()
    client = Client()
    client.force_login(coordinator)

    body = client.get(PAGE).content.decode()

    assert "gone@example.org" not in body
    assert "system or erased account" in body
