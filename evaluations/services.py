"""State changes of evaluations and materials, each stating the rule it enforces.

A refused change raises EvaluationError (or AnswersInvalid, by question) with a
translated message, and stores nothing.
"""

import warnings
import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from common import archives
from evaluations import pool, selectors, tasks
from evaluations.models import (
    Invitation,
    Material,
    Phase,
    Question,
    Questionnaire,
    Receipt,
)
from events.models import AgendaSession, Seminar

TEXT_LIMIT = 4000


class EvaluationError(Exception):
    """A refused change, with a translated reason."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class AnswersInvalid(EvaluationError):
    """Some answers are missing or impossible: `errors` maps question ids to reasons."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(_("Some answers are missing or not valid. Nothing was saved."))
        self.errors = errors


def questions_for(questionnaire: Questionnaire, phase: str) -> list[Question]:
    """Before the seminar only the knowledge questions are asked; after it, all."""
    questions = list(questionnaire.questions.all())
    for question in questions:
        question.questionnaire = questionnaire
    if phase == Phase.PRE:
        questions = [question for question in questions if question.knowledge]
    return questions


def _clean_value(question: Question, value):
    """The stored form of one answer, or raise ValueError; None when unanswered."""
    if value in (None, "", []):
        return None
    if question.kind == Question.Kind.TEXT:
        if not isinstance(value, str) or "\x00" in value or len(value) > TEXT_LIMIT:
            raise ValueError
        return value.strip() or None
    numbers = value if question.kind == Question.Kind.MULTIPLE_CHOICE else [value]
    if not isinstance(numbers, list) or isinstance(value, bool):
        raise ValueError
    highest = 5 if question.kind == Question.Kind.RATING else len(question.option_list)
    cleaned = []
    for number in numbers:
        if isinstance(number, bool) or not isinstance(number, (int, str)):
            raise ValueError
        number = int(number) if str(number).isdecimal() and len(str(number)) < 4 else 0
        if not 1 <= number <= highest:
            raise ValueError
        cleaned.append(number)
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return sorted(set(cleaned))
    return cleaned[0]


def clean_answers(questions: Iterable[Question], raw: dict) -> dict[int, object]:
    """{question id: answer} from what was sent ({id or "id": value}); every
    required question answered, every value possible, or AnswersInvalid."""
    errors, cleaned = {}, {}
    by_key = {str(key): value for key, value in raw.items()}
    for question in questions:
        try:
            value = _clean_value(question, by_key.get(str(question.pk)))
        except (ValueError, TypeError):
            errors[question.pk] = _("This answer is not one of the possible answers.")
            continue
        if value is None:
            if question.required:
                errors[question.pk] = _("This question needs an answer.")
            continue
        cleaned[question.pk] = value
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


def response_submit(*, seminar: Seminar, user, phase: str, answers: dict, now=None) -> None:
    """Store one person's answers: only attendees (after the seminar) or confirmed
    participants (before it), only while open, only once, with every required
    question answered. The receipt records that the person answered; the answers
    go sealed into the pool and are published with four others, in a shuffled
    order, once the group is full (evaluations.pool). For an anonymous
    questionnaire nothing links the published answers to the person; otherwise the
    receipt points at them once published."""
    now = now or timezone.now()
    questionnaire = Questionnaire.objects.filter(seminar=seminar).first()
    if questionnaire is None or not questionnaire.questions.exists():
        raise EvaluationError(_("This seminar has no evaluation."))
    if not selectors.may_answer(seminar, user, phase):
        if phase == Phase.PRE:
            raise EvaluationError(_("Only confirmed participants answer the questions before the seminar."))
        raise EvaluationError(_("Only people who attended the seminar can answer its evaluation."))
    if selectors.has_answered(questionnaire, user, phase):
        raise EvaluationError(_("You have already answered. Thank you!"))
    if not questionnaire.is_open(phase, now=now):
        raise EvaluationError(_("The evaluation is not open for answers."))
    questions = questions_for(questionnaire, phase)
    cleaned = clean_answers(questions, answers)
    try:
        with transaction.atomic():
            # One pool update per questionnaire at a time: a group is published once.
            Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).exists()
            receipt = Receipt.objects.create(
                questionnaire=questionnaire, user=user, phase=phase, answered_at=now
            )
            pool.add(
                questionnaire=questionnaire,
                phase=phase,
                answers={
                    question.pk: _stored(question, cleaned[question.pk])
                    for question in questions
                    if question.pk in cleaned
                },
                receipt_id=None if questionnaire.anonymous else receipt.pk,
            )
    except IntegrityError:
        # Another request of the same person got there first.
        raise EvaluationError(_("You have already answered. Thank you!")) from None


