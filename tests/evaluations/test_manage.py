"""The organiser's side: building the questionnaire, invitations and reminders,
results with charts and small-number suppression, exports, templates, the certificate gate."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AuditEntry
from common.charts import share_chart
from evaluations import reports, services
from evaluations.models import Invitation, Question, Questionnaire
from evaluations.selectors import certificate_gate_open
from tests.evaluations.helpers import answers_for, attendee, past_seminar, questionnaire_with_questions
from tests.factories import ProjectFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def _answered(seminar, questionnaire, count, **answers):
    for index in range(count):
        registration = attendee(seminar)
        services.response_submit(
            seminar=seminar,
            user=registration.user,
            phase="post",
            answers=answers_for(questionnaire, **{key: value[index] for key, value in answers.items()}),
        )


def test_the_organiser_builds_the_questionnaire(client, organiser, organisation):
    seminar = past_seminar(organisation=organisation)
    client.force_login(organiser)
    url = f"/manage/seminars/{seminar.pk}/evaluation/"
    data = {
        "anonymous": "on",
        "closes_on": "2099-12-31",
        "certificate_requires_evaluation": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-label_en": "Was the venue suitable?",
        "questions-0-label_el": "Ήταν κατάλληλος ο χώρος;",
        "questions-0-kind": "rating",
        "questions-0-required": "on",
        "questions-0-position": "1",
    }

    assert client.get(url).status_code == 200
    response = client.post(url, data)

    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get(seminar=seminar)
    assert questionnaire.certificate_requires_evaluation
    assert questionnaire.closes_at.astimezone(seminar.zone).date().isoformat() == "2100-01-01"
    question = questionnaire.questions.get()
    assert (question.label_en, question.label_el, question.kind, question.required) == (
        "Was the venue suitable?",
        "Ήταν κατάλληλος ο χώρος;",
        "rating",
        True,
    )


def test_a_knowledge_question_needs_its_correct_option(client, organiser, organisation):
    seminar = past_seminar(organisation=organisation)
    client.force_login(organiser)
    data = {
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-label_en": "Who refers?",
        "questions-0-kind": "single_choice",
        "questions-0-options_en": "A\nB",
        "questions-0-knowledge": "on",
        "questions-0-correct_option": "3",
        "questions-0-position": "1",
    }

    response = client.post(f"/manage/seminars/{seminar.pk}/evaluation/", data)

    assert response.status_code == 400
    assert "Give the number of the correct option" in response.content.decode()
    assert not Question.objects.exists()


def test_another_organisation_finds_no_evaluation_pages(client, organisation):
    from tests.factories import MembershipFactory

    seminar = past_seminar(organisation=organisation)
    other = MembershipFactory().user
    client.force_login(other)
    for path in ("evaluation/", "evaluation/results/", "evaluation/results/export.csv", "materials/"):
        assert client.get(f"/manage/seminars/{seminar.slug}/{path}").status_code == 404
    assert client.post(f"/manage/seminars/{seminar.pk}/evaluation/invite/").status_code == 404


def test_invitations_go_to_attendees_once_and_reminders_only_to_those_who_have_not_answered(
    client, organiser, organisation, django_capture_on_commit_callbacks
):
    seminar = past_seminar(organisation=organisation)
    questionnaire = questionnaire_with_questions(seminar)
    first, second = attendee(seminar), attendee(seminar)
    RegistrationFactory(seminar=seminar)  # confirmed, never came
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/seminars/{seminar.pk}/evaluation/invite/")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.user.email, second.user.email])
    assert f"/me/evaluations/{seminar.slug}/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/seminars/{seminar.pk}/evaluation/invite/")
    assert len(mail.outbox) == 2
    assert Invitation.objects.count() == 2

    services.response_submit(
        seminar=seminar, user=first.user, phase="post", answers=answers_for(questionnaire)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/seminars/{seminar.pk}/evaluation/remind/")

    assert [message.to for message in mail.outbox] == [[second.user.email]]
    assert mail.outbox[0].subject.startswith("Reminder")


def test_invitations_are_refused_before_the_seminar_ends(organiser, organisation):
    seminar = past_seminar(organisation=organisation)
    seminar.ends_at = timezone.now() + timedelta(hours=2)
    seminar.save()
    questionnaire_with_questions(seminar)
    attendee(seminar)

    with pytest.raises(services.EvaluationError, match="not open"):
        services.evaluation_invite(seminar=seminar, actor=organiser)
    assert not mail.outbox


def test_with_fewer_than_five_responses_only_the_count_is_shown(client, organiser, organisation):
    seminar = past_seminar(organisation=organisation)
    questionnaire = questionnaire_with_questions(seminar)
    _answered(seminar, questionnaire, 4, text=["Secret remark"] * 4)
    client.force_login(organiser)

    page = client.get(f"/manage/seminars/{seminar.pk}/evaluation/results/").content.decode()
    export = client.get(f"/manage/seminars/{seminar.pk}/evaluation/results/export.csv")
    api = client.get(f"/api/v1/manage/seminars/{seminar.slug}/evaluation/results/").json()

    assert '<strong class="response-count">0</strong>' in page
    assert "4 answers are waiting for the next group." in page
    assert "Results are shown from 5 responses on" in page
    assert "<svg" not in page and "Secret remark" not in page and "How useful" not in page
    assert export.status_code == 302
    assert (api["responses"], api["waiting"], api["shown"], api["questions"]) == (0, 4, False, [])


def test_results_show_averages_charts_and_sorted_free_texts(client, organiser, organisation):
    seminar = past_seminar(organisation=organisation)
    questionnaire = questionnaire_with_questions(seminar)
    _answered(
        seminar,
        questionnaire,
        5,
        rating=[5, 4, 4, 3, 5],
        text=["zebra crossing", "Apples", "mango", "Banana", "=cmd|calc"],
    )
    attendee(seminar)  # came, did not answer
    client.force_login(organiser)

    page = client.get(f"/manage/seminars/{seminar.pk}/evaluation/results/").content.decode()

    assert "average 4.20 of 5" in page
    assert "83.3 %" in page  # 5 of 6 attendees
    assert page.count('class="bar"') == 5 + 3 + 3  # ratings 1-5, single choice, multiple choice
    assert 'width="120" height="20" class="bar"' in page  # rating 5: 2 of 5 = 40 % of 300 px
    assert " style=" not in page.split("<svg", 1)[1].split("</main>")[0]
    texts = ["=cmd|calc", "Apples", "Banana", "mango", "zebra crossing"]
    positions = [page.index(text) for text in texts]
    assert positions == sorted(positions)


def test_results_cost_a_fixed_number_of_queries(client, organiser, organisation, django_assert_num_queries):
    seminar = past_seminar(organisation=organisation)
    questionnaire = questionnaire_with_questions(seminar)
    _answered(seminar, questionnaire, 5, rating=[5, 4, 4, 3, 5])
    client.force_login(organiser)
    url = f"/manage/seminars/{seminar.pk}/evaluation/results/"
    client.get(url)
    with django_assert_num_queries(11) as five:
        client.get(url)
    _answered(seminar, questionnaire, 3, rating=[1, 2, 3])
    with django_assert_num_queries(len(five.captured_queries)):
        client.get(url)


def test_exports_neutralise_formulas_and_hold_one_row_per_response(client, organiser, organisation):
    seminar = past_seminar(organisation=organisation)
    questionnaire = questionnaire_with_questions(seminar)
    _answered(seminar, questionnaire, 5, text=["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "plain"])
    client.force_login(organiser)
    base = f"/manage/seminars/{seminar.pk}/evaluation/results/"

    rows = list(csv.reader(io.StringIO(client.get(base + "export.csv").content.decode())))
    workbook = load_workbook(io.BytesIO(client.get(base + "export.xlsx").content))
    sheet_rows = list(workbook.active.iter_rows(values_only=True))

    assert rows[0] == [
        "Phase",
        "How useful was it?",
        "Who refers a child victim?",
        "Which sessions helped?",
        "What would you change?",
    ]
    assert sorted(row[-1] for row in rows[1:]) == ["'+1", "'-1", "'=HYPERLINK(1)", "'@SUM(A1)", "plain"]
    assert rows[1][3] == "Law; Referral"
    assert len(sheet_rows) == 6
    assert sorted(row[-1] for row in sheet_rows[1:]) == ["'+1", "'-1", "'=HYPERLINK(1)", "'@SUM(A1)", "plain"]
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


def test_learning_gain_compares_correct_answers_before_and_after():
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar, pre_training=True)
    knowledge = questionnaire.questions.get(knowledge=True)
    from evaluations.models import Answer, Response

    for choice in (1, 1, 2, 3, 1):  # before: 1 of 5 correct
        response = Response.objects.create(questionnaire=questionnaire, phase="pre")
        Answer.objects.create(response=response, question=knowledge, choices=[choice])
    _answered(seminar, questionnaire, 5, single=[2, 2, 2, 1, 2])  # after: 4 of 5

    results = reports.seminar_results(seminar)

    gain = results.gains[0]
    assert (str(gain.pre), str(gain.post), str(gain.gain)) == ("0.200", "0.800", "0.600")


def test_a_project_template_is_copied_and_results_are_compared_across_the_project(
    client, organiser, organisation
):
    project = ProjectFactory(coordinator=organisation)
    template = Questionnaire.objects.create(project=project)
    Question.objects.create(
        questionnaire=template, kind="rating", label_en="Overall", required=True, position=1
    )
    first = past_seminar(organisation=organisation, project=project)
    second = past_seminar(organisation=organisation, project=project)
    client.force_login(organiser)

    for seminar in (first, second):
        client.post(f"/manage/seminars/{seminar.pk}/evaluation/apply-template/")
    # Five answers in each seminar make a published group; the sixth waits for its own.
    for seminar, ratings in ((first, [5, 5, 4, 3, 3]), (second, [3, 3, 2, 4, 5, 1])):
        question = seminar.questionnaire.questions.get()
        assert question.template_question.questionnaire == template
        for rating in ratings:
            registration = attendee(seminar)
            services.response_submit(
                seminar=seminar, user=registration.user, phase="post", answers={str(question.pk): rating}
            )
    page = client.get(f"/manage/projects/{project.slug}/evaluation/results/").content.decode()
    results = reports.project_results(project)

    assert "average 3.70 of 5" in page
    assert "1 answer is waiting for the next group." in page
    assert (results.responses, results.waiting) == (10, 1)
    assert [row.responses for row in results.seminars] == [5, 5]
    assert [(bar.label, bar.count) for bar in results.questions[0].bars] == [
        ("1", 0),
        ("2", 1),
        ("3", 4),
        ("4", 2),
        ("5", 3),
    ]


def test_the_certificate_gate_opens_once_the_evaluation_is_answered():
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar)
    registration = attendee(seminar)
    assert certificate_gate_open(registration)  # off by default

    Questionnaire.objects.filter(pk=questionnaire.pk).update(certificate_requires_evaluation=True)
    assert not certificate_gate_open(registration)
    services.response_submit(
        seminar=seminar, user=registration.user, phase="post", answers=answers_for(questionnaire)
    )
    assert certificate_gate_open(registration)


def test_the_certificate_gate_opens_when_the_evaluation_has_closed_unanswered():
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar, certificate_requires_evaluation=True)
    registration = attendee(seminar)
    assert not certificate_gate_open(registration)

    Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_at=timezone.now())
    assert certificate_gate_open(registration)


def test_the_periodic_command_invites_attendees_of_opened_evaluations_once(
    django_capture_on_commit_callbacks,
):
    """Ended seminar: its attendees are invited, once however often it runs; a seminar
    still to come, a closed evaluation and one without questions invite nobody."""
    ended = past_seminar()
    questionnaire_with_questions(ended)
    invited = attendee(ended)
    closed = past_seminar()
    questionnaire_with_questions(closed, closes_at=timezone.now() - timedelta(hours=1))
    attendee(closed)
    empty = past_seminar()
    Questionnaire.objects.create(seminar=empty)
    attendee(empty)
    upcoming = SeminarFactory()
    questionnaire_with_questions(upcoming)
    RegistrationFactory(seminar=upcoming)

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_evaluation_invitations", stdout=out)
        call_command("send_evaluation_invitations", stdout=out)

    assert [message.to for message in mail.outbox] == [[invited.user.email]]
    assert out.getvalue().splitlines() == [
        "1 evaluation invitation(s) queued.",
        "0 evaluation invitation(s) queued.",
    ]
    assert list(AuditEntry.objects.filter(action="evaluation.invite").values_list("actor", flat=True)) == [
        None
    ]


def test_result_charts_wrap_long_answers_whole():
    long = "Very useful for my daily work with children at risk of trafficking"
    svg = render_to_string(
        "evaluations/_bar_chart.html",
        {"chart": share_chart([(long, 3, 60), ("No", 2, 40)])},
    )

    labels = re.findall(r'<text text-anchor="end" class="bar-label">(.*?)</text>', svg)
    assert [" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", label)) for label in labels] == [long, "No"]
    assert "…" not in svg


def test_result_charts_of_short_labels_leave_the_room_to_the_bars():
    """A scale's "1" to "5" need no 230-pixel label column: on a phone the bars and
    their counts then fit beside them (issue 18, checked at 375 px)."""
    scale = share_chart([(str(point), 2, 20) for point in range(1, 6)])
    assert scale.label_width <= 40
    assert scale.width <= 440
    assert {bar.value_x for bar in scale.bars} == {scale.label_width + 60 + 6}

    long = share_chart([("Very useful for my daily work with children at risk", 1, 100)])
    assert long.label_width == 230
