"""Anonymous answers stay anonymous in the database: a copy of it (rows in the
order a dump or a backup holds them) re-identifies nobody, and results grow only
by whole groups of five, so that no single answer can be told apart as it arrives."""

import csv
import io
import logging
import uuid
from datetime import timedelta

import pytest
from django.db import connection, models
from django.test import override_settings

from accounts.models import AuditEntry
from evaluations import pool, reports, services
from evaluations.models import Answer, Question, Questionnaire, Receipt, Response, SealedResponse
from tests.evaluations.helpers import (
    answer_sets,
    answers_for,
    attendee,
    past_seminar,
    questionnaire_with_questions,
)

pytestmark = pytest.mark.django_db


def _answer_all(seminar, questionnaire, texts, **kwargs):
    people = []
    for text in texts:
        registration = attendee(seminar)
        services.response_submit(
            seminar=seminar,
            user=registration.user,
            phase="post",
            answers=answers_for(questionnaire, text=text),
            **kwargs,
        )
        people.append(registration.user)
    return people


def _dump(model) -> list[tuple]:
    """Every column of every row, in physical order: what a dump or a copy of the
    table files holds (PostgreSQL's ctid, SQLite's rowid)."""
    table = connection.ops.quote_name(model._meta.db_table)
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    columns = [field.column for field in model._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {position}")  # noqa: S608
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_a_copy_of_the_database_reidentifies_nobody(caplog):
    """17 people answer one after the other, each with a comment that names their
    place in the queue. Rows read as a dump holds them do not follow that order; no
    row carries a time, a person or a key shared with the receipts; the answers
    that wait for their group are unreadable and all of one length."""
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    texts = [f"Comment {index:02}" for index in range(17)]
    audit_before = AuditEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        people = _answer_all(seminar, questionnaire, [*texts[:16], "x" * 4000])

    receipts = list(Receipt.objects.order_by("pk"))  # the order people answered in
    assert [receipt.user for receipt in receipts] == people
    assert all(receipt.response_id is None for receipt in receipts)
    # Three groups of five are published, two answers wait.
    assert (Response.objects.count(), SealedResponse.objects.count()) == (15, 2)

    # No column that could hold a time or a shared key.
    for model in (Response, Answer, SealedResponse):
        assert not any(
            isinstance(field, (models.DateTimeField, models.DateField, models.TimeField))
            for field in model._meta.concrete_fields
        )
        assert isinstance(model._meta.pk, models.UUIDField)
    receipt_values = {str(receipt.pk) for receipt in receipts} | {
        str(receipt.user_id) for receipt in receipts
    }
    for row in _dump(Response) + _dump(SealedResponse):
        assert str(row["id"]) not in receipt_values

    # The attack: line up receipts (by key) with answers (by physical row order).
    dumped_texts = [row["text"] for row in _dump(Answer) if row["text"]]
    assert sorted(dumped_texts) == texts[:15]
    assert dumped_texts != texts[:15]  # chance of the same order: (1/120)^3
    response_order = [uuid.UUID(str(row["id"])) for row in _dump(Response)]
    by_response = {answer.response_id: answer.text for answer in Answer.objects.exclude(text="")}
    assert [by_response[pk] for pk in response_order] != texts[:15]

    # Waiting answers: sealed, no text in the clear, one length whatever was written.
    sealed = _dump(SealedResponse)
    assert len({len(row["sealed"]) for row in sealed}) == 1
    everything = " ".join(
        str(value) for model in (Response, SealedResponse) for row in _dump(model) for value in row.values()
    )
    assert "Comment 15" not in everything and "xxxx" not in everything
    # Neither the audit log nor a log line records an answer.
    assert AuditEntry.objects.count() == audit_before
    assert not [record for record in caplog.records if record.name.startswith("evaluations")]


def test_results_grow_by_whole_groups_and_say_so(client, organiser, organisation):
    seminar = past_seminar(organisation=organisation)
    questionnaire = questionnaire_with_questions(seminar)
    _answer_all(seminar, questionnaire, [f"Remark {index}" for index in range(7)])
    client.force_login(organiser)
    base = f"/manage/seminars/{seminar.pk}/evaluation/results/"

    page = client.get(base).content.decode()
    rows = list(csv.reader(io.StringIO(client.get(base + "export.csv").content.decode())))
    api = client.get(f"/api/v1/manage/seminars/{seminar.slug}/evaluation/results/").json()

    assert '<strong class="response-count">5</strong>' in page
    assert "Results are published in groups of 5 answers, so that no single answer can be told apart" in page
    assert "2 answers are waiting for the next group." in page
    assert all(f"Remark {index}" in page for index in range(5))
    assert "Remark 5" not in page and "Remark 6" not in page
    assert sorted(row[-1] for row in rows[1:]) == [f"Remark {index}" for index in range(5)]
    assert (api["responses"], api["waiting"]) == (5, 2)
    assert sorted(api["questions"][3]["texts"]) == [f"Remark {index}" for index in range(5)]

    _answer_all(seminar, questionnaire, ["Remark 7", "Remark 8", "Remark 9"])
    page = client.get(base).content.decode()
    assert '<strong class="response-count">10</strong>' in page
    assert "waiting for the next group" not in page
    assert all(f"Remark {index}" in page for index in range(10))


def test_under_five_answers_nothing_is_published(client, organiser, organisation):
    seminar = past_seminar(organisation=organisation)
    questionnaire = questionnaire_with_questions(seminar)
    _answer_all(seminar, questionnaire, ["Only one"])
    client.force_login(organiser)

    page = client.get(f"/manage/seminars/{seminar.pk}/evaluation/results/").content.decode()

    assert '<strong class="response-count">0</strong>' in page
    assert "1 answer is waiting for the next group." in page
    assert "Only one" not in page
    assert Response.objects.count() == 0


def test_project_results_count_published_groups_of_each_seminar(client, organiser, organisation):
    from tests.factories import ProjectFactory

    project = ProjectFactory(coordinator=organisation)
    template = Questionnaire.objects.create(project=project)
    Question.objects.create(questionnaire=template, kind="rating", label_en="Overall", required=True)
    first = past_seminar(organisation=organisation, project=project)
    second = past_seminar(organisation=organisation, project=project)
    for seminar, count in ((first, 4), (second, 6)):
        services.template_apply(seminar=seminar, actor=organiser)
        question = seminar.questionnaire.questions.get()
        for _index in range(count):
            services.response_submit(
                seminar=seminar, user=attendee(seminar).user, phase="post", answers={str(question.pk): 4}
            )
    client.force_login(organiser)

    page = client.get(f"/manage/projects/{project.slug}/evaluation/results/").content.decode()
    results = reports.project_results(project)

    assert ([row.responses for row in results.seminars], results.responses, results.waiting) == ([0, 5], 5, 5)
    assert "5 answers are waiting for the next group." in page
    assert "average 4.00 of 5" in page


def test_a_sealed_answer_opens_only_with_this_sites_keys(settings):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    _answer_all(seminar, questionnaire, ["Kept"])
    sealed = SealedResponse.objects.get()

    def opened():
        return pool.unseal(questionnaire_id=questionnaire.pk, phase="post", sealed=sealed.sealed)

    assert opened()["answers"][questionnaire.questions.get(kind="text").pk] == {"text": "Kept"}
    assert pool.unseal(questionnaire_id=questionnaire.pk, phase="pre", sealed=sealed.sealed) is None
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="another-key-" + "k" * 40, SECRET_KEY_FALLBACKS=[]):
        assert opened() is None
    with override_settings(SECRET_KEY="another-key-" + "k" * 40, SECRET_KEY_FALLBACKS=[old]):
        assert opened() is not None


