"""Eligibility, issuing (in bulk from the organiser's page, by task, by command),
revoking and reissuing certificates, and the organiser's pages."""

import hashlib
import io
import os
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from accounts.models import AuditEntry
from attendance.models import Attendance
from certificates import issuance, services
from certificates.eligibility import eligible_registrations
from certificates.models import Certificate, CertificateDesign, Signatory
from certificates.tasks import issue_certificate
from events.models import Seminar
from registrations.models import Registration
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def seminar(organisation):
    """Four two-hour sessions (8 hours) in Ljubljana, in March 2014."""
    seminar = SeminarFactory(
        organisation=organisation,
        venue=VenueFactory(organisation=organisation, city="Ljubljana"),
        project=ProjectFactory(acronym="VICTOR", coordinator=organisation, funder="the European Commission"),
        slug="victor-ljubljana",
        starts_at=datetime(2014, 3, 12, 8, tzinfo=UTC),
        ends_at=datetime(2014, 3, 12, 17, tzinfo=UTC),
    )
    for hour in (8, 10, 13, 15):
        start = datetime(2014, 3, 12, hour, tzinfo=UTC)
        AgendaSessionFactory(seminar=seminar, starts_at=start, ends_at=start + timedelta(hours=2))
    return seminar


def attend(registration, sessions: int) -> Registration:
    for session in registration.seminar.sessions.order_by("starts_at")[:sessions]:
        Attendance.objects.create(registration=registration, session=session, present=True)
    return registration


def participant_of(seminar, sessions: int = 4, **fields) -> Registration:
    return attend(RegistrationFactory(seminar=seminar, **fields), sessions)


def stored(certificate) -> bytes:
    with certificate.pdf.open("rb") as file:
        return file.read()


# Eligibility


def test_eligible_are_confirmed_participants_with_three_quarters_of_the_hours(seminar):
    full = participant_of(seminar, 4)
    three_quarters = participant_of(seminar, 3)
    half = participant_of(seminar, 2)
    participant_of(seminar, 4, status=Registration.Status.CANCELLED)
    participant_of(seminar, 4, status=Registration.Status.WAITLISTED)
    participant_of(seminar, 4, user=None, anonymised_at=datetime(2020, 1, 1, tzinfo=UTC))
    absent = RegistrationFactory(seminar=seminar)
    Attendance.objects.create(registration=absent, session=seminar.sessions.first(), present=False)

    eligible = eligible_registrations(seminar)

    assert {item.registration for item in eligible} == {full, three_quarters}
    assert {item.registration.pk: str(item.hours_attended) for item in eligible} == {
        full.pk: "8.00",
        three_quarters.pk: "6.00",
    }
    assert {str(item.total_hours) for item in eligible} == {"8.00"}
    assert half not in {item.registration for item in eligible}


def test_the_seminar_sets_the_share_of_hours_needed(seminar):
    three_quarters = participant_of(seminar, 3)
    full = participant_of(seminar, 4)
    CertificateDesign.objects.create(seminar=seminar, min_attendance_percent=100)

    assert [item.registration for item in eligible_registrations(seminar)] == [full]
    assert three_quarters.pk not in [item.registration.pk for item in eligible_registrations(seminar)]


def test_a_walk_in_earns_a_certificate_like_anyone(seminar):
    walk_in = participant_of(seminar, 4, user=None, is_walk_in=True, full_name="Marta Horvat")
    assert [item.registration for item in eligible_registrations(seminar)] == [walk_in]


# Issuing one certificate


def test_issuing_freezes_what_is_certified_and_stores_the_pdf_with_its_hash(seminar):
    registration = participant_of(seminar, 3, user__full_name="Ana Kovač")

    certificate, created = services.certificate_issue(registration=registration, actor=None)

    assert created
    assert certificate.serial == "VICTOR-2014-LJU-0001"
    assert (certificate.holder_name, certificate.city, certificate.issuer) == (
        "Ana Kovač",
        "Ljubljana",
        seminar.organisation.name,
    )
    assert (str(certificate.hours_attended), str(certificate.total_hours)) == ("6.00", "8.00")
    assert certificate.starts_on == certificate.ends_on == datetime(2014, 3, 12).date()
    content = stored(certificate)
    assert hashlib.sha256(content).hexdigest() == certificate.sha256
    assert "6 of 8 hours" in pdf_text(content)
    # Later changes to the account and the seminar change nothing on the certificate.
    registration.user.full_name = "Someone Else"
    registration.user.save()
    Seminar.objects.filter(pk=seminar.pk).update(title_en="Renamed")
    certificate.refresh_from_db()
    assert certificate.holder_name == "Ana Kovač"
    assert certificate.seminar_title == seminar.title_en
    assert AuditEntry.objects.filter(action="certificate.issue", target_id=str(certificate.pk)).count() == 1


