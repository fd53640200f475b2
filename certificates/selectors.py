"""Read queries on issued certificates: a holder's own, and the lookups of the
public verification (by code, by the SHA-256 of a PDF). Each costs one query."""

import re

from django.db.models import QuerySet

from certificates.models import Certificate
from evaluations.selectors import certificate_gate_open

# What new_verification_code() makes (URL-safe base64); anything else is not
# looked up at all, so no input (a NUL byte, 10,000 characters) reaches the database.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")


def is_well_formed_code(code: str) -> bool:
    return bool(CODE_PATTERN.fullmatch(code))


def certificates_of(user) -> QuerySet[Certificate]:
    """The person's own certificates, valid and revoked, newest first. A
    certificate is the holder's through its registration; walk-ins and
    anonymised registrations have no user, so nobody holds theirs here."""
    if not (user.is_authenticated and user.is_active):
        return Certificate.objects.none()
    return (
        Certificate.objects.filter(registration__user=user)
        .select_related("replaced_by")
        .order_by("-issued_at", "-pk")
    )


def downloadable_by(user) -> QuerySet[Certificate]:
    """The holder's certificates whose PDF they may download: valid and issued
    (a revoked certificate stays verifiable as revoked but is not handed out)."""
    return certificates_of(user).valid().issued().select_related("seminar", "registration")


def registrations_holding_certificates(seminar) -> set[int]:
    """Ids of the seminar's registrations holding a valid certificate with its PDF
    (one whose PDF was never stored is still to be issued)."""
    return set(
        Certificate.objects.valid().issued().filter(seminar=seminar).values_list("registration_id", flat=True)
    )


def evaluation_answered_if_required(certificate: Certificate) -> bool:
    """The evaluation's hold on a download (evaluations.selectors.certificate_gate_open):
    False while the seminar asks its attendees to answer the evaluation first and
    the holder has not."""
    return certificate_gate_open(certificate.registration)


def certificate_with_code(code: str) -> Certificate | None:
    """The certificate a verification code names, or None (also for malformed codes)."""
    if not is_well_formed_code(code):
        return None
    return Certificate.objects.issued().select_related("replaced_by").filter(code=code).first()


def certificate_with_sha256(digest: str) -> Certificate | None:
    """The issued certificate whose PDF has exactly this SHA-256 (lower-case hex)."""
    if not SHA256_PATTERN.fullmatch(digest):
        return None
    return Certificate.objects.issued().select_related("replaced_by").filter(sha256=digest).first()
