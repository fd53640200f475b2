"""The certificate PDF read back: what it states, in which language and letters,
its QR code, its PDF/A metadata and embedded fonts, and that nothing in a name or
in the wording makes the renderer fetch a URL."""

import io
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader

from attendance.models import Attendance
from certificates import issuance, services
from certificates.models import CertificateDesign, Signatory
from certificates.rendering import certificate_html, render_certificate_pdf, verification_qr
from registrations.models import Registration
from tests.factories import (
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    VenueFactory,
)
from tests.listener import connections

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks and runs of spaces as single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def png(colour=(11, 92, 122), size=(120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def seminar():
    host = OrganisationFactory(name="Društvo Ključ", slug="kljuc")
    project = ProjectFactory(
        acronym="VICTOR",
        name_en="Victims of trafficking: identification and protection",
        funder="the European Commission, DG Home Affairs",
        coordinator=host,
    )
    return SeminarFactory(
        organisation=host,
        venue=VenueFactory(organisation=host, city="Ljubljana"),
        project=project,
        slug="identifying-child-victims",
        title_en="Identifying child victims of trafficking",
        title_el="Αναγνώριση παιδιών θυμάτων εμπορίας",
        starts_at=datetime(2014, 3, 12, 8, tzinfo=UTC),
        ends_at=datetime(2014, 3, 12, 16, tzinfo=UTC),
    )


def attended(registration: Registration) -> Registration:
    """Present for the whole (one-day) seminar."""
    local_day = registration.seminar.starts_at.astimezone(registration.seminar.zone).date()
    Attendance.objects.create(registration=registration, day=local_day, present=True)
    return registration


def issued(seminar, **user_fields):
    registration = attended(
        RegistrationFactory(seminar=seminar, **{f"user__{k}": v for k, v in user_fields.items()})
    )
    certificate, _created = services.certificate_issue(registration=registration, actor=None)
    return certificate


def stored_pdf(certificate) -> bytes:
    with certificate.pdf.open("rb") as file:
        return file.read()


def test_the_pdf_states_name_seminar_place_date_hours_serial_and_verification_address(seminar):
    certificate = issued(seminar, full_name="Ana Kovač")

    text = pdf_text(stored_pdf(certificate))

    assert "Ana Kovač" in text
    assert "Identifying child victims of trafficking" in text
    assert "held in Ljubljana on 12 March 2014" in text
    assert "8 of 8 hours" in text
    assert certificate.serial == "VICTOR-2014-LJU-0001"
    assert "VICTOR-2014-LJU-0001" in text
    assert f"{settings.SITE_URL}/certificates/verify/" in text.replace(" ", "")
    assert (
        "Organised by Društvo Ključ within the project Victims of trafficking: identification and protection (VICTOR), funded by the European Commission, DG Home Affairs."
        in text
    )


def test_the_serial_number_and_the_code_beside_the_qr_code_are_each_printed_on_one_line(seminar):
    """What an employer types at /certificates/verify/: unbroken, so it reads back whole."""
    certificate = issued(seminar, full_name="Ana Kovač")

    lines = PdfReader(io.BytesIO(stored_pdf(certificate))).pages[0].extract_text().splitlines()

    assert certificate.code in lines
    assert certificate.serial in lines
    assert lines[lines.index(certificate.code) - 1] == "VERIFICATION CODE"


@pytest.mark.parametrize(
    ("name", "language"),
    [("Ζωή Παπαδοπούλου", "el"), ("Ștefan Țăranu", "ro"), ("Čeč Šuštar Žužek", "sl")],
)
def test_greek_romanian_and_slovenian_names_come_back_exactly(seminar, name, language):
    certificate = issued(seminar, full_name=name, preferred_language=language)

    assert certificate.language == language
    assert certificate.holder_name == name
    assert name in pdf_text(stored_pdf(certificate))


def test_the_certificate_is_in_the_holders_language_unless_the_seminar_fixes_one(seminar):
    greek = issued(seminar, full_name="Ζωή Παπαδοπούλου", preferred_language="el")
    assert greek.seminar_title == "Αναγνώριση παιδιών θυμάτων εμπορίας"
    assert "Αναγνώριση παιδιών θυμάτων εμπορίας" in pdf_text(stored_pdf(greek))
    assert PdfReader(io.BytesIO(stored_pdf(greek))).trailer["/Root"]["/Lang"] == "el"

    CertificateDesign.objects.create(seminar=seminar, language="en")
    fixed = issued(seminar, full_name="Νίκος Γεωργίου", preferred_language="el")
    assert fixed.language == "en"
    assert fixed.seminar_title == "Identifying child victims of trafficking"


def test_the_qr_code_encodes_the_verification_address(seminar):
    certificate = issued(seminar)
    address = f"{settings.SITE_URL}/certificates/verify/{certificate.code}/"

    qr = verification_qr(certificate.code)
    expected = segno.make(address, error="m", micro=False)
    assert qr.matrix == expected.matrix
    assert qr.mode == "byte"
    # The page carries exactly that symbol as inline SVG (no data: URI, no file).
    html = certificate_html(certificate)
    assert expected.svg_inline(scale=1, border=0, omitsize=True) in html
    assert "data:" not in html


def test_the_pdf_is_pdf_a_3b_with_metadata_and_every_font_embedded(seminar):
    certificate = issued(seminar, full_name="Ana Kovač")
    reader = PdfReader(io.BytesIO(stored_pdf(certificate)))

    assert reader.metadata.title == (
        "Certificate of attendance: Ana Kovač, Identifying child victims of trafficking"
    )
    assert reader.metadata.author == "Društvo Ključ"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/OutputIntents" in root
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(=\"|>)3", xmp)
    assert re.search(r"pdfaid:conformance(=\"|>)B", xmp)

    descriptors = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            descriptors += [part["/FontDescriptor"].get_object() for part in parts]
    assert descriptors
    assert all("/FontFile2" in d or "/FontFile3" in d for d in descriptors)
    names = {str(d["/FontName"]).split("+")[-1] for d in descriptors}
    assert {"DejaVu-Serif", "DejaVu-Sans-Bold"} <= names, names


def test_logos_and_signatures_are_drawn_and_the_pdf_stays_small(seminar):
    seminar.organisation.logo.save("logo.png", ContentFile(png()), save=True)
    design = CertificateDesign.objects.create(seminar=seminar, wording_en="Twelve modules on referral.")
    for position, name in enumerate(["Maja Novak", "Ioana Popescu", "Eleni Nikolaou"]):
        signatory = Signatory(design=design, position=position, name=name, title="Director")
        signatory.signature.save("signature.png", ContentFile(png((0, 0, 0), (300, 90))), save=True)

    content = stored_pdf(issued(seminar))

    page = PdfReader(io.BytesIO(content)).pages[0]
    images = [
        name
        for name, obj in page["/Resources"]["/XObject"].items()
        if obj.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) >= 2  # the logo and the (identical) signatures
    text = pdf_text(content)
    assert all(name in text for name in ("Maja Novak", "Ioana Popescu", "Eleni Nikolaou"))
    assert "Twelve modules on referral." in text
    assert len(content) < 100_000


def test_urls_in_a_name_or_the_wording_are_shown_never_fetched(seminar, listener):
    port = listener.getsockname()[1]
    secret = default_storage.save("certificates/someone-else.pdf", ContentFile(b"%PDF personal data"))
    hostile = (
        f'<img src="http://127.0.0.1:{port}/x.png"> file:///etc/passwd url(http://127.0.0.1:{port}/y.css)'
    )
    CertificateDesign.objects.create(
        seminar=seminar,
        wording_en=f'<link rel="stylesheet" href="http://127.0.0.1:{port}/z.css"><img src="/media/{secret}">',
    )

    certificate = issued(seminar, full_name=hostile[:150])

    text = pdf_text(stored_pdf(certificate))
    assert f'<img src="http://127.0.0.1:{port}/x.png">' in text.replace("/ x.png", "/x.png")
    assert "root:" not in text
    assert connections(listener) == 0
    html = certificate_html(certificate)
    assert '<img src="http://127.0.0.1' not in html
    assert "&lt;img src=&quot;http://127.0.0.1" in html


def test_rendering_does_not_depend_on_the_row_being_saved(seminar):
    """The benchmark and previews render unsaved certificates."""
    registration = attended(RegistrationFactory(seminar=seminar, user__full_name="Ana Kovač"))
    certificate = issuance.frozen_copy(
        seminar=seminar,
        registration=registration,
        hours_attended=Decimal("7.50"),
        total_hours=Decimal("8.00"),
        language="en",
        sequence=12,
    )
    assert "7.5 of 8 hours" in pdf_text(render_certificate_pdf(certificate))
