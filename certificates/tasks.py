"""Background work for certificates: issuing one certificate (rendering its
PDF), and telling its holder. Tasks take ids and are safe to run twice."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from certificates import services
from certificates.models import Certificate
from certificates.rendering import verification_url
from registrations.models import Registration


@task
def issue_certificate(registration_id: int, actor_id: int | None = None) -> str:
    """Issue one registration's certificate unless it has a valid one already."""
    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None:
        return "gone"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        _certificate, created = services.certificate_issue(registration=registration, actor=actor)
    except services.CertificateError:
        return "not eligible"
    return "issued" if created else "already issued"


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
