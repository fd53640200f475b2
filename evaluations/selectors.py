"""Read queries: who attended, who may answer or download, what a person sees on /me/."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from attendance import selectors as attendance_selectors
from evaluations.models import Invitation, Material, Phase, Question, Questionnaire, Receipt
from events import selectors as event_selectors
from events.models import Seminar
from registrations.models import Registration


def attendees_with_account(seminar: Seminar) -> QuerySet[Registration]:
    """The post-training questionnaire's audience: the people trained
    (attendance.selectors.people_trained) who have an account to answer with.
    Walk-ins without one are counted as attendees in every figure all the same."""
    return attendance_selectors.people_trained([seminar]).filter(user__isnull=False)


def participants(seminar: Seminar) -> QuerySet[Registration]:
    """Confirmed registrations of people with an account (the pre-training questionnaire's audience)."""
    return Registration.objects.filter(
        seminar=seminar, status=Registration.Status.CONFIRMED, user__isnull=False
    )


def audience(seminar: Seminar, phase: str) -> QuerySet[Registration]:
    return participants(seminar) if phase == Phase.PRE else attendees_with_account(seminar)


def may_answer(seminar: Seminar, user, phase: str) -> bool:
    return user.is_authenticated and audience(seminar, phase).filter(user=user).exists()


def has_answered(questionnaire: Questionnaire, user, phase: str = Phase.POST) -> bool:
    return Receipt.objects.filter(questionnaire=questionnaire, user=user, phase=phase).exists()


def answer_state(questionnaire: Questionnaire, seminar: Seminar, user, phase: str, *, now=None) -> str:
    """What the person can do: "not_attended", "answered", "closed" or "open"."""
    if not may_answer(seminar, user, phase):
        return "not_attended"
    if has_answered(questionnaire, user, phase):
        return "answered"
    if not questionnaire.is_open(phase, now=now):
        return "closed"
    return "open"


def certificate_gate_open(registration: Registration) -> bool:
    """May this registration's certificate be downloaded, as far as the evaluation
    goes: yes when the seminar does not require the evaluation, when the holder
    has answered it (after the seminar), or once it has closed (nobody can answer
    any more, so it cannot hold the certificate back)."""
    questionnaire = Questionnaire.objects.filter(seminar_id=registration.seminar_id).first()
    if questionnaire is None or not questionnaire.certificate_requires_evaluation:
        return True
    if questionnaire.closes_at is not None and questionnaire.closes_at <= timezone.now():
        return True
    if registration.user_id is None:
        return False
    return Receipt.objects.filter(
        questionnaire=questionnaire, user_id=registration.user_id, phase=Phase.POST
    ).exists()


def seminars_with_materials_for(user) -> QuerySet[Seminar]:
    """Seminars whose materials the person may download: confirmed participants and
    attendees, and the seminar's organisers (and coordinators)."""
    if not (user.is_authenticated and user.is_active):
        return Seminar.objects.none()
    mine = Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED).values("seminar_id")
    managed = event_selectors.seminars_managed_by(user).values("pk")
    return Seminar.objects.filter(Q(pk__in=mine) | Q(pk__in=managed))


def materials_for(user, seminar: Seminar | None = None) -> QuerySet[Material]:
    materials = Material.objects.filter(seminar__in=seminars_with_materials_for(user))
    if seminar is not None:
        materials = materials.filter(seminar=seminar)
    return materials.select_related("seminar", "session")


@dataclass(frozen=True)
class MyEvaluation:
    seminar: Seminar
    phase: str
    answered: bool


def my_evaluations(user, *, now=None) -> list[MyEvaluation]:
    """The questionnaires the person may answer now, or has answered (one query)."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED)
    attended = registrations.filter(seminar=OuterRef("seminar_id")).filter(attendance_selectors.attended())

    def answered(phase):
        return Exists(Receipt.objects.filter(questionnaire=OuterRef("pk"), user=user, phase=phase))

    questionnaires = (
        Questionnaire.objects.filter(
            seminar__in=registrations.values("seminar_id"), pk__in=Question.objects.values("questionnaire_id")
        )
        .annotate(
            attended=Exists(attended), answered_pre=answered(Phase.PRE), answered_post=answered(Phase.POST)
        )
        .select_related("seminar")
        .order_by("-seminar__starts_at")
    )
    rows = []
    for questionnaire in questionnaires:
        for phase, answered_it, allowed in (
            (Phase.PRE, questionnaire.answered_pre, True),
            (Phase.POST, questionnaire.answered_post, questionnaire.attended),
        ):
            if answered_it or (allowed and questionnaire.is_open(phase, now=now)):
                rows.append(MyEvaluation(seminar=questionnaire.seminar, phase=phase, answered=answered_it))
    return rows


def invited_without_answer(questionnaire: Questionnaire, phase: str) -> QuerySet[Invitation]:
    answered = Receipt.objects.filter(questionnaire=questionnaire, phase=phase, user=OuterRef("user"))
    return Invitation.objects.filter(questionnaire=questionnaire, phase=phase).exclude(Exists(answered))
