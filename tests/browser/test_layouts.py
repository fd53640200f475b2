"""No page scrolls sideways: every public and participant page and the check-in desk
at 360 px (a small phone), and the organiser's registrations table with custom
questions at 1280 px. A page may scroll a wide table inside its own container,
never the whole page; long codes and hashes wrap."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from registrations.models import Answer, Question, Registration
from tests.browser.journey import DESKTOP, Journey
from tests.certificates.holders import make_certificate
from tests.factories import (
    MembershipFactory,
    PressReleaseFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 360, "height": 800}


def session_cookie(user, base_url: str) -> dict:
    """The browser signs in as `user` with a session made by Django's test client."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}


def visit(journey: Journey, viewport: dict, paths: list[str], *, user=None) -> None:
    """Open `paths` in a browser `viewport` wide (signed in as `user`): the journey
    fails on any of them that scrolls sideways, and says what sticks out."""
    page = journey.open(viewport)
    if user is not None:
        page.context.add_cookies([session_cookie(user, journey.base)])
    for path in paths:
        response = page.goto(journey.base + path)
        assert response.status == 200 or path.endswith("unknown-code-0000000000000/"), (path, response.status)


def test_no_page_scrolls_sideways_on_a_phone_and_the_registrations_table_fits_a_desktop(journey):
    PrivacyNoticeFactory()
    now = timezone.now()
    membership = MembershipFactory(role="organiser", organisation__name="Društvo za nenasilno komunikacijo")
    organisation = membership.organisation
    seminar = SeminarFactory(
        organisation=organisation,
        title_en="Identifying and referring child victims of trafficking across borders",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=21),
    )
    today = SeminarFactory(
        organisation=organisation, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=7)
    )
    participant = UserFactory(full_name="Αικατερίνη Παπαδοπούλου-Χατζηγεωργίου")
    upcoming = RegistrationFactory(seminar=seminar, user=participant)
    at_the_door = RegistrationFactory(seminar=today, user=participant)
    past = SeminarFactory(
        organisation=organisation, starts_at=now - timedelta(days=40), ends_at=now - timedelta(days=39)
    )
    valid = make_certificate(RegistrationFactory(seminar=past, user=participant))
    revoked = make_certificate(revoked=True)
    for number in range(3):
        RegistrationFactory(
            seminar=today,
            user=UserFactory(full_name=f"Maximilian Alexandrescu-Constantinescu {number}"),
            organisation="Direcția Generală de Asistență Socială și Protecția Copilului",
        )
    open_seminar = SeminarFactory(organisation=organisation)
    Question.objects.create(
        seminar=open_seminar,
        kind=Question.Kind.SINGLE_CHOICE,
        required=True,
        label_en="Which of these describes your work with children best?",
        options_en="Social work in a child protection service\nhttps://example.org/a-very-long-address-without-spaces",
    )
    release = PressReleaseFactory(
        organisation=organisation,
        headline="Professionals from four countries trained to identify child victims of trafficking",
    )
    questions = [
        Question.objects.create(
            seminar=seminar,
            position=number,
            kind=Question.Kind.LONG_TEXT,
            label_en=f"Which cases of child trafficking have you worked on in the last two years ({number})?",
        )
        for number in range(4)
    ]
    for registration in Registration.objects.filter(seminar=seminar):
        for question in questions:
            Answer.objects.create(
                registration=registration,
                question=question,
                text="Labour exploitation of unaccompanied minors in agriculture and forced begging "
                "in the capital, referred to the national coordinator.",
            )

    public = [
        "/",
        "/seminars/",
        f"/seminars/{seminar.slug}/",
        "/press/",
        f"/press/{release.slug}/",
        "/certificates/verify/",
        f"/certificates/verify/{valid.code}/",
        f"/certificates/verify/{revoked.code}/",
        "/certificates/verify/unknown-code-0000000000000/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/privacy/",
    ]
    participant_pages = [
        "/me/",
        f"/seminars/{open_seminar.slug}/register/",
        f"/seminars/{seminar.slug}/",
        f"/me/registrations/{upcoming.pk}/cancel/",
        "/me/profile/",
        "/me/api-token/",
        "/accounts/email/",
        "/accounts/password/change/",
    ]
    desk = [f"/manage/seminars/{today.pk}/check-in/", f"/manage/check-in/{at_the_door.check_in_code}/"]
    registrations = [f"/manage/seminars/{seminar.pk}/registrations/"]

    visit(journey, PHONE, public)
    visit(journey, PHONE, participant_pages, user=participant)
    visit(journey, PHONE, desk, user=membership.user)
    visit(journey, DESKTOP, registrations, user=membership.user)
