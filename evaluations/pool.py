"""The pool of sealed answers, and their publication in shuffled groups.

Why: a receipt (who answered) and the answers are written in the same request.
Rows written at the same moment in the same order line up in a copy of the
database: by key, by time, and by physical row order (PostgreSQL's ctid,
SQLite's rowid, the order of a dump or a write-ahead log), whatever random key
they carry. So a person's answers are never written in the clear next to their
receipt:

1. At answering, they go into the pool (SealedResponse), encrypted with a key
   derived from SECRET_KEY (AES-GCM, random nonce; not Fernet, whose tokens
   carry their time) and padded to one size per questionnaire, so that neither
   content nor length of a sealed row says anything. Sealed rows carry no
   time, and only a random key.
2. When a phase's pool holds a full group (GROUP_SIZE, 5), the group is unsealed,
   shuffled and written to Response and Answer in that random order, then
   removed from the pool. Published rows therefore follow no one's order of
   answering: at best a reader of the database knows that an answer is one of
   the five of its group, which is also all that the results page reveals,
   since results only ever change by whole groups.

Answers that do not complete a group stay sealed and are never shown.
"""

import base64
import json
import logging
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

from common.small_counts import THRESHOLD
from evaluations.models import Answer, Question, Questionnaire, Receipt, Response, SealedResponse

logger = logging.getLogger(__name__)

# One rule for evaluations: a result is shown from five answers on, and published
# five answers at a time (common.small_counts, the threshold of reports too).
GROUP_SIZE = THRESHOLD

_SALT = "evaluations.pool.sealed-answers"
_NONCE_BYTES = 12
# The largest stored form of one answer, key and field name included: a free text
# of 4000 characters (Answer.text), each of which JSON may write as six bytes
# (\u0001); a list of distinct option numbers below 1000 (services._clean_value);
# a rating or one option number.
_TEXT_BYTES = 6 * 4000 + 128
_MULTIPLE_BYTES = 4 * 999 + 128
_OTHER_BYTES = 64
_FRAME_BYTES = 256


def _key(secret: str) -> bytes:
    return salted_hmac(_SALT, "", secret=secret, algorithm="sha256").digest()


def _associated(questionnaire_id: int, phase: str) -> bytes:
    """Binds a sealed row to its questionnaire and phase: moved elsewhere, it does not open."""
    return f"{questionnaire_id}:{phase}".encode()


def payload_size(questions) -> int:
    """The one size every sealed answer set of these questions is padded to."""
    largest = {"text": _TEXT_BYTES, "multiple_choice": _MULTIPLE_BYTES}
    return _FRAME_BYTES + sum(largest.get(question.kind, _OTHER_BYTES) for question in questions)


