"""Attendance per agenda session (or per day without an agenda), hours attended
across daylight-saving changes, and the organisers' attendance grid with its
corrections (attendance_set), audited."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry
from attendance import services
from attendance.models import Attendance
from attendance.units import attendance_units, hours_attended, total_hours, unit_key
from registrations.models import Registration
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
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


def grid_url(seminar) -> str:
    return f"/manage/seminars/{seminar.pk}/attendance/"


def present_boxes(seminar) -> set[tuple[int, str]]:
    keys = {unit.session_id or unit.day: unit.key for unit in attendance_units(seminar)}
    return {
        (row.registration_id, keys[row.session_id or row.day])
        for row in Attendance.objects.filter(registration__seminar=seminar, present=True)
    }


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


# Hours across daylight-saving changes (Europe/Ljubljana)


def test_a_session_over_the_night_the_clocks_go_back_lasts_one_hour_more(organisation):
    """27 October 2030: at 03:00 CEST the clocks go back to 02:00 CET. A session from
    02:00 CEST to 04:00 CET reads "02:00-04:00" but lasts three hours."""
    seminar = SeminarFactory(
        organisation=organisation, starts_at=utc(2030, 10, 26, 22), ends_at=utc(2030, 10, 27, 6)
    )
    night = AgendaSessionFactory(
        seminar=seminar, starts_at=utc(2030, 10, 27, 0), ends_at=utc(2030, 10, 27, 3)
    )
    morning = AgendaSessionFactory(
        seminar=seminar, starts_at=utc(2030, 10, 27, 4), ends_at=utc(2030, 10, 27, 6)
    )
    zone = seminar.zone
    assert night.starts_at.astimezone(zone).strftime("%H:%M %Z") == "02:00 CEST"
    assert night.ends_at.astimezone(zone).strftime("%H:%M %Z") == "04:00 CET"

    both = RegistrationFactory(seminar=seminar)
    night_only = RegistrationFactory(seminar=seminar)
    services.attendance_set(
        seminar=seminar,
        actor=None,
        changes={
            (both.pk, f"session-{night.pk}"): True,
            (both.pk, f"session-{morning.pk}"): True,
            (night_only.pk, f"session-{night.pk}"): True,
        },
        now=seminar.ends_at,
    )
    units = attendance_units(seminar)
    assert [unit.hours for unit in units] == [Decimal("3.00"), Decimal("2.00")]
    assert total_hours(units) == Decimal("5.00")
    assert hours_attended(seminar, [both, night_only]) == {
        both.pk: Decimal("5.00"),
        night_only.pk: Decimal("3.00"),
    }


def test_a_session_over_the_night_the_clocks_go_forward_lasts_one_hour_less(organisation):
    """31 March 2030: at 02:00 CET the clocks go forward to 03:00 CEST. 01:00-04:00 is two hours."""
    seminar = SeminarFactory(
        organisation=organisation, starts_at=utc(2030, 3, 31, 0), ends_at=utc(2030, 3, 31, 2)
    )
    session = AgendaSessionFactory(
        seminar=seminar, starts_at=utc(2030, 3, 31, 0), ends_at=utc(2030, 3, 31, 2)
    )
    assert session.starts_at.astimezone(seminar.zone).strftime("%H:%M %Z") == "01:00 CET"
    assert session.ends_at.astimezone(seminar.zone).strftime("%H:%M %Z") == "04:00 CEST"
    registration = RegistrationFactory(seminar=seminar)
    Attendance.objects.create(registration=registration, session=session)
    assert hours_attended(seminar, [registration]) == {registration.pk: Decimal("2.00")}


def test_a_seminar_without_agenda_over_the_change_is_taken_per_day(organisation):
    """Saturday to Monday, 09:00-17:00 local each day, over the October change:
    three day units of eight hours (CEST, CET, CET) whatever the offset."""
    seminar = SeminarFactory(
        organisation=organisation,
        starts_at=utc(2030, 10, 26, 7),  # 09:00 CEST
        ends_at=utc(2030, 10, 28, 16),  # 17:00 CET
    )
    units = attendance_units(seminar)
    assert [(unit.key, unit.day) for unit in units] == [
        ("day-2030-10-26", date(2030, 10, 26)),
        ("day-2030-10-27", date(2030, 10, 27)),
        ("day-2030-10-28", date(2030, 10, 28)),
    ]
    assert [unit.starts_at.astimezone(seminar.zone).strftime("%H:%M %Z") for unit in units] == [
        "09:00 CEST",
        "09:00 CET",
        "09:00 CET",
    ]
    assert [unit.hours for unit in units] == [Decimal("8.00")] * 3
    registration = RegistrationFactory(seminar=seminar)
    # Checked in on the Sunday, the day of the change: that day's unit.
    services.check_in(registration=registration, actor=None, now=utc(2030, 10, 27, 7, 30))
    assert list(Attendance.objects.values_list("day", "present")) == [(date(2030, 10, 27), True)]
    services.attendance_set(
        seminar=seminar, actor=None, changes={(registration.pk, "day-2030-10-28"): True}, now=seminar.ends_at
    )
    assert hours_attended(seminar, [registration]) == {registration.pk: Decimal("16.00")}
    assert total_hours(units) == Decimal("24.00")


# attendance_set


def test_attendance_set_writes_only_changes_and_audits_the_counts(organisation, organiser):
    seminar = SeminarFactory(organisation=organisation)
    first, second = (AgendaSessionFactory(seminar=seminar) for _ in range(2))
    registration = RegistrationFactory(seminar=seminar)
    Attendance.objects.create(registration=registration, session=first, present=True)
    changes = {
        (registration.pk, f"session-{first.pk}"): False,
        (registration.pk, f"session-{second.pk}"): True,
    }

    after = seminar.ends_at
    assert services.attendance_set(seminar=seminar, actor=organiser, changes=changes, now=after) == (1, 1)
    assert set(Attendance.objects.values_list("session_id", "present", "recorded_by")) == {
        (first.pk, False, organiser.pk),
        (second.pk, True, organiser.pk),
    }
    (entry,) = AuditEntry.objects.all()
    assert (entry.action, entry.target_id, entry.details) == (
        "attendance.correct",
        str(seminar.pk),
        {"present": 1, "absent": 1},
    )
    # The same again: nothing to change, nothing recorded.
    assert services.attendance_set(seminar=seminar, actor=organiser, changes=changes, now=after) == (0, 0)
    assert AuditEntry.objects.count() == 1


def test_attendance_set_refuses_other_registrations_and_units(organisation, organiser):
    seminar = SeminarFactory(organisation=organisation)
    session = AgendaSessionFactory(seminar=seminar)
    other_session = AgendaSessionFactory()
    mine = RegistrationFactory(seminar=seminar)
    pending = RegistrationFactory(seminar=seminar, status=Status.PENDING)
    elsewhere = RegistrationFactory(seminar=other_session.seminar)
    for changes in (
        {(pending.pk, f"session-{session.pk}"): True},
        {(elsewhere.pk, f"session-{session.pk}"): True},
        {(mine.pk, f"session-{other_session.pk}"): True},
        {(mine.pk, "day-2030-01-01"): True},
    ):
        with pytest.raises(services.RegistrationError, match="confirmed participants"):
            services.attendance_set(
                seminar=seminar,
                actor=organiser,
                changes={**changes, (mine.pk, f"session-{session.pk}"): True},
            )
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.exists()


def test_attendance_set_refuses_sessions_that_have_not_started(organisation, organiser):
    seminar = SeminarFactory(
        organisation=organisation, starts_at=utc(2030, 6, 10, 7), ends_at=utc(2030, 6, 11, 15)
    )
    first = AgendaSessionFactory(seminar=seminar, starts_at=utc(2030, 6, 10, 7), ends_at=utc(2030, 6, 10, 9))
    second = AgendaSessionFactory(seminar=seminar, starts_at=utc(2030, 6, 11, 7), ends_at=utc(2030, 6, 11, 9))
    registration = RegistrationFactory(seminar=seminar)
    during_the_first = utc(2030, 6, 10, 8)
    with pytest.raises(services.RegistrationError, match="sessions and days that have started"):
        services.attendance_set(
            seminar=seminar,
            actor=organiser,
            changes={
                (registration.pk, f"session-{first.pk}"): True,
                (registration.pk, f"session-{second.pk}"): True,
            },
            now=during_the_first,
        )
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.exists()
    # Saying "absent" where nobody is present is no change: accepted.
    assert services.attendance_set(
        seminar=seminar,
        actor=organiser,
        changes={
            (registration.pk, f"session-{first.pk}"): True,
            (registration.pk, f"session-{second.pk}"): False,
        },
        now=during_the_first,
    ) == (1, 0)
    assert present_boxes(seminar) == {(registration.pk, f"session-{first.pk}")}


# The grid


def test_the_grid_shows_units_presences_and_hours(organiser_client, organisation):
    seminar = SeminarFactory(
        organisation=organisation, starts_at=utc(2030, 6, 10, 7), ends_at=utc(2030, 6, 10, 15)
    )
    opening = AgendaSessionFactory(
        seminar=seminar, title_en="Opening", starts_at=utc(2030, 6, 10, 7), ends_at=utc(2030, 6, 10, 9)
    )
    AgendaSessionFactory(
        seminar=seminar,
        title_en="Case studies",
        starts_at=utc(2030, 6, 10, 10),
        ends_at=utc(2030, 6, 10, 13, 30),
    )
    maja = RegistrationFactory(seminar=seminar, user=UserFactory(full_name="Maja Horvat"))
    Attendance.objects.create(registration=maja, session=opening)
    RegistrationFactory(
        seminar=seminar, user=UserFactory(full_name="Cancelled Person"), status=Status.CANCELLED
    )

    body = page_of(organiser_client.get(grid_url(seminar)))
    assert "Opening" in body and "Case studies" in body
    assert "Maja Horvat" in body and "Cancelled Person" not in body
    assert (
        f'value="{maja.pk}:session-{opening.pk}" id="present-{maja.pk}:session-{opening.pk}" checked' in body
    )
    assert "2.00 / 5.50" in body
    assert "The seminar lasts 5.50 hours." in body


def test_the_grid_saves_corrections(organiser_client, organisation, organiser):
    seminar = SeminarFactory(
        organisation=organisation, starts_at=utc(2024, 6, 10, 7), ends_at=utc(2024, 6, 11, 15)
    )
    maja, nikos = (RegistrationFactory(seminar=seminar) for _ in range(2))
    Attendance.objects.create(registration=nikos, day=date(2024, 6, 10))
    response = organiser_client.post(
        grid_url(seminar),
        {
            "shown": [maja.pk, nikos.pk],
            "present": [
                f"{maja.pk}:day-2024-06-10",
                f"{maja.pk}:day-2024-06-11",
                f"{nikos.pk}:day-2024-06-11",
            ],
        },
    )
    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Attendance is saved: 3 marked present, 1 marked absent."
    ]
    assert present_boxes(seminar) == {
        (maja.pk, "day-2024-06-10"),
        (maja.pk, "day-2024-06-11"),
        (nikos.pk, "day-2024-06-11"),
    }
    assert list(AuditEntry.objects.values_list("action", "actor", "details")) == [
        ("attendance.correct", organiser.pk, {"present": 3, "absent": 1})
    ]
    body = page_of(organiser_client.get(grid_url(seminar)))
    assert "16.00 / 16.00" in body and "8.00 / 16.00" in body
    assert "attendance is taken per day" in body


def test_the_grid_refuses_boxes_of_other_seminars_and_changes_nothing(organiser_client, organisation):
    seminar = SeminarFactory(organisation=organisation)
    session = AgendaSessionFactory(seminar=seminar)
    mine = RegistrationFactory(seminar=seminar)
    elsewhere = RegistrationFactory()
    Attendance.objects.create(registration=mine, session=session)
    for data in (
        {"shown": [mine.pk], "present": [f"{elsewhere.pk}:session-{session.pk}"]},
        {"shown": [mine.pk, elsewhere.pk], "present": []},
        {"shown": [mine.pk], "present": [f"{mine.pk}:day-2030-01-01"]},
        {"shown": ["abc"], "present": []},
        {"shown": [str(2**63)], "present": []},
    ):
        response = organiser_client.post(grid_url(seminar), data)
        assert response.status_code == 400, data
        body = page_of(response)
        assert "Nothing was changed." in body
        assert "Reload the page and try again." in body
    assert present_boxes(seminar) == {(mine.pk, f"session-{session.pk}")}
    assert not AuditEntry.objects.exists()


def test_the_grid_costs_the_same_queries_for_1_or_20_participants(organiser_client, organisation):
    seminar = SeminarFactory(organisation=organisation)
    sessions = [AgendaSessionFactory(seminar=seminar) for _ in range(3)]

    def queries_for_grid() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(grid_url(seminar))
        assert response.status_code == 200
        return len(queries)

    def add(number: int) -> None:
        for index in range(number):
            registration = RegistrationFactory(
                seminar=seminar, user=None if index % 3 == 0 else UserFactory()
            )
            Attendance.objects.create(registration=registration, session=sessions[index % 3])

    add(1)
    with_one = queries_for_grid()
    add(19)
    assert page_of(organiser_client.get(grid_url(seminar))).count('name="shown"') == 20
    assert queries_for_grid() == with_one


def test_the_grid_of_another_organisation_is_not_found(client, organisation, participant):
    seminar = SeminarFactory(organisation=organisation)
    registration = RegistrationFactory(seminar=seminar)
    for user in (MembershipFactory(role="organiser").user, participant):
        client.force_login(user)
        assert client.get(grid_url(seminar)).status_code == 404
        response = client.post(
            grid_url(seminar), {"shown": [registration.pk], "present": [f"{registration.pk}:day-x"]}
        )
        assert response.status_code == 404
    assert not Attendance.objects.exists()
    client.logout()
    assert client.get(grid_url(seminar))["Location"].startswith("/accounts/login/")


def test_the_grid_disables_later_sessions_and_refuses_a_tick_there(organiser_client, organisation):
    """During the seminar: the session that has started can be ticked; the later one
    is shown disabled (with a presence from the morning's check-in kept as it is), and
    a forged tick for it is refused with the reason, changing nothing."""
    now = timezone.now()
    seminar = SeminarFactory(
        organisation=organisation, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5)
    )
    started = AgendaSessionFactory(
        seminar=seminar, starts_at=seminar.starts_at, ends_at=now + timedelta(hours=1)
    )
    later = AgendaSessionFactory(seminar=seminar, starts_at=now + timedelta(hours=2), ends_at=seminar.ends_at)
    maja, nikos = (RegistrationFactory(seminar=seminar) for _ in range(2))
    Attendance.objects.create(registration=nikos, session=later)  # checked in at the door this morning

    body = page_of(organiser_client.get(grid_url(seminar)))
    assert f'id="present-{maja.pk}:session-{started.pk}">' in body
    assert f'id="present-{maja.pk}:session-{later.pk}" disabled>' in body
    assert f'id="present-{nikos.pk}:session-{later.pk}" checked disabled>' in body
    assert "Sessions and days that have not started yet cannot be ticked." in body

    forged = organiser_client.post(
        grid_url(seminar),
        {
            "shown": [maja.pk, nikos.pk],
            "present": [f"{maja.pk}:session-{started.pk}", f"{maja.pk}:session-{later.pk}"],
        },
    )
    assert forged.status_code == 400
    assert "Attendance can only be recorded for sessions and days that have started." in page_of(forged)
    assert present_boxes(seminar) == {(nikos.pk, f"session-{later.pk}")}

    # What a browser sends (no disabled boxes): the started session is saved and
    # the morning's presence at the later one stays.
    saved = organiser_client.post(
        grid_url(seminar), {"shown": [maja.pk, nikos.pk], "present": [f"{maja.pk}:session-{started.pk}"]}
    )
    assert saved.status_code == 302
    assert present_boxes(seminar) == {(maja.pk, f"session-{started.pk}"), (nikos.pk, f"session-{later.pk}")}


def test_a_unit_has_one_key_wherever_it_is_named():
    """Units, the grid, the form and the stored rows name a unit with unit_key."""
    seminar = SeminarFactory(
        starts_at=datetime(2030, 10, 26, 7, tzinfo=UTC), ends_at=datetime(2030, 10, 27, 15, tzinfo=UTC)
    )
    days = attendance_units(seminar)
    session = AgendaSessionFactory(seminar=seminar)

    assert [unit.key for unit in days] == [unit_key(None, unit.day) for unit in days]
    assert [unit.key for unit in attendance_units(seminar)] == [f"session-{session.pk}"]
    assert unit_key(None, date(2030, 10, 26)) == "day-2030-10-26"
