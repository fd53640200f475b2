"""Background work for certificates: issuing one certificate (rendering its
PDF), and telling its holder. Tasks take ids and are safe to run twice."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from certificates import issuance
from certificates.models import Certificate
from certificates.rendering import verification_url
from common.tasks import retry_later
from registrations.models import Registration

logger = logging.getLogger(__name__)


@task
def issue_certificate(registration_id: int, actor_id: int | None = None) -> str:
    """Issue one registration's certificate unless it has a valid one already."""
    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None:
        return "gone"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        certificate, created = issuance.issue(registration=registration, actor=actor)
    except issuance.CertificateError:
        return "not eligible"
    if created:
        email_after_commit(certificate)
    return "issued" if created else "already issued"


def email_after_commit(certificate: Certificate) -> None:
    certificate_id = certificate.pk
    transaction.on_commit(lambda: send_certificate_email.enqueue(certificate_id), robust=True)


def revocation_email_after_commit(certificate: Certificate) -> None:
    certificate_id = certificate.pk
    transaction.on_commit(lambda: send_revocation_email.enqueue(certificate_id), robust=True)


def certificate_message(certificate: Certificate) -> EmailMultiAlternatives | None:
    """The holder's email about a new certificate, in the certificate's language; None
    when nobody can be reached. Holders with an account download it from /me/; others
    (walk-ins) get the PDF attached."""
    registration = certificate.registration
    address = registration.contact_email
    if not address:
        return None
    with translation.override(certificate.language):
        context = {
            "certificate": certificate,
            "name": certificate.holder_name,
            "account_url": settings.SITE_URL + reverse("dashboard") if registration.user_id else "",
            "verification_url": verification_url(certificate.code),
            "contact_email": certificate.seminar.contact_email,
        }
        subject = _("Your certificate of attendance: %(seminar)s") % {"seminar": certificate.seminar_title}
        text = render_to_string("certificates/email/issued.txt", context)
        html = render_to_string("certificates/email/issued.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[address])
    message.attach_alternative(html, "text/html")
    if not registration.user_id:
        with certificate.pdf.open("rb") as file:
            message.attach(f"{certificate.serial}.pdf", file.read(), "application/pdf")
    return message


@task
def send_certificate_email(certificate_id: int) -> str:
    certificate = (
        Certificate.objects.select_related("registration__user", "seminar").filter(pk=certificate_id).first()
    )
    if certificate is None or not certificate.is_valid:
        return "gone"
    message = certificate_message(certificate)
    if message is None:
        return "no address"
    message.send()
    return "sent"


def holder_language(certificate: Certificate) -> str:
    """The holder's language: their account's, else (a walk-in) the certificate's."""
    user = certificate.registration.user
    if user is not None and user.preferred_language in dict(settings.LANGUAGES):
        return user.preferred_language
    return certificate.language if certificate.language in dict(settings.LANGUAGES) else "en"


def revocation_message(certificate: Certificate) -> EmailMultiAlternatives | None:
    """The holder's email about the revocation of their certificate: that it is
    revoked, since when, why, and whom to ask; None when nobody can be reached."""
    address = certificate.registration.contact_email
    if not address:
        return None
    with translation.override(holder_language(certificate)):
        context = {
            "certificate": certificate,
            "name": certificate.holder_name,
            "verification_url": verification_url(certificate.code),
            "contact_email": certificate.seminar.contact_email,
        }
        subject = _("Your certificate has been revoked: %(seminar)s") % {"seminar": certificate.seminar_title}
        text = render_to_string("certificates/email/revoked.txt", context)
        html = render_to_string("certificates/email/revoked.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[address])
    message.attach_alternative(html, "text/html")
    return message


@task
def send_revocation_email(certificate_id: int, attempt: int = 1) -> str:
    """Tell the holder their certificate was revoked; when the mail server fails, try
    again later (where the task backend can defer), up to MAIL_ATTEMPTS times."""
    certificate = (
        Certificate.objects.select_related("registration__user", "seminar__venue", "seminar__organisation")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or certificate.is_valid:
        return "gone"
    message = revocation_message(certificate)
    if message is None:
        return "no address"
    try:
        message.send()
    except Exception as error:
        failure = f"Certificate {certificate_id}: revocation email failed, attempt {attempt} ({type(error).__name__})."
        if retry_later(
            send_revocation_email, certificate_id, attempt=attempt, failure=failure, logger=logger
        ):
            return "retrying"
        raise
    return "sent"