def seal(*, questionnaire_id: int, phase: str, answers: dict, receipt_id: int | None, size: int) -> str:
    """The answers ({question id: {answer field: value}}, and for a named questionnaire the
    receipt to link), encrypted and padded to `size` bytes before encryption."""
    plain = json.dumps(
        {"answers": {str(key): value for key, value in answers.items()}, "receipt": receipt_id},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    if len(plain) > size:  # cannot happen with payload_size(); refuse rather than leak a length
        raise ValueError("Answers larger than their padded size.")
    padded = plain + b" " * (size - len(plain))
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(_key(settings.SECRET_KEY)).encrypt(nonce, padded, _associated(questionnaire_id, phase))
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(*, questionnaire_id: int, phase: str, sealed: str) -> dict | None:
    """{"answers": {question id: value}, "receipt": id or None}, or None when no
    key of this site (SECRET_KEY and its fallbacks) opens it."""
    raw = base64.b64decode(sealed)
    nonce, body = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        try:
            plain = AESGCM(_key(secret)).decrypt(nonce, body, _associated(questionnaire_id, phase))
        except InvalidTag:
            continue
        opened = json.loads(plain.decode().rstrip(" "))
        return {
            "answers": {int(key): value for key, value in opened["answers"].items()},
            "receipt": opened["receipt"],
        }
    return None


def add(*, questionnaire, phase: str, answers: dict, receipt_id: int | None = None) -> None:
    """Seal one set of answers ({question id: {answer field: value}}) into the pool,
    then publish the pool's whole groups. The caller holds the questionnaire's lock
    inside a transaction."""
    SealedResponse.objects.create(
        questionnaire=questionnaire,
        phase=phase,
        sealed=seal(
            questionnaire_id=questionnaire.pk,
            phase=phase,
            answers=answers,
            receipt_id=receipt_id,
            size=payload_size(Question.objects.filter(questionnaire_id=questionnaire.pk)),
        ),
    )
    publish_groups(questionnaire=questionnaire, phase=phase, models=live_models())


def live_models() -> dict:
    """The models publish_groups and reshuffle_existing work on, outside a migration."""
    return {
        "Response": Response,
        "Answer": Answer,
        "SealedResponse": SealedResponse,
        "Receipt": Receipt,
        "Question": Question,
        "Questionnaire": Questionnaire,
    }


def published_count(count: int) -> int:
    """How many of `count` answers are published: whole groups only."""
    return count - count % GROUP_SIZE


def shuffled(items: list) -> list:
    """A copy in an order drawn from the system's random source."""
    items = list(items)
    secrets.SystemRandom().shuffle(items)
    return items


def publish_groups(*, questionnaire, phase: str, models) -> int:
    """Publish the whole groups waiting in the pool of this questionnaire and phase,
    in a random order; the rest stays sealed. Returns the answers published.

    `models` gives Response, Answer, SealedResponse, Receipt and Question (the
    live ones, or a migration's), so the data migration publishes the same way.
    The caller holds the questionnaire's lock inside a transaction."""
    Response, Answer, SealedResponse, Receipt, Question = (
        models["Response"],
        models["Answer"],
        models["SealedResponse"],
        models["Receipt"],
        models["Question"],
    )
    waiting = list(SealedResponse.objects.filter(questionnaire_id=questionnaire.pk, phase=phase))
    if len(waiting) < GROUP_SIZE:
        return 0
    opened, unreadable = [], []
    for row in waiting:
        content = unseal(questionnaire_id=questionnaire.pk, phase=phase, sealed=row.sealed)
        (unreadable if content is None else opened).append((row.pk, content))
    if unreadable:
        # Sealed under a key this site no longer has: they can never be published.
        logger.warning("%s sealed evaluation answers could not be opened and are dropped.", len(unreadable))
        SealedResponse.objects.filter(pk__in=[pk for pk, _content in unreadable]).delete()
    chosen = shuffled(opened)[: published_count(len(opened))]
    if not chosen:
        return 0
    question_ids = set(
        Question.objects.filter(questionnaire_id=questionnaire.pk).values_list("pk", flat=True)
    )
    responses, answers, links = [], [], []
    for _pk, content in chosen:
        response = Response(questionnaire_id=questionnaire.pk, phase=phase)
        responses.append(response)
        for question_id, value in content["answers"].items():
            if question_id in question_ids:  # a question removed meanwhile has no answers
                answers.append(_answer(Answer, response, question_id, value))
        if content["receipt"] is not None and not questionnaire.anonymous:
            links.append((content["receipt"], response))
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    for receipt_id, response in links:
        Receipt.objects.filter(
            pk=receipt_id, questionnaire_id=questionnaire.pk, phase=phase, response__isnull=True
        ).update(response=response)
    SealedResponse.objects.filter(pk__in=[pk for pk, _content in chosen]).delete()
    return len(chosen)


ANSWER_FIELDS = ("rating", "choices", "text")


def _answer(Answer, response, question_id: int, value: dict):
    """`value` holds the answer's stored fields: {"rating": 4}, {"choices": [2]} or {"text": "..."}."""
    return Answer(
        response=response,
        question_id=question_id,
        **{name: value[name] for name in ANSWER_FIELDS if name in value},
    )


def reshuffle_existing(*, models) -> None:
    """The data migration's work (0002): responses written before the pool lie in
    the order people answered. Each questionnaire's and phase's responses are
    taken out, sealed into the pool in a random order and published again as
    whole groups in a random order, with new random keys; what does not fill a
    group stays sealed. A named questionnaire's receipts follow their answers."""
    Response, Answer, SealedResponse, Receipt, Question, Questionnaire = (
        models["Response"],
        models["Answer"],
        models["SealedResponse"],
        models["Receipt"],
        models["Question"],
        models["Questionnaire"],
    )
    for questionnaire in Questionnaire.objects.filter(responses__isnull=False).distinct():
        size = payload_size(Question.objects.filter(questionnaire_id=questionnaire.pk))
        for phase in ("pre", "post"):
            responses = list(Response.objects.filter(questionnaire_id=questionnaire.pk, phase=phase))
            if not responses:
                continue
            receipts = dict(Receipt.objects.filter(response__in=responses).values_list("response_id", "pk"))
            answers: dict = {response.pk: {} for response in responses}
            for answer in Answer.objects.filter(response__in=responses):
                answers[answer.response_id][answer.question_id] = {
                    name: getattr(answer, name)
                    for name in ANSWER_FIELDS
                    if getattr(answer, name) not in (None, [], "")
                }
            Receipt.objects.filter(pk__in=receipts.values()).update(response=None)
            Answer.objects.filter(response__in=responses).delete()
            Response.objects.filter(pk__in=[response.pk for response in responses]).delete()
            SealedResponse.objects.bulk_create(
                [
                    SealedResponse(
                        questionnaire_id=questionnaire.pk,
                        phase=phase,
                        sealed=seal(
                            questionnaire_id=questionnaire.pk,
                            phase=phase,
                            answers=answers[response.pk],
                            receipt_id=receipts.get(response.pk),
                            size=size,
                        ),
                    )
                    for response in shuffled(responses)
                ]
            )
            publish_groups(questionnaire=questionnaire, phase=phase, models=models)
