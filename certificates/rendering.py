"""The certificate PDF: a Django template rendered by WeasyPrint (through
common.pdf, which fetches only the project's own files) as PDF/A-3b, A4
landscape, in the certificate's language.

Everything the PDF states comes from the certificate's frozen copy; the design
(logos, signatories, wording) from the seminar's CertificateDesign. The QR code
is inline SVG (the fetcher refuses data: URIs) and encodes the public
verification address; beside it are printed the verification page's address,
the serial number and the code, each on one line, to be typed in there. Names and wording are plain text,
escaped by the template, so markup or url() in them is shown, never fetched.
"""

from decimal import Decimal

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import mark_safe

from certificates.models import Certificate, CertificateDesign
from common.pdf import file_url, html_to_pdf

# Media a certificate may show: logos and signatures. Not the whole of MEDIA
# (other people's certificates live there).
CERTIFICATE_MEDIA_PREFIXES = ("organisations/logos/", "certificates/logos/", "certificates/signatures/")
PDF_OPTIONS = {"pdf_variant": "pdf/a-3b"}


def verification_url(code: str) -> str:
    """The public verification page (a stable address: it is printed in QR codes)."""
    return f"{settings.SITE_URL}/certificates/verify/{code}/"


def verification_start_url() -> str:
    """Where a code or serial number is typed in (printed beside the QR code)."""
    return f"{settings.SITE_URL}/certificates/verify/"


def verification_qr(code: str) -> segno.QRCode:
    """The QR code printed on the certificate: the verification address, error level M."""
    return segno.make(verification_url(code), error="m", micro=False)


def qr_svg(code: str) -> str:
    """The QR code as inline SVG markup. segno writes it from the QR matrix alone,
    so no text of ours goes into it unescaped."""
    svg = verification_qr(code).svg_inline(scale=1, border=0, omitsize=True)
    return mark_safe(svg)  # noqa: S308


def format_hours(hours: Decimal) -> str:
    """14.00 -> "14", 7.50 -> "7.5" (with the active language's decimal separator)."""
    value = hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours.normalize()
    return formats.number_format(value)


def _logo_urls(certificate: Certificate, design: CertificateDesign | None) -> list[str]:
    seminar = certificate.seminar
    organisations = [seminar.organisation, *seminar.partners.all()]
    urls = [file_url(organisation.logo) for organisation in organisations if organisation.logo]
    if design and design.extra_logo:
        urls.append(file_url(design.extra_logo))
    return urls


def _wording(design: CertificateDesign | None, language: str) -> str:
    """The organisers' wording in the certificate's language ("" for the built-in text only)."""
    return (getattr(design, f"wording_{language}", "") or "") if design else ""


def certificate_html(certificate: Certificate) -> str:
    """The certificate as HTML, in its language (certificate.seminar with its
    organisation, partners, project and design)."""
    seminar = certificate.seminar
    design = CertificateDesign.objects.filter(seminar=seminar).first()
    signatories = list(design.signatories.all()) if design else []
    with translation.override(certificate.language):
        context = {
            "certificate": certificate,
            "organisation": seminar.organisation,
            "project": seminar.project,
            "wording": _wording(design, certificate.language),
            "logo_urls": _logo_urls(certificate, design),
            "signatories": [
                (signatory, file_url(signatory.signature) if signatory.signature else "")
                for signatory in signatories
            ],
            "hours_attended": format_hours(certificate.hours_attended),
            "total_hours": format_hours(certificate.total_hours),
            "verification_start_url": verification_start_url(),
            "qr_svg": qr_svg(certificate.code),
        }
        return render_to_string("certificates/pdf/certificate.html", context)


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF/A-3b bytes."""
    return write_pdf(certificate_html(certificate))


def write_pdf(html: str) -> bytes:
    """HTML to PDF/A-3b. (WeasyPrint 70 leaves its sRGB profile, the PDF/A output
    intent, unclosed: a ResourceWarning Python ignores by default; the test
    settings in pyproject.toml ignore that one file's warning too.)"""
    return html_to_pdf(html, media_prefixes=CERTIFICATE_MEDIA_PREFIXES, **PDF_OPTIONS)
