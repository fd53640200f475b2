"""A person downloads all their data as JSON, and erases their account: personal
data is erased or anonymised everywhere, counts stay right, issued certificates
keep their frozen copy."""

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from accounts import audit
from accounts.models import ApiToken, AuditEntry, PrivacyConsent, PrivacyNotice, User
from attendance.models import Attendance
from attendance.units import hours_attended
from certificates.models import Certificate
from config import privacy
from evaluations import services as evaluation_services
from evaluations.models import Invitation as EvaluationInvitation
from evaluations.models import Receipt, Response, SealedResponse
from events.models import Invitation, Membership
from members import services as member_services
from press.models import PressListEntry, PressRelease, PressReleaseRevision
from registrations.models import Answer, Question, Registration
from tests.evaluations.helpers import answers_for, attendee, past_seminar, questionnaire_with_questions
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    PressReleaseFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
    api_key_for,
)
from tests.privacy_scan import places_holding

pytestmark = pytest.mark.django_db

NAME = "Zoë Ćirić-Papadopoulou"
EMAIL = "zoe.erase@example.org"
ANSWER = "my secret answer 7319"
ORGANISATION = "Ćirić Child Protection Unit 5521"
JOB_TITLE = "Senior Ćirić caseworker 5521"
MESSAGE = "Dear Zoë Ćirić-Papadopoulou, see you in Ljubljana"
PASSWORD = "correct-horse-battery-staple"
PERSONAL = (NAME, EMAIL, ANSWER, ORGANISATION, JOB_TITLE, MESSAGE)


@dataclass
class World:
    zoe: User
    other: User
    past_registration: Registration
    upcoming_registration: Registration
    waiting: Registration
    certificate: Certificate
    membership: Membership