def _stored(question: Question, value) -> dict:
    """The answer's stored fields (evaluations.models.Answer)."""
    if question.kind == Question.Kind.RATING:
        return {"rating": value}
    if question.kind == Question.Kind.TEXT:
        return {"text": value}
    return {"choices": value if isinstance(value, list) else [value]}


# Invitations and reminders


def evaluation_invite(*, seminar: Seminar, actor, phase: str = Phase.POST, now=None) -> int:
    """Email the link to everyone who may answer, has not answered and was not invited
    yet (safe to repeat: each person is invited once per phase). After the seminar: attendees,
    once it has ended; before it: confirmed participants, when the knowledge
    questions are asked before the seminar."""
    now = now or timezone.now()
    questionnaire = Questionnaire.objects.filter(seminar=seminar).first()
    if questionnaire is None or not questions_for(questionnaire, phase):
        raise EvaluationError(_("Add questions before inviting people to answer."))
    if not questionnaire.is_open(phase, now=now):
        raise EvaluationError(_("The evaluation is not open for answers."))
    with transaction.atomic():
        # One invitation run per questionnaire at a time (the button, the periodic command).
        Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).exists()
        invited = Invitation.objects.filter(questionnaire=questionnaire, phase=phase).values("user_id")
        answered = Receipt.objects.filter(questionnaire=questionnaire, phase=phase).values("user_id")
        users = list(
            selectors.audience(seminar, phase)
            .exclude(user_id__in=invited)
            .exclude(user_id__in=answered)
            .values_list("user_id", flat=True)
        )
        created = Invitation.objects.bulk_create(
            [
                Invitation(questionnaire=questionnaire, user_id=user_id, phase=phase, sent_at=now)
                for user_id in users
            ],
            ignore_conflicts=True,
        )
        ids = list(
            Invitation.objects.filter(
                questionnaire=questionnaire, phase=phase, user_id__in=users
            ).values_list("pk", flat=True)
        )
        for invitation_id in ids:
            tasks.email_after_commit(invitation_id, "invitation")
        if ids or actor is not None:
            audit.record(
                actor=actor, action="evaluation.invite", target=seminar, phase=phase, count=len(created)
            )
    return len(ids)