def test_every_sealed_answer_has_the_same_length_however_long_the_answers():
    """The worst cases: a text of 4000 characters that JSON writes as six bytes each,
    every option number up to 999 of a multiple choice."""
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    questions = {question.kind: question.pk for question in questionnaire.questions.all()}
    size = pool.payload_size(questionnaire.questions.all())

    def sealed(answers):
        return pool.seal(
            questionnaire_id=questionnaire.pk, phase="post", answers=answers, receipt_id=None, size=size
        )

    longest = sealed(
        {
            questions["rating"]: {"rating": 5},
            questions["single_choice"]: {"choices": [999]},
            questions["multiple_choice"]: {"choices": list(range(1, 1000))},
            questions["text"]: {"text": "\x01" * 4000},
        }
    )
    shortest = sealed({questions["rating"]: {"rating": 1}})

    assert len(longest) == len(shortest)
    opened = pool.unseal(questionnaire_id=questionnaire.pk, phase="post", sealed=longest)
    assert opened["answers"][questions["text"]] == {"text": "\x01" * 4000}


def test_existing_responses_are_reshuffled_by_the_migration():
    """Responses stored before the pool lie in answering order: the data migration
    publishes them again in a random order with new keys, whole groups only, and
    a named questionnaire's receipts follow their own answers."""
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar, anonymous=False)
    text = questionnaire.questions.get(kind="text")
    rating = questionnaire.questions.get(kind="rating")
    old_ids, users = [], {}
    for index in range(7):
        response = Response.objects.create(questionnaire=questionnaire, phase="post")
        Answer.objects.create(response=response, question=text, text=f"Old {index}")
        Answer.objects.create(response=response, question=rating, rating=1 + index % 5)
        user = attendee(seminar).user
        Receipt.objects.create(questionnaire=questionnaire, user=user, phase="post", response=response)
        old_ids.append(response.pk)
        users[user.pk] = f"Old {index}"

    pool.reshuffle_existing(models=pool.live_models())

    assert (Response.objects.count(), SealedResponse.objects.count()) == (5, 2)
    assert not Response.objects.filter(pk__in=old_ids).exists()
    assert sorted(found["text"]["text"] for found in answer_sets()) == [f"Old {index}" for index in range(7)]
    linked = Receipt.objects.filter(response__isnull=False)
    assert linked.count() == 5
    for receipt in linked:
        assert receipt.response.answers.get(question=text).text == users[receipt.user_id]
    results = reports.seminar_results(seminar)
    assert (results.responses, results.waiting) == (5, 2)


def test_a_question_removed_while_answers_wait_is_left_out_of_their_publication():
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    _answer_all(seminar, questionnaire, [f"Note {index}" for index in range(4)])
    questionnaire.questions.get(kind="text").delete()

    rating = questionnaire.questions.get(kind="rating")
    services.response_submit(
        seminar=seminar, user=attendee(seminar).user, phase="post", answers={str(rating.pk): "4"}
    )

    assert Response.objects.count() == 5
    assert not Answer.objects.exclude(text="").exists()
    assert Answer.objects.filter(rating=4).count() == 5


def test_a_late_answer_is_published_with_its_group(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar, closes_at=None)
    _answer_all(seminar, questionnaire, [f"Early {index}" for index in range(3)])
    later = seminar.ends_at + timedelta(days=30)
    _answer_all(seminar, questionnaire, ["Late 1", "Late 2"], now=later)

    assert sorted(Answer.objects.exclude(text="").values_list("text", flat=True)) == [
        "Early 0",
        "Early 1",
        "Early 2",
        "Late 1",
        "Late 2",
    ]
