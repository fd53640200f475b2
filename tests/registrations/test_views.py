"""The participant side of registration: the form, the seminar page's seats and
button, and the registrations on /me/ with confirm and cancel."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import ProfessionalGroup
from events.models import Seminar
from registrations.models import Answer, Question, Registration, SeatQuota
from tests.factories import (
    PrivacyNoticeFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def social_workers():
    return ProfessionalGroup.objects.get(slug="social-workers")


@pytest.fixture
def police():
    return ProfessionalGroup.objects.get(slug="police")


@pytest.fixture
def notice():
    return PrivacyNoticeFactory()


@pytest.fixture
def member(client, participant):
    """A logged-in participant (a social worker from Slovenia, per the factory)."""
    client.force_login(participant)
    return participant


def register_url(seminar, language="") -> str:
    prefix = f"/{language}" if language else ""
    return f"{prefix}/seminars/{seminar.slug}/register/"


def form_data(notice, group, **overrides) -> dict:
    data = {
        "professional_group": str(group.pk),
        "organisation": "Centre for Social Work Ljubljana",
        "job_title": "Social worker",
        "country": "SI",
        "consent": "on",
        "privacy_notice_version": str(notice.version),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, url, data, capture):
    """POST and run the after-commit callbacks (emails), as a real request would."""
    with capture(execute=True):
        return client.post(url, data)


def page(response) -> str:
    return response.content.decode()


def assert_nothing_written(seminar):
    assert not Registration.objects.filter(seminar=seminar).exists()
    assert not Answer.objects.exists()
    assert mail.outbox == []


# The form


def test_register_page_needs_login(client):
    seminar = SeminarFactory()
    response = client.get(register_url(seminar))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_register_page_is_prefilled_from_the_profile_and_links_the_privacy_notice(client, member, notice):
    seminar = SeminarFactory()
    html = page(client.get(register_url(seminar)))

    assert 'value="Centre for Social Work"' in html
    assert f'<option value="{member.professional_group_id}" selected>Social workers</option>' in html
    assert '<option value="SI" selected>Slovenia</option>' in html
    assert f'name="privacy_notice_version" value="{notice.version}"' in html
    assert f"Read the privacy notice (version {notice.version})" in html
    assert 'href="/privacy/"' in html


def test_register_page_marks_its_required_fields_visibly_and_for_assistive_technology(client, member, notice):
    seminar = SeminarFactory()
    Question.objects.create(seminar=seminar, label_en="Dietary needs", kind=Question.Kind.SHORT_TEXT)
    Question.objects.create(
        seminar=seminar, label_en="Years in the job", kind=Question.Kind.SHORT_TEXT, required=True
    )
    html = page(client.get(register_url(seminar)))

    assert "Fields marked * are required." in html
    mark = '<span class="required-mark" aria-hidden="true">*</span>'
    for label in ("Organisation", "Country", "Years in the job"):
        assert f"{label}{mark}</label>" in html, label
    for label in ("Job title", "Dietary needs"):
        assert f"{label}</label>" in html, label
    assert re.search(r'<input type="text" name="organisation"[^>]* required', html)
    assert not re.search(r'<input type="text" name="job_title"[^>]* required', html)
    assert re.search(r'<input type="checkbox" name="consent"[^>]* required', html)


def test_a_romanian_reader_sees_the_questions_in_english_before_the_language_of_instruction(
    client, member, notice
):
    """Reader's language, then English, then the seminar's language of instruction."""
    seminar = SeminarFactory(language="el", title_en="", title_el="Αναγνώριση θυμάτων")
    Question.objects.create(
        seminar=seminar,
        kind=Question.Kind.SINGLE_CHOICE,
        label_el="Ο ρόλος σας",
        label_en="Your role",
        options_el="Κοινωνικός λειτουργός\nΔιευθυντής",
        options_en="Case worker\nManager",
    )
    html = page(client.get(register_url(seminar, "ro")))

    assert "Your role" in html and "Case worker" in html and "Manager" in html
    assert "Ο ρόλος σας" not in html and "Κοινωνικός λειτουργός" not in html
    assert "Αναγνώριση θυμάτων" in html  # no English title: the language of instruction
    greek = page(client.get(register_url(seminar, "el")))
    assert "Ο ρόλος σας" in greek and "Κοινωνικός λειτουργός" in greek


def test_register_page_is_served_in_greek(client, member, notice):
    seminar = SeminarFactory(title_el="Αναγνώριση θυμάτων")
    response = client.get(register_url(seminar, "el"))
    assert response.status_code == 200
    assert '<html lang="el">' in page(response)
    assert "Αναγνώριση θυμάτων" in page(response)


def test_register_with_a_free_seat_confirms_emails_and_says_so(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=2)

    response = post(
        client,
        register_url(seminar),
        form_data(notice, social_workers, photo_consent="on"),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    registration = Registration.objects.get(seminar=seminar, user=member)
    assert registration.status == Status.CONFIRMED
    assert registration.organisation == "Centre for Social Work Ljubljana"
    assert registration.job_title == "Social worker"
    assert registration.privacy_notice == notice
    assert registration.photo_consent is True
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == f"Your place is confirmed: {seminar.display_title}"
    dashboard = page(client.get("/me/"))
    assert f"You are registered for “{seminar.display_title}” and your place is confirmed." in dashboard


def test_registering_saves_organisation_job_title_and_country_to_the_profile(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    first, second = SeminarFactory(), SeminarFactory()
    member.job_title = "Caseworker"
    member.save()

    post(
        client,
        register_url(first),
        form_data(
            notice, social_workers, organisation="Κέντρο Κοινωνικής Πρόνοιας", country="GR", job_title=""
        ),
        django_capture_on_commit_callbacks,
    )

    member.refresh_from_db()
    assert (member.organisation, member.country.code) == ("Κέντρο Κοινωνικής Πρόνοιας", "GR")
    assert member.job_title == "Caseworker"  # a field left blank keeps what the profile holds
    html = page(client.get(register_url(second)))
    assert 'value="Κέντρο Κοινωνικής Πρόνοιας"' in html
    assert '<option value="GR" selected>Greece</option>' in html


def test_register_when_full_joins_the_waiting_list_and_is_told_the_position(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    RegistrationFactory(
        seminar=seminar, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )

    response = post(
        client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert Registration.objects.get(user=member).status == Status.WAITLISTED
    [message] = mail.outbox
    assert message.subject == f"You are on the waiting list: {seminar.display_title}"
    dashboard = page(client.get("/me/"))
    assert "so you are on the waiting list, in position 2." in dashboard
    assert "Position 2 on the waiting list." in dashboard


def test_when_only_my_groups_quota_is_full_the_waiting_list_email_says_so(
    client, member, notice, social_workers, police, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=20)
    SeatQuota.objects.create(seminar=seminar, group=social_workers, seats=1)
    RegistrationFactory(seminar=seminar)
    full = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=full, professional_group=police)

    post(client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks)
    post(client, register_url(full), form_data(notice, social_workers), django_capture_on_commit_callbacks)

    quota_mail, full_mail = mail.outbox
    expected = (
        "All seats for Social workers at this seminar are taken, so you are on the waiting list. "
        "If a seat for Social workers becomes free, we offer it to you by email."
    )
    assert expected in quota_mail.body
    assert expected in quota_mail.alternatives[0].content
    assert "The seminar is full for now" not in quota_mail.body
    assert "The seminar is full for now, so you are on the waiting list." in full_mail.body
    assert "All seats for" not in full_mail.body
    dashboard = page(client.get("/me/"))
    assert (
        f"All seats for Social workers at “{seminar.display_title}” are taken, so you are on the waiting list"
        in (dashboard)
    )


def test_register_for_a_seminar_needing_approval_is_pending(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(requires_approval=True)

    post(client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks)

    assert Registration.objects.get(user=member).status == Status.PENDING
    assert mail.outbox[0].subject == f"Registration received: {seminar.display_title}"
    assert "The organisers review each registration and will write to you." in page(client.get("/me/"))


def test_registering_twice_is_refused_and_the_page_shows_the_status(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar, user=member)

    shown = page(client.get(register_url(seminar)))
    response = post(
        client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks
    )

    assert "You are registered for this seminar" in shown
    assert 'name="consent"' not in shown
    assert response.status_code == 400
    assert "You are already registered for this seminar." in page(response)
    assert Registration.objects.filter(seminar=seminar).count() == 1
    assert mail.outbox == []


def test_register_after_registration_closed_is_refused(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(registration_closes_at=timezone.now() - timedelta(hours=1))

    shown = page(client.get(register_url(seminar)))
    response = post(
        client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks
    )

    assert "Registration for this seminar has closed." in shown
    assert 'name="consent"' not in shown
    assert response.status_code == 400
    assert "Registration for this seminar has closed." in page(response)
    assert_nothing_written(seminar)


def test_register_before_registration_opens_is_refused(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(registration_opens_at=timezone.now() + timedelta(days=2))

    response = post(
        client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks
    )

    assert response.status_code == 400
    assert "Registration for this seminar has not opened yet." in page(response)
    assert_nothing_written(seminar)


def test_register_for_a_draft_is_404_and_for_a_cancelled_seminar_an_error(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    draft = SeminarFactory(status=Seminar.Status.DRAFT)
    cancelled = SeminarFactory(status=Seminar.Status.CANCELLED)

    assert client.get(register_url(draft)).status_code == 404
    assert (
        post(
            client, register_url(draft), form_data(notice, social_workers), django_capture_on_commit_callbacks
        ).status_code
        == 404
    )
    response = post(
        client, register_url(cancelled), form_data(notice, social_workers), django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert "This seminar is not open for registration." in page(response)
    assert_nothing_written(draft)
    assert_nothing_written(cancelled)


def test_register_offers_only_the_target_groups_and_refuses_another(
    client, member, notice, social_workers, police, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(target_groups=[police])

    shown = page(client.get(register_url(seminar)))
    response = post(
        client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks
    )

    assert f'<option value="{police.pk}">Police and law enforcement</option>' in shown
    assert "Social workers" not in shown
    assert response.status_code == 400
    assert "Choose one of the professional groups in the list." in page(response)
    assert_nothing_written(seminar)


def test_register_without_consent_is_refused(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()

    response = post(
        client,
        register_url(seminar),
        form_data(notice, social_workers, consent=None),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 400
    assert "Please agree to the processing of your personal data to register." in page(response)
    assert_nothing_written(seminar)


def test_an_empty_post_is_refused(client, member, notice, django_capture_on_commit_callbacks):
    seminar = SeminarFactory()

    response = post(client, register_url(seminar), {}, django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert "Please correct the errors below." in page(response)
    assert_nothing_written(seminar)


def test_register_against_an_outdated_privacy_notice_asks_again(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    newer = PrivacyNoticeFactory()

    response = post(
        client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks
    )

    assert response.status_code == 400
    assert "The privacy notice has changed since you opened this page." in page(response)
    assert f'name="privacy_notice_version" value="{newer.version}"' in page(response)
    assert_nothing_written(seminar)


def add_questions(seminar) -> dict[str, Question]:
    kinds = Question.Kind
    return {
        "diet": Question.objects.create(
            seminar=seminar, position=1, kind=kinds.SHORT_TEXT, label_en="Dietary needs"
        ),
        "cases": Question.objects.create(
            seminar=seminar, position=2, kind=kinds.LONG_TEXT, label_en="Cases you work on", required=True
        ),
        "role": Question.objects.create(
            seminar=seminar,
            position=3,
            kind=kinds.SINGLE_CHOICE,
            label_en="Your role",
            options_en="Case worker\nManager\nOther",
            required=True,
        ),
        "topics": Question.objects.create(
            seminar=seminar,
            position=4,
            kind=kinds.MULTIPLE_CHOICE,
            label_en="Topics of interest",
            options_en="Identification\nReferral\nInterviewing",
        ),
        "certificate": Question.objects.create(
            seminar=seminar, position=5, kind=kinds.YES_NO, label_en="Do you need a certificate?"
        ),
    }


def test_answers_to_custom_questions_are_stored(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    questions = add_questions(seminar)
    shown = page(client.get(register_url(seminar)))
    answers = {
        f"question_{questions['diet'].pk}": "Vegetarian",
        f"question_{questions['cases'].pk}": "Unaccompanied minors",
        f"question_{questions['role'].pk}": "2",
        f"question_{questions['topics'].pk}": ["1", "3"],
        f"question_{questions['certificate'].pk}": "yes",
    }

    response = post(
        client,
        register_url(seminar),
        form_data(notice, social_workers, **answers),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 302
    assert '<legend>Your role<span class="required-mark" aria-hidden="true">*</span></legend>' in shown
    assert 'type="radio" name="question_{}" value="2"'.format(questions["role"].pk) in shown
    assert 'type="checkbox" name="question_{}" value="3"'.format(questions["topics"].pk) in shown
    assert "<textarea" in shown
    stored = {answer.question_id: answer for answer in Answer.objects.filter(registration__user=member)}
    assert stored[questions["diet"].pk].text == "Vegetarian"
    assert stored[questions["cases"].pk].text == "Unaccompanied minors"
    assert stored[questions["role"].pk].choices == [2]
    assert stored[questions["role"].pk].display_value == "Manager"
    assert stored[questions["topics"].pk].choices == [1, 3]
    assert stored[questions["certificate"].pk].text == "yes"


def test_register_without_a_required_answer_is_refused(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    questions = add_questions(seminar)

    response = post(
        client,
        register_url(seminar),
        form_data(notice, social_workers, **{f"question_{questions['role'].pk}": "1"}),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 400
    assert "This field is required." in page(response)
    assert_nothing_written(seminar)


def test_register_with_an_option_that_does_not_exist_is_refused(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    questions = add_questions(seminar)

    response = post(
        client,
        register_url(seminar),
        form_data(
            notice,
            social_workers,
            **{f"question_{questions['cases'].pk}": "Cases", f"question_{questions['role'].pk}": "9"},
        ),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 400
    assert "Select a valid choice." in page(response)
    assert_nothing_written(seminar)


def test_registration_posts_are_rate_limited_per_person(
    client, member, notice, social_workers, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    refused = form_data(notice, social_workers, consent=None)

    statuses = [
        post(client, register_url(seminar), refused, django_capture_on_commit_callbacks).status_code
        for _ in range(10)
    ]
    limited = post(
        client, register_url(seminar), form_data(notice, social_workers), django_capture_on_commit_callbacks
    )
    client.force_login(UserFactory())
    someone_else = post(client, register_url(seminar), refused, django_capture_on_commit_callbacks)

    assert statuses == [400] * 10
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "You have sent too many registration requests in a short time." in page(limited)
    assert someone_else.status_code == 400
    assert_nothing_written(seminar)


# /me/: confirm an offered seat, cancel


def test_cancel_asks_first_then_cancels_and_offers_the_seat_to_the_waiting_list(
    client, member, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=1)
    registration = RegistrationFactory(seminar=seminar, user=member)
    waiting = RegistrationFactory(
        seminar=seminar, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )
    url = f"/me/registrations/{registration.pk}/cancel/"

    question = page(client.get(url))
    response = post(client, url, {}, django_capture_on_commit_callbacks)

    assert "Do you want to cancel your registration" in question
    assert "Yes, cancel my registration" in question
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert waiting.status == Status.OFFERED
    assert sorted(message.subject.split(":")[0] for message in mail.outbox) == [
        "A seat is free for you",
        "Registration cancelled",
    ]
    assert f"Your registration for “{seminar.display_title}” has been cancelled." in page(client.get("/me/"))


def test_cancel_after_the_seminar_started_is_refused(client, member, django_capture_on_commit_callbacks):
    started = timezone.now() - timedelta(hours=1)
    seminar = SeminarFactory(starts_at=started, ends_at=started + timedelta(hours=8))
    registration = RegistrationFactory(seminar=seminar, user=member)

    response = post(
        client, f"/me/registrations/{registration.pk}/cancel/", {}, django_capture_on_commit_callbacks
    )

    assert response.status_code == 400
    assert "The seminar has started; please contact the organisers." in page(response)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert mail.outbox == []


def test_confirming_an_offer_from_me_confirms_the_seat(client, member, django_capture_on_commit_callbacks):
    seminar = SeminarFactory(capacity=1)
    registration = RegistrationFactory(
        seminar=seminar,
        user=member,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() + timedelta(hours=20),
    )

    response = post(
        client, f"/me/registrations/{registration.pk}/confirm/", {}, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    [message] = mail.outbox
    assert message.subject == f"Your place is confirmed: {seminar.display_title}"
    assert f"Your place at “{seminar.display_title}” is confirmed." in page(client.get("/me/"))


def test_confirming_an_expired_offer_is_refused(client, member, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(
        user=member,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() - timedelta(minutes=1),
    )

    response = post(
        client, f"/me/registrations/{registration.pk}/confirm/", {}, django_capture_on_commit_callbacks
    )

    assert response.status_code == 400
    assert "This offer has expired." in page(response)
    registration.refresh_from_db()
    assert registration.status == Status.OFFERED
    assert mail.outbox == []


def test_confirm_is_post_only(client, member):
    registration = RegistrationFactory(
        user=member,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() + timedelta(hours=1),
    )
    assert client.get(f"/me/registrations/{registration.pk}/confirm/").status_code == 405


def test_another_persons_registration_is_404_for_cancel_and_confirm(
    client, member, django_capture_on_commit_callbacks
):
    confirmed = RegistrationFactory()
    offered = RegistrationFactory(
        status=Status.OFFERED, confirmed_at=None, offer_expires_at=timezone.now() + timedelta(hours=1)
    )

    assert client.get(f"/me/registrations/{confirmed.pk}/cancel/").status_code == 404
    assert (
        post(
            client, f"/me/registrations/{confirmed.pk}/cancel/", {}, django_capture_on_commit_callbacks
        ).status_code
        == 404
    )
    assert (
        post(
            client, f"/me/registrations/{offered.pk}/confirm/", {}, django_capture_on_commit_callbacks
        ).status_code
        == 404
    )
    confirmed.refresh_from_db()
    offered.refresh_from_db()
    assert (confirmed.status, offered.status) == (Status.CONFIRMED, Status.OFFERED)
    assert mail.outbox == []


def test_me_lists_registrations_with_local_dates_status_actions_and_join_link(client, member):
    next_june = datetime(timezone.now().year + 1, 6, 10, 6, 30, tzinfo=UTC)
    athens = VenueFactory(city="Athens", country="GR", time_zone="Europe/Athens")
    in_athens = SeminarFactory(
        venue=athens,
        organisation=athens.organisation,
        format=Seminar.Format.HYBRID,
        join_url="https://meet.example.org/athens-room",
        starts_at=next_june,
        ends_at=next_june + timedelta(hours=7),
    )
    online_waiting = SeminarFactory(
        format=Seminar.Format.ONLINE, venue=None, join_url="https://meet.example.org/waiting-room"
    )
    offered_at = SeminarFactory()
    RegistrationFactory(seminar=in_athens, user=member)
    RegistrationFactory(
        seminar=online_waiting, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )
    RegistrationFactory(
        seminar=online_waiting,
        user=member,
        status=Status.WAITLISTED,
        confirmed_at=None,
        waitlisted_at=timezone.now(),
    )
    offer = RegistrationFactory(
        seminar=offered_at,
        user=member,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=datetime(timezone.now().year + 1, 1, 20, 11, 0, tzinfo=UTC),
    )
    RegistrationFactory(user=member, status=Status.CANCELLED, seminar__title_en="Old cancelled one")

    html = page(client.get("/me/"))

    assert html.index("My registrations") < html.index("Profile")
    assert f"10 June {next_june.year}, 09:30–16:30 EEST" in html
    assert "https://meet.example.org/athens-room" in html
    assert "waiting-room" not in html
    assert "Position 2 on the waiting list." in html
    assert f"A seat is held for you until 20 January {next_june.year}, 12:00 CET." in html
    assert f'action="/me/registrations/{offer.pk}/confirm/"' in html
    assert html.count("Confirm my seat") == 1
    assert html.count('href="/me/registrations/') == 3  # a cancel link for each active registration
    assert "Earlier registrations" in html
    assert "Old cancelled one" in html


# The seminar page


def test_seminar_page_shows_seats_left_overall_and_per_group(client, social_workers, police):
    seminar = SeminarFactory(capacity=10)
    SeatQuota.objects.create(seminar=seminar, group=social_workers, seats=4)
    SeatQuota.objects.create(seminar=seminar, group=police, seats=3)
    RegistrationFactory.create_batch(2, seminar=seminar)
    RegistrationFactory(
        seminar=seminar,
        professional_group=police,
        status=Status.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() + timedelta(hours=1),
    )
    RegistrationFactory(
        seminar=seminar, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )
    RegistrationFactory(seminar=seminar, status=Status.CANCELLED)

    html = page(client.get(f"/seminars/{seminar.slug}/"))

    assert "7 seats left (of 10)" in html
    assert "Social workers: 2 seats left (of 4)" in html
    assert "Police and law enforcement: 2 seats left (of 3)" in html
    assert f'<a class="button" href="/seminars/{seminar.slug}/register/">Register</a>' in html


def test_seminar_page_offers_the_waiting_list_when_full(client, member):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    html = page(client.get(f"/seminars/{seminar.slug}/"))

    assert "0 seats left (of 1)" in html
    assert f'href="/seminars/{seminar.slug}/register/">Join the waiting list</a>' in html


def test_seminar_page_offers_the_waiting_list_when_my_groups_quota_is_full(client, member, social_workers):
    seminar = SeminarFactory(capacity=10)
    SeatQuota.objects.create(seminar=seminar, group=social_workers, seats=1)
    RegistrationFactory(seminar=seminar)

    html = page(client.get(f"/seminars/{seminar.slug}/"))

    assert "9 seats left (of 10)" in html
    assert "Join the waiting list" in html
    assert (
        "All seats for Social workers are taken. You can join the waiting list: if a seat for Social "
        "workers becomes free, it is offered to the people on the waiting list in turn."
    ) in html
    assert "No seats are free for now." not in html
    form = page(client.get(register_url(seminar)))
    assert "All seats for Social workers are taken. If you register now, you join the waiting list" in form


def test_seminar_page_says_when_registration_opens_or_that_it_closed(client):
    opens = datetime(timezone.now().year + 1, 1, 15, 8, 0, tzinfo=UTC)
    later = SeminarFactory(
        registration_opens_at=opens,
        starts_at=opens + timedelta(days=30),
        ends_at=opens + timedelta(days=30, hours=8),
    )
    closed = SeminarFactory(registration_closes_at=timezone.now() - timedelta(days=1))

    later_html = page(client.get(f"/seminars/{later.slug}/"))
    closed_html = page(client.get(f"/seminars/{closed.slug}/"))

    assert f"Registration opens on 15 January {opens.year}, 09:00 CET." in later_html
    assert "/register/" not in later_html
    assert "Registration closed" in closed_html
    assert "/register/" not in closed_html
    assert "seats left" not in closed_html


def test_seminar_page_shows_my_registration_status(client, member):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    RegistrationFactory(
        seminar=seminar,
        user=member,
        status=Status.WAITLISTED,
        confirmed_at=None,
        waitlisted_at=timezone.now(),
    )

    html = page(client.get(f"/seminars/{seminar.slug}/"))

    assert "Your registration:" in html
    assert "On the waiting list" in html
    assert "Position 1 on the waiting list." in html
    assert "/register/" not in html


def seminar_with_groups(count: int) -> Seminar:
    seminar = SeminarFactory(capacity=50)
    for group in ProfessionalGroup.objects.all()[:count]:
        SeatQuota.objects.create(seminar=seminar, group=group, seats=5)
        RegistrationFactory(seminar=seminar, professional_group=group)
    return seminar


def test_seminar_page_costs_the_same_queries_for_1_and_5_groups(client, django_assert_num_queries):
    one, five = seminar_with_groups(1), seminar_with_groups(5)

    # seminar, sessions, partners, target groups, seats (taken overall and per quota)
    with django_assert_num_queries(5):
        client.get(f"/seminars/{one.slug}/")
    with django_assert_num_queries(5):
        response = client.get(f"/seminars/{five.slug}/")
    assert page(response).count("seats left (of 5)") == 5


def test_seminar_page_for_a_registered_person_costs_the_same_queries_for_1_and_5_groups(
    client, member, django_assert_num_queries
):
    one, five = seminar_with_groups(1), seminar_with_groups(5)
    for seminar in (one, five):
        RegistrationFactory(
            seminar=seminar,
            user=member,
            status=Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=timezone.now(),
        )

    # the five of a visitor's page, session, user, my registration, organiser menu
    with django_assert_num_queries(10):
        client.get(f"/seminars/{one.slug}/")
    with django_assert_num_queries(10):
        response = client.get(f"/seminars/{five.slug}/")
    assert "Position 1 on the waiting list." in page(response)


def test_me_costs_the_same_queries_for_1_and_5_registrations(client, member, django_assert_num_queries):
    def add_registrations(*statuses):
        for status in statuses:
            RegistrationFactory(
                seminar=SeminarFactory(format=Seminar.Format.HYBRID, join_url="https://meet.example.org/r"),
                user=member,
                status=status,
                waitlisted_at=timezone.now(),
                offer_expires_at=timezone.now() + timedelta(hours=5) if status == Status.OFFERED else None,
            )

    # session, user, registrations (with waitlist positions), organiser menu,
    # profile's professional group, memberships, consents
    add_registrations(Status.CONFIRMED)
    with django_assert_num_queries(10):
        client.get("/me/")
    add_registrations(Status.WAITLISTED, Status.OFFERED, Status.PENDING, Status.CANCELLED)
    with django_assert_num_queries(10):
        response = client.get("/me/")
    assert page(response).count('class="registration-item"') == 4
    assert "Earlier registrations" in page(response)


def test_register_page_of_a_full_seminar_says_it_is_the_waiting_list(client, member, notice):
    from tests.factories import RegistrationFactory, SeminarFactory

    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    text = page(client.get(register_url(seminar)))
    assert "<h1>Join the waiting list</h1>" in text
    assert "The seminar is full." in text
