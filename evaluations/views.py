"""The participant's side: answering an evaluation (/me/evaluations/<slug>/) and
downloading materials (/me/materials/<pk>/).

Only seminars where the person holds a confirmed registration are found; any
other is a 404. The rules of answering are evaluations.services'.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.files import private_file_response
from evaluations import selectors, services
from evaluations.forms import AnswersForm
from evaluations.models import Material, Phase, Questionnaire
from events.models import Seminar
from registrations.models import Registration


def _my_seminar(request: HttpRequest, slug: str) -> Seminar:
    registered = Registration.objects.filter(user=request.user, status=Registration.Status.CONFIRMED)
    return get_object_or_404(
        Seminar.objects.filter(registrations__in=registered)
        .select_related("venue", "organisation")
        .distinct(),
        slug=slug,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def answer(request: HttpRequest, slug: str, phase: str = Phase.POST) -> HttpResponse:
    """GET shows the questions (or why they cannot be answered); POST stores the answers once."""
    seminar = _my_seminar(request, slug)
    questionnaire = Questionnaire.objects.filter(seminar=seminar).first()
    questions = services.questions_for(questionnaire, phase) if questionnaire else []
    if not questions:
        raise Http404
    state = selectors.answer_state(questionnaire, seminar, request.user, phase)
    form = AnswersForm(request.POST if request.method == "POST" else None, questions=questions)
    error = ""
    if request.method == "POST":
        if state != "open":
            error = _refusal(state)
        elif form.is_valid():
            try:
                services.response_submit(
                    seminar=seminar, user=request.user, phase=phase, answers=form.answers()
                )
            except services.AnswersInvalid as invalid:
                for question_id, message in invalid.errors.items():
                    form.add_error(str(question_id), message)
                error = str(invalid)
            except services.EvaluationError as refused:
                error = str(refused)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect("dashboard")
        else:
            error = _("Some answers are missing or not valid. Nothing was saved.")
    status = 200
    if request.method == "POST":
        status = 400
    elif state == "not_attended":
        status = 403
    return render(
        request,
        "evaluations/answer.html",
        {
            "seminar": seminar,
            "questionnaire": questionnaire,
            "phase": phase,
            "state": state,
            "form": form,
            "error": error,
            "refusal": _refusal(state) if state != "open" else "",
        },
        status=status,
    )


def _refusal(state: str) -> str:
    return {
        "not_attended": _("Only people who attended the seminar can answer its evaluation."),
        "answered": _("You have already answered. Thank you!"),
        "closed": _("The evaluation is not open for answers."),
    }[state]


@require_GET
@login_required
def material_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, to the seminar's confirmed participants and attendees and its
    organisers; a 404 for anyone else. Each download is counted."""
    material = get_object_or_404(selectors.materials_for(request.user), pk=pk)
    response = private_file_response(
        material.file, filename=material.filename, content_type=material.content_type
    )
    Material.objects.filter(pk=material.pk).update(downloads=F("downloads") + 1)
    return response
