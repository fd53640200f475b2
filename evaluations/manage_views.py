"""The organiser's side (/manage/seminars/<id>/evaluation/..., /materials/, and
/manage/projects/<slug>/...): questionnaire and questions, invitations and
reminders, results with charts and exports, materials, project templates.

Seminars are looked up among those the person manages (events.selectors), and
projects among those whose coordinating organisation they organise for, so
anything else is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import audit
from evaluations import reports, services
from evaluations.forms import MaterialForm, SettingsForm, question_formset
from evaluations.models import Material, Phase, Questionnaire
from events import rules
from events import selectors as event_selectors
from events.models import Project, Seminar

SEMINARS = Seminar.objects.select_related("project", "venue", "organisation")


def _managed_project(request: HttpRequest, slug: str) -> Project:
    projects = Project.objects.filter(coordinator__in=rules.organisations_managed_by(request.user))
    return get_object_or_404(projects, slug=slug)


def _counted_action(request: HttpRequest, seminar, action, message) -> HttpResponse:
    """Run a service that returns how many it did: that number in a success message
    (message(count) with a %(count)s), or its refusal as an error; back to the evaluation."""
    try:
        count = action()
    except services.EvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message(count) % {"count": count})
    return redirect("manage_evaluations:edit", pk=seminar.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire's settings and questions, saved together."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    questionnaire = Questionnaire.objects.filter(seminar=seminar).first() or Questionnaire(seminar=seminar)
    data = request.POST if request.method == "POST" else None
    settings_form = SettingsForm(data, questionnaire=questionnaire, seminar=seminar)
    formset = question_formset(data, questionnaire=questionnaire)
    if data is not None and settings_form.is_valid() and formset.is_valid():
        with transaction.atomic():
            settings_form.apply().save()
            formset.instance = questionnaire
            formset.save()
            audit.record(actor=request.user, action="evaluation.edit", target=seminar)
        messages.success(request, _("The evaluation is saved."))
        return redirect("manage_evaluations:edit", pk=seminar.pk)
    template = (
        Questionnaire.objects.filter(project_id=seminar.project_id).first() if seminar.project_id else None
    )
    return render(
        request,
        "evaluations/manage/evaluation_form.html",
        {
            "seminar": seminar,
            "questionnaire": questionnaire,
            "settings_form": settings_form,
            "formset": formset,
            "has_template": template is not None and template.questions.exists(),
            "invited": questionnaire.invitations.filter(phase=Phase.POST).count() if questionnaire.pk else 0,
            "answered": questionnaire.receipts.filter(phase=Phase.POST).count() if questionnaire.pk else 0,
        },
        status=400 if data is not None else 200,
    )


def _phase(request: HttpRequest) -> str:
    return Phase.PRE if request.POST.get("phase") == Phase.PRE else Phase.POST


@require_POST
@login_required
def evaluation_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Email the link to everyone who may answer and has not been invited yet."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    return _counted_action(
        request,
        seminar,
        lambda: services.evaluation_invite(seminar=seminar, actor=request.user, phase=_phase(request)),
        lambda count: ngettext(
            "%(count)s person is invited by email.", "%(count)s people are invited by email.", count
        ),
    )


@require_POST
@login_required
def evaluation_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind the invited people who have not answered."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    return _counted_action(
        request,
        seminar,
        lambda: services.evaluation_remind(seminar=seminar, actor=request.user, phase=_phase(request)),
        lambda count: ngettext(
            "%(count)s person is reminded by email.", "%(count)s people are reminded by email.", count
        ),
    )


@require_POST
@login_required
def template_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy the project template's questions into the seminar's questionnaire."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    return _counted_action(
        request,
        seminar,
        lambda: services.template_apply(seminar=seminar, actor=request.user),
        lambda count: ngettext("%(count)s question is copied.", "%(count)s questions are copied.", count),
    )


@require_GET
@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    return render(
        request,
        "evaluations/manage/results.html",
        {"seminar": seminar, "results": reports.seminar_results(seminar), "minimum": reports.MIN_RESPONSES},
    )


@require_GET
@login_required
def results_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """One row per response, in no particular order; nothing under the minimum of responses."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    header, rows = reports.results_table(seminar)
    if not rows:
        messages.error(
            request,
            _("There is nothing to export: results are shown from %(count)s responses on.")
            % {"count": reports.MIN_RESPONSES},
        )
        return redirect("manage_evaluations:results", pk=seminar.pk)
    audit.record(
        actor=request.user, action="evaluation.export", target=seminar, format=file_format, rows=len(rows)
    )
    name = f"evaluation-{seminar.slug}"
    if file_format == "csv":
        response = HttpResponse(reports.as_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            reports.as_xlsx(header, rows, title=_("Evaluation")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


# Materials


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def materials(request: HttpRequest, pk: int) -> HttpResponse:
    """The seminar's files, with their downloads; POST uploads one."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    data = request.POST if request.method == "POST" else None
    form = MaterialForm(data, request.FILES or None, seminar=seminar)
    if data is not None and form.is_valid():
        try:
            services.material_add(
                seminar=seminar,
                actor=request.user,
                file=form.cleaned_data["file"],
                titles=form.titles(),
                session=form.cleaned_data["session"],
            )
        except services.EvaluationError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The file is uploaded. Participants find it on their page."))
            return redirect("manage_evaluations:materials", pk=seminar.pk)
    return render(
        request,
        "evaluations/manage/materials.html",
        {
            "seminar": seminar,
            "form": form,
            "materials": Material.objects.filter(seminar=seminar).select_related("session", "seminar"),
            "max_megabytes": services.material_max_bytes() // (1024 * 1024),
        },
        status=400 if data is not None else 200,
    )


@require_POST
@login_required
def material_remove(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    material = get_object_or_404(Material.objects.filter(seminar=seminar), pk=material_pk)
    services.material_remove(material=material, actor=request.user)
    messages.success(request, _("The file is removed."))
    return redirect("manage_evaluations:materials", pk=seminar.pk)


# Project templates and results


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def template_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's template questions, which seminars of the project copy."""
    project = _managed_project(request, slug)
    template = Questionnaire.objects.filter(project=project).first() or Questionnaire(project=project)
    data = request.POST if request.method == "POST" else None
    formset = question_formset(data, questionnaire=template)
    if data is not None and formset.is_valid():
        with transaction.atomic():
            template.save()
            formset.instance = template
            formset.save()
            audit.record(actor=request.user, action="evaluation.template_edit", target=project)
        messages.success(request, _("The template is saved."))
        return redirect("manage_evaluations:template", slug=project.slug)
    return render(
        request,
        "evaluations/manage/template_form.html",
        {"project": project, "formset": formset},
        status=400 if data is not None else 200,
    )


@require_GET
@login_required
def project_results(request: HttpRequest, slug: str) -> HttpResponse:
    project = _managed_project(request, slug)
    return render(
        request,
        "evaluations/manage/project_results.html",
        {"project": project, "results": reports.project_results(project), "minimum": reports.MIN_RESPONSES},
    )
