"""Answering an evaluation: who may, once, while open, with the required answers; anonymity."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from attendance.models import Attendance
from evaluations import services
from evaluations.models import Answer, Phase, Receipt, Response
from evaluations.reports import results_table
from registrations.models import Registration
from tests.evaluations.helpers import (
    answer_sets,
    answers_for,
    attendee,
    past_seminar,
    questionnaire_with_questions,
)
from tests.factories import AgendaSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _client(client, registration):
    client.force_login(registration.user)
    return client


def _url(seminar):
    return f"/me/evaluations/{seminar.slug}/"


def test_an_attendee_answers_once_and_the_answers_are_stored(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    _client(client, registration)

    page = client.get(_url(seminar))
    assert page.status_code == 200
    assert "How useful was it?" in page.content.decode()
    response = client.post(_url(seminar), answers_for(questionnaire), follow=True)

    assert response.redirect_chain[-1][0] == "/me/"
    assert "your answers are saved" in response.content.decode()
    # Sealed in the pool until four more answers make a group (evaluations.pool).
    assert answer_sets() == [
        {
            "phase": Phase.POST,
            "rating": {"rating": 4},
            "single_choice": {"choices": [2]},
            "multiple_choice": {"choices": [1, 3]},
            "text": {"text": "More case studies"},
        }
    ]
    assert Response.objects.count() == Answer.objects.count() == 0
    assert (
        Receipt.objects.filter(user=registration.user, questionnaire=questionnaire, phase="post").count() == 1
    )


def test_a_person_marked_present_at_a_session_is_an_attendee_too(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=None)
    Attendance.objects.create(registration=registration, session=AgendaSessionFactory(seminar=seminar))
    _client(client, registration)

    assert client.post(_url(seminar), answers_for(questionnaire)).status_code == 302
    assert len(answer_sets()) == 1


def test_someone_who_did_not_attend_is_refused_and_nothing_is_stored(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = RegistrationFactory(seminar=seminar)  # confirmed, never checked in
    client.force_login(registration.user)

    page = client.get(_url(seminar))
    refused = client.post(_url(seminar), answers_for(questionnaire))

    assert page.status_code == 403
    assert "Only people who attended the seminar" in page.content.decode()
    assert refused.status_code == 400
    assert "Only people who attended the seminar" in refused.content.decode()
    assert (len(answer_sets()), Receipt.objects.count(), Answer.objects.count()) == (0, 0, 0)


def test_a_person_not_registered_finds_no_evaluation(client, participant):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    client.force_login(participant)

    assert client.get(_url(seminar)).status_code == 404
    assert client.post(_url(seminar), answers_for(questionnaire)).status_code == 404
    assert len(answer_sets()) == 0


def test_a_second_answer_is_refused_and_nothing_more_is_stored(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    _client(client, registration)
    client.post(_url(seminar), answers_for(questionnaire))

    again = client.post(_url(seminar), answers_for(questionnaire, rating=1))

    assert again.status_code == 400
    assert "You have already answered" in again.content.decode()
    assert len(answer_sets()) == 1
    assert [found["rating"] for found in answer_sets()] == [{"rating": 4}]
    with pytest.raises(services.EvaluationError, match="already answered"):
        services.response_submit(
            seminar=seminar, user=registration.user, phase="post", answers=answers_for(questionnaire)
        )


def test_an_answer_after_the_closing_date_is_refused(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar, closes_at=timezone.now() - timedelta(minutes=1))
    registration = attendee(seminar)
    _client(client, registration)

    page = client.get(_url(seminar))
    refused = client.post(_url(seminar), answers_for(questionnaire))

    assert "not open for answers" in page.content.decode()
    assert refused.status_code == 400
    assert "not open for answers" in refused.content.decode()
    assert len(answer_sets()) == Receipt.objects.count() == 0


def test_an_answer_before_the_seminar_ends_is_refused(client):
    seminar = past_seminar()
    seminar.ends_at = timezone.now() + timedelta(hours=1)
    seminar.save()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)

    with pytest.raises(services.EvaluationError, match="not open"):
        services.response_submit(
            seminar=seminar, user=registration.user, phase="post", answers=answers_for(questionnaire)
        )
    assert len(answer_sets()) == 0


def test_a_missing_required_answer_is_refused_and_nothing_is_stored(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    _client(client, registration)
    answers = answers_for(questionnaire)
    rating = str(questionnaire.questions.get(kind="rating").pk)
    del answers[rating]

    refused = client.post(_url(seminar), answers)

    assert refused.status_code == 400
    assert "This question needs an answer." in refused.content.decode()
    assert (len(answer_sets()), Receipt.objects.count(), Answer.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize("value", ["6", "0", "abc", "\x00", "9" * 40])
def test_an_impossible_rating_is_refused(client, value):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    _client(client, registration)
    answers = answers_for(questionnaire)
    answers[str(questionnaire.questions.get(kind="rating").pk)] = value

    assert client.post(_url(seminar), answers).status_code == 400
    assert len(answer_sets()) == 0


def test_anonymous_responses_cannot_be_linked_to_the_person(client):
    """No column of a response or answer names a person, a registration or a time;
    keys are random; receipts do not point at responses; exports hold no person.
    (tests/evaluations/test_anonymity.py reads the rows as a dump would.)"""
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    people = [attendee(seminar, full_name=f"Named Person {index}") for index in range(6)]
    for index, registration in enumerate(people):
        services.response_submit(
            seminar=seminar,
            user=registration.user,
            phase="post",
            answers=answers_for(questionnaire, text=f"Comment {index}"),
        )

    assert {field.column for field in Response._meta.concrete_fields} == {"id", "questionnaire_id", "phase"}
    assert {field.column for field in Answer._meta.concrete_fields} == {
        "id",
        "response_id",
        "question_id",
        "rating",
        "choices",
        "text",
    }
    assert Receipt.objects.filter(response__isnull=False).count() == 0
    assert Response._meta.pk.get_internal_type() == "UUIDField"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + connection.ops.quote_name(Response._meta.db_table))  # noqa: S608
        rows = cursor.fetchall()
    emails = {registration.user.email for registration in people}
    assert not any(str(value) in emails for row in rows for value in row)
    header, table = results_table(seminar)
    flat = " ".join(str(cell) for row in [header, *table] for cell in row)
    assert not any(f"Named Person {index}" in flat for index in range(6))
    assert not any(email in flat for email in emails)
    # One group of five is published; the sixth answer waits, sealed, for its group.
    texts = [row[-1] for row in table]
    assert sorted(texts) == [f"Comment {index}" for index in range(5)]
    # Rows are sorted by the random key, not in the order people answered.
    ids = [str(pk) for pk in Response.objects.values_list("pk", flat=True)]
    assert texts == [Answer.objects.get(response_id=pk, question__kind="text").text for pk in sorted(ids)]


def test_a_named_questionnaire_links_the_receipt_to_the_response_once_published():
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar, anonymous=False)
    people = [attendee(seminar) for _index in range(6)]

    for index, registration in enumerate(people):
        services.response_submit(
            seminar=seminar,
            user=registration.user,
            phase="post",
            answers=answers_for(questionnaire, text=f"Comment {index}"),
        )

    for index, registration in enumerate(people[:5]):
        receipt = Receipt.objects.get(user=registration.user)
        assert receipt.response.answers.get(question__kind="text").text == f"Comment {index}"
    assert Receipt.objects.get(user=people[5].user).response is None  # still sealed


def test_knowledge_questions_are_asked_before_the_seminar_to_confirmed_participants(client):
    seminar = past_seminar()
    seminar.starts_at = timezone.now() + timedelta(days=2)
    seminar.ends_at = seminar.starts_at + timedelta(hours=8)
    seminar.save()
    questionnaire = questionnaire_with_questions(seminar, pre_training=True)
    registration = RegistrationFactory(seminar=seminar)
    client.force_login(registration.user)
    knowledge = questionnaire.questions.get(knowledge=True)

    page = client.get(f"/me/evaluations/{seminar.slug}/pre/")
    assert "Who refers a child victim?" in page.content.decode()
    assert "How useful was it?" not in page.content.decode()
    assert client.post(f"/me/evaluations/{seminar.slug}/pre/", {str(knowledge.pk): "1"}).status_code == 302

    assert answer_sets() == [{"phase": "pre", "single_choice": {"choices": [1]}}]
    assert Receipt.objects.get().phase == "pre"


def test_the_dashboard_lists_the_evaluation_to_answer_then_answered(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    _client(client, registration)

    before = client.get("/me/").content.decode()
    client.post(_url(seminar), answers_for(questionnaire))
    after = client.get("/me/").content.decode()

    assert f'href="/me/evaluations/{seminar.slug}/"' in before
    assert f'href="/me/evaluations/{seminar.slug}/"' not in after
    assert "answered, thank you" in after


def test_the_api_gives_the_questionnaire_and_takes_one_answer(client):
    seminar = past_seminar()
    questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    _client(client, registration)
    url = f"/api/v1/seminars/{seminar.slug}/evaluation/"

    read = client.get(url + "?lang=sl").json()
    ids = {question["kind"]: question["id"] for question in read["questions"]}
    body = {
        "answers": {
            str(ids["rating"]): 5,
            str(ids["single_choice"]): 2,
            str(ids["multiple_choice"]): [2],
            str(ids["text"]): "Odlično",
        }
    }
    created = client.post(url + "response/", body, content_type="application/json")
    again = client.post(url + "response/", body, content_type="application/json")

    assert read["state"] == "open"
    assert read["questions"][1]["label"] == "Kdo napoti otroka žrtev?"
    assert read["questions"][1]["options"] == ["Policija", "Socialni delavec", "Nihče"]
    assert created.status_code == 201
    assert again.status_code == 400
    assert "already answered" in again.json()["detail"]
    assert client.get(url).json()["state"] == "answered"
    assert len(answer_sets()) == 1
    assert answer_sets()[0]["rating"] == {"rating": 5}
    assert answer_sets()[0]["text"] == {"text": "Odlično"}


def test_the_api_names_the_missing_answer(client):
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    _client(client, registration)
    rating = questionnaire.questions.get(kind="rating").pk

    refused = client.post(
        f"/api/v1/seminars/{seminar.slug}/evaluation/response/",
        {"answers": {}},
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert refused.json()["answers"] == {str(rating): "This question needs an answer."}
    assert len(answer_sets()) == 0
