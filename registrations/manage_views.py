"""The organiser's side of registrations (/manage/seminars/<pk>/...): the list
with approval and cancellation, seats and quotas, custom questions.

Every seminar is looked up among the seminars the user manages (events.rules
through events.selectors), and every registration within that seminar, so
another organisation's seminar or registration is a 404. The rules themselves
live in registrations.services; these views parse input, call one service and
show its translated error.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import ProfessionalGroup
from events import selectors as event_selectors
from events.models import Seminar
from registrations import selectors as registration_selectors
from registrations import services
from registrations.manage_forms import DecisionForm, RegistrationFilterForm, SeatsForm, question_formset
from registrations.models import Answer, Question, Registration, SeatQuota
from registrations.selectors import GroupSeats, SeatsLeft

Status = Registration.Status


def _managed_seminar(request: HttpRequest, pk: int) -> Seminar:
    return get_object_or_404(event_selectors.seminars_managed_by(request.user), pk=pk)


# What the pages show: a fixed number of queries, whatever the number of registrations.


@dataclass(frozen=True)
class Overview:
    """Seats left overall and per group quota, and the registrations by status."""

    seats: SeatsLeft
    by_status: list[tuple[str, str, int]]  # (status, label, count), every status in order

    @property
    def taken(self) -> int:
        return sum(count for status, _label, count in self.by_status if status in Registration.SEAT_HOLDING)


def _overview(seminar: Seminar) -> Overview:
    counts = dict(
        Registration.objects.filter(seminar=seminar)
        .order_by()
        .values_list("status")
        .annotate(number=Count("pk"))
    )
    return Overview(
        seats=registration_selectors.seats_left(seminar),
        by_status=[(value, label, counts.get(value, 0)) for value, label in Status.choices],
    )


@dataclass(frozen=True)
class Row:
    registration: Registration  # annotated with waitlist_position
    answers: list[str]  # one per question, in the questions' order ("" when unanswered)


def _rows(registrations: QuerySet[Registration], questions: list[Question]) -> list[Row]:
    """The list's rows with their answers and waiting-list places (two queries)."""
    registrations = registration_selectors.with_waitlist_position(
        registrations.select_related("user", "professional_group")
    ).prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by()))
    by_id = {question.pk: question for question in questions}
    rows = []
    for registration in registrations:
        answered = {}
        for answer in registration.answers.all():
            if answer.question_id in by_id:
                answer.question = by_id[answer.question_id]  # the seminar's questions, already loaded
                answered[answer.question_id] = answer.display_value
        rows.append(
            Row(registration=registration, answers=[answered.get(question.pk, "") for question in questions])
        )
    return rows


def _questions(seminar: Seminar) -> list[Question]:
    questions = list(seminar.questions.all())
    for question in questions:
        question.seminar = seminar
    return questions


# The list, with approval and rejection


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def registration_list(request: HttpRequest, pk: int) -> HttpResponse:
    """GET lists (filtered); POST approves or rejects the ticked registrations."""
    seminar = _managed_seminar(request, pk)
    if request.method == "POST":
        decision = DecisionForm(request.POST, seminar=seminar)
        if decision.is_valid():
            _decide(request, decision)
            return redirect(request.get_full_path())
    else:
        decision = DecisionForm(seminar=seminar)

    filters = RegistrationFilterForm(request.GET or None)
    registrations = Registration.objects.filter(seminar=seminar)
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            registrations = registrations.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["group"]:
            registrations = registrations.filter(professional_group=filters.cleaned_data["group"])
    questions = _questions(seminar)
    rows = _rows(registrations, questions)
    return render(
        request,
        "registrations/manage/registration_list.html",
        {
            "seminar": seminar,
            "overview": _overview(seminar),
            "filters": filters,
            "is_filtered": filters.is_bound,
            "decision": decision,
            "rows": rows,
            "questions": questions,
            "has_active": any(row.registration.is_active for row in rows),
            "selected": {str(value) for value in request.POST.getlist("registrations")},
        },
        status=400 if decision.errors or filters.errors else 200,
    )


