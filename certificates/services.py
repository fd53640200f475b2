"""Issuing, revoking and reissuing certificates, and telling the holders.
The issuance of one certificate (number, then PDF) is in issuance.py.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from certificates import tasks
from certificates.eligibility import EligibleRegistration, eligible_registrations
from certificates.issuance import (
    REISSUED,
    CertificateError,
    check_issuable,
    design_for,
    issue,
    reserve_locked,
    store_pdf,
)
from certificates.models import Certificate
from certificates.selectors import Standing, certificate_standing, standing_of
from events.models import Seminar
from registrations.models import Registration


def certificate_issue(
    *, registration: Registration, actor=None, now=None, after_revocation: bool = False
) -> tuple[Certificate, bool]:
    """Issue the registration's certificate if it has none that is valid, or finish
    one whose PDF was never stored. Returns (certificate, created); created is False
    when a valid certificate with its PDF existed (or another attempt stored it).
    Refuses (CertificateError) before the seminar has ended, a registration that
    has not attended enough, and one whose certificate was revoked (certificates
    revoked, none valid: selectors.standing_of) unless `after_revocation`: only the
    organiser's explicit action on that person gives them a new one
    (certificate_issue_after_revocation), never issuing in bulk, so that a bulk
    issuance (button, API, command, a task queued before the revocation) cannot
    silently undo a revocation."""
    certificate, created = issue(
        registration=registration, actor=actor, now=now, after_revocation=after_revocation
    )
    if created:
        tasks.email_after_commit(certificate)
    return certificate, created


def certificate_issue_after_revocation(*, certificate: Certificate, actor, now=None) -> Certificate:
    """Issue a new certificate to the holder of a revoked one (the revocation was a
    mistake): the organiser's explicit action on that person, the one door past
    the rule that issuing never undoes a revocation. The registration must hold no
    valid certificate and still earn one (certificate_issue's other rules apply);
    the revoked certificate stays revoked, with its reason."""
    if certificate.is_valid:
        raise CertificateError(_("This certificate is valid: reissue it instead."))
    registration = Registration.objects.select_related("user").get(pk=certificate.registration_id)
    if registration.anonymised_at is not None:
        raise CertificateError(
            _("This participant's data has been erased: no new certificate can be issued.")
        )
    new, created = certificate_issue(registration=registration, actor=actor, now=now, after_revocation=True)
    if not created:
        raise CertificateError(
            _("This participant already has a valid certificate: %(serial)s.") % {"serial": new.serial}
        )
    return new


@dataclass(frozen=True)
class BulkIssuance:
    """Whom issuing in bulk serves: the eligible registrations that hold no
    certificate, except those whose certificate was revoked (skipped, counted)."""

    eligible: list[EligibleRegistration]
    standing: Standing

    @property
    def pending(self) -> list[Registration]:
        return [
            item.registration
            for item in self.eligible
            if item.registration.pk not in self.standing.holding
            and item.registration.pk not in self.standing.revoked
        ]

    @property
    def issued(self) -> int:
        return sum(item.registration.pk in self.standing.holding for item in self.eligible)

    @property
    def revoked(self) -> int:
        return sum(item.registration.pk in self.standing.revoked for item in self.eligible)


def bulk_issuance(seminar: Seminar, *, certificates: list[Certificate] | None = None) -> BulkIssuance:
    """Who issuing in bulk would serve now (a fixed number of queries; none for the
    certificates when the caller has fetched all of the seminar's)."""
    standing = certificate_standing(seminar) if certificates is None else standing_of(certificates)
    return BulkIssuance(eligible=eligible_registrations(seminar), standing=standing)


def certificates_issue_for_seminar(*, seminar: Seminar, actor, now=None) -> int:
    """Start issuing the certificates of every eligible registration that has no
    valid one, except those whose certificate was revoked (bulk_issuance): one
    background task each, enqueued after commit. Returns how many.
    Refuses (CertificateError) before the seminar has ended."""
    now = now or timezone.now()
    check_issuable(seminar, now=now)
    with transaction.atomic():
        design = design_for(seminar)
        design.issue_requested_at = now
        design.save(update_fields=["issue_requested_at"])
        bulk = bulk_issuance(seminar)
        pending = [registration.pk for registration in bulk.pending]
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        audit.record(
            actor=actor,
            action="certificate.issue_requested",
            target=seminar,
            count=len(pending),
            skipped_revoked=bulk.revoked,
        )
        transaction.on_commit(
            lambda: [tasks.issue_certificate.enqueue(pk, actor_id) for pk in pending], robust=True
        )
    return len(pending)


def _revoke(certificate: Certificate, *, actor, reason: str, now) -> None:
    certificate.revoked_at = now
    certificate.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])


def certificate_revoke(*, certificate: Certificate, actor, reason: str, now=None) -> Certificate:
    """Revoke a valid certificate, with a reason. Verification then says revoked and
    since when, never why: the reason is for the holder, who is told by email (in
    their language, after commit), and for the organisers."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason: the holder is told it by email."))
    if len(reason) > 1000:
        raise CertificateError(_("Keep the reason under 1000 characters."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
        if not certificate.is_valid:
            raise CertificateError(_("This certificate is already revoked."))
        _revoke(certificate, actor=actor, reason=reason, now=now or timezone.now())
        audit.record(
            actor=actor, action="certificate.revoke", target=certificate, seminar=certificate.seminar.slug
        )
        tasks.revocation_email_after_commit(certificate)
    return certificate


def certificate_reissue(*, certificate: Certificate, actor, now=None) -> Certificate:
    """Replace a valid certificate by a new one with what is true now (say, after a
    name correction): the old one is revoked as "reissued" and points to the new one."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = (
            Seminar.objects.select_for_update(of=("self",))
            .select_related("organisation", "venue", "project")
            .get(pk=certificate.seminar_id)
        )
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=certificate.registration_id)
        )
        old = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
        if not old.is_valid:
            raise CertificateError(_("Only a valid certificate can be reissued."))
        if registration.anonymised_at is not None:
            raise CertificateError(
                _("This participant's data has been erased: the certificate cannot be reissued.")
            )
        _revoke(old, actor=actor, reason=REISSUED, now=now)
        new = reserve_locked(seminar, registration, actor=actor, now=now)
        store_pdf(new)  # under the locks: one certificate, and the old one stays valid if this fails
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        audit.record(
            actor=actor, action="certificate.reissue", target=new, seminar=seminar.slug, replaces=old.pk
        )
        tasks.email_after_commit(new)
    return new
