"""State changes of registrations. Each locks the seminar row once, so seats and
quotas are never exceeded, also under concurrent requests; emails go out from a
task after commit."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import PrivacyNotice, ProfessionalGroup
from events import services as event_services
from events.models import Seminar
from registrations import tasks
from registrations.attendance import AttendanceUnit, attendance_units, units_on
from registrations.models import Answer, Attendance, Question, Registration, SeatQuota

Status = Registration.Status


class RegistrationError(Exception):
    """A registration change that is not allowed; the message is translated."""


@dataclass(frozen=True)
class Seats:
    """Seats left overall and for one professional group (None: no quota for it)."""

    overall: int
    group: int | None

    @property
    def available(self) -> int:
        return self.overall if self.group is None else min(self.overall, self.group)


def _locked(seminar: Seminar) -> Seminar:
    """The one lock: the seminar row, held until the transaction ends."""
    return Seminar.objects.select_for_update().get(pk=seminar.pk)


def seats_for(seminar: Seminar, group: ProfessionalGroup) -> Seats:
    taken = Registration.objects.filter(seminar=seminar).holding_seats()
    overall = seminar.capacity - taken.count()
    quota = SeatQuota.objects.filter(seminar=seminar, group=group).first()
    group_left = None if quota is None else quota.seats - taken.filter(professional_group=group).count()
    return Seats(overall=max(overall, 0), group=None if group_left is None else max(group_left, 0))


def _check_open(seminar: Seminar, now) -> None:
    if seminar.status != Seminar.Status.PUBLISHED:
        raise RegistrationError(_("This seminar is not open for registration."))
    if seminar.registration_opens_at and now < seminar.registration_opens_at:
        raise RegistrationError(_("Registration for this seminar has not opened yet."))
    closes = seminar.registration_closes_at or seminar.starts_at
    if now >= closes:
        raise RegistrationError(_("Registration for this seminar has closed."))


def _validated_answers(seminar: Seminar, answers: dict[int, object]) -> list[Answer]:
    """Answers keyed by question id: text for text questions, True/False for yes/no,
    1-based option numbers for choices. Required questions must be answered."""
    built = []
    for question in seminar.questions.all():
        value = answers.get(question.pk)
        empty = value in (None, "", [], ())
        if empty:
            if question.required:
                raise RegistrationError(
                    _("Please answer the question “%(question)s”.") % {"question": question.display_label}
                )
            continue
        answer = Answer(question=question)
        if question.has_options:
            try:
                numbers = [int(number) for number in (value if isinstance(value, list | tuple) else [value])]
            except (TypeError, ValueError):
                numbers = [0]
            if not all(0 < number <= len(question.option_list) for number in numbers) or (
                question.kind == Question.Kind.SINGLE_CHOICE and len(numbers) != 1
            ):
                raise RegistrationError(
                    _("Choose one of the options for “%(question)s”.") % {"question": question.display_label}
                )
            answer.choices = sorted(set(numbers))
        elif question.kind == Question.Kind.YES_NO:
            answer.text = "yes" if value in (True, "yes", "true", "1", 1) else "no"
        else:
            answer.text = str(value).replace("\x00", "")[:4000]  # NUL bytes cannot be stored
        built.append(answer)
    return built


def _profile_update(user, **details: str) -> None:
    """The profile keeps what the person last registered with (what they left blank
    does not erase what the profile holds), so the next form starts from it."""
    changed = [name for name, value in details.items() if value and value != getattr(user, name)]
    for name in changed:
        setattr(user, name, details[name])
    if changed:
        user.save(update_fields=changed)


def registration_create(
    *,
    seminar: Seminar,
    user,
    professional_group: ProfessionalGroup,
    organisation: str,
    job_title: str = "",
    country: str,
    consent: bool,
    photo_consent: bool = False,
    answers: dict[int, object] | None = None,
    now=None,
) -> Registration:
    """Register a person for a seminar. One active registration per person; only
    the seminar's target groups; consent to the privacy notice in force is
    required. A free seat (within the group's quota) confirms at once, or waits
    for approval where the seminar asks for it; otherwise the person joins the
    waiting list. Times are taken once the lock is held, so the waiting list
    keeps the order in which registrations were decided. The person's profile
    takes the organisation, job title and country they registered with."""
    if not consent:
        raise RegistrationError(_("Please agree to the processing of your personal data to register."))
    # What does not depend on the seats is checked before the lock, to hold it briefly.
    targets = list(seminar.target_groups.all())
    if targets and professional_group not in targets:
        raise RegistrationError(_("This seminar is not open to your professional group."))
    built_answers = _validated_answers(seminar, answers or {})
    privacy_notice = PrivacyNotice.current()
    with transaction.atomic():
        seminar = _locked(seminar)
        now = now or timezone.now()
        _check_open(seminar, now)
        if Registration.objects.active().filter(seminar=seminar, user=user).exists():
            raise RegistrationError(_("You are already registered for this seminar."))
        registration = Registration(
            seminar=seminar,
            user=user,
            professional_group=professional_group,
            organisation=organisation,
            job_title=job_title,
            country=country,
            privacy_notice=privacy_notice,
            consented_at=now,
            photo_consent=photo_consent,
            created_at=now,
        )
        if seminar.requires_approval:
            registration.status = Status.PENDING
        elif seats_for(seminar, professional_group).available > 0:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
        else:
            registration.status = Status.WAITLISTED
            registration.waitlisted_at = now
        registration.save()
        _profile_update(user, organisation=organisation, job_title=job_title, country=country)
        for answer in built_answers:
            answer.registration = registration
        if built_answers:
            Answer.objects.bulk_create(built_answers)
        tasks.notify_after_commit(registration, f"registration_{registration.status}")
    return registration


def _offer_free_seats(seminar: Seminar, now) -> list[Registration]:
    """Offer free seats to the waiting list in order: each person who fits (group
    quota) gets a seat held for WAITLIST_OFFER_HOURS. Call with the seminar locked."""
    offered = []
    if seminar.status != Seminar.Status.PUBLISHED or seminar.starts_at <= now:
        return offered
    waiting = Registration.objects.filter(seminar=seminar, status=Status.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    for registration in waiting:
        seats = seats_for(seminar, registration.professional_group)
        if seats.overall == 0:
            break
        if seats.available == 0:
            continue
        registration.status = Status.OFFERED
        registration.offer_expires_at = min(
            now + timedelta(hours=settings.WAITLIST_OFFER_HOURS), seminar.starts_at
        )
        registration.save(update_fields=["status", "offer_expires_at"])
        tasks.notify_after_commit(registration, "offer")
        offered.append(registration)
    return offered


def registration_cancel(
    *, registration: Registration, actor, by_organiser: bool = False, now=None
) -> Registration:
    """A participant cancels until the seminar starts; organisers at any time.
    A freed seat is offered to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked(registration.seminar)
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError(_("This registration is no longer active."))
        if not by_organiser and now >= seminar.starts_at:
            raise RegistrationError(_("The seminar has started; please contact the organisers."))
        registration.status = Status.CANCELLED
        registration.ended_at = now
        if by_organiser:
            registration.decided_by = actor
        registration.save(update_fields=["status", "ended_at", "decided_by"])
        if by_organiser:
            audit.record(actor=actor, action="registration.cancel", target=registration)
        tasks.notify_after_commit(registration, "cancelled")
        _offer_free_seats(seminar, now)
    return registration


def offer_confirm(*, registration: Registration, now=None) -> Registration:
    """The person takes the seat offered to them, before the offer expires."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked(registration.seminar)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.OFFERED:
            raise RegistrationError(_("There is no open offer for this registration."))
        if now >= registration.offer_expires_at:
            raise RegistrationError(_("This offer has expired."))
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        tasks.notify_after_commit(registration, "registration_confirmed")
        _offer_free_seats(seminar, now)
    return registration


def offers_expire(*, now=None) -> int:
    """Offers not confirmed in time lapse, and their seats pass to the next people.
    Safe to run as often as wanted (a periodic runner calls it)."""
    now = now or timezone.now()
    expired = 0
    seminar_ids = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("seminar_id", flat=True)
        .distinct()
    )
    for seminar_id in list(seminar_ids):
        with transaction.atomic():
            seminar = Seminar.objects.select_for_update().get(pk=seminar_id)
            lapsed = list(
                Registration.objects.filter(seminar=seminar, status=Status.OFFERED, offer_expires_at__lte=now)
            )
            for registration in lapsed:
                registration.status = Status.EXPIRED
                registration.ended_at = now
                registration.save(update_fields=["status", "ended_at"])
                tasks.notify_after_commit(registration, "offer_expired")
            expired += len(lapsed)
            _offer_free_seats(seminar, now)
    return expired


def registrations_approve(
    *, registrations: list[Registration], actor, message: str = "", now=None
) -> tuple[list[Registration], list[Registration]]:
    """Approve pending registrations in the order they came. Each gets a seat if
    one is free within its group's quota; the others join the waiting list.
    Returns (confirmed, waitlisted)."""
    now = now or timezone.now()
    confirmed, waitlisted = [], []
    by_seminar: dict[int, list[Registration]] = {}
    for registration in registrations:
        by_seminar.setdefault(registration.seminar_id, []).append(registration)
    for seminar_id, group in by_seminar.items():
        with transaction.atomic():
            seminar = Seminar.objects.select_for_update().get(pk=seminar_id)
            pending = Registration.objects.filter(
                pk__in=[r.pk for r in group], status=Status.PENDING
            ).order_by("created_at", "pk")
            for registration in pending:
                registration.decided_by = actor
                registration.decision_message = message
                if seats_for(seminar, registration.professional_group).available > 0:
                    registration.status = Status.CONFIRMED
                    registration.confirmed_at = now
                    confirmed.append(registration)
                else:
                    registration.status = Status.WAITLISTED
                    registration.waitlisted_at = now
                    waitlisted.append(registration)
                registration.save()
                audit.record(actor=actor, action="registration.approve", target=registration)
                tasks.notify_after_commit(registration, f"registration_{registration.status}")
    return confirmed, waitlisted


def registrations_reject(*, registrations: list[Registration], actor, message: str = "", now=None) -> int:
    """Reject active registrations (pending, waiting, offered or confirmed) with an
    optional message; a freed seat goes to the waiting list."""
    now = now or timezone.now()
    rejected = 0
    by_seminar: dict[int, list[int]] = {}
    for registration in registrations:
        by_seminar.setdefault(registration.seminar_id, []).append(registration.pk)
    for seminar_id, ids in by_seminar.items():
        with transaction.atomic():
            seminar = Seminar.objects.select_for_update().get(pk=seminar_id)
            for registration in Registration.objects.filter(pk__in=ids).active():
                registration.status = Status.REJECTED
                registration.ended_at = now
                registration.decided_by = actor
                registration.decision_message = message
                registration.save()
                audit.record(actor=actor, action="registration.reject", target=registration)
                tasks.notify_after_commit(registration, "rejected")
                rejected += 1
            _offer_free_seats(seminar, now)
    return rejected


class SeatsTaken(RegistrationError, event_services.CapacityRefused):
    """A capacity or quota below the seats already taken; doors show it at the capacity."""


# A change to any of these is news for the people holding a seat.
PARTICIPANT_FACTS = ("starts_at", "ends_at", "venue_id", "format", "join_url")


def _check_seats(seminar: Seminar, capacity: int, quotas: dict[int, int] | None = None) -> None:
    """The capacity, and each group's quota, cannot go below the seats already
    taken. Call with the seminar locked."""
    taken = Registration.objects.filter(seminar=seminar).holding_seats()
    if capacity < taken.count():
        raise SeatsTaken(
            _("%(taken)s seats are already taken: the capacity cannot be lower.") % {"taken": taken.count()}
        )
    for group_id, seats in (quotas or {}).items():
        in_group = taken.filter(professional_group_id=group_id).count()
        if seats < in_group:
            raise SeatsTaken(
                _("%(taken)s seats of that group are already taken: its quota cannot be lower.")
                % {"taken": in_group}
            )


def seminar_capacity_change(
    *, seminar: Seminar, capacity: int, quotas: dict[int, int] | None = None, actor, now=None
) -> Seminar:
    """Change the capacity (and the seats per group id). Lower than the seats
    already taken is refused; new room is offered to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked(seminar)
        _check_seats(seminar, capacity, quotas)
        seminar.capacity = capacity
        seminar.save(update_fields=["capacity", "updated_at"])
        audit.record(
            actor=actor, action="seminar.capacity", target=seminar, capacity=capacity, quotas=quotas or {}
        )
        if quotas is not None:
            for group_id, seats in quotas.items():
                SeatQuota.objects.update_or_create(
                    seminar=seminar, group_id=group_id, defaults={"seats": seats}
                )
        event_services.seminar_changed(seminar=seminar)
        _offer_free_seats(seminar, now)
    return seminar


def seminar_edit_check(*, seminar: Seminar, stored: Seminar) -> None:
    """An edit's capacity cannot go below the seats taken (`stored` is locked)."""
    if seminar.capacity != stored.capacity:
        _check_seats(stored, seminar.capacity)


def seminar_edited(*, seminar: Seminar, stored: Seminar, changed: list[str], now) -> None:
    """The people holding a seat are told after commit when the time, place, format
    or join link changes; new room is offered to the waiting list."""
    if any(name in changed for name in PARTICIPANT_FACTS):
        for registration in Registration.objects.filter(seminar=seminar).holding_seats():
            tasks.notify_after_commit(registration, "seminar_changed")
    if seminar.capacity > stored.capacity:
        stored.refresh_from_db()
        _offer_free_seats(stored, now)


def registrations_of_cancelled_seminar(*, seminar: Seminar, now) -> int:
    """Every active registration of a cancelled seminar is cancelled and its person
    told by email after commit. Returns how many."""
    active = list(Registration.objects.filter(seminar=seminar).active())
    for registration in active:
        registration.status = Status.CANCELLED
        registration.ended_at = now
        registration.save(update_fields=["status", "ended_at"])
        tasks.notify_after_commit(registration, "seminar_cancelled")
    return len(active)


def reminders_send(*, within: timedelta, now=None) -> int:
    """Queue a reminder for each confirmed registration of a seminar starting
    within `within`, once per registration (the row is marked in the same
    transaction, so two runners never remind twice)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Registration.objects.select_for_update()
            .filter(
                status=Status.CONFIRMED,
                reminder_sent_at__isnull=True,
                seminar__status=Seminar.Status.PUBLISHED,
                seminar__starts_at__gt=now,
                seminar__starts_at__lte=now + within,
            )
            .order_by("pk")
        )
        for registration in due:
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            tasks.notify_after_commit(registration, "reminder")
    return len(due)


# Check-in at the door, walk-ins, attendance

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
        seminar = _locked(seminar)
        _door_open(seminar, now)
        if seats_for(seminar, professional_group).available <= 0:
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
            (row.registration_id, f"session-{row.session_id}" if row.session_id else f"day-{row.day}"): row
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
