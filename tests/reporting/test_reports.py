"""The funder report: people trained (attended) by group, country and seminar,
across the seminars of a project that the organiser may see; downloads audited;
anonymised downloads suppress small counts so that none can be worked out."""

import csv
import io
import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AuditEntry, ProfessionalGroup
from attendance.models import Attendance
from evaluations.models import Questionnaire, Response
from events.models import Membership
from registrations.models import Registration
from reporting.suppression import HIDDEN_MARK, SMALL_MARK, suppress
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def group(slug):
    return ProfessionalGroup.objects.get(slug=slug)


@pytest.fixture
def world(organisation, organiser):
    """Project VICTOR: two seminars of the organiser's organisation (Ljubljana in May,
    Athens in June) and one of a partner (Bucharest); another project elsewhere."""
    partner = OrganisationFactory(name="Partner in Romania")
    project = ProjectFactory(acronym="VICTOR", slug="victor", coordinator=organisation)
    start = datetime(2031, 5, 12, 7, tzinfo=UTC)
    ljubljana = SeminarFactory(
        organisation=organisation, project=project, title_en="Ljubljana", starts_at=start
    )
    athens = SeminarFactory(
        organisation=organisation, project=project, title_en="Athens", starts_at=start + timedelta(days=30)
    )
    bucharest = SeminarFactory(organisation=partner, project=project, title_en="Bucharest", starts_at=start)
    other = ProjectFactory(slug="elsewhere", coordinator=partner)
    SeminarFactory(organisation=partner, project=other)

    def trained(seminar, slug, country, number, how="checked_in"):
        for _ in range(number):
            registration = RegistrationFactory(
                seminar=seminar, professional_group=group(slug), country=country
            )
            if how == "checked_in":
                registration.checked_in_at = seminar.starts_at
                registration.save()
            else:
                session = seminar.sessions.first() or AgendaSessionFactory(seminar=seminar)
                Attendance.objects.create(registration=registration, session=session)

    # Hand count, people trained:     Ljubljana  Athens  | total
    #   social workers (SI 6, GR 2)        6        2    |   8
    #   police (SI 3, HR 1)                4        0    |   4
    #   NGO (GR 7)                         0        7    |   7
    #                                     10        9    |  19    by country: SI 9, GR 9, HR 1
    trained(ljubljana, "social-workers", "SI", 6)
    trained(ljubljana, "police", "SI", 3, how="present")
    trained(ljubljana, "police", "HR", 1)
    trained(athens, "social-workers", "GR", 2, how="present")
    trained(athens, "ngo", "GR", 7)
    # Not trained: confirmed but absent, marked absent, checked in but then cancelled.
    RegistrationFactory(seminar=ljubljana)
    absent = RegistrationFactory(seminar=athens)
    Attendance.objects.create(
        registration=absent, session=AgendaSessionFactory(seminar=athens), present=False
    )
    RegistrationFactory(seminar=athens, status=Status.CANCELLED, checked_in_at=athens.starts_at)
    # Erased: counts, without a name.
    Registration.objects.filter(seminar=athens, professional_group__slug="ngo").filter(
        pk__in=Registration.objects.filter(seminar=athens, professional_group__slug="ngo").values("pk")[:2]
    ).update(user=None, organisation="", anonymised_at=timezone.now())
    trained(bucharest, "police", "RO", 5)
    return {"project": project, "partner": partner, "ljubljana": ljubljana, "athens": athens}


def report_url(slug="victor"):
    return f"/manage/projects/{slug}/report/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_report_equals_the_hand_count(organiser_client, world):
    response = organiser_client.get(report_url())

    assert response.status_code == 200
    report = response.context["report"]
    assert [seminar.title_en for seminar in report.seminars] == ["Ljubljana", "Athens"]
    assert report.by_group.row_labels == [
        "Social workers",
        "Police and law enforcement",
        "NGO representatives",
    ]
    assert report.by_group.grid == [[6, 2, 8], [4, 0, 4], [0, 7, 7], [10, 9, 19]]
    assert report.by_country.row_labels == ["Croatia", "Greece", "Slovenia"]
    assert report.by_country.grid == [[1, 0, 1], [0, 9, 9], [9, 0, 9], [10, 9, 19]]
    page = response.content.decode()
    assert "19 people trained in 2 seminars." in page
    assert page.count('<svg class="bar-chart"') == 3
    assert "Bucharest" not in page


def test_the_charts_show_long_group_names_whole(organiser_client, world):
    trained = RegistrationFactory(
        seminar=world["ljubljana"], professional_group=group("child-protection"), country="SI"
    )
    trained.checked_in_at = world["ljubljana"].starts_at
    trained.save()

    page = organiser_client.get(report_url()).content.decode()

    chart = page[
        page.index('id="chart-groups-title"') : page.index("</svg>", page.index('id="chart-groups-title"'))
    ]
    labels = re.findall(r'<text class="chart-label"[^>]*>(.*?)</text>', chart)
    shown = [" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", label)) for label in labels]
    assert "Child-protection and guardianship services" in shown
    assert "…" not in chart


