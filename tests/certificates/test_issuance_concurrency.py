"""Two workers issuing the same registration's certificate at the same moment
make exactly one certificate (threads with their own database connections,
released together by a barrier)."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from attendance.models import Attendance
from certificates import services
from certificates.models import Certificate
from tests.factories import RegistrationFactory, SeminarFactory
from tests.registrations.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_workers_issuing_the_same_registration_make_one_certificate():
    seminar = SeminarFactory(
        starts_at=datetime(2014, 3, 12, 8, tzinfo=UTC), ends_at=datetime(2014, 3, 12, 16, tzinfo=UTC)
    )
    registration = RegistrationFactory(seminar=seminar)
    Attendance.objects.create(registration=registration, day=datetime(2014, 3, 12).date(), present=True)

    outcomes = run_together(2, lambda _index: services.certificate_issue(registration=registration))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert sorted(created for _certificate, created in outcomes) == [False, True]
    assert {certificate.pk for certificate, _created in outcomes} == set(
        Certificate.objects.values_list("pk", flat=True)
    )
    assert Certificate.objects.filter(registration=registration).count() == 1


def test_workers_issuing_different_registrations_number_them_without_gaps():
    seminar = SeminarFactory(
        starts_at=datetime(2014, 3, 12, 8, tzinfo=UTC), ends_at=datetime(2014, 3, 12, 16, tzinfo=UTC)
    )
    registrations = [RegistrationFactory(seminar=seminar) for _ in range(4)]
    for registration in registrations:
        Attendance.objects.create(registration=registration, day=datetime(2014, 3, 12).date(), present=True)

    outcomes = run_together(4, lambda index: services.certificate_issue(registration=registrations[index]))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]


def test_the_pdf_is_rendered_and_stored_with_no_lock_on_the_seminar():
    """Workers render in parallel: when the PDF is stored, another connection can
    lock the seminar row at once (NOWAIT), and the number was reserved before."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to observe")
    seminar = SeminarFactory(
        starts_at=datetime(2014, 3, 12, 8, tzinfo=UTC), ends_at=datetime(2014, 3, 12, 16, tzinfo=UTC)
    )
    registration = RegistrationFactory(seminar=seminar)
    Attendance.objects.create(registration=registration, day=datetime(2014, 3, 12).date(), present=True)
    seen_when_storing = []

    def lock_seminar_elsewhere() -> None:
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT id FROM events_seminar WHERE id = %s FOR UPDATE NOWAIT", [seminar.pk])
                cursor.execute(
                    "SELECT sequence FROM certificates_certificate WHERE registration_id = %s",
                    [registration.pk],
                )
                seen_when_storing.append(cursor.fetchall())
        finally:
            other.close()

    def when_the_pdf_is_stored(execute, sql, params, many, context):
        if sql.startswith('UPDATE "certificates_certificate"') and '"pdf"' in sql:
            thread = threading.Thread(target=lock_seminar_elsewhere)
            thread.start()
            thread.join(timeout=30)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(when_the_pdf_is_stored):
        certificate, created = services.certificate_issue(registration=registration)

    assert created
    assert seen_when_storing == [[(1,)]]
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.sha256
