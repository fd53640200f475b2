"""Issuing one certificate, without telling its holder (services.certificate_issue
and the issue task do that).

Issuance has two steps. First the number is reserved: under the seminar row lock
(the project's one lock, taken first as every registrations service does), which
numbers certificates without gaps or duplicates, and the registration row lock,
a short transaction checks for a valid certificate and writes the new row without
its PDF; the partial unique constraint (one valid certificate per registration)
backs the check, so issuing twice, or from two workers at once, never makes two.
Then the PDF is rendered with no lock held (so workers render in parallel) and
stored by a conditional update that only fills a row still without PDF. A row
left without PDF (a worker that died between the steps) is completed by the next
attempt for that registration, with the same number.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts import audit
from certificates.eligibility import eligible_registrations
from certificates.models import Certificate, CertificateDesign
from certificates.rendering import render_certificate_pdf
from common.text import slugify
from events.models import Seminar
from registrations.models import Registration

# Tries to save a certificate when another seminar takes the same serial prefix at once.
SERIAL_ATTEMPTS = 3
REISSUED = "reissued"  # the revocation reason of a certificate replaced by a new one
LANGUAGE_CODES = [code for code, _name in Certificate._meta.get_field("language").choices]


REVOKED_REFUSAL = _(
    "This participant's certificate was revoked: issuing for everyone skips them. "
    "Issue a new certificate from its row if the revocation was a mistake."
)


class CertificateError(Exception):
    """A certificate action that the rules refuse; the message is translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def issuance_refusal(seminar: Seminar, *, now) -> str:
    """Why the seminar's certificates cannot be issued now ("" when they can):
    a certificate states what was attended, so none before the seminar has ended."""
    if now < seminar.ends_at:
        return str(_("Certificates can only be issued after the seminar has ended."))
    return ""


def check_issuable(seminar: Seminar, *, now) -> None:
    refusal = issuance_refusal(seminar, now=now)
    if refusal:
        raise CertificateError(refusal)


def design_for(seminar: Seminar) -> CertificateDesign:
    """The seminar's certificate design (created with the defaults on first use)."""
    design, _created = CertificateDesign.objects.get_or_create(seminar=seminar)
    return design


def certificate_language(registration: Registration, design: CertificateDesign | None) -> str:
    """The seminar's fixed language, else the holder's preferred one, else the seminar's."""
    if design and design.language:
        return design.language
    user = registration.user
    if user is not None and user.preferred_language in LANGUAGE_CODES:
        return user.preferred_language
    return registration.seminar.language if registration.seminar.language in LANGUAGE_CODES else "en"


def city_code(seminar: Seminar) -> str:
    """Three letters for the serial: the city's first three (LJU), ONL for online seminars,
    the country's ISO code when the city has no three Latin letters."""
    if seminar.format == Seminar.Format.ONLINE or seminar.venue is None:
        return "ONL"
    letters = [char for char in slugify(seminar.venue.city).upper() if "A" <= char <= "Z"]
    if len(letters) >= 3:
        return "".join(letters[:3])
    return countries.alpha3(seminar.venue.country) or "XXX"


def serial_prefix(seminar: Seminar) -> str:
    """VICTOR-2014-LJU: project acronym (or VICTOR), year, place. A seminar keeps the
    prefix of its first certificate; when another seminar of the same project, place
    and year has it already, the place gets a number (LJU2, LJU3, ...)."""
    issued = Certificate.objects.filter(seminar=seminar).values_list("serial", flat=True).first()
    if issued is not None:
        return issued.rsplit("-", 1)[0]
    project = slugify(seminar.project.acronym).upper() if seminar.project else ""
    year = seminar.starts_at.astimezone(seminar.zone).year
    base = f"{project or 'VICTOR'}-{year}-{city_code(seminar)}"
    taken = {
        serial.rsplit("-", 1)[0]
        for serial in Certificate.objects.filter(serial__startswith=base)
        .exclude(seminar=seminar)
        .values_list("serial", flat=True)
        .distinct()
    }
    return next(
        candidate
        for candidate in (base, *(f"{base}{number}" for number in range(2, len(taken) + 3)))
        if candidate not in taken
    )


def serial_for(seminar: Seminar, sequence: int) -> str:
    """VICTOR-2014-LJU-0007: the seminar's prefix and the number within the seminar."""
    return f"{serial_prefix(seminar)}-{sequence:04d}"


