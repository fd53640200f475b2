"""Read queries of the door: who attended (the people trained), and the active
registration that replaces a cancelled one whose code is scanned."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from attendance.models import Attendance
from registrations.models import Registration

Status = Registration.Status


# Who attended: the one definition of "attendees" and "people trained" for every
# page, export and chart (seminar dashboard, funder report and its downloads,
# evaluation response rates). A confirmed registration that was checked in or
# marked present at one attendance unit at least; walk-ins count like anyone, and
# so do anonymised (erased or purged) registrations: only their personal data is gone.


def attended() -> Q:
    """The condition on a Registration row: checked in, or present at one unit at least."""
    present = Attendance.objects.filter(registration=OuterRef("pk"), present=True)
    return Q(checked_in_at__isnull=False) | Exists(present)


def with_attended(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate `attended` (see attended())."""
    return registrations.annotate(attended=ExpressionWrapper(attended(), output_field=BooleanField()))


def people_trained(seminars) -> QuerySet[Registration]:
    """The confirmed registrations of these seminars that attended."""
    return Registration.objects.filter(seminar__in=seminars, status=Status.CONFIRMED).filter(attended())


def replacement_of(registration: Registration) -> Registration | None:
    """The same person's active registration for the same seminar, when this one is
    no longer active (they cancelled and registered again: the old code is scanned)."""
    if registration.is_active or registration.user_id is None:
        return None
    return (
        Registration.objects.filter(seminar_id=registration.seminar_id, user_id=registration.user_id)
        .active()
        .select_related("user", "professional_group")
        .first()
    )
