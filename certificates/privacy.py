"""Personal data in certificates: the holder's export, and what erasure does.

Retention rule: an issued certificate is kept as issued, with its frozen copy of
the holder's name and the seminar facts, its PDF and its SHA-256, also after the
holder's account is erased, because its purpose is that anyone the holder showed
it to can still verify it (DESIGN.md; the privacy notice says so). Erasure
therefore deletes nothing here: the link from the certificate to the person goes
when registrations.privacy anonymises the registration (the certificate then
belongs to no account, so nobody can list or download it any more), and the
verification page keeps answering for the code printed on it.
"""

from datetime import datetime

from certificates.models import Certificate
from certificates.rendering import verification_url


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """The person's certificates as issued, with their state and verification address."""
    certificates = (
        Certificate.objects.filter(registration__user=user)
        .select_related("replaced_by")
        .order_by("issued_at", "pk")
    )
    return {
        "certificates": [
            {
                "serial": certificate.serial,
                "holder_name": certificate.holder_name,
                "seminar": certificate.seminar_title,
                "starts_on": certificate.starts_on.isoformat(),
                "ends_on": certificate.ends_on.isoformat(),
                "city": certificate.city,
                "hours_attended": str(certificate.hours_attended),
                "total_hours": str(certificate.total_hours),
                "issuer": certificate.issuer,
                "language": certificate.language,
                "issued_at": _moment(certificate.issued_at),
                "status": "valid" if certificate.is_valid else "revoked",
                "revoked_at": _moment(certificate.revoked_at),
                "revocation_reason": certificate.revocation_reason,
                "replaced_by": certificate.replaced_by.serial if certificate.replaced_by else None,
                "sha256": certificate.sha256,
                "verification_url": verification_url(certificate.code),
            }
            for certificate in certificates
        ]
    }


def erase(user, *, now: datetime) -> None:
    """Nothing to delete: see the retention rule above."""
