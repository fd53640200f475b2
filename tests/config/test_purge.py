"""The retention purge: `manage.py purge_personal_data` anonymises the registrations
of seminars that ended more than N months ago, keeps the counts, and is idempotent."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from accounts.models import AuditEntry
from attendance.models import Attendance
from certificates.models import Certificate
from evaluations.models import Invitation as EvaluationInvitation
from evaluations.models import Receipt, Response
from registrations.models import Answer, Question, Registration
from registrations.privacy import months_before
from tests.evaluations.helpers import questionnaire_with_questions
from tests.factories import RegistrationFactory, SeminarFactory
from tests.privacy_scan import places_holding

pytestmark = pytest.mark.django_db

WALK_IN_NAME = "Zoë Ćirić-Papadopoulou"
WALK_IN_EMAIL = "zoe.purge@example.org"
ANSWER = "my secret answer 7319"
ORGANISATION = "Ćirić purge unit 6630"
JOB_TITLE = "Ćirić purge caseworker 6630"
PERSONAL = (WALK_IN_NAME, WALK_IN_EMAIL, ANSWER, ORGANISATION, JOB_TITLE)


def _seminar_ended(months_ago: int, days: int = 0, **kwargs):
    ends_at = months_before(timezone.now(), months_ago) - timedelta(days=days)
    return SeminarFactory(starts_at=ends_at - timedelta(hours=8), ends_at=ends_at, **kwargs)


def _old_seminar_with_people():
    """A seminar that ended 25 months ago: a registered person with an answer and a
    walk-in with name and email, both present; a certificate for the walk-in."""
    seminar = _seminar_ended(25, slug="ended-long-ago")
    question = Question.objects.create(
        seminar=seminar, label_en="Expectations?", kind=Question.Kind.SHORT_TEXT
    )
    registered = RegistrationFactory(
        seminar=seminar, organisation=ORGANISATION, job_title=JOB_TITLE, decision_message=ANSWER
    )
    Answer.objects.create(registration=registered, question=question, text=ANSWER)
    walk_in = RegistrationFactory(
        seminar=seminar,
        user=None,
        is_walk_in=True,
        full_name=WALK_IN_NAME,
        email=WALK_IN_EMAIL,
        organisation=ORGANISATION,
        checked_in_at=seminar.starts_at,
    )
    day = timezone.localdate(seminar.starts_at)
    for registration in (registered, walk_in):
        Attendance.objects.create(registration=registration, day=day, present=True)
    Certificate.objects.create(
        registration=walk_in,
        seminar=seminar,
        serial="SI-LJU-PURGE-1",
        sequence=1,
        holder_name=WALK_IN_NAME,
        seminar_title=seminar.display_title,
        starts_on=seminar.starts_at.date(),
        ends_on=seminar.ends_at.date(),
        hours_attended=Decimal("8.00"),
        total_hours=Decimal("8.00"),
        issuer="Host",
        language="en",
        issued_at=seminar.ends_at,
    )
    return seminar, registered, walk_in


def _counts():
    return (
        list(
            Registration.objects.order_by("seminar", "professional_group", "country", "status", "is_walk_in")
            .values_list("seminar", "professional_group", "country", "status", "is_walk_in")
            .annotate(number=Count("pk"))
        ),
        list(
            Attendance.objects.filter(present=True)
            .order_by("registration__seminar")
            .values_list("registration__seminar")
            .annotate(number=Count("pk"))
        ),
    )


def test_purge_anonymises_seminars_that_ended_before_the_retention_period(capsys):
    old, registered, walk_in = _old_seminar_with_people()
    recent = _seminar_ended(23, slug="ended-recently")
    kept = RegistrationFactory(seminar=recent, organisation="Recent unit 1200")
    upcoming = RegistrationFactory(organisation="Upcoming unit 1200")

    call_command("purge_personal_data")

    for registration in (registered, walk_in):
        registration.refresh_from_db()
        assert registration.anonymised_at is not None
        assert (registration.user_id, registration.full_name, registration.email) == (None, "", "")
        assert (registration.organisation, registration.job_title, registration.decision_message) == (
            "",
            "",
            "",
        )
        assert not registration.answers.exists()
        assert registration.attendances.get().present
    assert walk_in.checked_in_at == old.starts_at
    assert registered.professional_group.slug == "social-workers"
    for registration in (kept, upcoming):
        registration.refresh_from_db()
        assert registration.anonymised_at is None
        assert registration.user is not None
    assert capsys.readouterr().out.splitlines() == [
        "ended-long-ago: 2 registration(s) anonymised.",
        "2 registration(s) of 1 seminar(s) anonymised (seminars that ended more than 24 month(s) ago).",
    ]


def test_after_the_purge_no_table_holds_the_people_but_the_certificate_copy():
    _old_seminar_with_people()
    assert ("registrations.registration", "full_name") in places_holding(*PERSONAL)

    call_command("purge_personal_data")

    assert places_holding(*PERSONAL) == {("certificates.certificate", "holder_name")}
    certificate = Certificate.objects.get(serial="SI-LJU-PURGE-1")
    assert certificate.holder_name == WALK_IN_NAME and certificate.is_valid


def test_the_purge_forgets_who_answered_the_evaluations_of_old_seminars():
    old, registered, _walk_in = _old_seminar_with_people()
    recent = _seminar_ended(23, slug="ended-recently")
    old_questionnaire = questionnaire_with_questions(old, anonymous=False)
    recent_questionnaire = questionnaire_with_questions(recent, anonymous=False)
    recent_person = RegistrationFactory(seminar=recent, checked_in_at=recent.starts_at).user
    for questionnaire, person in (
        (old_questionnaire, registered.user),
        (recent_questionnaire, recent_person),
    ):
        Receipt.objects.create(
            questionnaire=questionnaire,
            user=person,
            phase="post",
            response=Response.objects.create(questionnaire=questionnaire, phase="post"),
        )
        EvaluationInvitation.objects.create(questionnaire=questionnaire, user=person, phase="post")

    call_command("purge_personal_data")

    assert list(Receipt.objects.values_list("user", flat=True)) == [recent_person.pk]
    assert list(EvaluationInvitation.objects.values_list("user", flat=True)) == [recent_person.pk]
    assert Response.objects.filter(questionnaire=old_questionnaire).count() == 1


def test_the_purge_keeps_the_counts():
    _old_seminar_with_people()
    RegistrationFactory(seminar=_seminar_ended(30), status=Registration.Status.CANCELLED)
    before = _counts()

    call_command("purge_personal_data")

    assert _counts() == before


def test_the_purge_is_idempotent_and_audited_per_seminar(capsys):
    old, _registered, _walk_in = _old_seminar_with_people()
    other = _seminar_ended(40, slug="ended-even-longer-ago")
    RegistrationFactory(seminar=other)

    call_command("purge_personal_data")
    call_command("purge_personal_data")

    entries = AuditEntry.objects.filter(action="personal_data.purge").order_by("target_id")
    assert [(entry.actor, entry.target_type, entry.target_repr, entry.details) for entry in entries] == [
        (None, "events.seminar", str(seminar), {"registrations": number, "months": 24})
        for seminar, number in sorted([(old, 2), (other, 1)], key=lambda pair: pair[0].pk)
    ]
    assert capsys.readouterr().out.splitlines()[-1] == (
        "0 registration(s) of 0 seminar(s) anonymised (seminars that ended more than 24 month(s) ago)."
    )


def test_months_option_and_setting_set_the_retention(settings):
    recent = _seminar_ended(7, slug="ended-seven-months-ago")
    registration = RegistrationFactory(seminar=recent)

    call_command("purge_personal_data", "--months", "8")
    registration.refresh_from_db()
    assert registration.anonymised_at is None

    settings.PERSONAL_DATA_RETENTION_MONTHS = 6
    call_command("purge_personal_data")
    registration.refresh_from_db()
    assert registration.anonymised_at is not None


def test_dry_run_counts_and_changes_nothing(capsys):
    _old_seminar_with_people()

    call_command("purge_personal_data", "--dry-run")

    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()
    assert Answer.objects.filter(text=ANSWER).exists()
    assert not AuditEntry.objects.exists()
    assert capsys.readouterr().out.splitlines()[0] == "ended-long-ago: 2 registration(s) would be anonymised."


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--months", "-1"], "--months must be a whole number from 1 to 1200."),
        (["--months", "0"], "--months must be a whole number from 1 to 1200."),
        (["--months", "99999999999999999999"], "--months must be a whole number from 1 to 1200."),
        (["--months", "two"], "invalid int value: 'two'"),
        (["--months", "1.5"], "invalid int value: '1.5'"),
    ],
)
def test_bad_arguments_are_refused_and_change_nothing(arguments, message):
    _old_seminar_with_people()

    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("purge_personal_data", *arguments)

    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()
    assert not AuditEntry.objects.exists()


def test_a_person_purged_from_an_old_seminar_keeps_their_account_and_other_registrations():
    _seminar, registered, _walk_in = _old_seminar_with_people()
    person = registered.user
    current = RegistrationFactory(user=person)

    call_command("purge_personal_data")

    person.refresh_from_db()
    assert list(person.registrations.all()) == [current]
    assert person.full_name


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 3, 31, 12, tzinfo=UTC), 1, datetime(2026, 2, 28, 12, tzinfo=UTC)),
        (datetime(2024, 3, 31, 12, tzinfo=UTC), 1, datetime(2024, 2, 29, 12, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 24, datetime(2024, 1, 15, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 13, datetime(2024, 12, 15, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected
