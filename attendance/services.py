"""The door: check-in (at the desk or by a participant's code), walk-ins, and
attendance corrected afterwards. Each change locks one row (the registration,
or for a walk-in the seminar, as registrations.services does, so seats are
never exceeded); emails go out from registrations' task after commit."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import ProfessionalGroup
from attendance.models import Attendance
from attendance.units import AttendanceUnit, attendance_units, unit_key, units_on
from events.models import Seminar
from registrations import tasks
from registrations.models import Registration
from registrations.selectors import seats_left
from registrations.services import RegistrationError

Status = Registration.Status

# A seminar's codes are still accepted at the desk for a day after it ends (late
# entries from paper); attendance is corrected on the attendance page after that.
CHECK_IN_GRACE = timedelta(days=1)


def desk_day(seminar: Seminar, now=None) -> date:
    """The seminar day the desk works on: today in the seminar's zone, clamped to
    its first day before the seminar and to its last day after it."""
    zone = seminar.zone
    today = (now or timezone.now()).astimezone(zone).date()
    first = seminar.starts_at.astimezone(zone).date()
    last = (seminar.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    return min(max(today, first), last)


def _door_open(seminar: Seminar, now) -> None:
    """The desk checks people in (and registers walk-ins) for a published seminar
    from its first day at the venue until a day after it ends: never ahead, so no
    presence is recorded for a day that has not begun."""
    if seminar.status != Seminar.Status.PUBLISHED:
        raise RegistrationError(_("This seminar is not taking place: nobody can be checked in."))
    zone = seminar.zone
    if now.astimezone(zone).date() < seminar.starts_at.astimezone(zone).date():
        raise RegistrationError(
            _("This seminar has not started yet: people can be checked in from its first day.")
        )
    if now > seminar.ends_at + CHECK_IN_GRACE:
        raise RegistrationError(
            _("This seminar ended more than a day ago: correct its attendance on the attendance page.")
        )


def door_refusal(*, seminar: Seminar, now=None) -> str:
    """Why the desk cannot check anyone in now, or "" when it can: the desk page
    says so before anyone is turned away (the rule is _door_open's)."""
    try:
        _door_open(seminar, now or timezone.now())
    except RegistrationError as error:
        return str(error)
    return ""


def _check_in_allowed(registration: Registration, seminar: Seminar, now) -> None:
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(
            _("This registration is not confirmed (%(status)s): it cannot be checked in.")
            % {"status": registration.get_status_display()}
        )
    _door_open(seminar, now)


def check_in_refusal(*, registration: Registration, now=None) -> str:
    """Why the registration cannot be checked in now ("" when it can)."""
    try:
        _check_in_allowed(registration, registration.seminar, now or timezone.now())
    except RegistrationError as error:
        return str(error)
    return ""


def _day_units(seminar: Seminar, day: date) -> list[AttendanceUnit]:
    return units_on(attendance_units(seminar), day, seminar.zone)


def _present_on(registration: Registration, units: list[AttendanceUnit]) -> set[str]:
    """Keys of the units among `units` where the registration is marked present."""
    present = set()
    for unit in units:
        if Attendance.objects.filter(registration=registration, present=True, **unit.lookup()).exists():
            present.add(unit.key)
    return present


def _mark_present(registration: Registration, units: list[AttendanceUnit], actor, now) -> None:
    for unit in units:
        Attendance.objects.update_or_create(
            registration=registration,
            **unit.lookup(),
            defaults={"present": True, "recorded_by": actor, "recorded_at": now},
        )


def _check_in_locked(registration: Registration, seminar: Seminar, actor, now) -> bool:
    """Check in a registration whose row is locked; False when it already was (today)."""
    _check_in_allowed(registration, seminar, now)
    day = desk_day(seminar, now)
    units = _day_units(seminar, day)
    if registration.checked_in_at is not None and _present_on(registration, units) == {
        unit.key for unit in units
    }:
        return False
    if registration.checked_in_at is None:
        registration.checked_in_at = now
        registration.checked_in_by = actor
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
    _mark_present(registration, units, actor, now)
    audit.record(
        actor=actor,
        action="registration.check_in",
        target=registration,
        seminar=seminar.slug,
        day=day.isoformat(),
        units=len(units),
    )
    return True


def check_in(*, registration: Registration, actor, now=None) -> bool:
    """Check a confirmed participant in at the door of a published seminar (until a
    day after it ends) and mark them present at the units of the desk's day.
    Idempotent: when they are checked in for that day already, nothing changes
    and nothing is recorded (returns False)."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("seminar")
            .get(pk=registration.pk)
        )
        return _check_in_locked(registration, registration.seminar, actor, now)


def check_in_undo(*, registration: Registration, actor, now=None) -> bool:
    """Undo a check-in made by mistake: the desk day's presences go, and the
    check-in itself when no other presence is left. False when there was none."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("seminar")
            .get(pk=registration.pk)
        )
        seminar = registration.seminar
        if registration.checked_in_at is None:
            return False
        day = desk_day(seminar, now)
        units = _day_units(seminar, day)
        for unit in units:
            Attendance.objects.filter(registration=registration, **unit.lookup()).delete()
        if not Attendance.objects.filter(registration=registration, present=True).exists():
            registration.checked_in_at = None
            registration.checked_in_by = None
            registration.save(update_fields=["checked_in_at", "checked_in_by"])
        audit.record(
            actor=actor,
            action="registration.check_in_undo",
            target=registration,
            seminar=seminar.slug,
            day=day.isoformat(),
        )
    return True


