"""Read queries on registrations that pages share: seats left per group, whether
registration is open, a person's own registrations with their waitlist position.
Each costs a fixed number of queries
whatever the number of groups or rows."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import ProfessionalGroup
from events.models import Seminar
from registrations.models import Registration

Status = Registration.Status


@dataclass(frozen=True)
class GroupSeats:
    """A professional group's quota in a seminar and the seats of it still free."""

    group: ProfessionalGroup
    seats: int
    left: int


@dataclass(frozen=True)
class SeatsLeft:
    """Free seats overall and in each group that has a quota (ordered as the groups are)."""

    capacity: int
    overall: int
    groups: tuple[GroupSeats, ...]

    def available_for(self, group_id: int | None) -> int:
        """Seats a person of this group could take now: the least of the seats left
        overall and in the group's quota. The one rule: the services decide with it
        (registering, offers, approvals, walk-ins) and the pages show it."""
        for group_seats in self.groups:
            if group_seats.group.pk == group_id:
                return min(self.overall, group_seats.left)
        return self.overall

    def full_quota_of(self, group_id: int | None) -> ProfessionalGroup | None:
        """The group, when its own quota is what keeps a person of it out: its seats
        are taken while seats for others remain (they join the waiting list)."""
        for group_seats in self.groups:
            if group_seats.group.pk == group_id and group_seats.left == 0 and self.overall > 0:
                return group_seats.group
        return None


def seats_left(seminar: Seminar) -> SeatsLeft:
    """One query: the seminar's row joined to its quotas (one row per quota, or one row
    without a quota), seats taken overall and in each quota's group counted by subqueries."""
    holding = Registration.objects.filter(seminar=OuterRef("pk")).holding_seats().order_by().values("seminar")
    taken = holding.annotate(count=Count("pk")).values("count")
    taken_in_group = (
        holding.filter(professional_group=OuterRef("quotas__group"))
        .annotate(count=Count("pk"))
        .values("count")
    )
    group_columns = [field.attname for field in ProfessionalGroup._meta.concrete_fields]
    rows = list(
        Seminar.objects.filter(pk=seminar.pk)
        .annotate(
            taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0),
            taken_in_group=Coalesce(Subquery(taken_in_group, output_field=IntegerField()), 0),
        )
        .order_by("quotas__group__position", "quotas__group__slug")
        .values_list(
            "taken", "quotas__seats", "taken_in_group", *(f"quotas__group__{c}" for c in group_columns)
        )
    )
    overall_taken = rows[0][0] if rows else 0
    groups = tuple(
        GroupSeats(
            group=ProfessionalGroup.from_db(Seminar.objects.db, group_columns, group_values),
            seats=seats,
            left=max(seats - taken_in_group, 0),
        )
        for _taken, seats, taken_in_group, *group_values in rows
        if seats is not None
    )
    overall = max(seminar.capacity - overall_taken, 0)
    return SeatsLeft(capacity=seminar.capacity, overall=overall, groups=groups)


class Phase(StrEnum):
    """Where a seminar stands for people who want to register."""

    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    UNAVAILABLE = "unavailable"  # cancelled (or not published)


def registration_phase(seminar: Seminar, *, now: datetime | None = None) -> Phase:
    """The registration window, the one rule (registration_create refuses outside it):
    a published seminar, from registration_opens_at (if set) until
    registration_closes_at, else until the seminar starts."""
    now = now or timezone.now()
    if seminar.status != Seminar.Status.PUBLISHED:
        return Phase.UNAVAILABLE
    if seminar.registration_opens_at and now < seminar.registration_opens_at:
        return Phase.NOT_YET_OPEN
    if now >= (seminar.registration_closes_at or seminar.starts_at):
        return Phase.CLOSED
    return Phase.OPEN


