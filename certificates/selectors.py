"""Read queries on issued certificates: a holder's own, and the lookups of the
public verification (by code or serial number, by the SHA-256 of a PDF). Each
costs one query."""

import functools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from certificates.models import Certificate
from evaluations.selectors import certificate_gate_open

# What new_verification_code() makes (URL-safe base64); anything else is not
# looked up at all, so no input (a NUL byte, 10,000 characters) reaches the database.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
# What serial_for() makes (VICTOR-2014-LJU-0007): upper-case letters and digits in dashed parts.
SERIAL_PATTERN = re.compile(r"(?=.{1,40}$)[A-Z0-9]+(?:-[A-Z0-9]+)+")


def _as_code(text: str) -> str:
    """A code as typed: without spaces (a code broken over two lines still counts)."""
    return "".join(text.split())


def _as_serial(text: str) -> str:
    """A serial number as typed: any case, spaces around or instead of the dashes."""
    return re.sub(r"[\s-]+", "-", text.strip()).upper()


def is_well_formed_code(text: str) -> bool:
    """Whether what someone typed can be a verification code or a serial number."""
    return bool(CODE_PATTERN.fullmatch(_as_code(text)) or SERIAL_PATTERN.fullmatch(_as_serial(text)))


def certificates_of(user) -> QuerySet[Certificate]:
    """The person's own certificates, valid and revoked, newest first. A
    certificate is the holder's through its registration; walk-ins and
    anonymised registrations have no user, so nobody holds theirs here."""
    if not (user.is_authenticated and user.is_active):
        return Certificate.objects.none()
    return (
        Certificate.objects.filter(registration__user=user)
        .select_related("replaced_by", "seminar")
        .order_by("-issued_at", "-pk")
    )


def downloadable_by(user) -> QuerySet[Certificate]:
    """The holder's certificates whose PDF they may download: valid and issued
    (a revoked certificate stays verifiable as revoked but is not handed out)."""
    return certificates_of(user).valid().issued().select_related("seminar", "registration")


@dataclass(frozen=True)
class Standing:
    """Where a seminar's registrations stand with their certificates (ids)."""

    holding: frozenset[int]  # a valid certificate with its PDF
    revoked: frozenset[int]  # a certificate, all of them revoked: the organiser took it back


def standing_of(certificates: Iterable[Certificate]) -> Standing:
    """The rule, on certificates already fetched (all of a seminar's): a registration
    holds a certificate when one is valid and has its PDF (one whose PDF was never
    stored is still to be issued); its certificate was revoked when it has
    certificates and none is valid. Issuing in bulk (the button, the API, the
    command, the tasks) never undoes a revocation: see services.certificate_issue."""
    holding, valid, any_certificate = set(), set(), set()
    for certificate in certificates:
        any_certificate.add(certificate.registration_id)
        if certificate.revoked_at is None:
            valid.add(certificate.registration_id)
            if certificate.pdf:
                holding.add(certificate.registration_id)
    return Standing(holding=frozenset(holding), revoked=frozenset(any_certificate - valid))


def certificate_standing(seminar) -> Standing:
    """standing_of() the seminar's certificates, in one query."""
    return standing_of(
        Certificate.objects.filter(seminar=seminar).only("registration_id", "revoked_at", "pdf")
    )


def registrations_holding_certificates(seminar) -> set[int]:
    """Ids of the seminar's registrations holding a valid certificate with its PDF
    (one whose PDF was never stored is still to be issued)."""
    return set(certificate_standing(seminar).holding)


def evaluation_answered_if_required(certificate: Certificate) -> bool:
    """The evaluation's hold on a download (evaluations.selectors.certificate_gate_open):
    False while the seminar asks its attendees to answer the evaluation first and
    the holder has not."""
    return certificate_gate_open(certificate.registration)


def certificate_with_code(text: str) -> Certificate | None:
    """The certificate that what someone typed names: its verification code (exactly,
    as in the QR code) or its serial number (as printed, in any case, with spaces),
    or None (also for input that can be neither). Serial numbers run in sequence,
    so only the rate limits of the verification doors stand between them and
    someone counting through them."""
    code, serial = _as_code(text), _as_serial(text)
    names = [
        *([Q(code=code)] if CODE_PATTERN.fullmatch(code) else []),
        *([Q(serial=serial)] if SERIAL_PATTERN.fullmatch(serial) else []),
    ]
    if not names:
        return None
    return (
        Certificate.objects.issued()
        .select_related("replaced_by", "seminar")
        .filter(functools.reduce(operator.or_, names))
        .first()
    )


def holder_as_shown(certificate: Certificate, text: str) -> str:
    """The holder's name as a verification shows it. In full when the certificate was
    named by its verification code (a secret only the holder passes on) or its file;
    as initials when it was named by its serial number: serials run in sequence, so
    counting through them must not yield the names of the people trained (some are
    police officers). Whoever holds the paper sees the name on it."""
    if _as_code(text) == certificate.code:
        return certificate.holder_name
    return " ".join(f"{word[0]}." for word in certificate.holder_name.split() if word[0].isalpha())


def certificate_with_sha256(digest: str) -> Certificate | None:
    """The issued certificate whose PDF has exactly this SHA-256 (lower-case hex)."""
    if not SHA256_PATTERN.fullmatch(digest):
        return None
    return Certificate.objects.issued().select_related("replaced_by", "seminar").filter(sha256=digest).first()
