"""Certificates in the REST API: the holder's list and downloads, verification
for third parties, and organisers starting issuance."""

import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from attendance.models import Attendance
from certificates.models import Certificate
from tests.certificates.holders import make_certificate
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
    api_key_for,
)

pytestmark = pytest.mark.django_db

MINE = "/api/v1/certificates/"


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def verify_url(code: str) -> str:
    return f"/api/v1/certificates/verify/{code}/"


def pdf_url(certificate) -> str:
    return f"/api/v1/certificates/{certificate.pk}/pdf/"


def test_the_schema_describes_the_certificate_operations():
    output = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=output)
    schema = output.getvalue()

    for path in (
        "/api/v1/certificates/:",
        "/api/v1/certificates/{id}/pdf/:",
        "/api/v1/certificates/verify/{code}/:",
        "/api/v1/manage/seminars/{slug}/certificates/issue/:",
    ):
        assert path in schema
    assert "CertificateStatusEnum:" in schema
    assert "application/pdf:" in schema
    assert "IssueResult:" in schema


# Verification, for anyone.


def test_verification_tells_anyone_what_a_valid_certificate_states():
    certificate = make_certificate()

    response = APIClient().get(verify_url(certificate.code))

    assert response.status_code == 200
    data = response.json()
    assert data == {
        "serial": certificate.serial,
        "status": "valid",
        "holder_name": "Ana Kovač",
        "seminar_title": "Identifying child victims of trafficking",
        "starts_on": "2031-04-14",
        "ends_on": "2031-04-15",
        "city": "Ljubljana",
        "online": False,
        "hours_attended": "12.50",
        "total_hours": "14.00",
        "issuer": "Društvo Ključ",
        "language": "en",
        "issued_at": data["issued_at"],
        "revoked_at": None,
        "replaced_by": None,
        "sha256": certificate.sha256,
        "verification_url": f"{settings.SITE_URL}/certificates/verify/{certificate.code}/",
    }
    assert "code" not in data and "id" not in data


def test_verification_of_a_revoked_certificate_says_revoked_and_when_but_not_why():
    replacement = make_certificate(serial="VICTOR-2031-LJU-0200")
    certificate = make_certificate(
        replacement.registration,
        revoked=True,
        revoked_at=datetime(2031, 6, 1, 10, tzinfo=UTC),
        revocation_reason="Issued to the wrong person.",
        replaced_by=replacement,
    )

    response = APIClient().get(verify_url(certificate.code))
    data = response.json()

    assert data["status"] == "revoked"
    assert data["revoked_at"] == "2031-06-01T10:00:00Z"
    assert "revocation_reason" not in data
    assert "wrong person" not in response.content.decode()
    assert data["replaced_by"] == "VICTOR-2031-LJU-0200"


@pytest.mark.parametrize("code", ["A" * 32, "no-such-code", "%00", "x" * 300, "%E2%80%AE"])
def test_an_unknown_code_is_a_404_with_a_json_error(code):
    make_certificate()

    response = APIClient().get(verify_url(code))

    assert response.status_code == 404
    assert response.json() == {"detail": "No certificate has this code or serial number."}


@pytest.mark.parametrize(
    "typed", ["VICTOR-2026-THE-0001", "victor-2026-the-0001", " VICTOR - 2026 - THE - 0001 "]
)
def test_verification_by_the_printed_serial_number(typed):
    certificate = make_certificate(serial="VICTOR-2026-THE-0001")

    response = APIClient().get(verify_url(typed))

    assert response.status_code == 200
    assert response.json()["serial"] == certificate.serial
    # Serials run in sequence: counting through them must not yield names.
    assert response.json()["holder_name"] == "A. K."
    assert APIClient().get(verify_url(certificate.code)).json()["holder_name"] == "Ana Kovač"


def test_an_unknown_serial_number_is_the_same_404_and_counts_towards_the_limit():
    certificate = make_certificate(serial="VICTOR-2026-THE-0001")
    client = APIClient()

    unknown = client.get(verify_url("VICTOR-2026-THE-0002"))

    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "No certificate has this code or serial number."}
    for _ in range(29):
        client.get(verify_url("VICTOR-2026-THE-0003"))
    assert client.get(verify_url(certificate.serial)).status_code == 429


def test_verification_is_throttled_per_client_address():
    certificate = make_certificate()
    client = APIClient()
    for _ in range(30):
        assert client.get(verify_url(certificate.code)).status_code == 200

    limited = client.get(verify_url(certificate.code))
    elsewhere = client.get(verify_url(certificate.code), REMOTE_ADDR="10.9.8.7")

    assert limited.status_code == 429
    assert "Retry-After" in limited
    assert elsewhere.status_code == 200


def test_a_logged_in_person_verifies_like_anyone(participant):
    """The endpoint ignores credentials: the answer does not depend on who asks."""
    certificate = make_certificate()

    assert as_user(participant).get(verify_url(certificate.code)).json()["status"] == "valid"


# The holder's own.


def test_the_holder_lists_their_certificates_only(participant):
    mine = make_certificate(RegistrationFactory(user=participant))
    revoked = make_certificate(RegistrationFactory(user=participant), revoked=True)
    make_certificate()  # someone else's

    response = as_user(participant).get(MINE)

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {mine.pk, revoked.pk}
    assert rows[mine.pk]["status"] == "valid"
    assert rows[mine.pk]["pdf_url"] == f"http://testserver{pdf_url(mine)}"
    assert rows[revoked.pk]["status"] == "revoked"
    assert rows[revoked.pk]["pdf_url"] is None
    assert rows[revoked.pk]["revocation_reason"] == "Issued to the wrong person."


def test_listing_needs_a_login():
    assert APIClient().get(MINE).status_code == 401