def build_world() -> World:
    """Zoë has a profile, a verified address, a consent, an API token, a press-officer
    role (accepted from an invitation), a release she wrote, an entry on a press list;
    a past seminar she attended (answer, message, attendance, certificate) and an
    upcoming full seminar where someone waits for her seat. Another person has the
    same kinds of things and must keep them."""
    notice = PrivacyNoticeFactory()
    zoe = UserFactory(
        full_name=NAME, email=EMAIL, organisation=ORGANISATION, job_title=JOB_TITLE, password=PASSWORD
    )
    EmailAddress.objects.create(user=zoe, email=EMAIL, verified=True, primary=True)
    PrivacyConsent.objects.create(user=zoe, notice=notice, language="en")
    api_key_for(zoe)
    other = UserFactory(full_name="Other Person Kept", email="other.kept@example.org")
    organisation = OrganisationFactory()
    organiser = MembershipFactory(organisation=organisation, role=Membership.Role.ORGANISER).user
    _invitation, token = member_services.invitation_create(
        organisation=organisation, email=EMAIL, role=Membership.Role.PRESS_OFFICER, invited_by=organiser
    )
    membership = member_services.invitation_accept(token=token, user=zoe)
    release = PressReleaseFactory(organisation=organisation, author=zoe, headline="Release kept 8812")
    PressReleaseRevision.objects.create(release=release, number=1, author=zoe, summary="Created", snapshot={})
    PressListEntry.objects.create(
        organisation=organisation, name=NAME, email=EMAIL, consent_at=timezone.now()
    )
    LogEntry.objects.create(
        user=organiser,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(zoe.pk),
        object_repr=str(zoe),
        action_flag=CHANGE,
        change_message=f"Changed full_name of {NAME}.",
    )

    past = SeminarFactory(
        organisation=organisation,
        starts_at=timezone.now() - timedelta(days=10, hours=8),
        ends_at=timezone.now() - timedelta(days=10),
    )
    session = AgendaSessionFactory(
        seminar=past, starts_at=past.starts_at, ends_at=past.starts_at + timedelta(hours=3)
    )
    question = Question.objects.create(
        seminar=past, label_en="What do you expect?", kind=Question.Kind.LONG_TEXT
    )
    past_registration = RegistrationFactory(
        seminar=past,
        user=zoe,
        organisation=ORGANISATION,
        job_title=JOB_TITLE,
        decision_message=MESSAGE,
        photo_consent=True,
        privacy_notice=notice,
        checked_in_at=past.starts_at,
    )
    Answer.objects.create(registration=past_registration, question=question, text=ANSWER)
    Attendance.objects.create(registration=past_registration, session=session, present=True)
    other_registration = RegistrationFactory(seminar=past, user=other)
    Answer.objects.create(registration=other_registration, question=question, text="other answer kept 4410")
    Attendance.objects.create(registration=other_registration, session=session, present=True)
    certificate = Certificate.objects.create(
        registration=past_registration,
        seminar=past,
        serial="SI-LJU-0001",
        sequence=1,
        holder_name=NAME,
        seminar_title=past.display_title,
        starts_on=past.starts_at.date(),
        ends_on=past.ends_at.date(),
        city="Ljubljana",
        hours_attended=Decimal("3.00"),
        total_hours=Decimal("3.00"),
        issuer=organisation.name,
        language="en",
        issued_at=timezone.now(),
        issued_by=organiser,
    )

    upcoming = SeminarFactory(organisation=organisation, capacity=1)
    upcoming_registration = RegistrationFactory(seminar=upcoming, user=zoe)
    waiting = RegistrationFactory(
        seminar=upcoming, user=other, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    return World(zoe, other, past_registration, upcoming_registration, waiting, certificate, membership)


def _logged_in(user: User) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _delete_account(client: Client, password: str = PASSWORD):
    """Confirm on /me/delete/, then re-authenticate: allauth resumes the confirmed request."""
    asked = client.post("/me/delete/", {"confirm": "on"})
    assert asked.status_code == 302
    assert asked["Location"] == "/accounts/reauthenticate/?next=%2Fme%2Fdelete%2F"
    return client.post(asked["Location"], {"password": password}, follow=True)


def _counts():
    """What reports count: registrations per seminar, group, country and status; presences."""
    registrations = list(
        Registration.objects.order_by("seminar", "professional_group", "country", "status")
        .values_list("seminar", "professional_group", "country", "status")
        .annotate(number=Count("pk"))
    )
    presences = list(
        Attendance.objects.filter(present=True)
        .order_by("registration__seminar")
        .values_list("registration__seminar")
        .annotate(number=Count("pk"))
    )
    return registrations, presences


# ---------------------------------------------------------------------------
# Export


def test_export_downloads_everything_we_hold_about_the_person_as_json():
    world = build_world()
    client = _logged_in(world.zoe)

    response = client.get("/me/data.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    today = timezone.now().date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="victor-seminars-my-data-{today}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["format"] == "victor-seminars-personal-data/1"
    assert data["accounts"]["profile"]["full_name"] == NAME
    assert data["accounts"]["profile"]["email"] == EMAIL
    assert data["accounts"]["email_addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]
    notice = PrivacyNotice.objects.get()
    assert [consent["notice_version"] for consent in data["accounts"]["privacy_consents"]] == [notice.version]
    assert data["accounts"]["api_token"]["created"]
    assert [row["action"] for row in data["accounts"]["actions_in_audit_log"]] == ["membership.accept"]
    assert data["events"]["memberships"] == [
        {
            "organisation": world.membership.organisation.slug,
            "role": "press_officer",
            "since": world.membership.created_at.isoformat(),
        }
    ]
    assert [invitation["email"] for invitation in data["events"]["invitations"]] == [EMAIL]
    registrations = data["registrations"]["registrations"]
    assert [row["seminar"]["slug"] for row in registrations] == [
        world.past_registration.seminar.slug,
        world.upcoming_registration.seminar.slug,
    ]
    past = registrations[0]
    assert past["answers"] == [{"question": "What do you expect?", "answer": ANSWER}]
    (presence,) = data["attendance"]["attendance"]
    assert presence == {
        "seminar": world.past_registration.seminar.slug,
        "session": presence["session"],
        "day": None,
        "present": True,
    }
    assert (past["organisation"], past["job_title"], past["message_from_organisers"]) == (
        ORGANISATION,
        JOB_TITLE,
        MESSAGE,
    )
    assert past["privacy_notice_version"] == notice.version and past["photo_consent"] is True
    assert data["press"]["press_releases_written"][0]["headline"] == "Release kept 8812"
    assert data["press"]["press_list_entries"][0]["email"] == EMAIL
    assert "certificates" in data
    assert "SI-LJU-0001" in json.dumps(data["certificates"])
    body = response.content.decode()
    for secret in (
        world.zoe.password,
        api_key_for(world.zoe),
        "other answer kept 4410",
        "Other Person Kept",
    ):
        assert secret not in body


def test_export_is_audited_without_personal_data():
    world = build_world()
    client = _logged_in(world.zoe)

    client.get("/me/data.json")

    entry = AuditEntry.objects.get(action="account.export")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        world.zoe,
        "accounts.user",
        str(world.zoe.pk),
    )
    assert entry.target_repr == f"#{world.zoe.pk}"
    assert entry.details == {}


def test_export_needs_login_and_a_get(client):
    assert client.get("/me/data.json")["Location"].startswith("/accounts/login/")
    assert not AuditEntry.objects.exists()


def test_dashboard_links_to_the_export_and_the_deletion(client, participant):
    client.force_login(participant)

    page = client.get("/me/").content.decode()

    assert 'href="/me/data.json"' in page
    assert 'href="/me/delete/"' in page


# ---------------------------------------------------------------------------
# Erasure


def test_erasure_leaves_the_name_email_and_answers_nowhere_but_the_certificate():
    world = build_world()
    assert places_holding(*PERSONAL) >= {("accounts.user", "full_name"), ("registrations.answer", "text")}
    client = _logged_in(world.zoe)

    response = _delete_account(client)

    assert response.redirect_chain == [("/me/deleted/", 302)]
    assert "Your account has been deleted" in response.content.decode()
    assert places_holding(*PERSONAL) == {("certificates.certificate", "holder_name")}
    world.certificate.refresh_from_db()
    assert world.certificate.holder_name == NAME
    assert world.certificate.is_valid


def test_erasure_logs_out_and_removes_the_account_with_its_addresses_tokens_and_roles():
    world = build_world()
    client = _logged_in(world.zoe)

    _delete_account(client)

    assert not User.objects.filter(pk=world.zoe.pk).exists()
    assert not EmailAddress.objects.filter(email=EMAIL).exists()
    assert not ApiToken.objects.filter(user_id=world.zoe.pk).exists()
    assert not Membership.objects.filter(pk=world.membership.pk).exists()
    assert not Invitation.objects.filter(email=EMAIL).exists()
    assert not PressListEntry.objects.filter(email=EMAIL).exists()
    assert client.get("/me/")["Location"].startswith("/accounts/login/")


def test_erasure_anonymises_registrations_and_keeps_what_counts():
    world = build_world()
    past = world.past_registration.seminar
    hours_before = sum(hours_attended(past, list(Registration.objects.filter(seminar=past))).values())
    counts_before = _counts()

    _delete_account(_logged_in(world.zoe))

    registration = Registration.objects.get(pk=world.past_registration.pk)
    assert registration.user_id is None
    assert (
        registration.full_name,
        registration.email,
        registration.organisation,
        registration.job_title,
    ) == (
        "",
        "",
        "",
        "",
    )
    assert (registration.decision_message, registration.photo_consent) == ("", False)
    assert registration.anonymised_at is not None
    assert registration.display_name == "Anonymised participant"
    assert (registration.status, registration.country, registration.professional_group.slug) == (
        Registration.Status.CONFIRMED,
        "SI",
        "social-workers",
    )
    assert registration.checked_in_at is not None
    assert registration.privacy_notice == PrivacyNotice.objects.get()
    assert not registration.answers.exists()
    assert Answer.objects.filter(text="other answer kept 4410").exists()
    hours_after = sum(hours_attended(past, list(Registration.objects.filter(seminar=past))).values())
    assert hours_after == hours_before == Decimal("6.00")
    registrations_before, presences_before = counts_before
    registrations_after, presences_after = _counts()
    # The upcoming registration was cancelled (its seat went on); everything else counts as before.
    upcoming = world.upcoming_registration.seminar.pk
    assert [row for row in registrations_after if row[0] != upcoming] == [
        row for row in registrations_before if row[0] != upcoming
    ]
    assert presences_after == presences_before


def test_erasure_cancels_upcoming_registrations_so_the_waiting_list_moves_up(
    mailoutbox, django_capture_on_commit_callbacks
):
    world = build_world()

    with django_capture_on_commit_callbacks(execute=True):
        _delete_account(_logged_in(world.zoe))

    cancelled = Registration.objects.get(pk=world.upcoming_registration.pk)
    assert cancelled.status == Registration.Status.CANCELLED
    assert cancelled.user_id is None
    world.waiting.refresh_from_db()
    assert world.waiting.status == Registration.Status.OFFERED
    # The seat is offered to the next person; the erased person is no longer written to.
    assert [message.to for message in mailoutbox] == [["other.kept@example.org"]]
    assert mailoutbox[0].subject.startswith("A seat is free for you")


def test_erasure_keeps_press_releases_without_their_author():
    world = build_world()

    _delete_account(_logged_in(world.zoe))

    release = PressRelease.objects.get(headline="Release kept 8812")
    assert release.author is None
    assert release.revisions.get().author is None


def test_erasure_is_audited_with_the_account_number_only():
    world = build_world()
    zoe_id = world.zoe.pk

    _delete_account(_logged_in(world.zoe))

    entry = AuditEntry.objects.get(action="account.erase")
    assert entry.actor is None
    assert (entry.target_type, entry.target_id, entry.target_repr, entry.details) == (
        "accounts.user",
        str(zoe_id),
        f"#{zoe_id}",
        {},
    )
    # Her earlier actions stay in the log, no longer linked to anyone.
    accepted = AuditEntry.objects.get(action="membership.accept")
    assert (accepted.actor, accepted.target_repr) == (None, f"#{world.membership.pk}")


def test_erasure_needs_the_confirmation_box():
    world = build_world()
    client = _logged_in(world.zoe)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post("/me/delete/", {})

    assert response.status_code == 400
    assert "Please tick the box to confirm" in response.content.decode()
    assert User.objects.filter(pk=world.zoe.pk).exists()


def test_erasure_with_a_wrong_password_changes_nothing():
    world = build_world()
    client = _logged_in(world.zoe)

    response = _delete_account(client, password="not-my-password-at-all")

    assert response.status_code == 200  # the re-authentication form again, with its error
    assert response.redirect_chain == []
    assert "Incorrect password." in response.content.decode()
    assert User.objects.filter(pk=world.zoe.pk).exists()
    assert Registration.objects.get(pk=world.past_registration.pk).user == world.zoe
    assert not AuditEntry.objects.filter(action="account.erase").exists()


def test_the_delete_page_explains_what_happens(client, participant):
    client.force_login(participant)

    page = client.get("/me/delete/").content.decode()

    assert "Your registrations for seminars that have not started are cancelled first" in page
    assert "Certificates already issued to you stay verifiable" in page
    assert 'name="confirm"' in page


def test_the_only_organiser_of_an_organisation_may_not_erase_their_account(organiser, organisation):
    client = Client()
    assert client.login(email=organiser.email, password=PASSWORD)

    page = client.get("/me/delete/").content.decode()
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    refused = client.post("/me/delete/", {"confirm": "on"})

    assert f"You are the only organiser of {organisation.name}" in page
    assert 'name="confirm"' not in page
    assert refused.status_code == 400
    assert User.objects.filter(pk=organiser.pk).exists()
    with pytest.raises(privacy.ErasureError):
        privacy.erase_account(organiser, actor=None)


def test_an_organiser_with_a_colleague_may_erase_their_account_and_the_role_goes(organiser, organisation):
    colleague = MembershipFactory(organisation=organisation, role=Membership.Role.ORGANISER)
    client = Client()
    assert client.login(email=organiser.email, password=PASSWORD)

    _delete_account(client)

    assert list(Membership.objects.filter(organisation=organisation)) == [colleague]


def test_the_only_coordinator_may_not_erase_their_account(coordinator):
    assert privacy.erasure_refusal(coordinator) == (
        "You are the only coordinator. Make someone else a coordinator first."
    )
    UserFactory(is_superuser=True, is_staff=True)
    assert privacy.erasure_refusal(coordinator) is None


def test_erasure_by_a_coordinator_records_the_coordinator(coordinator):
    person = UserFactory(full_name=NAME, email=EMAIL)
    RegistrationFactory(user=person)
    audit.record(actor=coordinator, action="registration.approve", target=person.registrations.get())

    privacy.erase_account(person, actor=coordinator)

    entry = AuditEntry.objects.get(action="account.erase")
    assert entry.actor == coordinator
    assert places_holding(NAME, EMAIL) == set()


def test_erasure_leaves_other_people_alone():
    world = build_world()

    _delete_account(_logged_in(world.zoe))

    other = User.objects.get(pk=world.other.pk)
    assert other.full_name == "Other Person Kept"
    kept = Registration.objects.get(seminar=world.past_registration.seminar, user=other)
    assert kept.anonymised_at is None
    assert kept.answers.get().text == "other answer kept 4410"


def test_people_without_a_password_confirm_with_a_code_by_email(client, mailoutbox):
    person = UserFactory(email="no.password@example.org")
    person.set_unusable_password()
    person.save(update_fields=["password"])
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client.force_login(person)

    asked = client.post("/me/delete/", {"confirm": "on"})
    assert asked["Location"] == "/accounts/reauthenticate/code/?next=%2Fme%2Fdelete%2F"
    assert User.objects.filter(pk=person.pk).exists()
    sent = client.post(asked["Location"], {"recipient": person.email, "next": "/me/delete/"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[-1].body, re.MULTILINE).group(1)

    done = client.post(sent["Location"], {"code": code}, follow=True)

    assert done.redirect_chain[-1] == ("/me/deleted/", 302)
    assert not User.objects.filter(pk=person.pk).exists()


def test_deletion_works_behind_a_language_prefix():
    world = build_world()
    client = _logged_in(world.zoe)

    asked = client.post("/el/me/delete/", {"confirm": "on"})
    done = client.post(asked["Location"], {"password": PASSWORD}, follow=True)

    assert asked["Location"] == "/el/accounts/reauthenticate/?next=%2Fel%2Fme%2Fdelete%2F"
    assert done.redirect_chain == [("/el/me/deleted/", 302)]
    assert not User.objects.filter(pk=world.zoe.pk).exists()


def test_evaluations_are_exported_and_erasure_leaves_the_answers_to_nobody():
    """A non-anonymous questionnaire links the person's receipt to their response:
    the export shows their answers; after erasure the answers still count, linked
    to nobody, and the invitation is forgotten."""
    seminar = past_seminar()
    questionnaire = questionnaire_with_questions(seminar, anonymous=False)
    person = attendee(seminar).user
    EvaluationInvitation.objects.create(questionnaire=questionnaire, user=person, phase="post")
    evaluation_services.response_submit(
        seminar=seminar, user=person, phase="post", answers=answers_for(questionnaire, text="Ana's own words")
    )

    exported = privacy.export_user_data(person)["evaluations"]
    privacy.erase_account(person, actor=None)

    assert [(row["seminar"], row["phase"]) for row in exported["answered"]] == [(seminar.slug, "post")]
    assert {
        "question": "What would you change?",
        "rating": None,
        "choices": [],
        "text": "Ana's own words",
    } in (exported["answered"][0]["answers"])
    assert [row["seminar"] for row in exported["invitations"]] == [seminar.slug]
    assert not Receipt.objects.exists()
    assert not EvaluationInvitation.objects.exists()
    # Still waiting, sealed, for its group of five (evaluations.pool); nobody's now.
    assert SealedResponse.objects.filter(questionnaire=questionnaire).count() == 1
    assert not Response.objects.filter(questionnaire=questionnaire).exists()
