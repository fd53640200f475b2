"""Emails about registrations, sent from a task after commit, in the participant's
language and the venue's time zone. A failed send is tried again later."""

import email.message
import email.utils
import io
import logging

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.tasks import retry_later
from events.ical import calendar_for
from registrations.models import Registration
from registrations.selectors import join_url, seats_left, waitlist_position

logger = logging.getLogger(__name__)


# Subject and first paragraph of each message, by kind.
MESSAGES = {
    "registration_confirmed": (
        _("Your place is confirmed: %(seminar)s"),
        _("Your place at this seminar is confirmed. The calendar entry is attached."),
    ),
    "registration_pending": (
        _("Registration received: %(seminar)s"),
        _("We have received your registration. The organisers review each one and will write to you."),
    ),
    "registration_waitlisted": (
        _("You are on the waiting list: %(seminar)s"),
        _(
            "The seminar is full for now, so you are on the waiting list. If a seat becomes free, we offer it to you by email."
        ),
    ),
    "offer": (
        _("A seat is free for you: %(seminar)s"),
        _(
            "A seat has become free. Please confirm it from your account before the deadline below, or it passes to the next person."
        ),
    ),
    "offer_expired": (
        _("Your offer has expired: %(seminar)s"),
        _("The seat offered to you was not confirmed in time and has passed to the next person."),
    ),
    "rejected": (
        _("Your registration was not accepted: %(seminar)s"),
        _("We are sorry: the organisers could not accept your registration for this seminar."),
    ),
    "cancelled": (
        _("Registration cancelled: %(seminar)s"),
        _("Your registration for this seminar has been cancelled."),
    ),
    "seminar_cancelled": (
        _("Seminar cancelled: %(seminar)s"),
        _("We are sorry to tell you that this seminar has been cancelled."),
    ),
    "seminar_changed": (
        _("Seminar details changed: %(seminar)s"),
        _("The details of this seminar have changed. Please check the new details below."),
    ),
    "reminder": (
        _("Reminder: %(seminar)s"),
        _("This is a reminder that the seminar takes place soon. We look forward to seeing you."),
    ),
}
WITH_CALENDAR = {"registration_confirmed", "reminder", "seminar_changed"}
# Messages that carry the participant's check-in QR code (while confirmed).
WITH_CHECK_IN_CODE = {"registration_confirmed", "reminder", "seminar_changed"}


def notify_after_commit(registration: Registration, kind: str) -> None:
    """Email the participant once the current transaction has committed."""
    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind), robust=True)


def check_in_url(registration: Registration) -> str:
    """The absolute address in the participant's QR code: the organisers' check-in
    page of the registration, in the site's default language (no prefix)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("manage_attendance:check_in_code", kwargs={"code": registration.check_in_code})
    return settings.SITE_URL + path


def check_in_qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def _language_of(registration: Registration) -> str:
    """The participant's language; walk-ins get the seminar's."""
    user = registration.user
    language = user.preferred_language if user is not None else registration.seminar.language
    return language if language in dict(settings.LANGUAGES) else "en"


def _waitlist_reason(registration: Registration) -> str:
    """Why the person waits, when it is their group's quota and not the whole seminar."""
    group = seats_left(registration.seminar).full_quota_of(registration.professional_group_id)
    if group is None:
        return ""
    return _(
        "All seats for %(group)s at this seminar are taken, so you are on the waiting list. "
        "If a seat for %(group)s becomes free, we offer it to you by email."
    ) % {"group": group.name}


def registration_message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """The message to registration.contact_email (callers send nothing when it is empty)."""
    seminar = registration.seminar
    with translation.override(_language_of(registration)):
        subject_text, intro = MESSAGES[kind]
        if kind == "registration_waitlisted":
            intro = _waitlist_reason(registration) or intro
        confirmed = registration.status == Registration.Status.CONFIRMED
        with_code = kind in WITH_CHECK_IN_CODE and confirmed
        qr_cid = email.utils.make_msgid(idstring="check-in", domain="victor-seminars") if with_code else ""
        context = {
            "registration": registration,
            "seminar": seminar,
            "name": registration.display_name,
            "intro": intro,
            "check_in_url": check_in_url(registration) if with_code else "",
            "check_in_qr_cid": qr_cid[1:-1],
            "kind": kind,
            "join_url": join_url(registration),
            "account_url": settings.SITE_URL + reverse("dashboard"),
            "seminar_url": settings.SITE_URL + seminar.get_absolute_url(),
            "position": waitlist_position(registration) if kind == "registration_waitlisted" else None,
        }
        subject = str(subject_text) % {"seminar": seminar.display_title}
        text = render_to_string("registrations/email/message.txt", context)
        html = render_to_string("registrations/email/message.html", context)
        calendar = (
            calendar_for([seminar], name=seminar.display_title)
            if kind in WITH_CALENDAR and confirmed
            else None
        )
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[registration.contact_email]
    )
    message.attach_alternative(html, "text/html")
    if calendar:
        message.attach(f"{seminar.slug}.ics", calendar, "text/calendar; charset=utf-8; method=PUBLISH")
    if qr_cid:
        # Shown inside the HTML part through its Content-ID (Django's documented way
        # of adding an inline image); clients that do not show it list it as a file.
        image = email.message.MIMEPart()
        image.set_content(
            check_in_qr_png(context["check_in_url"]),
            maintype="image",
            subtype="png",
            disposition="inline",
            filename="check-in-qr.png",
            cid=qr_cid,
        )
        message.attach(image)
    return message


@task
def send_registration_email(registration_id: int, kind: str, attempt: int = 1) -> str:
    """Send one message; when the mail server fails, try again later (where the
    task backend can defer), up to common.tasks.MAIL_ATTEMPTS times."""
    registration = (
        Registration.objects.select_related("seminar__venue", "seminar__organisation", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return "gone"
    if not registration.contact_email:  # a walk-in without an address, or anonymised
        return "no address"
    message = registration_message(registration, kind)
    try:
        message.send()
    except Exception as error:
        failure = f"Registration {registration_id}: {kind} email failed, attempt {attempt} ({type(error).__name__})."
        if retry_later(
            send_registration_email, registration_id, kind, attempt=attempt, failure=failure, logger=logger
        ):
            return "retrying"
        raise
    return "sent"
