"""The numbers of the organiser's seminar dashboard and of the funder report.

Definitions used throughout:
- attended: attendance.selectors.attended(), the one definition (walk-ins and
  anonymised registrations count); "trained" in the funder report means attended;
- attendance rate: attended / confirmed;
- no name ever appears in these numbers.
Each function costs a fixed number of queries whatever the number of registrations.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.models import ProfessionalGroup
from attendance.models import Attendance
from attendance.selectors import people_trained, with_attended
from attendance.units import AttendanceUnit, attendance_units, hours_attended, total_hours
from events import rules
from events.models import Project, Seminar
from registrations.models import Registration
from registrations.selectors import SeatsLeft, seats_left
from reporting.suppression import suppress, with_totals

Status = Registration.Status


# The seminar dashboard


@dataclass(frozen=True)
class GroupCounts:
    group: ProfessionalGroup
    counts: list[int]  # one per status, in Status order
    active: int  # pending, confirmed, waitlisted or offered


@dataclass(frozen=True)
class UnitPresence:
    unit: AttendanceUnit
    present: int


@dataclass(frozen=True)
class SeminarDashboard:
    by_status: list[tuple[str, str, int]]  # (status, label, count), every status in order
    groups: list[GroupCounts]
    seats: SeatsLeft
    confirmed: int
    checked_in: int
    attended: int
    total_hours: Decimal
    hours_attended: Decimal  # summed over the confirmed registrations
    units: list[UnitPresence]

    @property
    def taken(self) -> int:
        return sum(count for status, _label, count in self.by_status if status in Registration.SEAT_HOLDING)

    @property
    def attendance_rate(self) -> int | None:
        """Attended / confirmed, in whole percent (None before anyone is confirmed)."""
        if not self.confirmed:
            return None
        return int((Decimal(100) * self.attended / self.confirmed).quantize(Decimal(1), ROUND_HALF_UP))

    @property
    def average_hours(self) -> Decimal | None:
        """Hours attended per person who attended."""
        if not self.attended:
            return None
        return (self.hours_attended / self.attended).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def chart_bars(self) -> list[tuple[str, int]]:
        return [(group_counts.group.name, group_counts.active) for group_counts in self.groups]


def seminar_dashboard(seminar: Seminar) -> SeminarDashboard:
    """Nine queries: counts by group and status, their groups, seats (two), the confirmed
    registrations, the agenda (twice) and the presences (twice)."""
    counts = Counter(
        {
            (group_id, status): number
            for group_id, status, number in Registration.objects.filter(seminar=seminar)
            .order_by()
            .values_list("professional_group", "status")
            .annotate(number=Count("pk"))
        }
    )
    by_status = Counter()
    for (_group_id, status), number in counts.items():
        by_status[status] += number
    groups = ProfessionalGroup.objects.filter(pk__in={group_id for group_id, _status in counts})
    active = [status for status in Status.values if status not in Registration.ENDED]
    confirmed = list(
        with_attended(Registration.objects.filter(seminar=seminar, status=Status.CONFIRMED)).only(
            "pk", "checked_in_at"
        )
    )
    hours = hours_attended(seminar, confirmed)
    units = attendance_units(seminar)
    present = Counter(
        {
            (session_id, day): number
            for session_id, day, number in Attendance.objects.filter(
                registration__seminar=seminar, registration__status=Status.CONFIRMED, present=True
            )
            .order_by()
            .values_list("session", "day")
            .annotate(number=Count("pk"))
        }
    )
    return SeminarDashboard(
        by_status=[(value, label, by_status[value]) for value, label in Status.choices],
        groups=[
            GroupCounts(
                group=group,
                counts=[counts[group.pk, status] for status in Status.values],
                active=sum(counts[group.pk, status] for status in active),
            )
            for group in groups
        ],
        seats=seats_left(seminar),
        confirmed=len(confirmed),
        checked_in=sum(registration.checked_in_at is not None for registration in confirmed),
        attended=sum(registration.attended for registration in confirmed),
        total_hours=total_hours(units),
        hours_attended=sum(hours.values(), Decimal("0.00")),
        units=[UnitPresence(unit, present[unit.session_id, unit.day]) for unit in units],
    )


# The funder report


def projects_reported_to(user) -> QuerySet[Project]:
    """Projects with a seminar of an organisation the user organises for (every project
    with a seminar, for coordinators)."""
    return (
        Project.objects.filter(seminars__organisation__in=rules.organisations_managed_by(user))
        .distinct()
        .order_by("acronym")
    )


def report_seminars(project: Project, user) -> list[Seminar]:
    """The project's seminars the user may report on: those of their organisations."""
    return list(
        project.seminars.filter(organisation__in=rules.organisations_managed_by(user))
        .select_related("organisation", "venue")
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class ReportTable:
    """Counts of people trained: one row per group (or country), one column per
    seminar, with a total per row and per column; the last row holds the column totals."""

    key: str
    caption: str
    row_heading: str
    row_labels: list[str]
    column_labels: list[str]
    grid: list[list[int | str]]  # with totals; "<5" and "x" where suppressed

    def body(self) -> list[tuple[str, list[int | str]]]:
        return list(zip([*self.row_labels, _("Total")], self.grid, strict=True))

    def row_totals(self) -> list[tuple[str, int | str]]:
        return [(label, row[-1]) for label, row in zip(self.row_labels, self.grid, strict=False)]

    def column_totals(self) -> list[tuple[str, int | str]]:
        return list(zip(self.column_labels, self.grid[-1], strict=False))


@dataclass(frozen=True)
class ProjectReport:
    project: Project
    seminars: list[Seminar]
    by_group: ReportTable
    by_country: ReportTable
    anonymised: bool

    @property
    def total(self) -> int | str:
        return self.by_group.grid[-1][-1]


def _seminar_label(seminar: Seminar) -> str:
    return f"{seminar.display_title} ({seminar.starts_at.astimezone(seminar.zone):%Y-%m-%d})"


def project_report(
    project: Project, seminars: Sequence[Seminar], *, anonymised: bool = False
) -> ProjectReport:
    """People trained by professional group and by country, per seminar. Two queries:
    the counts, and the groups. Anonymised: suppressed as reporting.suppression says."""
    seminar_index = {seminar.pk: index for index, seminar in enumerate(seminars)}
    rows = list(
        people_trained(seminars)
        .order_by()
        .values_list("professional_group", "country", "seminar")
        .annotate(number=Count("pk"))
    )
    groups = list(ProfessionalGroup.objects.filter(pk__in={group_id for group_id, *_rest in rows}))
    country_codes = sorted(
        {str(code) for _group, code, *_rest in rows}, key=lambda code: countries.name(code)
    )
    by_group = [[0] * len(seminars) for _group in groups]
    by_country = [[0] * len(seminars) for _code in country_codes]
    group_index = {group.pk: index for index, group in enumerate(groups)}
    country_index = {code: index for index, code in enumerate(country_codes)}
    for group_id, code, seminar_id, number in rows:
        by_group[group_index[group_id]][seminar_index[seminar_id]] += number
        by_country[country_index[str(code)]][seminar_index[seminar_id]] += number
    if anonymised:
        grids = [table.shown_grid() for table in suppress(by_group, by_country, columns=len(seminars))]
    else:
        grids = [with_totals(table, len(seminars)) for table in (by_group, by_country)]
    column_labels = [_seminar_label(seminar) for seminar in seminars]
    return ProjectReport(
        project=project,
        seminars=list(seminars),
        by_group=ReportTable(
            key="groups",
            caption=_("People trained by professional group and seminar"),
            row_heading=_("Professional group"),
            row_labels=[group.name for group in groups],
            column_labels=column_labels,
            grid=grids[0],
        ),
        by_country=ReportTable(
            key="countries",
            caption=_("People trained by country and seminar"),
            row_heading=_("Country"),
            row_labels=[str(countries.name(code)) for code in country_codes],
            column_labels=column_labels,
            grid=grids[1],
        ),
        anonymised=anonymised,
    )