def test_the_list_costs_the_same_queries_for_one_or_three_certificates(
    participant, django_assert_num_queries
):
    make_certificate(RegistrationFactory(user=participant))
    client = as_user(participant)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(MINE).json()["results"]) == 1
    replacement = make_certificate(RegistrationFactory(user=participant))
    make_certificate(replacement.registration, revoked=True, replaced_by=replacement)

    with django_assert_num_queries(len(one)):
        assert len(client.get(MINE).json()["results"]) == 3


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("accept", ["application/pdf", "application/json", "*/*"])
def test_the_holder_downloads_the_issued_pdf(participant, accept):
    certificate = make_certificate(RegistrationFactory(user=participant))

    response = as_user(participant).get(pdf_url(certificate), HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.serial}.pdf"'
    assert hashlib.sha256(_content(response)).hexdigest() == certificate.sha256


@pytest.mark.parametrize("accept", ["application/pdf", "application/json"])
def test_nobody_else_downloads_it_and_the_error_is_json(participant, accept):
    certificate = make_certificate(RegistrationFactory(user=participant))
    outsider = UserFactory()
    organiser = MembershipFactory(organisation=certificate.seminar.organisation).user

    for user in (outsider, organiser):
        response = as_user(user).get(pdf_url(certificate), HTTP_ACCEPT=accept)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()
    assert APIClient().get(pdf_url(certificate)).status_code == 401


def test_a_revoked_certificate_is_not_downloadable(participant):
    revoked = make_certificate(RegistrationFactory(user=participant), revoked=True)

    assert as_user(participant).get(pdf_url(revoked)).status_code == 404


def test_guessing_ids_finds_nothing(participant):
    mine = make_certificate(RegistrationFactory(user=participant))
    others = [make_certificate() for _ in range(3)]
    client = as_user(participant)

    answers = {}
    for pk in [*(other.pk for other in others), mine.pk + 100, 2**63, 0]:
        answers[pk] = client.get(f"/api/v1/certificates/{pk}/pdf/").status_code

    assert set(answers.values()) == {404}


# Organisers start issuance.


@pytest.fixture
def attended_seminar(organisation):
    """One two-hour session; two people attended it, one did not."""
    start = datetime(2014, 3, 12, 8, tzinfo=UTC)
    seminar = SeminarFactory(
        organisation=organisation,
        slug="victor-ljubljana",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
    )
    session = AgendaSessionFactory(seminar=seminar, starts_at=start, ends_at=start + timedelta(hours=2))
    for present in (True, True, False):
        registration = RegistrationFactory(seminar=seminar)
        Attendance.objects.create(registration=registration, session=session, present=present)
    return seminar


ISSUE = "/api/v1/manage/seminars/{}/certificates/issue/"


def test_an_organiser_issues_the_seminars_certificates(
    organiser, attended_seminar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(organiser).post(ISSUE.format(attended_seminar.slug), format="json")

    assert response.status_code == 202
    # The answer comes before the tasks (enqueued after commit) have run.
    assert response.json() == {"queued": 2, "eligible": 2, "issued": 0, "skipped_revoked": 0}
    certificates = Certificate.objects.filter(seminar=attended_seminar)
    assert certificates.count() == 2
    assert all(certificate.sha256 for certificate in certificates)
    assert len(mail.outbox) == 2

    with django_capture_on_commit_callbacks(execute=True):
        again = as_user(organiser).post(ISSUE.format(attended_seminar.slug), format="json")

    assert again.json() == {"queued": 0, "eligible": 2, "issued": 2, "skipped_revoked": 0}
    assert certificates.count() == 2


def test_issuing_before_the_seminar_has_ended_is_refused_with_the_reason(
    organiser, attended_seminar, django_capture_on_commit_callbacks
):
    now = datetime.now(UTC)
    attended_seminar.starts_at, attended_seminar.ends_at = now - timedelta(hours=1), now + timedelta(hours=7)
    attended_seminar.save(update_fields=["starts_at", "ends_at"])

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(organiser).post(ISSUE.format(attended_seminar.slug), format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Certificates can only be issued after the seminar has ended."}
    assert not Certificate.objects.exists()
    assert mail.outbox == []


def test_organisers_of_another_organisation_get_a_404(attended_seminar):
    outsider = MembershipFactory(role="organiser").user

    response = as_user(outsider).post(ISSUE.format(attended_seminar.slug), format="json")

    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_participants_and_visitors_cannot_issue(participant, attended_seminar):
    assert as_user(participant).post(ISSUE.format(attended_seminar.slug)).status_code == 404
    assert APIClient().post(ISSUE.format(attended_seminar.slug)).status_code == 401
    assert not Certificate.objects.exists()


def test_a_coordinator_issues_for_any_organisation(coordinator, attended_seminar):
    response = as_user(coordinator).post(ISSUE.format(attended_seminar.slug), format="json")

    assert response.status_code == 202
    assert response.json()["queued"] == 2


def test_issuing_skips_people_whose_certificate_was_revoked(
    organiser, attended_seminar, django_capture_on_commit_callbacks
):
    from certificates import services

    with django_capture_on_commit_callbacks(execute=True):
        as_user(organiser).post(ISSUE.format(attended_seminar.slug), format="json")
    revoked = Certificate.objects.filter(seminar=attended_seminar).first()
    services.certificate_revoke(certificate=revoked, actor=organiser, reason="Issued by mistake.")

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(organiser).post(ISSUE.format(attended_seminar.slug), format="json")

    assert response.json() == {"queued": 0, "eligible": 2, "issued": 1, "skipped_revoked": 1}
    assert not Certificate.objects.valid().filter(registration_id=revoked.registration_id).exists()
