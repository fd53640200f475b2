"""State changes of registrations. Each locks the seminar row once, so seats and
quotas are never exceeded, also under concurrent requests; emails go out from a
task after commit."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import PrivacyNotice, ProfessionalGroup
from events import services as event_services
from events.models import Seminar
from registrations import tasks
from registrations.models import Answer, Question, Registration, SeatQuota
from registrations.selectors import Phase, registration_phase, seats_left

Status = Registration.Status


class RegistrationError(Exception):
    """A registration change that is not allowed; the message is translated."""


def _locked(seminar: Seminar) -> Seminar:
    """The one lock: the seminar row, held until the transaction ends."""
    return Seminar.objects.select_for_update().get(pk=seminar.pk)


WINDOW_REFUSALS = {
    Phase.UNAVAILABLE: _("This seminar is not open for registration."),
    Phase.NOT_YET_OPEN: _("Registration for this seminar has not opened yet."),
    Phase.CLOSED: _("Registration for this seminar has closed."),
}


def _check_open(seminar: Seminar, now) -> None:
    """Refuse outside the registration window (selectors.registration_phase)."""
    phase = registration_phase(seminar, now=now)
    if phase != Phase.OPEN:
        raise RegistrationError(WINDOW_REFUSALS[phase])


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
        elif seats_left(seminar).available_for(professional_group.pk) > 0:
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
        seats = seats_left(seminar)
        if seats.overall == 0:
            break
        if seats.available_for(registration.professional_group_id) == 0:
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
                if seats_left(seminar).available_for(registration.professional_group_id) > 0:
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