def test_issuing_twice_gives_back_the_same_certificate(seminar):
    registration = participant_of(seminar)
    first, created = services.certificate_issue(registration=registration)
    again, created_again = services.certificate_issue(registration=registration)
    assert (created, created_again) == (True, False)
    assert again == first
    assert Certificate.objects.count() == 1


def test_someone_who_attended_too_little_gets_no_certificate(seminar):
    registration = participant_of(seminar, 2)
    with pytest.raises(services.CertificateError):
        services.certificate_issue(registration=registration)
    assert not Certificate.objects.exists()


def test_the_database_refuses_a_second_valid_certificate(seminar):
    certificate, _ = services.certificate_issue(registration=participant_of(seminar))
    copy = Certificate(
        **{
            field.attname: getattr(certificate, field.attname)
            for field in Certificate._meta.concrete_fields
            if field.attname not in ("id", "serial", "code", "sequence")
        },
        serial="VICTOR-2014-LJU-0099",
        sequence=99,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_serials_count_per_seminar_and_say_online_and_victor_when_no_project(organisation):
    online = SeminarFactory(
        organisation=organisation,
        venue=None,
        format=Seminar.Format.ONLINE,
        join_url="https://meet.example.org/x",
        project=None,
        starts_at=datetime(2015, 5, 4, 8, tzinfo=UTC),
        ends_at=datetime(2015, 5, 4, 12, tzinfo=UTC),
    )
    day = datetime(2015, 5, 4).date()
    registrations = [RegistrationFactory(seminar=online) for _ in range(2)]
    for registration in registrations:
        Attendance.objects.create(registration=registration, day=day, present=True)

    serials = [services.certificate_issue(registration=r)[0].serial for r in registrations]

    assert serials == ["VICTOR-2015-ONL-0001", "VICTOR-2015-ONL-0002"]
    assert "held online on 4 May 2015" in pdf_text(stored(Certificate.objects.get(serial=serials[0])))


def test_seminars_sharing_project_place_and_year_get_serials_of_their_own(organisation):
    """The second online seminar of 2015 numbers its certificates under ONL2, and keeps
    that prefix; the first keeps ONL."""

    def online_seminar_with_attendees(day):
        seminar = SeminarFactory(
            organisation=organisation,
            venue=None,
            format=Seminar.Format.ONLINE,
            join_url="https://meet.example.org/x",
            project=None,
            starts_at=datetime(2015, 5, day, 8, tzinfo=UTC),
            ends_at=datetime(2015, 5, day, 12, tzinfo=UTC),
        )
        registrations = [RegistrationFactory(seminar=seminar) for _ in range(2)]
        for registration in registrations:
            Attendance.objects.create(registration=registration, day=seminar.starts_at.date(), present=True)
        return registrations

    first, second = online_seminar_with_attendees(4), online_seminar_with_attendees(11)

    serials = [
        services.certificate_issue(registration=registration)[0].serial
        for registration in (first[0], second[0], first[1], second[1])
    ]

    assert serials == [
        "VICTOR-2015-ONL-0001",
        "VICTOR-2015-ONL2-0001",
        "VICTOR-2015-ONL-0002",
        "VICTOR-2015-ONL2-0002",
    ]


def test_a_certificate_whose_pdf_was_never_stored_is_finished_with_its_number(
    client, organiser, seminar, django_capture_on_commit_callbacks
):
    """A worker that dies between reserving the number and storing the PDF leaves a
    row without PDF: nobody can download or verify it, the organiser sees it being
    issued, and the next attempt (the button, or the requeued task) finishes it."""
    registration = participant_of(seminar, user__email="ana@example.org")
    services.certificate_issue(registration=participant_of(seminar))  # another holder, issued in full
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _ = services.certificate_issue(registration=registration)
    certificate.pdf.storage.delete(certificate.pdf.name)
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", sha256="")
    mail.outbox.clear()

    client.force_login(registration.user)
    assert client.get(f"/me/certificates/{certificate.pk}/pdf/").status_code == 404
    assert (
        "No certificate issued through VICTOR Seminars matches."
        in client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    )
    client.force_login(organiser)
    page = client.get(f"/manage/seminars/{seminar.pk}/certificates/").content.decode()
    assert "Being issued" in page
    assert f"/manage/seminars/{seminar.pk}/certificates/{certificate.pk}/revoke/" not in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/seminars/{seminar.pk}/certificates/issue/")

    finished = Certificate.objects.get(registration=registration)
    assert (finished.pk, finished.serial, finished.code) == (
        certificate.pk,
        certificate.serial,
        certificate.code,
    )
    assert hashlib.sha256(stored(finished)).hexdigest() == finished.sha256
    assert Certificate.objects.count() == 2
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert (
        "2 of 2 eligible participants have a certificate."
        in client.get(f"/manage/seminars/{seminar.pk}/certificates/").content.decode()
    )


# Nothing is issued before the seminar has ended, through any door


@pytest.fixture
def running_seminar(organisation):
    """On now (started an hour ago, ends in seven), with a participant ticked
    present at every session, including those still to come."""
    now = timezone.now()
    seminar = SeminarFactory(
        organisation=organisation, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=7)
    )
    AgendaSessionFactory(seminar=seminar, starts_at=seminar.starts_at, ends_at=seminar.ends_at)
    participant_of(seminar, 1)
    return seminar