def questionnaires_to_invite(*, now=None) -> QuerySet[Questionnaire]:
    """Seminar questionnaires open for answers after the seminar (opened, not closed),
    whose seminar was held: the periodic invitation's work list."""
    now = now or timezone.now()
    return (
        Questionnaire.objects.filter(seminar__isnull=False, seminar__status=Seminar.Status.PUBLISHED)
        .filter(Q(opens_at__lte=now) | Q(opens_at__isnull=True, seminar__ends_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .filter(questions__isnull=False)
        .distinct()
        .select_related("seminar")
    )


def invitations_send_due(*, now=None) -> int:
    """Invite the attendees of every evaluation that has opened (each person once):
    what `manage.py send_evaluation_invitations` runs periodically."""
    now = now or timezone.now()
    sent = 0
    for questionnaire in questionnaires_to_invite(now=now):
        try:
            sent += evaluation_invite(seminar=questionnaire.seminar, actor=None, phase=Phase.POST, now=now)
        except EvaluationError:  # only questions before the seminar: nothing to invite to
            continue
    return sent


def evaluation_remind(*, seminar: Seminar, actor, phase: str = Phase.POST, now=None) -> int:
    """Remind the invited people who have not answered (never those who have)."""
    now = now or timezone.now()
    questionnaire = Questionnaire.objects.filter(seminar=seminar).first()
    if questionnaire is None or not questionnaire.is_open(phase, now=now):
        raise EvaluationError(_("The evaluation is not open for answers."))
    with transaction.atomic():
        pending = selectors.invited_without_answer(questionnaire, phase)
        ids = list(pending.values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=ids).update(reminded_at=now)
        for invitation_id in ids:
            tasks.email_after_commit(invitation_id, "reminder")
        audit.record(actor=actor, action="evaluation.remind", target=seminar, phase=phase, count=len(ids))
    return len(ids)


# Templates


def questionnaire_for(seminar: Seminar) -> Questionnaire:
    questionnaire, _created = Questionnaire.objects.get_or_create(seminar=seminar)
    return questionnaire


COPIED_FIELDS = [
    "kind",
    "required",
    "knowledge",
    "correct_option",
    *[f"{name}_{code}" for name in ("label", "options") for code, _name in settings.LANGUAGES],
]


def template_apply(*, seminar: Seminar, actor) -> int:
    """Copy the questions of the seminar's project template into its questionnaire
    (after any it has); each copy remembers its template question, so results
    can be compared across the project."""
    template = (
        Questionnaire.objects.filter(project_id=seminar.project_id).first() if seminar.project_id else None
    )
    if template is None or not template.questions.exists():
        raise EvaluationError(_("The seminar's project has no evaluation template with questions."))
    with transaction.atomic():
        questionnaire = questionnaire_for(seminar)
        start = max((question.position for question in questionnaire.questions.all()), default=0) + 1
        copies = [
            Question(
                questionnaire=questionnaire,
                position=start + offset,
                template_question=source,
                **{name: getattr(source, name) for name in COPIED_FIELDS},
            )
            for offset, source in enumerate(template.questions.all())
        ]
        Question.objects.bulk_create(copies)
        audit.record(actor=actor, action="evaluation.template_apply", target=seminar, count=len(copies))
    return len(copies)


# Materials

MATERIAL_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/vnd.oasis.opendocument.text": ".odt",
}
OFFICE_FOLDERS = {"ppt/": ".pptx", "word/": ".docx", "xl/": ".xlsx"}


def material_content_type(file) -> str | None:
    """What the file really is, read from its content (never its name or the
    browser's word): PDF, PNG, JPEG, an Office Open XML or OpenDocument file; else None.
    An archive is looked into with bounded memory (common.archives): one that
    would unpack to far more than it holds raises EvaluationError."""
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    try:
        if head == b"%PDF-":
            return "application/pdf"
        if head[:4] == b"PK\x03\x04":
            return _zip_content_type(file)
        return _image_content_type(file)
    finally:
        file.seek(0)


# "application/vnd.oasis.opendocument.presentation" and its kin are under 100 bytes.
MIMETYPE_ENTRY_MAX_BYTES = 200
# A material's parts may declare together at most this many times the largest
# upload unpacked (200 MB with the default 20 MB): a full-size presentation of
# images unpacks to little more than its size, and even a full-size spreadsheet
# of XML (about 10:1) fits; participants download what we accept and their
# computers unpack it. The ratio of common.archives bounds smaller files.
MATERIAL_MAX_UNPACKED_FACTOR = 10


def _zip_content_type(file) -> str | None:
    try:
        with archives.open_zip(
            file, max_unpacked_bytes=MATERIAL_MAX_UNPACKED_FACTOR * material_max_bytes()
        ) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archives.read_small_entry(archive, "mimetype", limit=MIMETYPE_ENTRY_MAX_BYTES)
                declared = declared.decode("ascii", "replace").strip()
                return declared if declared in MATERIAL_TYPES and "opendocument" in declared else None
            if "[Content_Types].xml" in names:
                for folder, suffix in OFFICE_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return next(kind for kind, extension in MATERIAL_TYPES.items() if extension == suffix)
    except archives.UnsafeArchive as error:
        raise EvaluationError(
            _(
                "This file is packed in a way no document is: it would unpack to far more than it holds, "
                "or it has too many parts. It was not opened. Nothing was saved."
            )
        ) from error
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return None
    return None


def _image_content_type(file) -> str | None:
    from PIL import Image  # Pillow loads only when an upload is checked

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                image.verify()
    except Exception:  # Pillow raises many kinds of errors for damaged or hostile files
        return None
    return {"PNG": "image/png", "JPEG": "image/jpeg"}.get(image_format)


def material_max_bytes() -> int:
    return settings.MATERIAL_MAX_BYTES


def material_add(
    *, seminar: Seminar, actor, file, titles: dict[str, str], session: AgendaSession | None = None
) -> Material:
    """Store a file for the seminar's participants: PDF, PNG, JPEG, PPTX, DOCX,
    XLSX, ODP or ODT, recognised by content, up to MATERIAL_MAX_BYTES; under a
    random name whose extension says what it really is."""
    if session is not None and session.seminar_id != seminar.pk:
        raise EvaluationError(_("Choose a session of this seminar."))
    if file.size > material_max_bytes():
        raise EvaluationError(
            _("The file is too large: at most %(megabytes)s MB.")
            % {"megabytes": material_max_bytes() // (1024 * 1024)}
        )
    content_type = material_content_type(file)
    if content_type is None:
        raise EvaluationError(
            _(
                "This file is not a PDF, PNG, JPEG, PowerPoint, Word, Excel or OpenDocument file. Nothing was saved."
            )
        )
    extension = MATERIAL_TYPES[content_type]
    stem = "".join(char for char in file.name.rsplit(".", 1)[0] if char.isalnum() or char in " -_")[
        :80
    ].strip()
    material = Material(
        seminar=seminar,
        session=session,
        filename=f"{stem or 'material'}{extension}",
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
        **{f"title_{code}": (text or "").strip() for code, text in titles.items()},
    )
    material.file.save(f"upload{extension}", file, save=False)
    with transaction.atomic():
        material.save()
        audit.record(actor=actor, action="material.add", target=seminar, material=material.pk)
    return material


def material_remove(*, material: Material, actor) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="material.remove", target=material.seminar, material=material.pk)
        material.delete()
    transaction.on_commit(lambda: material.file.delete(save=False), robust=True)
