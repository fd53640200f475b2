"""Personal data in registrations: a person's export, their erasure, and the
retention purge of seminars that ended long ago.

Erasure and the purge anonymise a registration the same way (`anonymise`): the
person's link, name, email, organisation, job title, the organisers' message
to them, their photo consent and their answers go; seminar, professional group,
country, status, timestamps, the version of the privacy notice agreed to,
check-in (and attendance, in the attendance app) stay, so counts and hours stay
right. Certificates keep their own frozen copy (see certificates.models).
"""

import calendar
import contextlib
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from accounts import audit
from events.models import Seminar
from registrations import services
from registrations.models import Answer, Registration


def anonymise(registrations: QuerySet[Registration], *, now: datetime) -> int:
    """Anonymise these registrations (those not anonymised yet); returns how many were."""
    registrations = registrations.filter(anonymised_at__isnull=True)
    Answer.objects.filter(registration__in=registrations).delete()
    return registrations.update(
        user=None,
        full_name="",
        email="",
        organisation="",
        job_title="",
        decision_message="",
        photo_consent=False,
        anonymised_at=now,
    )


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("seminar", "professional_group", "privacy_notice")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question__seminar")),
        )
        .order_by("created_at", "pk")
    )
    return {
        "registrations": [
            {
                "seminar": {
                    "slug": registration.seminar.slug,
                    "title": registration.seminar.display_title,
                    "starts_at": _moment(registration.seminar.starts_at),
                    "ends_at": _moment(registration.seminar.ends_at),
                },
                "status": registration.status,
                "professional_group": registration.professional_group.slug,
                "organisation": registration.organisation,
                "job_title": registration.job_title,
                "country": str(registration.country),
                "privacy_notice_version": (
                    registration.privacy_notice.version if registration.privacy_notice else None
                ),
                "consented_at": _moment(registration.consented_at),
                "photo_consent": registration.photo_consent,
                "registered_at": _moment(registration.created_at),
                "confirmed_at": _moment(registration.confirmed_at),
                "ended_at": _moment(registration.ended_at),
                "message_from_organisers": registration.decision_message,
                "checked_in_at": _moment(registration.checked_in_at),
                "answers": [
                    {"question": answer.question.display_label, "answer": answer.display_value}
                    for answer in registration.answers.all()
                ],
            }
            for registration in registrations
        ]
    }


def erase(user, *, now) -> None:
    """Registrations for seminars that have not started are cancelled first, so the
    seat is freed and offered to the waiting list; then all are anonymised."""
    upcoming = Registration.objects.filter(user=user, seminar__starts_at__gt=now).active()
    for registration in upcoming.select_related("seminar"):
        # Ended, or the seminar started meanwhile: anonymised below all the same.
        with contextlib.suppress(services.RegistrationError):
            services.registration_cancel(registration=registration, actor=user, now=now)
    anonymise(Registration.objects.filter(user=user), now=now)


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the day clamped to the month's end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def due_for_purge(*, months: int, now: datetime) -> QuerySet[Registration]:
    """Registrations not yet anonymised of seminars that ended more than `months` months ago."""
    return Registration.objects.filter(
        seminar__ends_at__lt=months_before(now, months), anonymised_at__isnull=True
    )


def purge(*, months: int, now: datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Anonymise the registrations due for purge, seminar by seminar, each with its
    audit entry. Returns the number per seminar slug (what would be, on a dry run).
    Idempotent: a second run finds nothing left to do."""
    now = now or timezone.now()
    due = due_for_purge(months=months, now=now)
    counts = dict(due.order_by("seminar__slug").values_list("seminar__slug").annotate(number=Count("pk")))
    if dry_run:
        return counts
    with transaction.atomic():
        for seminar in Seminar.objects.filter(slug__in=counts).order_by("slug"):
            counts[seminar.slug] = anonymise(due.filter(seminar=seminar), now=now)
            audit.record(
                actor=None,
                action="personal_data.purge",
                target=seminar,
                registrations=counts[seminar.slug],
                months=months,
            )
    return counts