NOT_ENDED = "Certificates can only be issued after the seminar has ended."


def test_the_services_issue_nothing_before_the_seminar_has_ended(running_seminar, organiser):
    registration = Registration.objects.get(seminar=running_seminar)
    with pytest.raises(services.CertificateError, match=NOT_ENDED):
        services.certificates_issue_for_seminar(seminar=running_seminar, actor=organiser)
    with pytest.raises(services.CertificateError, match=NOT_ENDED):
        services.certificate_issue(registration=registration, actor=organiser)
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.exists()
    assert issuance.issuance_refusal(running_seminar, now=running_seminar.ends_at) == ""
    certificate, created = services.certificate_issue(
        registration=registration, actor=organiser, now=running_seminar.ends_at
    )
    assert created and certificate.serial


def test_the_page_says_certificates_wait_for_the_end_and_issues_nothing(
    client, organiser, running_seminar, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    url = f"/manage/seminars/{running_seminar.pk}/certificates/"
    body = client.get(url).content.decode()
    assert NOT_ENDED in body
    assert "/certificates/issue/" not in body

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}issue/", follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert NOT_ENDED in response.content.decode()
    assert not Certificate.objects.exists()
    assert mail.outbox == []


def test_the_command_issues_nothing_before_the_seminar_has_ended(running_seminar):
    with pytest.raises(CommandError, match=NOT_ENDED):
        call_command("issue_certificates", running_seminar.slug, stdout=io.StringIO())
    assert not Certificate.objects.exists()


# Issuing in bulk: the organiser's button, the tasks, the emails


def test_the_organiser_issues_everyone_eligible_and_each_holder_is_told_in_their_language(
    client, organiser, seminar, django_capture_on_commit_callbacks
):
    greek = participant_of(seminar, 4, user__preferred_language="el", user__email="zoi@example.org")
    walk_in = participant_of(
        seminar, 4, user=None, is_walk_in=True, full_name="Marta Horvat", email="marta@example.org"
    )
    silent = participant_of(seminar, 4, user=None, is_walk_in=True, full_name="No Email")
    participant_of(seminar, 1)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/seminars/{seminar.pk}/certificates/issue/")

    assert response.status_code == 302
    certificates = {c.registration_id: c for c in Certificate.objects.all()}
    assert set(certificates) == {greek.pk, walk_in.pk, silent.pk}
    assert certificates[greek.pk].language == "el"
    assert sorted(c.sequence for c in certificates.values()) == [1, 2, 3]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"zoi@example.org", "marta@example.org"}
    account_mail = by_address["zoi@example.org"]
    assert "/el/me/" in account_mail.body or "/me/" in account_mail.body
    assert certificates[greek.pk].serial in account_mail.body
    assert account_mail.attachments == []
    walk_in_mail = by_address["marta@example.org"]
    [(filename, content, mimetype)] = walk_in_mail.attachments
    assert (filename, mimetype) == (f"{certificates[walk_in.pk].serial}.pdf", "application/pdf")
    assert hashlib.sha256(content).hexdigest() == certificates[walk_in.pk].sha256

    page = client.get(f"/manage/seminars/{seminar.pk}/certificates/")
    body = page.content.decode()
    assert "3 of 3 eligible participants have a certificate." in body
    assert 'http-equiv="refresh"' not in body
    assert certificates[walk_in.pk].serial in body

    # Again: nothing more to do.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/seminars/{seminar.pk}/certificates/issue/")
    assert Certificate.objects.count() == 3
    assert mail.outbox == []


