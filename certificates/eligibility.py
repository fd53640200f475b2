"""Who has earned a certificate: confirmed (not anonymised) registrations whose
hours attended reach the seminar's minimum share of its agenda hours (75 %
unless the seminar's certificate design says otherwise)."""

from dataclasses import dataclass
from decimal import Decimal

from attendance.units import attendance_units, hours_attended, total_hours
from certificates.models import DEFAULT_MIN_ATTENDANCE_PERCENT, CertificateDesign
from events.models import Seminar
from registrations.models import Registration


@dataclass(frozen=True)
class EligibleRegistration:
    registration: Registration
    hours_attended: Decimal
    total_hours: Decimal


def min_attendance_percent(seminar: Seminar) -> int:
    design = CertificateDesign.objects.filter(seminar=seminar).only("min_attendance_percent").first()
    return design.min_attendance_percent if design else DEFAULT_MIN_ATTENDANCE_PERCENT


def is_enough(attended: Decimal, total: Decimal, percent: int) -> bool:
    return total > 0 and attended * 100 >= total * percent


def eligible_registrations(
    seminar: Seminar, *, registrations: list[Registration] | None = None
) -> list[EligibleRegistration]:
    """The seminar's registrations that earn a certificate, with their hours
    (a fixed number of queries whatever their number). `registrations` limits the
    question to these (already fetched) registrations of the seminar."""
    if registrations is None:
        registrations = list(
            Registration.objects.filter(
                seminar=seminar, status=Registration.Status.CONFIRMED, anonymised_at__isnull=True
            ).select_related("user")
        )
    else:
        registrations = [
            registration
            for registration in registrations
            if registration.seminar_id == seminar.pk
            and registration.status == Registration.Status.CONFIRMED
            and registration.anonymised_at is None
        ]
    total = total_hours(attendance_units(seminar))
    percent = min_attendance_percent(seminar)
    attended = hours_attended(seminar, registrations)
    return [
        EligibleRegistration(registration, attended[registration.pk], total)
        for registration in registrations
        if is_enough(attended[registration.pk], total, percent)
    ]