def test_coordinators_report_on_every_seminar_of_the_project(client, coordinator, world):
    client.force_login(coordinator)

    report = client.get(report_url()).context["report"]

    assert [seminar.title_en for seminar in report.seminars] == ["Ljubljana", "Bucharest", "Athens"]
    assert report.by_group.grid[-1] == [10, 5, 9, 24]


def test_partner_organisers_see_their_own_seminars_only(client, world):
    partner_organiser = MembershipFactory(organisation=world["partner"], role=Membership.Role.ORGANISER).user
    client.force_login(partner_organiser)

    report = client.get(report_url()).context["report"]

    assert [seminar.title_en for seminar in report.seminars] == ["Bucharest"]
    assert report.by_country.grid == [[5, 5], [5, 5]]


def test_projects_without_a_visible_seminar_are_not_found(organiser_client, client, world):
    assert organiser_client.get(report_url("elsewhere")).status_code == 404
    assert organiser_client.get(report_url("no-such-project")).status_code == 404
    client.force_login(UserFactory())
    assert client.get(report_url()).status_code == 404
    assert client.get("/manage/projects/").status_code == 403


def test_project_list_shows_the_organisers_projects(organiser_client, world):
    page = organiser_client.get("/manage/projects/").content.decode()

    assert report_url() in page
    assert report_url("elsewhere") not in page