def test_the_list_shows_when_each_certificate_was_issued_in_the_venues_zone(client, organiser, seminar):
    """Issued at 23:30 UTC on 12 March 2014: in Ljubljana it was already the 13th."""
    certificate, _created = services.certificate_issue(
        registration=participant_of(seminar), actor=organiser, now=datetime(2014, 3, 12, 23, 30, tzinfo=UTC)
    )
    client.force_login(organiser)

    for url in (
        f"/manage/seminars/{seminar.pk}/certificates/",
        f"/manage/seminars/{seminar.pk}/certificates/{certificate.pk}/revoke/",
    ):
        body = client.get(url).content.decode()
        assert "13 March 2014, 00:30 CET" in body
        assert "a.m." not in body and "p.m." not in body


def test_the_page_refreshes_itself_while_certificates_are_still_being_issued(client, organiser, seminar):
    participant_of(seminar)
    participant_of(seminar)
    client.force_login(organiser)
    # Enqueued after a commit that never comes inside this test's transaction: still pending.
    client.post(f"/manage/seminars/{seminar.pk}/certificates/issue/")

    body = client.get(f"/manage/seminars/{seminar.pk}/certificates/").content.decode()

    assert "0 of 2 eligible participants have a certificate." in body
    assert '<meta http-equiv="refresh" content="3">' in body


@pytest.mark.parametrize("count", [1, 3])
def test_the_certificate_list_costs_the_same_queries_whatever_its_length(
    client, organiser, seminar, count, django_assert_num_queries
):
    for _ in range(count):
        services.certificate_issue(registration=participant_of(seminar))
    client.force_login(organiser)
    with django_assert_num_queries(11):
        response = client.get(f"/manage/seminars/{seminar.pk}/certificates/")
    assert response.content.decode().count("<td>VICTOR-2014-LJU-") == count


