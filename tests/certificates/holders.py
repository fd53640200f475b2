"""Issued certificates for the tests of verification, downloads and the API: rows
made directly with a small real PDF and its SHA-256 (issuance itself is tested
in test_issuance*.py)."""

import hashlib
import io
import itertools
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from certificates.models import Certificate
from tests.factories import RegistrationFactory

_numbers = itertools.count(1)


def pdf_bytes(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_certificate(registration=None, *, revoked: bool = False, **fields) -> Certificate:
    """A valid certificate of `registration` (a new one by default); revoked=True
    revokes it with a reason."""
    registration = registration or RegistrationFactory()
    number = next(_numbers)
    serial = fields.pop("serial", f"VICTOR-2031-LJU-{number:04d}")
    content = pdf_bytes(serial)
    values = {
        "registration": registration,
        "seminar": registration.seminar,
        "sequence": number,
        "serial": serial,
        "holder_name": "Ana Kovač",
        "seminar_title": "Identifying child victims of trafficking",
        "starts_on": date(2031, 4, 14),
        "ends_on": date(2031, 4, 15),
        "city": "Ljubljana",
        "hours_attended": Decimal("12.50"),
        "total_hours": Decimal("14.00"),
        "issuer": "Društvo Ključ",
        "language": "en",
        "issued_at": timezone.now(),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    if revoked:
        values.update(revoked_at=timezone.now(), revocation_reason="Issued to the wrong person.")
    values.update(fields)
    certificate = Certificate(**values)
    certificate.pdf.save("certificate.pdf", ContentFile(content), save=False)
    certificate.save()
    return certificate


def content_of(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as file:
        return file.read()