def test_full_csv_download_has_both_tables_and_is_audited(organiser_client, organiser, world):
    response = organiser_client.post(report_url(), {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="victor-report-full-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[:6] == [
        ["By group"],
        ["Professional group", "Ljubljana (2031-05-12)", "Athens (2031-06-11)", "Total"],
        ["Social workers", "6", "2", "8"],
        ["Police and law enforcement", "4", "0", "4"],
        ["NGO representatives", "0", "7", "7"],
        ["Total", "10", "9", "19"],
    ]
    assert ["Country", "Ljubljana (2031-05-12)", "Athens (2031-06-11)", "Total"] in rows
    entry = AuditEntry.objects.get(action="registrations.report_export")
    assert entry.actor == organiser
    assert entry.details == {
        "project": "victor",
        "seminars": [world["ljubljana"].slug, world["athens"].slug],
        "format": "csv",
        "anonymised": False,
    }


def test_anonymised_xlsx_suppresses_small_counts(organiser_client, world):
    response = organiser_client.post(report_url(), {"format": "xlsx", "anonymised": "on"})

    assert response["Content-Disposition"].startswith('attachment; filename="victor-report-anonymised-')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["By group", "By country", "Evaluation"]
    groups = [[cell.value for cell in row] for row in workbook["By group"].iter_rows()]
    countries = [[cell.value for cell in row] for row in workbook["By country"].iter_rows()]
    # Small counts show "<5"; each line with one of them hides another entry ("x"); zeros and
    # the seminar totals stay. Ljubljana: 10 = x + <5, so social workers there are 6 to 9, and
    # 8 = x + <5 in their row: every hidden count can take two values or more.
    assert groups == [
        ["Professional group", "Ljubljana (2031-05-12)", "Athens (2031-06-11)", "Total"],
        ["Social workers", "x", "<5", 8],
        ["Police and law enforcement", "<5", 0, "<5"],
        ["NGO representatives", 0, "x", "x"],
        ["Total", 10, 9, 19],
    ]
    assert countries[1:] == [
        ["Croatia", "<5", 0, "<5"],
        ["Greece", 0, 9, 9],
        ["Slovenia", "x", 0, "x"],
        ["Total", 10, 9, 19],
    ]
    assert AuditEntry.objects.get(action="registrations.report_export").details["anonymised"] is True


def test_the_report_shows_the_evaluation_of_the_visible_seminars(organiser_client, world):
    """Response counts per seminar on the page and in the download's "Evaluation" sheet;
    the attendees are the people trained of the report (the erased ones included)."""
    ljubljana = world["ljubljana"]
    questionnaire = Questionnaire.objects.create(seminar=ljubljana)
    for _ in range(3):
        Response.objects.create(questionnaire=questionnaire, phase="post")

    page = organiser_client.get(report_url())
    workbook = load_workbook(io.BytesIO(organiser_client.post(report_url(), {"format": "xlsx"}).content))

    assert [
        (row.seminar.title_en, row.attendees, row.responses) for row in page.context["evaluation"].seminars
    ] == [
        ("Ljubljana", 10, 3),
        ("Athens", 9, 0),
    ]
    assert "Evaluation" in page.content.decode()
    assert [[cell.value for cell in row] for row in workbook["Evaluation"].iter_rows()] == [
        ["Seminar", "Attendees", "Responses", "Response rate (%)"],
        ["Ljubljana", 10, 3, 30],
        ["Athens", 9, 0, 0],
    ]


def test_the_report_shows_only_published_groups_of_evaluation_answers(organiser_client, world):
    """Answers are published five at a time (evaluations.pool): seven answers show as
    five on the page and in the download, and the page says that two wait."""
    from evaluations import services as evaluation_services
    from tests.evaluations.helpers import answers_for, attendee, questionnaire_with_questions

    ljubljana = world["ljubljana"]
    questionnaire = questionnaire_with_questions(ljubljana)
    for index in range(7):
        evaluation_services.response_submit(
            seminar=ljubljana,
            user=attendee(ljubljana).user,
            phase="post",
            answers=answers_for(questionnaire, text=f"Funder remark {index}"),
            now=ljubljana.ends_at + timedelta(days=1),
        )

    page = organiser_client.get(report_url()).content.decode()
    workbook = load_workbook(io.BytesIO(organiser_client.post(report_url(), {"format": "xlsx"}).content))

    assert '<strong class="response-count">5</strong>' in page
    assert "2 answers are waiting for the next group." in page
    assert [[cell.value for cell in row] for row in workbook["Evaluation"].iter_rows()][1] == [
        "Ljubljana",
        17,
        5,
        29.4,
    ]


@pytest.fixture
def door_seminar(organisation):
    """A past seminar of project DOOR: one participant registered online and three
    walk-ins, all checked in; three evaluation responses (answered on paper); one
    confirmed participant who never came."""
    project = ProjectFactory(acronym="DOOR", slug="door", coordinator=organisation)
    seminar = SeminarFactory(
        organisation=organisation,
        project=project,
        title_en="Ljubljana",
        starts_at=datetime(2014, 3, 12, 8, tzinfo=UTC),
    )
    RegistrationFactory(seminar=seminar, checked_in_at=seminar.starts_at, country="SI")
    for name in ("Marta Horvat", "Jure Novak", "Ana Zupan"):
        RegistrationFactory(
            seminar=seminar,
            user=None,
            is_walk_in=True,
            full_name=name,
            checked_in_at=seminar.starts_at,
            country="SI",
        )
    RegistrationFactory(seminar=seminar)
    questionnaire = Questionnaire.objects.create(seminar=seminar)
    for _ in range(3):
        Response.objects.create(questionnaire=questionnaire, phase="post")
    return seminar


def csv_sections(content: bytes) -> dict[str, list[list[str]]]:
    """The CSV download's tables by title (a blank row between them)."""
    sections, rows = {}, []
    for row in [*csv.reader(io.StringIO(content.decode("utf-8-sig"))), []]:
        if row:
            rows.append(row)
        elif rows:
            sections[rows[0][0]] = rows[1:]
            rows = []
    return sections


def test_walk_ins_are_people_trained_on_every_page_and_in_every_download(organiser_client, door_seminar):
    """One definition of who attended: the seminar dashboard, the funder report page (its
    tables and its evaluation section) and the CSV and XLSX downloads say the same."""
    dashboard = organiser_client.get(f"/manage/seminars/{door_seminar.pk}/dashboard/")
    page = organiser_client.get(report_url("door"))
    sections = csv_sections(organiser_client.post(report_url("door"), {"format": "csv"}).content)
    workbook = load_workbook(
        io.BytesIO(organiser_client.post(report_url("door"), {"format": "xlsx"}).content)
    )

    assert dashboard.context["numbers"].attended == 4
    assert page.context["report"].total == 4
    (evaluation,) = page.context["evaluation"].seminars
    assert (evaluation.attendees, evaluation.responses, evaluation.rate) == (4, 3, 75)
    assert "4 people trained in 1 seminar." in page.content.decode()
    assert sections["By group"][-1] == ["Total", "4", "4"]
    assert sections["Evaluation"] == [
        ["Seminar", "Attendees", "Responses", "Response rate (%)"],
        ["Ljubljana", "4", "3", "75.0"],
    ]
    assert [[cell.value for cell in row] for row in workbook["Evaluation"].iter_rows()][1] == [
        "Ljubljana",
        4,
        3,
        75,
    ]


def test_the_anonymised_download_suppresses_the_evaluation_section_too(organiser_client, door_seminar):
    sections = csv_sections(
        organiser_client.post(report_url("door"), {"format": "csv", "anonymised": "on"}).content
    )

    assert sections["By group"][-1] == ["Total", SMALL_MARK, SMALL_MARK]
    assert sections["By country"][-1] == ["Total", SMALL_MARK, SMALL_MARK]
    # Attendees carry the tables' mark; 3 responses show "<5"; their rate (which would
    # give both away) is hidden.
    assert sections["Evaluation"][1] == ["Ljubljana", SMALL_MARK, SMALL_MARK, HIDDEN_MARK]
    everything = [cell for rows in sections.values() for row in rows for cell in row]
    assert not {"1", "2", "3", "4", "75.0"} & set(everything)


def test_bad_download_choices_are_refused(organiser_client, world):
    response = organiser_client.post(report_url(), {"format": "pdf"})

    assert response.status_code == 400
    assert "Choose a file format from the list." in response.content.decode()
    assert not AuditEntry.objects.exists()


# Suppression


def test_suppression_hides_small_counts_and_keeps_zeros():
    table = suppress([[0, 3, 12], [7, 9, 20]], columns=3)[0]

    assert table.shown_grid()[0][:2] == [0, SMALL_MARK]
    assert table.shown_grid()[1][2] == 20 or table.shown_grid()[1][2] == HIDDEN_MARK
    # Row 1 has one small cell: another entry of that row is hidden with it.
    assert sum(text in (SMALL_MARK, HIDDEN_MARK) for text in table.shown_grid()[0]) >= 2


def test_two_small_cells_adding_up_to_two_are_not_left_alone():
    """1 + 1 with the row total published would pin both cells (each is at least 1)."""
    table = suppress([[1, 1, 9], [6, 7, 8]], columns=3)[0]

    assert {(0, 0), (0, 1)} <= table.hidden
    assert len(table.hidden) > 2  # the line rule alone would stop at the two small cells
    assert all(_another_completion(table, position) for position in table.hidden)


def _another_completion(table, target) -> bool:
    """Brute force, independent of the algorithm: is there an assignment of the hidden
    entries (1-4 for "<5", 5 or more for "x") where every row and column adds up to its
    total and `target` has another value?"""
    grid, hidden = table.grid, table.hidden
    rows, columns = len(grid), len(grid[0])
    cap = grid[-1][-1] + 10
    lines = [[(row, column) for column in range(columns)] for row in range(rows)] + [
        [(row, column) for row in range(rows)] for column in range(columns)
    ]
    chosen = {}

    def bounds(position):
        if position in chosen:
            return chosen[position], chosen[position]
        value = grid[position[0]][position[1]]
        if position not in hidden:
            return value, value
        return (1, 4) if value < 5 else (5, cap)

    def consistent():
        for line in lines:
            *cells, total = line
            low, high = sum(bounds(cell)[0] for cell in cells), sum(bounds(cell)[1] for cell in cells)
            total_low, total_high = bounds(total)
            if high < total_low or low > total_high:
                return False
        return True

    order = [target, *sorted(position for position in hidden if position != target)]

    def search(index):
        if index == len(order):
            return True
        position = order[index]
        low, high = bounds(position)
        for value in range(low, high + 1):
            if index == 0 and value == grid[position[0]][position[1]]:
                continue
            chosen[position] = value
            if consistent() and search(index + 1):
                return True
            del chosen[position]
        return False

    return search(0)


def test_no_suppressed_count_can_be_worked_out_from_the_totals():
    generator = random.Random(20310512)
    checked = 0
    for _table in range(60):
        rows, columns = generator.randint(1, 3), generator.randint(1, 4)
        cells = [
            [generator.choice([0, 0, 1, 1, 2, 3, 4, 5, 6, 9]) for _ in range(columns)] for _ in range(rows)
        ]
        table = suppress(cells, columns=columns)[0]
        lines = [list(range(len(table.grid[0])))]
        for row, line in enumerate(table.grid):
            for column, value in enumerate(line):
                assert ((row, column) in table.hidden) == (
                    table.shown(row, column) in (SMALL_MARK, HIDDEN_MARK)
                )
                if 0 < value < 5:
                    assert table.shown(row, column) == SMALL_MARK
                if value == 0:
                    assert table.shown(row, column) == 0
        for row in range(len(table.grid)):
            assert sum((row, column) in table.hidden for column in lines[0]) != 1
        for column in lines[0]:
            assert sum((row, column) in table.hidden for row in range(len(table.grid))) != 1
        for position in sorted(table.hidden):
            assert _another_completion(table, position), (cells, table.shown_grid(), position)
            checked += 1
    assert checked > 100


def test_two_tables_share_their_hidden_column_totals():
    by_group, by_country = suppress([[3, 9], [1, 8]], [[4, 17]], columns=2)

    assert by_group.grid[-1] == by_country.grid[-1] == [4, 17, 21]
    hidden_totals = {column for row, column in by_group.hidden if row == 2}
    assert hidden_totals == {column for row, column in by_country.hidden if row == 1}
    assert 0 in hidden_totals  # 4 is small
