"""Personal data in evaluations: a person's export, and what erasure does.

Responses carry no link to a person; only a Receipt says that someone answered
(and, for a questionnaire that is not anonymous, which response is theirs), and
an Invitation that they were emailed the link. Erasure deletes both: the
answers stay, counted in the results, and belong to nobody. A named answer
still sealed in the pool (evaluations.pool) names its receipt inside the sealed
content only; the export opens it, and once the receipt is erased it names nobody.
"""

from evaluations import pool
from evaluations.models import Invitation, Question, Receipt, SealedResponse


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Which evaluations the person answered (with their answers when the
    questionnaire was not anonymous) and to which they were invited."""
    receipts = (
        Receipt.objects.filter(user=user)
        .select_related("questionnaire__seminar", "response")
        .prefetch_related("response__answers__question")
        .order_by("answered_at", "pk")
    )
    invitations = (
        Invitation.objects.filter(user=user)
        .select_related("questionnaire__seminar")
        .order_by("sent_at", "pk")
    )
    return {
        "answered": [
            {
                "seminar": receipt.questionnaire.seminar.slug,
                "phase": receipt.phase,
                "answered_at": _moment(receipt.answered_at),
                "answers": [
                    {
                        "question": answer.question.display_label,
                        "rating": answer.rating,
                        "choices": answer.choices,
                        "text": answer.text,
                    }
                    for answer in receipt.response.answers.all()
                ]
                if receipt.response
                else _sealed_answers(receipt),
            }
            for receipt in receipts
        ],
        "invitations": [
            {
                "seminar": invitation.questionnaire.seminar.slug,
                "phase": invitation.phase,
                "sent_at": _moment(invitation.sent_at),
                "reminded_at": _moment(invitation.reminded_at),
            }
            for invitation in invitations
        ],
    }


def _sealed_answers(receipt: Receipt) -> list[dict] | None:
    """A named questionnaire's answers still waiting for their group, or None."""
    if receipt.questionnaire.anonymous:
        return None
    for sealed in SealedResponse.objects.filter(questionnaire=receipt.questionnaire, phase=receipt.phase):
        content = pool.unseal(
            questionnaire_id=sealed.questionnaire_id, phase=sealed.phase, sealed=sealed.sealed
        )
        if content is None or content["receipt"] != receipt.pk:
            continue
        questions = Question.objects.in_bulk(content["answers"])
        return [
            {
                "question": questions[question_id].display_label,
                "rating": fields.get("rating"),
                "choices": fields.get("choices", []),
                "text": fields.get("text", ""),
            }
            for question_id, fields in content["answers"].items()
            if question_id in questions
        ]
    return None


def erase(user, *, now) -> None:
    """Unlink the person from their answers and forget the invitations."""
    Receipt.objects.filter(user=user).delete()
    Invitation.objects.filter(user=user).delete()


def purge(*, ended_before) -> int:
    """The retention purge's part (manage.py purge_personal_data): for seminars
    that ended before `ended_before`, who answered and who was invited is
    forgotten; the answers stay, belonging to nobody. Returns the receipts deleted."""
    deleted, _by_model = Receipt.objects.filter(questionnaire__seminar__ends_at__lt=ended_before).delete()
    Invitation.objects.filter(questionnaire__seminar__ends_at__lt=ended_before).delete()
    return deleted
