"""Evaluation results for organisers and funders: per seminar and across a project.

Rule: results hold only published responses, which come in whole groups of
MIN_RESPONSES (evaluations.pool: answers wait sealed until their group is full),
so with fewer than MIN_RESPONSES nothing but counts is shown, and results never
change by a single answer that a watcher could tell apart. The number of answers
waiting for their group is given beside them. Attendees, the base of the
response rate, are the people trained (attendance.selectors.people_trained),
walk-ins included, as on every other page. Free-text answers are
sorted alphabetically, never in the order they were given. Every function
costs a fixed number of queries, whatever the number of responses.

The funder report (registrations/report_views.py) shows `project_results(project,
seminars)` for the seminars its reader may see.
"""

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from attendance.selectors import people_trained
from evaluations.models import Answer, Phase, Question, Questionnaire, SealedResponse
from evaluations.pool import GROUP_SIZE
from events.models import Project, Seminar

MIN_RESPONSES = GROUP_SIZE


def _round(value: float | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int  # of the answers to the question


@dataclass
class QuestionResult:
    question: Question
    answers: int = 0
    average: Decimal | None = None  # rating questions
    bars: list[Bar] = field(default_factory=list)  # ratings 1-5, or options
    texts: list[str] = field(default_factory=list)  # free text, alphabetical

    @property
    def label(self) -> str:
        return self.question.display_label

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass(frozen=True)
class Gain:
    """Share of correct answers to a knowledge question before and after the seminar."""

    question: Question
    pre: Decimal | None  # 0..1
    post: Decimal | None
    pre_answers: int
    post_answers: int

    @property
    def label(self) -> str:
        return self.question.display_label

    @property
    def gain(self) -> Decimal | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass
class SeminarResults:
    seminar: Seminar
    questionnaire: Questionnaire | None
    attendees: int
    responses: int  # published (whole groups)
    pre_responses: int = 0
    waiting: int = 0  # answers after the seminar sealed until their group is full
    questions: list[QuestionResult] = field(default_factory=list)
    gains: list[Gain] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        """Responses per attendee, as a percentage."""
        return _round(100 * self.responses / self.attendees, "0.1") if self.attendees else None

    @property
    def shown(self) -> bool:
        """Is there a breakdown to show (enough responses to protect anonymity)?"""
        return self.responses >= MIN_RESPONSES


def _bars(counter: Counter, labels: list[str], answers: int) -> list[Bar]:
    return [
        Bar(
            label=label,
            count=counter[number],
            percent=round(100 * counter[number] / answers) if answers else 0,
        )
        for number, label in enumerate(labels, start=1)
    ]


def _question_results(questions: list[Question], answers: list[Answer]) -> list[QuestionResult]:
    by_question = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    results = []
    for question in questions:
        given = by_question[question.pk]
        result = QuestionResult(question=question, answers=len(given))
        if question.kind == Question.Kind.RATING:
            ratings = [answer.rating for answer in given if answer.rating]
            result.average = _round(sum(ratings) / len(ratings)) if ratings else None
            result.bars = _bars(Counter(ratings), [str(number) for number in range(1, 6)], len(ratings))
        elif question.has_options:
            chosen = Counter(number for answer in given for number in answer.choices)
            result.bars = _bars(chosen, question.option_list, len(given))
        else:
            result.texts = sorted((answer.text for answer in given if answer.text), key=str.casefold)
        results.append(result)
    return results


def _share_correct(question: Question, answers: list[Answer]) -> Decimal | None:
    if not answers:
        return None
    correct = sum(1 for answer in answers if answer.choices == [question.correct_option])
    return _round(correct / len(answers), "0.001")


def seminar_results(seminar: Seminar) -> SeminarResults:
    """The seminar's results (six queries)."""
    questionnaire = Questionnaire.objects.filter(seminar=seminar).first()
    attendee_count = people_trained([seminar]).count()
    if questionnaire is None:
        return SeminarResults(seminar=seminar, questionnaire=None, attendees=attendee_count, responses=0)
    counts = dict(questionnaire.responses.order_by().values_list("phase").annotate(number=Count("pk")))
    results = SeminarResults(
        seminar=seminar,
        questionnaire=questionnaire,
        attendees=attendee_count,
        responses=counts.get(Phase.POST, 0),
        pre_responses=counts.get(Phase.PRE, 0),
        waiting=questionnaire.sealed.filter(phase=Phase.POST).count(),
    )
    if not results.shown:
        return results
    questions = list(questionnaire.questions.all())
    for question in questions:
        question.questionnaire = questionnaire
    answers = list(
        Answer.objects.filter(response__questionnaire=questionnaire).values_list(
            "question_id", "rating", "choices", "text", "response__phase"
        )
    )
    post = [
        Answer(question_id=q, rating=r, choices=c, text=t)
        for q, r, c, t, phase in answers
        if phase == Phase.POST
    ]
    pre = [
        Answer(question_id=q, rating=r, choices=c, text=t)
        for q, r, c, t, phase in answers
        if phase == Phase.PRE
    ]
    results.questions = _question_results(questions, post)
    if questionnaire.pre_training and results.pre_responses >= MIN_RESPONSES:
        for question in questions:
            if question.knowledge:
                before = [answer for answer in pre if answer.question_id == question.pk]
                after = [answer for answer in post if answer.question_id == question.pk]
                results.gains.append(
                    Gain(
                        question=question,
                        pre=_share_correct(question, before),
                        post=_share_correct(question, after),
                        pre_answers=len(before),
                        post_answers=len(after),
                    )
                )
    return results


@dataclass
class ProjectResults:
    project: Project
    seminars: list[SeminarResults]  # counts only
    questions: list[QuestionResult]  # the template's questions, answers of every seminar together
    responses: int  # published (whole groups in each seminar)
    waiting: int = 0  # answers sealed until their group is full

    @property
    def attendees(self) -> int:
        return sum(row.attendees for row in self.seminars)

    @property
    def rate(self) -> Decimal | None:
        return _round(100 * self.responses / self.attendees, "0.1") if self.attendees else None

    @property
    def shown(self) -> bool:
        return self.responses >= MIN_RESPONSES


def project_results(project: Project, seminars=None) -> ProjectResults:
    """Response counts per seminar of the project (or of the given ones among them),
    and the answers to the template's questions across all of them (a fixed number
    of queries)."""
    seminars = list(project.seminars.order_by("starts_at", "pk") if seminars is None else seminars)
    attendee_counts = Counter(people_trained(seminars).values_list("seminar_id", flat=True))
    response_counts = dict(
        Questionnaire.objects.filter(seminar__in=seminars, responses__phase=Phase.POST)
        .values_list("seminar_id")
        .annotate(number=Count("responses"))
    )
    rows = [
        SeminarResults(
            seminar=seminar,
            questionnaire=None,
            attendees=attendee_counts[seminar.pk],
            responses=response_counts.get(seminar.pk, 0),
        )
        for seminar in seminars
    ]
    total = sum(row.responses for row in rows)
    waiting = SealedResponse.objects.filter(questionnaire__seminar__in=seminars, phase=Phase.POST).count()
    questions: list[QuestionResult] = []
    template = Questionnaire.objects.filter(project=project).first()
    if template is not None and total >= MIN_RESPONSES:
        template_questions = list(template.questions.all())
        for question in template_questions:
            question.questionnaire = template
        answers = [
            Answer(question_id=source, rating=rating, choices=choices, text=text)
            for source, rating, choices, text in Answer.objects.filter(
                question__template_question__in=template_questions,
                response__phase=Phase.POST,
                response__questionnaire__seminar__in=seminars,
            ).values_list("question__template_question_id", "rating", "choices", "text")
        ]
        questions = _question_results(template_questions, answers)
    return ProjectResults(
        project=project, seminars=rows, questions=questions, responses=total, waiting=waiting
    )


# Exports: one row per published response, in random order (responses have random keys).

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value) -> object:
    """A spreadsheet never runs a cell as a formula: text starting with = + - @ tab
    or CR gets a leading single quote."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def results_table(seminar: Seminar) -> tuple[list[str], list[list[object]]]:
    """The header and one row per published response (phase, then one cell per
    question); empty under MIN_RESPONSES. Rows are sorted by their random key: no
    order of answering."""
    results = seminar_results(seminar)
    questionnaire = results.questionnaire
    if questionnaire is None or not results.shown:
        return [], []
    questions = list(questionnaire.questions.all())
    for question in questions:
        question.questionnaire = questionnaire
    header = [_("Phase"), *[question.display_label for question in questions]]
    by_response = defaultdict(dict)
    for answer in Answer.objects.filter(response__questionnaire=questionnaire).order_by("response_id"):
        by_response[answer.response_id][answer.question_id] = answer
    phases = dict(questionnaire.responses.values_list("pk", "phase"))
    rows = []
    for response_id in sorted(phases, key=str):
        answers = by_response.get(response_id, {})
        row = [str(Phase(phases[response_id]).label)]
        for question in questions:
            answer = answers.get(question.pk)
            row.append(_cell(question, answer))
        rows.append(row)
    return header, rows


def _cell(question: Question, answer: Answer | None) -> object:
    if answer is None:
        return ""
    if question.kind == Question.Kind.RATING:
        return answer.rating
    if question.kind == Question.Kind.TEXT:
        return neutralised(answer.text)
    options = question.option_list
    return neutralised(
        "; ".join(options[number - 1] for number in answer.choices if 0 < number <= len(options))
    )


def as_csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralised(cell) for cell in header])
    writer.writerows(rows)
    return buffer.getvalue()


def as_xlsx(header: list[str], rows: list[list[object]], *, title: str) -> bytes:
    # openpyxl is heavy: it loads only when a spreadsheet is asked for.
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = cell(title)[:31] or "Results"
    sheet.append([cell(neutralised(value)) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