def with_waitlist_position(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate waitlist_position (1 for the first person waiting; None when not
    waiting), in the order the waiting list is served: waitlisted_at, then pk."""
    ahead = (
        Registration.objects.filter(seminar=OuterRef("seminar"), status=Status.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("seminar")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return registrations.annotate(
        waitlist_position=Case(
            When(
                status=Status.WAITLISTED,
                then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + Value(1),
            ),
            default=None,
            output_field=IntegerField(),
        )
    )


def waitlist_position(registration: Registration) -> int | None:
    """The registration's place on the waiting list (with_waitlist_position's rule)."""
    return (
        with_waitlist_position(Registration.objects.filter(pk=registration.pk))
        .values_list("waitlist_position", flat=True)
        .first()
    )


def join_url(registration: Registration, *, now: datetime | None = None) -> str:
    """The join link of an online or hybrid seminar, for its confirmed participants
    while it is published and has not ended; "" for everyone else. Emails, /me/ and
    the API show it by this rule."""
    seminar = registration.seminar
    if (
        registration.status == Status.CONFIRMED
        and seminar.status == Seminar.Status.PUBLISHED
        and seminar.format != Seminar.Format.IN_PERSON
        and not seminar.has_ended(now=now)
    ):
        return seminar.join_url
    return ""


def registrations_of(user) -> QuerySet[Registration]:
    """Only the person's own registrations: another person's id is not found (404)."""
    return Registration.objects.filter(user=user).select_related("seminar")


def active_registration(*, seminar: Seminar, user) -> Registration | None:
    """The person's current registration for the seminar, with its waitlist position."""
    if not user.is_authenticated:
        return None
    return with_waitlist_position(registrations_of(user).filter(seminar=seminar).active()).first()


@dataclass(frozen=True)
class SeminarRegistration:
    """What the seminar page says about registering."""

    phase: Phase
    seats: SeatsLeft | None  # None once registration has closed: the page shows no seats then
    available: int  # seats the visitor's group could take (overall for visitors without a group)
    mine: Registration | None
    full_group: ProfessionalGroup | None = None  # the visitor's group, when its quota is full

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN

    @property
    def shows_seats(self) -> bool:
        return self.seats is not None


def seminar_registration(seminar: Seminar, *, user, now: datetime | None = None) -> SeminarRegistration:
    """Two queries at most: seats (one, while registration is open or yet to open)
    and the visitor's own registration (one, when logged in)."""
    phase = registration_phase(seminar, now=now)
    seats = seats_left(seminar) if phase in (Phase.OPEN, Phase.NOT_YET_OPEN) else None
    group_id = user.professional_group_id if user.is_authenticated else None
    return SeminarRegistration(
        phase=phase,
        seats=seats,
        available=seats.available_for(group_id) if seats is not None else 0,
        mine=active_registration(seminar=seminar, user=user),
        full_group=seats.full_quota_of(group_id) if seats is not None else None,
    )


def may_cancel(registration: Registration, *, now: datetime | None = None) -> bool:
    """Participants cancel active registrations until the seminar starts
    (registration_cancel enforces it; pages use this to offer the button)."""
    return registration.is_active and (now or timezone.now()) < registration.seminar.starts_at


@dataclass(frozen=True)
class MyRegistration:
    """One row of the person's dashboard, with what they may do with it now."""

    registration: Registration
    can_cancel: bool
    can_confirm: bool
    join_url: str


@dataclass(frozen=True)
class MyRegistrations:
    current: list[MyRegistration]  # active, for seminars that have not ended
    earlier: list[MyRegistration]  # ended registrations and past seminars, newest first


def my_registrations(user, *, now: datetime | None = None) -> MyRegistrations:
    """The dashboard's registrations in one query."""
    now = now or timezone.now()
    registrations = with_waitlist_position(
        registrations_of(user).select_related("seminar__venue", "professional_group")
    ).order_by("seminar__starts_at", "pk")
    current, earlier = [], []
    for registration in registrations:
        seminar = registration.seminar
        is_current = registration.is_active and seminar.ends_at > now
        row = MyRegistration(
            registration=registration,
            can_cancel=may_cancel(registration, now=now),
            can_confirm=registration.status == Status.OFFERED and now < registration.offer_expires_at,
            join_url=join_url(registration, now=now),
        )
        (current if is_current else earlier).append(row)
    earlier.reverse()
    return MyRegistrations(current=current, earlier=earlier)
