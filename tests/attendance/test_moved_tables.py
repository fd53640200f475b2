"""Attendance moved from the registrations app to the attendance app without
touching its table: rows stored before the move are all found after it."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from attendance.models import Attendance

# Migrations run backwards and forwards on the real test database, so the test
# needs real commits; serialized rollback restores the data migrations' rows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_MOVE = [("registrations", "0002_attendance_walk_ins"), ("attendance", None)]


def _migrated(targets):
    """Migrate to `targets` and return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


def _stored_before_the_move(apps) -> dict[int, tuple]:
    """A seminar with a session, a registration present at it and at a day: stored
    through the models of registrations 0002."""
    starts_at = datetime(2030, 6, 10, 7, tzinfo=UTC)
    ends_at = datetime(2030, 6, 10, 15, tzinfo=UTC)
    organisation = apps.get_model("events", "Organisation").objects.create(
        name="Host before the move", slug="host-before-the-move", country="SI"
    )
    seminar = apps.get_model("events", "Seminar").objects.create(
        organisation=organisation,
        slug="before-the-move",
        format="online",
        join_url="https://meet.example.org/before-the-move",
        time_zone="Europe/Ljubljana",
        starts_at=starts_at,
        ends_at=ends_at,
        language="en",
        capacity=20,
        contact_email="training@example.org",
    )
    session = apps.get_model("events", "AgendaSession").objects.create(
        seminar=seminar, starts_at=starts_at, ends_at=ends_at
    )
    registration = apps.get_model("registrations", "Registration").objects.create(
        seminar=seminar,
        status="confirmed",
        is_walk_in=True,
        full_name="Walk-in before the move",
        professional_group=apps.get_model("accounts", "ProfessionalGroup").objects.get(slug="police"),
        organisation="Police",
        country="SI",
    )
    Attendance = apps.get_model("registrations", "Attendance")
    rows = [
        Attendance.objects.create(registration=registration, session=session, present=True),
        Attendance.objects.create(registration=registration, day=date(2030, 6, 11), present=False),
    ]
    return {row.pk: (registration.pk, row.session_id, row.day, row.present) for row in rows}


def test_attendance_rows_stored_before_the_move_are_found_through_the_new_model():
    before = _migrated(BEFORE_THE_MOVE)
    stored = _stored_before_the_move(before)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Attendance._meta.db_table == "registrations_attendance"
    found = {
        row.pk: (row.registration_id, row.session_id, row.day, row.present)
        for row in Attendance.objects.filter(pk__in=stored)
    }
    assert found == stored
    assert Attendance.objects.get(session__isnull=False, pk__in=stored).registration.full_name == (
        "Walk-in before the move"
    )
