"""Spreadsheets for organisers: the participant list of a seminar with chosen
columns (custom answers included), and the tables of the funder report, as
CSV or XLSX.

Every text cell is neutralised against formula injection (OWASP "CSV
injection"): a cell whose text begins with =, +, -, @, a tab or a carriage
return gets a leading single quote, in CSV and in XLSX alike, and XLSX stores
text cells as text (data type "s"), never as formulas. Anonymised (erased or
purged) registrations never appear in a participant list.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell

from accounts import audit
from attendance.units import hours_attended
from events.models import Seminar
from registrations.models import Answer, Question, Registration

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DATETIME_FORMAT = "%Y-%m-%d %H:%M"

Value = str | int | Decimal | datetime | None


def neutralise(value: Value) -> Value:
    """Text that a spreadsheet would run as a formula, with a single quote in front."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Sheet:
    """One table: a title (the XLSX sheet's name), a header row and the rows."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Value]]


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    return str(neutralise(value))


def csv_bytes(sheets: Sequence[Sheet]) -> bytes:
    """UTF-8 with a byte-order mark (so that spreadsheets read Greek and Slovenian
    right); several tables follow each other, each under its title, a blank row between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if index:
                writer.writerow([])
            writer.writerow([_csv_text(sheet.title)])
        writer.writerow([_csv_text(str(label)) for label in sheet.header])
        writer.writerows([_csv_text(value) for value in row] for row in sheet.rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(worksheet, value: Value) -> WriteOnlyCell:
    if isinstance(value, str):
        cell = WriteOnlyCell(worksheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)))
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    return cell


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(ILLEGAL_CHARACTERS_RE.sub("", sheet.title)[:31] or "-")
        worksheet.append([_xlsx_cell(worksheet, str(label)) for label in sheet.header])
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet(sheets: Sequence[Sheet], file_format: str) -> bytes:
    return csv_bytes(sheets) if file_format == CSV else xlsx_bytes(sheets)


# The participant list


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Registration, "_Context"], Value]


@dataclass(frozen=True)
class _Context:
    seminar: Seminar
    hours: dict[int, Decimal]
    answers: dict[int, dict[int, str]]  # registration id -> question id -> answer


def _local(moment: datetime | None, seminar: Seminar) -> datetime | None:
    """A naive datetime in the seminar's zone: what a spreadsheet cell can hold."""
    return timezone.localtime(moment, seminar.zone).replace(tzinfo=None) if moment else None


STANDARD_COLUMNS = (
    Column("name", _("Name"), lambda registration, _context: registration.display_name),
    Column("email", _("Email"), lambda registration, _context: registration.contact_email),
    Column("organisation", _("Organisation"), lambda registration, _context: registration.organisation),
    Column("job_title", _("Job title"), lambda registration, _context: registration.job_title),
    Column("country", _("Country"), lambda registration, _context: str(registration.country.name)),
    Column(
        "professional_group",
        _("Professional group"),
        lambda registration, _context: registration.professional_group.name,
    ),
    Column("status", _("Status"), lambda registration, _context: str(registration.get_status_display())),
    Column(
        "registered_at",
        _("Registered at"),
        lambda registration, context: _local(registration.created_at, context.seminar),
    ),
    Column(
        "checked_in_at",
        _("Checked in at"),
        lambda registration, context: _local(registration.checked_in_at, context.seminar),
    ),
    Column(
        "hours_attended",
        _("Hours attended"),
        lambda registration, context: context.hours.get(registration.pk, Decimal("0.00")),
    ),
)


def question_key(question: Question) -> str:
    return f"question-{question.pk}"


def columns_for(questions: Sequence[Question]) -> list[Column]:
    """The standard columns, then one per custom question."""

    def answer_of(question: Question) -> Callable[[Registration, _Context], Value]:
        return lambda registration, context: context.answers.get(registration.pk, {}).get(question.pk, "")

    return [
        *STANDARD_COLUMNS,
        *(
            Column(question_key(question), question.display_label, answer_of(question))
            for question in questions
        ),
    ]


def exportable_registrations(seminar: Seminar):
    """The seminar's registrations that still hold personal data (never anonymised ones)."""
    return (
        Registration.objects.filter(seminar=seminar, anonymised_at__isnull=True)
        .select_related("user", "professional_group")
        .order_by("created_at", "pk")
    )


def participant_sheet(
    *, seminar: Seminar, questions: Sequence[Question], keys: Sequence[str], status: str = ""
) -> Sheet:
    """The chosen columns (in the order of columns_for) for every exportable registration,
    filtered by status when one is given. Four queries whatever the number of rows:
    registrations, answers, the agenda and the presences."""
    by_id = {question.pk: question for question in questions}
    registrations = exportable_registrations(seminar).prefetch_related(
        Prefetch("answers", queryset=Answer.objects.filter(question_id__in=by_id).order_by())
    )
    if status:
        registrations = registrations.filter(status=status)
    registrations = list(registrations)
    answers: dict[int, dict[int, str]] = {}
    for registration in registrations:
        for answer in registration.answers.all():
            answer.question = by_id[answer.question_id]  # already loaded, with its seminar
            answers.setdefault(registration.pk, {})[answer.question_id] = answer.display_value
    wants_hours = "hours_attended" in keys
    context = _Context(
        seminar=seminar,
        hours=hours_attended(seminar, registrations) if wants_hours else {},
        answers=answers,
    )
    columns = [column for column in columns_for(questions) if column.key in keys]
    return Sheet(
        title=str(_("Participants")),
        header=[str(column.label) for column in columns],
        rows=[[column.value(registration, context) for column in columns] for registration in registrations],
    )


def export_file_name(seminar: Seminar, file_format: str, *, now: datetime | None = None) -> str:
    """The seminar's slug and the date: no personal data in a file name."""
    day = timezone.localdate(now or timezone.now(), seminar.zone)
    return f"{seminar.slug}-participants-{day.isoformat()}.{file_format}"


def participant_export(
    *,
    seminar: Seminar,
    questions: Sequence[Question],
    keys: Sequence[str],
    file_format: str,
    status: str = "",
    actor,
) -> tuple[str, bytes]:
    """The participant list as a file (name, content), recorded in the audit log
    with the seminar, format, columns and number of rows."""
    sheet = participant_sheet(seminar=seminar, questions=questions, keys=keys, status=status)
    content = spreadsheet([sheet], file_format)
    audit.record(
        actor=actor,
        action="registrations.export",
        target=seminar,
        seminar=seminar.slug,
        format=file_format,
        columns=list(keys),
        status=status,
        rows=len(sheet.rows),
    )
    return export_file_name(seminar, file_format), content
