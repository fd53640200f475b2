"""Every HTML email says in <html lang> the language it is written in (screen readers
and mail clients pick voice, hyphenation and spelling from it)."""

import re

import pytest
from django.utils import timezone, translation

from evaluations.models import Invitation as EvaluationInvitation
from evaluations.models import Phase, Questionnaire
from evaluations.tasks import evaluation_message
from members import services
from members.tasks import invitation_message
from press.models import Distribution, PressListEntry
from press.tasks import distribution_message
from registrations.tasks import registration_message
from tests.factories import MembershipFactory, PressReleaseFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "sl", "el", "ro"]


def html_language(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return re.search(r'<html lang="([^"]*)">', html).group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_email_is_marked_with_the_participants_language(language):
    registration = RegistrationFactory(user=UserFactory(preferred_language=language))
    with translation.override("en"):
        message = registration_message(registration, "registration_confirmed")
    assert html_language(message) == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_evaluation_email_is_marked_with_the_participants_language(language):
    registration = RegistrationFactory(user=UserFactory(preferred_language=language))
    questionnaire = Questionnaire.objects.create(seminar=registration.seminar)
    invitation = EvaluationInvitation.objects.create(
        questionnaire=questionnaire, user=registration.user, phase=Phase.POST
    )
    with translation.override("en"):
        message = evaluation_message(invitation, "invitation")
    assert html_language(message) == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_colleague_invitation_email_is_marked_with_its_language(language):
    organisation = MembershipFactory(role="organiser").organisation
    invitation, token = services.invitation_create(
        organisation=organisation, email="colleague@example.org", role="organiser", invited_by=None
    )
    message = invitation_message(invitation=invitation, token=token, language=language)
    assert html_language(message) == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_press_advance_copy_is_marked_with_the_journalists_language(language):
    release = PressReleaseFactory()
    entry = PressListEntry.objects.create(
        organisation=release.organisation,
        name="Ana",
        outlet="Delo",
        email="ana@example.org",
        language=language,
        consent_at=timezone.now(),
    )
    distribution = Distribution.objects.create(
        translation_group=release.translation_group, entry=entry, release=release
    )
    with translation.override("en"):
        message = distribution_message(distribution)
    assert html_language(message) == language