def frozen_copy(
    *, seminar: Seminar, registration: Registration, hours_attended, total_hours, language: str, sequence: int
) -> Certificate:
    """A new (unsaved) certificate stating the facts as they are now."""
    zone = seminar.zone
    with translation.override(language):
        title = seminar.display_title
    return Certificate(
        registration=registration,
        seminar=seminar,
        sequence=sequence,
        serial=serial_for(seminar, sequence),
        holder_name=registration.display_name,
        seminar_title=title[:200],
        starts_on=seminar.starts_at.astimezone(zone).date(),
        ends_on=seminar.ends_at.astimezone(zone).date(),
        city="" if seminar.format == Seminar.Format.ONLINE or seminar.venue is None else seminar.venue.city,
        hours_attended=hours_attended,
        total_hours=total_hours,
        issuer=seminar.organisation.name,
        language=language,
    )


def reserve_locked(seminar: Seminar, registration: Registration, *, actor, now) -> Certificate:
    """Record a new certificate, without its PDF yet. Call with the seminar and the
    registration locked and no valid certificate for the registration."""
    check_issuable(seminar, now=now)
    [eligible] = eligible_registrations(seminar, registrations=[registration]) or [None]
    if eligible is None:
        raise CertificateError(
            _("This participant has not attended enough of the seminar for a certificate.")
        )
    design = CertificateDesign.objects.filter(seminar=seminar).first()
    latest = Certificate.objects.filter(seminar=seminar).aggregate(latest=Max("sequence"))["latest"] or 0
    for attempt in range(1, SERIAL_ATTEMPTS + 1):
        certificate = frozen_copy(
            seminar=seminar,
            registration=registration,
            hours_attended=eligible.hours_attended,
            total_hours=eligible.total_hours,
            language=certificate_language(registration, design),
            sequence=latest + 1,
        )
        certificate.issued_at = now
        certificate.issued_by = actor if getattr(actor, "is_authenticated", False) else None
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            serial_taken = Certificate.objects.filter(serial=certificate.serial).exists()
            if serial_taken and attempt < SERIAL_ATTEMPTS:
                continue  # another seminar took the same prefix meanwhile: choose again
            raise
        return certificate


def store_pdf(certificate: Certificate) -> bool:
    """Render the certificate's PDF and store it, unless another attempt stored one
    first (then this one's file is removed and the row's is kept). True if stored."""
    content = render_certificate_pdf(certificate)
    certificate.pdf.save("certificate.pdf", ContentFile(content), save=False)
    digest = hashlib.sha256(content).hexdigest()
    stored = Certificate.objects.filter(pk=certificate.pk, pdf="").update(
        pdf=certificate.pdf.name, sha256=digest
    )
    if stored:
        certificate.sha256 = digest
    else:
        certificate.pdf.storage.delete(certificate.pdf.name)
        certificate.refresh_from_db(fields=["pdf", "sha256"])
    return bool(stored)


def issue(
    *, registration: Registration, actor=None, now=None, after_revocation: bool = False
) -> tuple[Certificate, bool]:
    """Issuing one certificate, for services.certificate_issue (its docstring states
    the rule) and the issue task; each emails the holder. Returns (certificate, created)."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = (
            Seminar.objects.select_for_update(of=("self",))
            .select_related("organisation", "venue", "project")
            .get(pk=registration.seminar_id)
        )
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=registration.pk)
        )
        certificate = Certificate.objects.valid().filter(registration=registration).first()
        revoked = certificate is None and Certificate.objects.filter(registration=registration).exists()
        if revoked and not after_revocation:
            raise CertificateError(REVOKED_REFUSAL)
        if certificate is None:
            try:
                certificate = reserve_locked(seminar, registration, actor=actor, now=now)
            except IntegrityError:  # issued meanwhile by someone not holding our locks
                certificate = Certificate.objects.valid().filter(registration=registration).first()
                if certificate is None:
                    raise
            else:
                audit.record(
                    actor=actor,
                    action="certificate.issue",
                    target=certificate,
                    seminar=seminar.slug,
                    registration=registration.pk,
                    **({"after_revocation": True} if after_revocation else {}),
                )
    if certificate.pdf:
        return certificate, False
    return certificate, store_pdf(certificate)