def walk_in_register(
    *,
    seminar: Seminar,
    actor,
    full_name: str,
    email: str = "",
    organisation: str,
    professional_group: ProfessionalGroup,
    country: str,
    job_title: str = "",
    now=None,
) -> Registration:
    """Register a person at the door who did not register online, and check them in.
    Only when a seat is free within the capacity and the group's quota (the rule of
    registration_create); otherwise nothing is stored. They get a confirmation
    email only when an address was given."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
        _door_open(seminar, now)
        if seats_left(seminar).available_for(professional_group.pk) <= 0:
            raise RegistrationError(
                _("No seat is free for this professional group: the walk-in cannot be registered.")
            )
        registration = Registration.objects.create(
            seminar=seminar,
            user=None,
            is_walk_in=True,
            full_name=full_name,
            email=email,
            status=Status.CONFIRMED,
            professional_group=professional_group,
            organisation=organisation,
            job_title=job_title,
            country=country,
            created_at=now,
            confirmed_at=now,
            decided_by=actor,
        )
        audit.record(actor=actor, action="registration.walk_in", target=registration, seminar=seminar.slug)
        _check_in_locked(registration, seminar, actor, now)
        if registration.contact_email:
            tasks.notify_after_commit(registration, "registration_confirmed")
    return registration


def attendance_set(
    *, seminar: Seminar, actor, changes: dict[tuple[int, str], bool], now=None
) -> tuple[int, int]:
    """Correct attendance afterwards: `changes` maps (registration id, unit key) to
    present or absent, for confirmed registrations of the seminar and its units
    (anything else is refused and nothing is saved). Only real changes are
    written, and only for units that have started (a change to a later unit is
    refused and nothing is saved). Returns (marked present, marked absent)."""
    now = now or timezone.now()
    units = {unit.key: unit for unit in attendance_units(seminar)}
    registration_ids = {registration_id for registration_id, _key in changes}
    known = set(
        Registration.objects.filter(
            seminar=seminar, status=Status.CONFIRMED, pk__in=registration_ids
        ).values_list("pk", flat=True)
    )
    if registration_ids - known or any(key not in units for _id, key in changes):
        raise RegistrationError(
            _("Attendance can only be set for confirmed participants and the sessions of this seminar.")
        )
    marked_present = marked_absent = 0
    with transaction.atomic():
        current = {
            (row.registration_id, unit_key(row.session_id, row.day)): row
            for row in Attendance.objects.select_for_update().filter(registration_id__in=known).order_by()
        }
        real = {
            change: present
            for change, present in changes.items()
            if (current[change].present if change in current else False) != present
        }
        if any(not units[key].has_started(now) for _id, key in real):
            raise RegistrationError(
                _("Attendance can only be recorded for sessions and days that have started.")
            )
        for (registration_id, key), present in real.items():
            Attendance.objects.update_or_create(
                registration_id=registration_id,
                **units[key].lookup(),
                defaults={"present": present, "recorded_by": actor, "recorded_at": now},
            )
            if present:
                marked_present += 1
            else:
                marked_absent += 1
        if marked_present or marked_absent:
            audit.record(
                actor=actor,
                action="attendance.correct",
                target=seminar,
                present=marked_present,
                absent=marked_absent,
            )
    return marked_present, marked_absent