def test_another_organisations_organiser_finds_no_certificate_pages(client, seminar, password):
    certificate, _ = services.certificate_issue(registration=participant_of(seminar))
    outsider = MembershipFactory(role="organiser").user
    client.force_login(outsider)
    base = f"/manage/seminars/{seminar.pk}/certificates/"
    for url in (
        base,
        f"{base}design/",
        f"{base}{certificate.pk}/revoke/",
        f"{base}{certificate.pk}/reissue/",
    ):
        assert client.get(url).status_code == 404
    for url in (f"{base}issue/", f"{base}{certificate.pk}/revoke/", f"{base}{certificate.pk}/reissue/"):
        assert client.post(url, {"reason": "x"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert Certificate.objects.count() == 1


# Revoking and reissuing


def test_revoking_needs_a_reason_and_is_recorded(client, organiser, seminar):
    certificate, _ = services.certificate_issue(registration=participant_of(seminar))
    client.force_login(organiser)
    url = f"/manage/seminars/{seminar.pk}/certificates/{certificate.pk}/revoke/"

    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    certificate.refresh_from_db()
    assert certificate.is_valid

    assert client.post(url, {"reason": "Issued to the wrong person."}).status_code == 302
    certificate.refresh_from_db()
    assert (certificate.is_valid, certificate.revocation_reason, certificate.revoked_by) == (
        False,
        "Issued to the wrong person.",
        organiser,
    )
    assert AuditEntry.objects.filter(action="certificate.revoke", actor=organiser).count() == 1
    again = client.post(url, {"reason": "Twice"})
    assert again.status_code == 400
    assert "already revoked" in again.content.decode()


def test_revoking_tells_the_holder_by_email_in_their_language_after_commit(
    client, organiser, seminar, django_capture_on_commit_callbacks
):
    registration = participant_of(seminar, user__preferred_language="el", user__email="ana@example.org")
    certificate, _ = services.certificate_issue(registration=registration)
    seminar.contact_email = "info@kljuc.example"
    seminar.save(update_fields=["contact_email"])
    client.force_login(organiser)
    mail.outbox.clear()
    url = f"/manage/seminars/{seminar.pk}/certificates/{certificate.pk}/revoke/"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(url, {"reason": "Issued to the wrong person."}).status_code == 302
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    html = message.alternatives[0].content
    assert '<html lang="el">' in html
    certificate.refresh_from_db()
    for part in (message.body, html):
        assert "Issued to the wrong person." in part
        assert certificate.serial in part
        assert "info@kljuc.example" in part
        assert f"/certificates/verify/{certificate.code}/" in part


def test_the_revocation_email_says_revoked_the_date_the_reason_and_whom_to_ask(
    seminar, django_capture_on_commit_callbacks
):
    registration = participant_of(seminar, user__preferred_language="en")
    certificate, _ = services.certificate_issue(registration=registration)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(
            certificate=certificate,
            actor=None,
            reason="Attendance was recorded by mistake.",
            now=datetime(2014, 3, 30, 23, 30, tzinfo=UTC),  # 31 March in Ljubljana (CEST)
        )

    [message] = mail.outbox
    assert message.subject == f"Your certificate has been revoked: {certificate.seminar_title}"
    text = " ".join(message.body.split())
    assert (
        f"Your certificate of attendance {certificate.serial} for “{certificate.seminar_title}” "
        "was revoked on 31 March 2014. It is no longer valid." in text
    )
    assert "Reason: Attendance was recorded by mistake." in text
    assert f"write to {certificate.issuer} at {seminar.contact_email}." in text


def test_reissuing_sends_the_new_certificate_and_no_revocation_email(
    organiser, seminar, django_capture_on_commit_callbacks
):
    registration = participant_of(seminar)
    old, _ = services.certificate_issue(registration=registration)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reissue(certificate=old, actor=organiser)

    assert [message.subject.split(":")[0] for message in mail.outbox] == ["Your certificate of attendance"]


def test_reissuing_after_a_name_correction_makes_a_new_certificate_and_revokes_the_old(
    client, organiser, seminar, django_capture_on_commit_callbacks
):
    registration = participant_of(seminar, user__full_name="Ana Kovac")
    old, _ = services.certificate_issue(registration=registration)
    registration.user.full_name = "Ana Kovač"
    registration.user.save()
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/seminars/{seminar.pk}/certificates/{old.pk}/reissue/")

    assert response.status_code == 302
    old.refresh_from_db()
    new = Certificate.objects.valid().get(registration=registration)
    assert (old.is_valid, old.revocation_reason, old.replaced_by) == (False, "reissued", new)
    assert (new.holder_name, new.serial) == ("Ana Kovač", "VICTOR-2014-LJU-0002")
    assert "Ana Kovač" in pdf_text(stored(new))
    assert [message.to for message in mail.outbox] == [[registration.user.email]]
    assert AuditEntry.objects.filter(action="certificate.reissue", target_id=str(new.pk)).exists()
    # A revoked certificate is not reissued again.
    assert client.post(f"/manage/seminars/{seminar.pk}/certificates/{old.pk}/reissue/").status_code == 400
    assert Certificate.objects.count() == 2


# The design


def png_upload(name="signature.png", image_format="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 60), (0, 0, 0)).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def design_data(**overrides) -> dict:
    data = {
        "min_attendance_percent": "80",
        "language": "",
        "wording_en": "Twelve modules on referral.",
        "wording_sl": "",
        "wording_el": "",
        "wording_ro": "",
        "signatories-TOTAL_FORMS": "1",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "3",
        "signatories-0-name": "Maja Novak",
        "signatories-0-title": "Director",
        "signatories-0-position": "1",
    }
    data.update(overrides)
    return data


def test_the_organiser_sets_the_rule_wording_and_a_signatory_with_a_signature(client, organiser, seminar):
    client.force_login(organiser)
    response = client.post(
        f"/manage/seminars/{seminar.pk}/certificates/design/",
        design_data(**{"signatories-0-signature": png_upload()}),
    )
    assert response.status_code == 302
    design = CertificateDesign.objects.get(seminar=seminar)
    assert (design.min_attendance_percent, design.wording_en) == (80, "Twelve modules on referral.")
    signatory = Signatory.objects.get(design=design)
    assert signatory.name == "Maja Novak"
    assert signatory.signature.name.startswith("certificates/signatures/")
    certificate, _ = services.certificate_issue(registration=participant_of(seminar))
    text = pdf_text(stored(certificate))
    assert "Maja Novak" in text
    assert "Twelve modules on referral." in text


def noise_png() -> SimpleUploadedFile:
    """A real PNG of random pixels, over 1 MB."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(buffer, "PNG")
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (
            SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>", content_type="image/png"),
            "Upload a valid image",
        ),
        (png_upload("drawing.gif", "GIF"), "Upload a PNG or JPEG image."),
        (noise_png(), "larger than 1 MB"),
    ],
)
def test_a_signature_must_be_a_small_png_or_jpeg(client, organiser, seminar, upload, error):
    client.force_login(organiser)
    response = client.post(
        f"/manage/seminars/{seminar.pk}/certificates/design/",
        design_data(**{"signatories-0-signature": upload}),
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not CertificateDesign.objects.exists()
    assert not Signatory.objects.exists()


def test_at_most_three_signatories(client, organiser, seminar):
    client.force_login(organiser)
    data = design_data(**{"signatories-TOTAL_FORMS": "4"})
    for index in range(4):
        data[f"signatories-{index}-name"] = f"Signatory {index}"
    response = client.post(f"/manage/seminars/{seminar.pk}/certificates/design/", data)
    assert response.status_code == 400
    assert "Please submit at most 3 forms." in response.content.decode()
    assert not Signatory.objects.exists()


def test_the_percentage_is_between_1_and_100(client, organiser, seminar):
    client.force_login(organiser)
    response = client.post(
        f"/manage/seminars/{seminar.pk}/certificates/design/", design_data(min_attendance_percent="101")
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    assert not CertificateDesign.objects.exists()


# The command


def test_the_command_issues_with_a_progress_bar(seminar):
    participant_of(seminar)
    participant_of(seminar)
    participant_of(seminar, 1)
    out = io.StringIO()

    call_command("issue_certificates", seminar.slug, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "[..............................] 0/2"
    assert lines[1] == "[###############...............] 1/2"
    assert lines[2] == "[##############################] 2/2"
    assert "2 certificates issued" in lines[3]
    assert Certificate.objects.count() == 2


def test_the_command_refuses_an_unknown_seminar():
    with pytest.raises(CommandError, match="No seminar with the slug 'no-such-seminar'"):
        call_command("issue_certificates", "no-such-seminar", stdout=io.StringIO())


# A revocation stands: issuing in bulk (button, API, command, tasks) skips the holder


def revoked_and_unserved(seminar, organiser):
    """Two eligible participants: one whose certificate was revoked (and who still
    attended enough: attendance was not corrected), one without a certificate."""
    mistaken = participant_of(seminar)
    certificate, _ = services.certificate_issue(registration=mistaken, actor=organiser)
    services.certificate_revoke(
        certificate=certificate, actor=organiser, reason="Issued by mistake: did not attend."
    )
    return mistaken, certificate, participant_of(seminar)


def test_the_button_skips_people_whose_certificate_was_revoked_and_says_so(
    client, organiser, seminar, django_capture_on_commit_callbacks
):
    mistaken, _revoked, waiting = revoked_and_unserved(seminar, organiser)
    client.force_login(organiser)
    list_url = f"/manage/seminars/{seminar.pk}/certificates/"

    body = client.get(list_url).content.decode()

    assert "Issue 1 certificate<" in body
    assert "1 person whose certificate was revoked is not included" in body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{list_url}issue/")

    assert set(Certificate.objects.valid().values_list("registration_id", flat=True)) == {waiting.pk}
    assert Certificate.objects.filter(registration=mistaken).count() == 1
    entry = AuditEntry.objects.get(action="certificate.issue_requested")
    assert (entry.details["count"], entry.details["skipped_revoked"]) == (1, 1)
    body = client.get(list_url).content.decode()
    assert "1 of 2 eligible participants have a certificate." in body
    assert "Issue 1 certificate" not in body
    assert 'http-equiv="refresh"' not in body  # nothing left to wait for


def test_a_task_or_the_service_refuses_to_undo_a_revocation(organiser, seminar):
    mistaken, _revoked, _waiting = revoked_and_unserved(seminar, organiser)

    # A task queued before the revocation runs after it.
    assert issue_certificate.call(mistaken.pk, organiser.pk) == "not eligible"
    with pytest.raises(services.CertificateError, match="certificate was revoked"):
        services.certificate_issue(registration=mistaken, actor=organiser)
    assert not Certificate.objects.valid().filter(registration=mistaken).exists()


def test_the_command_skips_people_whose_certificate_was_revoked(organiser, seminar):
    _mistaken, _revoked, waiting = revoked_and_unserved(seminar, organiser)
    out = io.StringIO()

    call_command("issue_certificates", seminar.slug, stdout=out)

    assert "1 people whose certificate was revoked are not included" in out.getvalue()
    assert "1 certificates issued" in out.getvalue()
    assert set(Certificate.objects.valid().values_list("registration_id", flat=True)) == {waiting.pk}


def test_the_organiser_issues_a_new_certificate_from_the_revoked_row(
    client, organiser, seminar, django_capture_on_commit_callbacks
):
    mistaken, revoked, _waiting = revoked_and_unserved(seminar, organiser)
    client.force_login(organiser)
    list_url = f"/manage/seminars/{seminar.pk}/certificates/"
    url = f"{list_url}{revoked.pk}/issue-new/"
    assert f'href="/manage/seminars/{seminar.pk}/certificates/{revoked.pk}/issue-new/"' in (
        client.get(list_url).content.decode()
    )

    confirm = client.get(url).content.decode()
    assert "Issue a new certificate to this participant?" in confirm
    assert "Issued by mistake: did not attend." in confirm
    assert not Certificate.objects.valid().filter(registration=mistaken).exists()  # GET changes nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    new = Certificate.objects.valid().get(registration=mistaken)
    assert new.pk != revoked.pk and new.pdf and new.sha256
    revoked.refresh_from_db()
    assert not revoked.is_valid and revoked.revocation_reason == "Issued by mistake: did not attend."
    entry = AuditEntry.objects.get(action="certificate.issue", target_id=str(new.pk))
    assert (entry.actor, entry.details["after_revocation"]) == (organiser, True)
    assert [message.to for message in mail.outbox] == [[mistaken.contact_email]]
    body = client.get(list_url).content.decode()
    assert "issue-new/" not in body
    assert "whose certificate was revoked" not in body

    # Twice: the participant has a valid certificate now.
    again = client.post(url)
    assert again.status_code == 400
    assert f"This participant already has a valid certificate: {new.serial}." in again.content.decode()
    assert Certificate.objects.valid().filter(registration=mistaken).count() == 1


def test_a_new_certificate_after_revocation_still_needs_the_hours_and_a_revoked_one(
    client, organiser, seminar
):
    mistaken, revoked, waiting = revoked_and_unserved(seminar, organiser)
    Attendance.objects.filter(registration=mistaken).delete()  # attendance corrected
    valid, _ = services.certificate_issue(registration=waiting, actor=organiser)
    client.force_login(organiser)
    base = f"/manage/seminars/{seminar.pk}/certificates/"

    refused = client.post(f"{base}{revoked.pk}/issue-new/")
    on_valid = client.post(f"{base}{valid.pk}/issue-new/")

    assert refused.status_code == 400
    assert "has not attended enough" in refused.content.decode()
    assert on_valid.status_code == 400
    assert "This certificate is valid: reissue it instead." in on_valid.content.decode()
    assert Certificate.objects.count() == 2


def test_the_certificate_list_with_revoked_certificates_costs_the_same_queries(
    client, organiser, seminar, django_assert_num_queries
):
    revoked_and_unserved(seminar, organiser)
    services.certificate_issue(registration=participant_of(seminar))
    client.force_login(organiser)
    with django_assert_num_queries(11):
        response = client.get(f"/manage/seminars/{seminar.pk}/certificates/")
    assert "issue-new/" in response.content.decode()
