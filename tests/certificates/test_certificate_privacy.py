"""A holder's certificates in their data export, and what erasure leaves: the
certificate as issued, still verifiable, no longer anyone's to list or download."""

import pytest
from django.conf import settings
from django.test import Client

from certificates import privacy
from certificates.models import Certificate
from config.privacy import erase_account, export_user_data
from tests.certificates.holders import make_certificate
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_persons_certificates(participant):
    valid = make_certificate(RegistrationFactory(user=participant))
    revoked = make_certificate(RegistrationFactory(user=participant), revoked=True)
    make_certificate()  # someone else's

    data = privacy.personal_data(participant)

    rows = {row["serial"]: row for row in data["certificates"]}
    assert set(rows) == {valid.serial, revoked.serial}
    assert rows[valid.serial] == {
        "serial": valid.serial,
        "holder_name": "Ana Kovač",
        "seminar": "Identifying child victims of trafficking",
        "starts_on": "2031-04-14",
        "ends_on": "2031-04-15",
        "city": "Ljubljana",
        "hours_attended": "12.50",
        "total_hours": "14.00",
        "issuer": "Društvo Ključ",
        "language": "en",
        "issued_at": valid.issued_at.isoformat(),
        "status": "valid",
        "revoked_at": None,
        "revocation_reason": "",
        "replaced_by": None,
        "sha256": valid.sha256,
        "verification_url": f"{settings.SITE_URL}/certificates/verify/{valid.code}/",
    }
    assert rows[revoked.serial]["status"] == "revoked"
    assert rows[revoked.serial]["revocation_reason"] == "Issued to the wrong person."


def test_the_whole_export_has_a_certificates_section(participant):
    certificate = make_certificate(RegistrationFactory(user=participant))

    data = export_user_data(participant)

    assert [row["serial"] for row in data["certificates"]["certificates"]] == [certificate.serial]


def test_erasure_keeps_the_certificate_verifiable_and_nobodys(participant):
    certificate = make_certificate(RegistrationFactory(user=participant))
    stored = Certificate.objects.filter(pk=certificate.pk).values().get()

    erase_account(participant, None)

    kept = Certificate.objects.filter(pk=certificate.pk).values().get()
    assert kept == stored  # the frozen copy, the PDF and its hash, as issued
    certificate.registration.refresh_from_db()
    assert certificate.registration.user is None
    page = Client().get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "This certificate was issued by Društvo Ključ and has not been revoked." in page
    assert "Ana Kovač" in page
