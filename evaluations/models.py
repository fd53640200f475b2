"""Evaluation questionnaires, anonymous answers, and training materials.

A questionnaire belongs to one seminar, or to a project as a template that is
copied into seminars. Its questions are asked after the seminar ("post"); the
knowledge questions are also asked before it ("pre"), so learning gain can be
measured.

Anonymity: a Response row has no link to a person (no user, no registration, no
time, a random UUID key). The Receipt records that a person answered, which is
what the one-answer rule, reminders and the certificate gate need. Answers are
first kept encrypted in a pool (SealedResponse) and become Responses five at a
time, in a shuffled order (evaluations.pool), so that neither key, time nor row
order joins a Response to a Receipt. Only when a questionnaire is not anonymous
does the receipt point at the response (once published).
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.files import private_storage
from common.translations import in_answer_language, in_language
from events.models import AgendaSession, Project, Seminar


class Phase(models.TextChoices):
    PRE = "pre", _("Before the seminar")
    POST = "post", _("After the seminar")


class Questionnaire(models.Model):
    """A seminar's evaluation form, or a project's template (exactly one of the two)."""

    seminar = models.OneToOneField(
        Seminar, on_delete=models.CASCADE, null=True, blank=True, related_name="questionnaire"
    )
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluation_template"
    )
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=True,
        help_text=_("Answers are stored without any link to the person who gave them."),
    )
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty: when the seminar ends.")
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True, help_text=_("Empty: never."))
    pre_training = models.BooleanField(
        _("ask the knowledge questions before the seminar too"),
        default=False,
        help_text=_(
            "Confirmed participants answer them until the seminar starts; learning gain is reported."
        ),
    )
    certificate_requires_evaluation = models.BooleanField(
        _("certificate only after the evaluation"),
        default=False,
        help_text=_("Attendees can download their certificate once they have answered the evaluation."),
    )

    class Meta:
        verbose_name = _("evaluation questionnaire")
        verbose_name_plural = _("evaluation questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(seminar__isnull=False, project__isnull=True)
                | Q(seminar__isnull=True, project__isnull=False),
                name="evaluations_questionnaire_seminar_or_project",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(opens_at__lt=models.F("closes_at")),
                name="evaluations_questionnaire_opens_before_close",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seminar or self.project}"

    def post_opens_at(self):
        return self.opens_at or self.seminar.ends_at

    def is_open(self, phase: str, *, now=None) -> bool:
        """Pre: from now until the seminar starts (when asked for). Post: from the
        opening (the seminar's end by default) until the closing date."""
        now = now or timezone.now()
        if phase == Phase.PRE:
            return self.pre_training and now < self.seminar.starts_at
        return self.post_opens_at() <= now and (self.closes_at is None or now < self.closes_at)


class Question(models.Model):
    """One question, worded in each language. Choice answers keep option numbers
    (1-based), so every language lists the same options in the same order."""

    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        TEXT = "text", _("Free text")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("question"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    options = models.TextField(
        _("options"), blank=True, help_text=_("For choice questions: one option per line.")
    )
    knowledge = models.BooleanField(
        _("knowledge question"),
        default=False,
        help_text=_("A single-choice question with a correct option, asked before and after the seminar."),
    )
    correct_option = models.PositiveSmallIntegerField(
        _("number of the correct option"), null=True, blank=True
    )
    template_question = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["rating", "single_choice", "multiple_choice", "text"]),
                name="evaluations_question_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(knowledge=False) | Q(kind="single_choice", correct_option__isnull=False),
                name="evaluations_knowledge_question_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    def _language(self) -> str:
        seminar = self.questionnaire.seminar
        return seminar.language if seminar else settings.LANGUAGE_CODE

    @property
    def display_label(self) -> str:
        return in_answer_language(self, "label", self._language())

    @property
    def option_list(self) -> list[str]:
        return [
            line.strip()
            for line in in_answer_language(self, "options", self._language()).splitlines()
            if line.strip()
        ]

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE_CHOICE, self.Kind.MULTIPLE_CHOICE)


class Response(models.Model):
    """One set of answers, with no link to a person, a registration or a time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    phase = models.CharField(max_length=4, choices=Phase.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=["pre", "post"]), name="evaluations_response_phase_valid"
            )
        ]

    def __str__(self) -> str:
        return str(self.pk)


class SealedResponse(models.Model):
    """One set of answers waiting, encrypted and padded, for its group to be published
    (evaluations.pool): no time, no person, a random key, and content that a copy
    of the database alone cannot read."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sealed")
    phase = models.CharField(max_length=4, choices=Phase.choices)
    sealed = models.TextField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=["pre", "post"]), name="evaluations_sealedresponse_phase_valid"
            )
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    """The answer to one question: a rating, option numbers, or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True, max_length=4000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="evaluations_answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="evaluations_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Receipt(models.Model):
    """That a person has answered a questionnaire in a phase: one answer each."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluation_receipts"
    )
    phase = models.CharField(max_length=4, choices=Phase.choices)
    answered_at = models.DateTimeField(default=timezone.now)
    response = models.OneToOneField(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receipt",
        help_text="Set only when the questionnaire is not anonymous.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user", "phase"], name="evaluations_one_answer_each"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=["pre", "post"]), name="evaluations_receipt_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} · {self.user_id} · {self.phase}"


class Invitation(models.Model):
    """That a person was emailed the link to a questionnaire (once each), and reminded."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=4, choices=Phase.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user", "phase"], name="evaluations_invite_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} · {self.user_id} · {self.phase}"


def material_path(instance, filename: str) -> str:
    """A random name: nobody finds a file by guessing, and the name says nothing."""
    return f"materials/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()[:6]}"


class Material(models.Model):
    """A file for the participants of a seminar (slides, handouts), or of one of its sessions."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="materials")
    session = models.ForeignKey(
        AgendaSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("agenda session"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=material_path, storage=private_storage)
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    downloads = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session__starts_at", "title", "pk"]
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return in_language(self, "title", self.seminar.language) or self.filename
