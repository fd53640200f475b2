"""The seminar dashboard: counts by status and group, seats left per quota,
check-ins and attendance rate, hours, and a bar chart as inline SVG."""

from datetime import UTC, datetime, timedelta

import pytest

from accounts.models import ProfessionalGroup
from attendance.models import Attendance
from registrations.models import Registration, SeatQuota
from tests.factories import AgendaSessionFactory, RegistrationFactory, SeminarFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def seminar(organisation):
    return SeminarFactory(
        organisation=organisation,
        slug="referral-pathways",
        capacity=10,
        starts_at=datetime(2031, 4, 14, 7, tzinfo=UTC),
        ends_at=datetime(2031, 4, 14, 15, tzinfo=UTC),
    )


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def group(slug):
    return ProfessionalGroup.objects.get(slug=slug)


def test_dashboard_shows_the_seminars_numbers(organiser_client, seminar):
    morning = AgendaSessionFactory(
        seminar=seminar, title_en="Morning", ends_at=seminar.starts_at + timedelta(hours=3)
    )
    afternoon = AgendaSessionFactory(
        seminar=seminar,
        title_en="Afternoon",
        starts_at=seminar.starts_at + timedelta(hours=4),
        ends_at=seminar.starts_at + timedelta(hours=8),
    )
    SeatQuota.objects.create(seminar=seminar, group=group("police"), seats=3)
    police = [RegistrationFactory(seminar=seminar, professional_group=group("police")) for _ in range(2)]
    social = [RegistrationFactory(seminar=seminar) for _ in range(2)]
    RegistrationFactory(seminar=seminar, status=Status.WAITLISTED)
    RegistrationFactory(seminar=seminar, status=Status.CANCELLED, professional_group=group("police"))
    # Checked in only; present at both sessions; present in the morning only; never came.
    police[0].checked_in_at = seminar.starts_at
    police[0].save()
    Attendance.objects.create(registration=police[1], session=morning)
    Attendance.objects.create(registration=police[1], session=afternoon)
    Attendance.objects.create(registration=social[0], session=morning)
    Attendance.objects.create(registration=social[1], session=afternoon, present=False)

    response = organiser_client.get(f"/manage/seminars/{seminar.pk}/dashboard/")

    assert response.status_code == 200
    numbers = response.context["numbers"]
    assert (numbers.confirmed, numbers.checked_in, numbers.attended) == (4, 1, 3)
    assert numbers.attendance_rate == 75
    assert str(numbers.total_hours) == "7.00"
    assert str(numbers.hours_attended) == "10.00"  # 7 + 3
    assert str(numbers.average_hours) == "3.33"
    assert [(row.unit.title, row.present) for row in numbers.units] == [("Morning", 2), ("Afternoon", 1)]
    assert {status: count for status, _label, count in numbers.by_status} == {
        "pending": 0,
        "confirmed": 4,
        "waitlisted": 1,
        "offered": 0,
        "rejected": 0,
        "cancelled": 1,
        "expired": 0,
    }
    assert [(row.group.slug, row.active) for row in numbers.groups] == [("social-workers", 3), ("police", 2)]
    assert [(quota.group.slug, quota.seats, quota.left) for quota in numbers.seats.groups] == [
        ("police", 3, 1)
    ]
    assert numbers.seats.overall == 6
    page = response.content.decode()
    assert "75 %" in page
    assert '<svg class="bar-chart"' in page
    assert "style=" not in page.split('<svg class="bar-chart"')[1].split("</svg>")[0]


def test_an_empty_seminar_has_a_dashboard(organiser_client, seminar):
    response = organiser_client.get(f"/manage/seminars/{seminar.pk}/dashboard/")

    assert response.status_code == 200
    assert response.context["numbers"].attendance_rate is None
    assert "No one has registered for this seminar yet." in response.content.decode()


def test_other_organisations_seminar_is_not_found(client, seminar):
    client.force_login(UserFactory())
    assert client.get(f"/manage/seminars/{seminar.pk}/dashboard/").status_code == 404


def test_coordinators_see_every_dashboard(client, coordinator, seminar):
    client.force_login(coordinator)
    assert client.get(f"/manage/seminars/{seminar.pk}/dashboard/").status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_dashboard_costs_a_fixed_number_of_queries(
    organiser_client, seminar, django_assert_num_queries, rows
):
    session = AgendaSessionFactory(seminar=seminar)
    SeatQuota.objects.create(seminar=seminar, group=group("police"), seats=3)
    for number in range(rows):
        registration = RegistrationFactory(
            seminar=seminar, professional_group=group("police" if number % 2 else "social-workers")
        )
        Attendance.objects.create(registration=registration, session=session)
    # session, user, seminar; counts, groups, seats (2), confirmed, agenda (2), presences (2)
    with django_assert_num_queries(12):
        response = organiser_client.get(f"/manage/seminars/{seminar.pk}/dashboard/")
    assert response.status_code == 200
    assert response.context["numbers"].attended == rows
