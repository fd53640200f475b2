"""The participant's and anyone's job with a certificate, at desktop width and on a
phone: the email says the certificate is ready; the participant downloads the PDF
from /me/; an employer opens the address of its QR code on a phone, then checks
it by its code and by the serial number printed on it."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from attendance.services import attendance_set
from attendance.units import attendance_units
from certificates import services
from certificates.models import Certificate
from certificates.rendering import verification_url
from common.timezones import local_date
from tests.browser.journey import DESKTOP, PASSWORD, PHONE, VIEWPORTS, field, link, log_in, mails_to, person
from tests.factories import (
    MembershipFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAME = "Αικατερίνη Παπαδοπούλου"
TITLE = "Identifying child victims of trafficking"


def printed_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def issued_certificate():
    """A certificate issued by The Smile of the Child to NAME: (organiser, holder, certificate)."""
    membership = MembershipFactory(role="organiser", organisation__name="The Smile of the Child")
    organiser, host = membership.user, membership.organisation
    seminar = SeminarFactory(
        organisation=host,
        venue=VenueFactory(organisation=host, city="Athens", country="GR", time_zone="Europe/Athens"),
        project=ProjectFactory(acronym="VICTOR", coordinator=host),
        title_en=TITLE,
        starts_at=datetime(2026, 3, 12, 7, tzinfo=UTC),
        ends_at=datetime(2026, 3, 12, 15, tzinfo=UTC),
    )
    holder = person(full_name=NAME, preferred_language="en")
    registration = RegistrationFactory(seminar=seminar, user=holder)
    (day,) = attendance_units(seminar)
    attendance_set(seminar=seminar, actor=organiser, changes={(registration.pk, day.key): True})
    assert services.certificates_issue_for_seminar(seminar=seminar, actor=organiser) == 1
    return organiser, holder, Certificate.objects.get()


@VIEWPORTS
def test_download_the_certificate_then_verify_it_from_its_qr_code_its_code_and_its_serial(
    journey, live_server, viewport
):
    base = live_server.url
    _organiser, holder, certificate = issued_certificate()

    # The email says the certificate is ready, with its serial and where to check it.
    (ready,) = mails_to(holder.email)
    assert ready.subject.endswith(TITLE), ready.subject
    assert f"Your certificate of attendance for “{TITLE}” is ready." in ready.body
    assert f"Serial number: {certificate.serial}" in ready.body
    assert link(ready, r"/certificates/verify/") == verification_url(certificate.code)
    account = link(ready, r"/me/$")

    # The participant follows it, logs in and downloads the PDF.
    page = journey.open(viewport)
    page.goto(account)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label(field("Email")).fill(holder.email)
    page.get_by_label(field("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/me/")
    mine = page.get_by_role("region", name="My certificates")
    expect(mine).to_contain_text(TITLE)
    expect(mine).to_contain_text(f"Serial number {certificate.serial}")
    expect(mine).to_contain_text("Valid")
    with page.expect_download() as download:
        mine.get_by_role("link", name=re.compile("^Download PDF")).click()
    text = printed_text(Path(download.value.path()).read_bytes())
    assert NAME in text
    assert certificate.serial in text
    # The code under the QR code is printed on one line, so it can be typed (issue 17 §2.3).
    assert certificate.code in text, text
    qr_url = verification_url(certificate.code)  # what the QR code encodes

    # An employer opens the QR code's address on a phone.
    phone = journey.open(PHONE)
    phone.goto(qr_url)
    expect(phone.get_by_role("heading", name="Certificate verification", level=1)).to_be_visible()
    status = phone.locator(".certificate-status")
    expect(status).to_have_attribute("data-state", "valid")
    expect(status).to_contain_text(
        "This certificate was issued by The Smile of the Child and has not been revoked."
    )
    facts = phone.locator(".certificate-facts")
    expect(facts).to_contain_text(NAME)
    expect(facts).to_contain_text(certificate.serial)

    # ... then checks it by the code under the QR code, typed in.
    phone.goto(f"{base}/certificates/verify/")
    phone.get_by_label(field("Verification code or serial number")).fill(certificate.code)
    phone.get_by_role("button", name="Verify").click()
    expect(phone.locator(".certificate-status")).to_have_attribute("data-state", "valid")
    expect(phone.locator(".certificate-facts")).to_contain_text(NAME)

    # ... and by the serial number printed on it, as typed from the paper (in lower
    # case): valid, with the holder's initials only (serials run in sequence).
    phone.goto(f"{base}/certificates/verify/")
    phone.get_by_label(field("Verification code or serial number")).fill(certificate.serial.lower())
    phone.get_by_role("button", name="Verify").click()
    expect(phone.locator(".certificate-status")).to_have_attribute("data-state", "valid")
    facts = phone.locator(".certificate-facts")
    expect(facts).to_contain_text("Α. Π.")
    expect(facts).not_to_contain_text(NAME)
    expect(facts).to_contain_text(certificate.serial)

    # An unknown serial reveals nothing.
    phone.goto(f"{base}/certificates/verify/")
    phone.get_by_label(field("Verification code or serial number")).fill("VICTOR-2026-ATH-9999")
    phone.get_by_role("button", name="Verify").click()
    expect(phone.locator(".certificate-status")).to_have_attribute("data-state", "unknown")


def test_a_revoked_certificate_says_so_and_since_when_but_not_why(journey, live_server):
    """The organiser revokes it with a reason; an employer checking it on a phone
    reads "revoked" and the date only; the holder's email says why."""
    base = live_server.url
    organiser, holder, certificate = issued_certificate()
    organiser.set_password(PASSWORD)
    organiser.save()
    organiser.emailaddress_set.create(email=organiser.email, verified=True, primary=True)
    reason = "Attendance was recorded for the wrong person"

    desk = journey.open(DESKTOP)
    log_in(desk, base, organiser.email)
    desk.goto(f"{base}/manage/seminars/{certificate.seminar.pk}/certificates/")
    desk.get_by_role("link", name=f"Revoke… {certificate.serial}").click()
    expect(desk.get_by_role("heading", name="Revoke this certificate?", level=1)).to_be_visible()
    desk.get_by_label(field("Reason")).fill(reason)
    revoke = desk.get_by_role("button", name="Revoke the certificate")
    expect(revoke).to_have_css("background-color", "rgb(164, 38, 44)")  # --error: it cannot be undone
    revoke.click()
    expect(desk.get_by_role("status")).to_contain_text(f"Certificate {certificate.serial} is revoked.")
    certificate.refresh_from_db()
    revoked_on = local_date(certificate.revoked_at, certificate.seminar)

    phone = journey.open(PHONE)
    phone.goto(verification_url(certificate.code))
    status = phone.locator(".certificate-status")
    expect(status).to_have_attribute("data-state", "revoked")
    expect(status).to_contain_text(f"This certificate was revoked on {revoked_on} and is no longer valid.")
    expect(phone.get_by_role("main")).not_to_contain_text(reason)

    revoked = mails_to(holder.email)[-1]
    assert revoked.subject.endswith(f"Your certificate has been revoked: {TITLE}"), revoked.subject
    assert f"was revoked on {revoked_on}" in revoked.body
    assert f"Reason: {reason}" in revoked.body