def _decide(request: HttpRequest, decision: DecisionForm) -> None:
    selected = list(decision.cleaned_data["registrations"])
    message = decision.cleaned_data["message"].strip()
    if decision.cleaned_data["action"] == DecisionForm.APPROVE:
        confirmed, waitlisted = services.registrations_approve(
            registrations=selected, actor=request.user, message=message
        )
        done = len(confirmed) + len(waitlisted)
        if confirmed:
            messages.success(
                request,
                ngettext(
                    "%(count)s registration is approved and confirmed.",
                    "%(count)s registrations are approved and confirmed.",
                    len(confirmed),
                )
                % {"count": len(confirmed)},
            )
        if waitlisted:
            messages.warning(
                request,
                ngettext(
                    "%(count)s approved registration is on the waiting list: there is no free seat for it.",
                    "%(count)s approved registrations are on the waiting list: there are no free seats for them.",
                    len(waitlisted),
                )
                % {"count": len(waitlisted)},
            )
        unchanged = len(selected) - done
        if unchanged:
            messages.info(
                request,
                ngettext(
                    "%(count)s selected registration was not awaiting approval and is unchanged.",
                    "%(count)s selected registrations were not awaiting approval and are unchanged.",
                    unchanged,
                )
                % {"count": unchanged},
            )
    else:
        rejected = services.registrations_reject(registrations=selected, actor=request.user, message=message)
        messages.success(
            request,
            ngettext(
                "%(count)s registration is rejected; the person is told by email.",
                "%(count)s registrations are rejected; the people are told by email.",
                rejected,
            )
            % {"count": rejected},
        )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def registration_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST cancels and offers the seat to the waiting list."""
    seminar = _managed_seminar(request, pk)
    registration = get_object_or_404(
        Registration.objects.filter(seminar=seminar).select_related("user", "professional_group"),
        pk=registration_pk,
    )
    if request.method != "POST":
        return render(
            request,
            "registrations/manage/registration_cancel.html",
            {"seminar": seminar, "registration": registration},
        )
    try:
        services.registration_cancel(registration=registration, actor=request.user, by_organiser=True)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The registration of %(name)s is cancelled; they are told by email.")
            % {"name": registration.display_name},
        )
    return redirect("manage_registrations:registration_list", pk=seminar.pk)


# Seats and quotas


def _quota_groups(seminar: Seminar, quotas: tuple[GroupSeats, ...]) -> list[ProfessionalGroup]:
    """The seminar's target groups (all active groups when it targets none), and any
    group that already has a quota."""
    groups = list(seminar.target_groups.all()) or list(ProfessionalGroup.objects.filter(is_active=True))
    by_id = {group.pk: group for group in groups}
    for quota in quotas:
        by_id.setdefault(quota.group.pk, quota.group)
    return sorted(by_id.values(), key=lambda group: (group.position, group.slug))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def seats(request: HttpRequest, pk: int) -> HttpResponse:
    seminar = _managed_seminar(request, pk)
    overview = _overview(seminar)
    quotas = overview.seats.groups
    data = request.POST if request.method == "POST" else None
    form = SeatsForm(
        data,
        seminar=seminar,
        groups=_quota_groups(seminar, quotas),
        quotas={quota.group.pk: quota.seats for quota in quotas},
    )
    if data is not None and form.is_valid():
        try:
            with transaction.atomic():
                # Emptying a quota only adds room; the capacity service that follows in
                # this transaction locks the seminar and offers that room to the waiting list.
                SeatQuota.objects.filter(seminar=seminar, group_id__in=form.removed_quotas()).delete()
                services.seminar_capacity_change(
                    seminar=seminar,
                    capacity=form.cleaned_data["capacity"],
                    quotas=form.quotas(),
                    actor=request.user,
                )
        except services.RegistrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Seats and quotas are saved."))
            return redirect("manage_registrations:registration_list", pk=seminar.pk)
    return render(
        request,
        "registrations/manage/seats_form.html",
        {"seminar": seminar, "overview": overview, "form": form},
        status=400 if data is not None else 200,
    )


# Custom questions


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def questions_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seminar = _managed_seminar(request, pk)
    data = request.POST if request.method == "POST" else None
    formset = question_formset(data, seminar=seminar)
    if data is not None and formset.is_valid():
        formset.save()
        messages.success(request, _("The questions are saved."))
        return redirect("manage_registrations:questions", pk=seminar.pk)
    return render(
        request,
        "registrations/manage/questions_form.html",
        {"seminar": seminar, "formset": formset},
        status=400 if data is not None else 200,
    )
