"""What registrations does when a seminar changes (events.signals), inside the
change's transaction: refuse a capacity below the seats taken, tell the people
holding a seat, cancel the registrations of a cancelled seminar."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.dispatch import receiver

from events import signals
from registrations import services
from registrations.models import Registration


@receiver(signals.seminar_updating, dispatch_uid="registrations.seminar_updating")
def check_seats(sender, *, seminar, stored, **details) -> None:
    services.seminar_edit_check(seminar=seminar, stored=stored)


@receiver(signals.seminar_updated, dispatch_uid="registrations.seminar_updated")
def tell_seat_holders(sender, *, seminar, stored, changed, now, **details) -> None:
    services.seminar_edited(seminar=seminar, stored=stored, changed=changed, now=now)


@receiver(signals.seminar_cancelled, dispatch_uid="registrations.seminar_cancelled")
def cancel_registrations(sender, *, seminar, now, **details) -> int:
    return services.registrations_of_cancelled_seminar(seminar=seminar, now=now)


def _with_registration_counts(seminars):
    """Seats taken and left, and registrations awaiting approval, in the list's one query."""

    def count(*statuses: str):
        matching = (
            Registration.objects.filter(seminar=OuterRef("pk"), status__in=statuses)
            .order_by()
            .values("seminar")
            .annotate(number=Count("pk"))
            .values("number")
        )
        return Coalesce(Subquery(matching, output_field=IntegerField()), 0)

    return seminars.annotate(
        seats_taken=count(*Registration.SEAT_HOLDING), awaiting_approval=count(Registration.Status.PENDING)
    ).annotate(seats_left=Greatest(F("capacity") - F("seats_taken"), 0, output_field=IntegerField()))


@receiver(signals.seminar_list_columns, dispatch_uid="registrations.seminar_list_columns")
def registration_counts(sender, **details):
    return _with_registration_counts
