"""The organiser's figures, under /manage/: a seminar's dashboard and participant
list exports (/manage/seminars/<pk>/dashboard/ and .../export/), and the funder
report across the seminars of a project (/manage/projects/ and
/manage/projects/<slug>/report/).

A seminar is looked up among the seminars the user manages, so another
organisation's seminar is a 404. A project shows the seminars of the
organisations the user organises for (coordinators: all of them); a project
without such a seminar is a 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import audit
from common.charts import bar_chart
from evaluations.reports import MIN_RESPONSES, ProjectResults, project_results
from events.manage_views import organiser_area
from events.models import Seminar
from events.selectors import seminar_managed_by
from registrations.models import Question
from reporting import exports, suppression
from reporting.manage_forms import ExportForm, ReportDownloadForm
from reporting.reports import (
    ProjectReport,
    ReportTable,
    project_report,
    projects_reported_to,
    report_seminars,
)
from reporting.reports import seminar_dashboard as dashboard_numbers


def _questions(seminar: Seminar) -> list[Question]:
    questions = list(seminar.questions.all())
    for question in questions:
        question.seminar = seminar
    return questions


def file_response(name: str, content: bytes, file_format: str) -> HttpResponse:
    """A download (never shown inline) that no cache keeps."""
    return HttpResponse(
        content,
        content_type=exports.CONTENT_TYPES[file_format],
        headers={
            "Content-Disposition": content_disposition_header(True, name),
            "Cache-Control": "private, no-store",
        },
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def seminar_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    seminar = seminar_managed_by(request.user, pk)
    numbers = dashboard_numbers(seminar)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "seminar": seminar,
            "numbers": numbers,
            "chart": bar_chart(
                numbers.chart_bars(),
                chart_id="groups-chart",
                title=_("Active registrations by professional group"),
            ),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def participant_export(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows the choice of columns; POST downloads the file (and records it)."""
    seminar = seminar_managed_by(request.user, pk)
    questions = _questions(seminar)
    form = ExportForm(request.POST if request.method == "POST" else None, questions=questions)
    if form.is_valid():
        name, content = exports.participant_export(
            seminar=seminar,
            questions=questions,
            keys=form.cleaned_data["columns"],
            file_format=form.cleaned_data["format"],
            status=form.cleaned_data["status"],
            actor=request.user,
        )
        return file_response(name, content, form.cleaned_data["format"])
    return render(
        request,
        "reporting/export.html",
        {"seminar": seminar, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "HEAD"])
@organiser_area
def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/project_list.html", {"projects": projects_reported_to(request.user)})


def report_sheets(report: ProjectReport) -> list[exports.Sheet]:
    def sheet(title: str, table: ReportTable) -> exports.Sheet:
        return exports.Sheet(
            title=title,
            header=[table.row_heading, *table.column_labels, _("Total")],
            rows=[[label, *values] for label, values in table.body()],
        )

    return [sheet(_("By group"), report.by_group), sheet(_("By country"), report.by_country)]


def evaluation_sheet(results: ProjectResults, report: ProjectReport) -> exports.Sheet:
    """Response counts of the evaluation per seminar (no answers: those stay on the page).
    Attendees are the report's people trained per seminar (its column totals), so the
    anonymised file shows the same marks there; responses under 5 show "<5", and a
    rate computed from a hidden count is hidden (reporting.suppression)."""
    rows = []
    for index, row in enumerate(results.seminars):
        attendees = report.by_group.grid[-1][index]
        responses = suppression.shown_alone(row.responses) if report.anonymised else row.responses
        hidden = isinstance(attendees, str) or isinstance(responses, str)
        rows.append(
            [row.seminar.display_title, attendees, responses, suppression.HIDDEN_MARK if hidden else row.rate]
        )
    return exports.Sheet(
        title=_("Evaluation"),
        header=[_("Seminar"), _("Attendees"), _("Responses"), _("Response rate (%)")],
        rows=rows,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def project_report_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the report with its charts; POST downloads it (and records it)."""
    project = get_object_or_404(projects_reported_to(request.user), slug=slug)
    seminars = report_seminars(project, request.user)
    if not seminars:
        raise Http404
    form = ReportDownloadForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        file_format, anonymised = form.cleaned_data["format"], form.cleaned_data["anonymised"]
        report = project_report(project, seminars, anonymised=anonymised)
        audit.record(
            actor=request.user,
            action="registrations.report_export",
            target=project,
            project=project.slug,
            seminars=[seminar.slug for seminar in seminars],
            format=file_format,
            anonymised=anonymised,
        )
        kind = "anonymised" if anonymised else "full"
        name = f"{project.slug}-report-{kind}-{timezone.localdate().isoformat()}.{file_format}"
        sheets = [*report_sheets(report), evaluation_sheet(project_results(project, seminars), report)]
        return file_response(name, exports.spreadsheet(sheets, file_format), file_format)
    report = project_report(project, seminars)
    charts = [
        bar_chart(
            report.by_group.row_totals(),
            chart_id="chart-groups",
            title=_("People trained by professional group"),
        ),
        bar_chart(
            report.by_country.row_totals(), chart_id="chart-countries", title=_("People trained by country")
        ),
        bar_chart(
            report.by_group.column_totals(), chart_id="chart-seminars", title=_("People trained by seminar")
        ),
    ]
    return render(
        request,
        "reporting/project_report.html",
        {
            "project": project,
            "report": report,
            "charts": charts,
            "form": form,
            "evaluation": project_results(project, seminars),
            "evaluation_minimum": MIN_RESPONSES,
        },
        status=400 if form.is_bound else 200,
    )
