"""The evaluation after a seminar, in a browser: the organiser invites the attendees,
an attendee whose certificate waits for the evaluation is sent to it, answers from
the emailed link, then downloads the certificate; the organiser sees the chart of results.
"""

import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations import services
from evaluations.models import Question, Questionnaire, Receipt, Response
from events.models import Membership
from tests.browser.journey import DESKTOP, link, log_in, mails_to, person
from tests.certificates.holders import make_certificate
from tests.factories import MembershipFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_attendee_answers_from_the_emailed_link_and_the_organiser_sees_the_chart(journey, live_server):
    organiser = person(full_name="Olga Organiser")
    membership = MembershipFactory(user=organiser, role=Membership.Role.ORGANISER)
    starts = (timezone.now() - timedelta(days=2)).replace(hour=8, minute=0, second=0, microsecond=0)
    seminar = SeminarFactory(
        organisation=membership.organisation,
        slug="referral-pathways",
        title_en="Referral pathways for child victims",
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
    )
    questionnaire = Questionnaire.objects.create(seminar=seminar, certificate_requires_evaluation=True)
    rating = Question.objects.create(
        questionnaire=questionnaire,
        kind="rating",
        label_en="How useful was the seminar?",
        required=True,
        position=1,
    )
    Question.objects.create(
        questionnaire=questionnaire, kind="text", label_en="What would you change?", position=2
    )
    others = [RegistrationFactory(seminar=seminar, user=person(), checked_in_at=starts) for _ in range(4)]
    for registration, value in zip(others, (5, 4, 4, 3), strict=True):
        services.response_submit(
            seminar=seminar, user=registration.user, phase="post", answers={str(rating.pk): value}
        )
    attendee = person(full_name="Ana Attendee")
    certificate = make_certificate(RegistrationFactory(seminar=seminar, user=attendee, checked_in_at=starts))

    organiser_page = journey.open(DESKTOP)
    log_in(organiser_page, live_server.url, organiser.email)
    organiser_page.goto(f"{live_server.url}/manage/seminars/{seminar.pk}/evaluation/")
    organiser_page.get_by_role("button", name="Invite the attendees").click()
    expect(organiser_page.get_by_text("1 person is invited by email.")).to_be_visible()

    [invitation] = mails_to(attendee.email)
    answer_link = link(invitation, r"/me/evaluations/referral-pathways/$")
    attendee_page = journey.open(DESKTOP)
    log_in(attendee_page, live_server.url, attendee.email)
    attendee_page.get_by_role("link", name=re.compile("^Download PDF")).click()
    expect(attendee_page).to_have_url(f"{live_server.url}/me/evaluations/referral-pathways/")
    expect(attendee_page.get_by_text("Please answer the seminar's evaluation first")).to_be_visible()
    attendee_page.goto(answer_link)
    expect(attendee_page.get_by_text("Your answers are anonymous")).to_be_visible()
    attendee_page.get_by_role("button", name="Send my answers").click()
    expect(attendee_page.get_by_text("This question needs an answer.")).to_be_visible()
    attendee_page.get_by_role("radio", name="5").check()
    attendee_page.get_by_label("What would you change?").fill("More case studies, please")
    attendee_page.get_by_role("button", name="Send my answers").click()
    expect(attendee_page).to_have_url(f"{live_server.url}/me/")
    expect(attendee_page.get_by_text("Thank you: your answers are saved.")).to_be_visible()
    expect(attendee_page.get_by_text("answered, thank you")).to_be_visible()
    with attendee_page.expect_download() as download_info:
        attendee_page.get_by_role("link", name=re.compile("^Download PDF")).click()
    content = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == certificate.sha256
    assert Response.objects.count() == 5
    assert Receipt.objects.filter(user=attendee).count() == 1

    organiser_page.get_by_role("link", name="Evaluation results").click()
    chart = organiser_page.get_by_role("img", name="How useful was the seminar?")
    expect(chart).to_be_visible()
    expect(organiser_page.locator(".response-count")).to_have_text("5")
    expect(organiser_page.get_by_text("average 4.20 of 5")).to_be_visible()
    assert chart.locator("rect.bar").count() == 5
    assert chart.locator("rect.bar").nth(4).get_attribute("width") == "120"  # 2 of 5 gave 5: 40 % of 300
    expect(organiser_page.get_by_text("More case studies, please")).to_be_visible()
