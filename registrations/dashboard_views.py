"""The organiser's seminar dashboard and participant list exports
(/manage/seminars/<slug>/dashboard/ and .../export/).

The seminar is looked up among the seminars the user manages, so another
organisation's seminar is a 404."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events import selectors as event_selectors
from events.models import Seminar
from registrations import exports
from registrations.charts import bar_chart
from registrations.insight_forms import ExportForm
from registrations.models import Question
from registrations.reports import seminar_dashboard as dashboard_numbers


def _managed_seminar(request: HttpRequest, slug: str) -> Seminar:
    return event_selectors.seminar_at(event_selectors.seminars_managed_by(request.user), slug)


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
def seminar_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    seminar = _managed_seminar(request, slug)
    numbers = dashboard_numbers(seminar)
    return render(
        request,
        "registrations/insight/dashboard.html",
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
def participant_export(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the choice of columns; POST downloads the file (and records it)."""
    seminar = _managed_seminar(request, slug)
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
        "registrations/insight/export.html",
        {"seminar": seminar, "form": form},
        status=400 if form.is_bound else 200,
    )
