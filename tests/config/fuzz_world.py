"""The data the API fuzzer works on, and the real values it mixes into generated requests.

Random slugs and ids only ever reach the 404 branch, so in about half of the
generated requests (chosen by their content, so a replayed request is steered
the same way) the path parameters and the body fields that name objects are
replaced by names of rows that exist (seminars, registrations, certificates,
releases, groups), and the requests reach the code behind the lookups.
"""

import zlib
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import ProfessionalGroup
from attendance.models import Attendance
from evaluations.models import Question as EvaluationQuestion
from evaluations.models import Questionnaire
from events.models import Membership, Seminar
from press.models import PressRelease
from registrations.models import Question, Registration, SeatQuota
from tests.certificates.holders import make_certificate
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    PressContactFactory,
    PressReleaseFactory,
    PrivacyNoticeFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
    VenueFactory,
    api_key_for,
)

ROLES = ("anonymous", "participant", "organiser")


@dataclass
class FuzzWorld:
    """Tokens by role, and the real values by parameter or field name."""

    tokens: dict[str, str]
    path_values: dict[str, list]
    body_values: dict[str, list] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        token = self.tokens.get(role)
        return {"Authorization": f"Token {token}"} if token else {}

    def steer(self, case) -> None:
        """Put real names into about half of the cases, in place."""
        digest = zlib.crc32(repr((case.method, case.path_parameters, case.query, case.body)).encode())
        if digest % 2:
            return
        pick = digest // 2
        for name in case.path_parameters or {}:
            pool = self._path_pool(case.operation.path, name)
            if pool:
                case.path_parameters[name] = pool[pick % len(pool)]
        if isinstance(case.body, dict):
            for name, pool in self.body_values.items():
                if name in case.body:
                    case.body[name] = pool[pick % len(pool)]

    def _path_pool(self, path: str, name: str) -> list:
        if name == "slug" and path.startswith("/api/v1/press-releases/"):
            return self.path_values["press_slug"]
        if name == "id":
            return self.path_values["certificate_id" if "/certificates/" in path else "registration_id"]
        return self.path_values.get(name, [])


def _person(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def build_fuzz_world() -> FuzzWorld:
    """One host organisation with an organiser, published, approval-only, past and
    draft seminars (quotas, custom questions, an evaluation), the participant's
    registrations (confirmed, offered, pending, attended with a certificate),
    press releases (public, draft), and another organisation's seminar."""
    now = timezone.now()
    host = OrganisationFactory(name="Društvo Ključ", slug="drustvo-kljuc")
    other = OrganisationFactory(name="Other Host", slug="other-host", country="GR")
    organiser = _person(email="organiser@example.org", full_name="Olga Organiser")
    participant = _person(email="participant@example.org", full_name="Petra Participant")
    someone = _person(email="someone@example.org", full_name="Sam Someone")
    MembershipFactory(organisation=host, user=organiser, role=Membership.Role.ORGANISER)
    PrivacyNoticeFactory()
    project = ProjectFactory(coordinator=host, slug="victor")
    venue = VenueFactory(organisation=host, name="Centre Dunajska")
    groups = list(ProfessionalGroup.objects.order_by("slug"))
    social_workers = ProfessionalGroup.objects.get(slug="social-workers")

    upcoming = SeminarFactory(organisation=host, venue=venue, slug="referral-pathways", project=project)
    upcoming.target_groups.set(groups[:3])
    SeatQuota.objects.create(seminar=upcoming, group=social_workers, seats=2)
    why = Question.objects.create(
        seminar=upcoming, kind="short_text", label_en="Why?", required=True, position=1
    )
    lunch = Question.objects.create(
        seminar=upcoming, kind="single_choice", label_en="Lunch", options_en="Meat\nFish", position=2
    )
    topics = Question.objects.create(
        seminar=upcoming, kind="multiple_choice", label_en="Topics", options_en="A\nB\nC", position=3
    )
    first = Question.objects.create(seminar=upcoming, kind="yes_no", label_en="First time?", position=4)
    AgendaSessionFactory(seminar=upcoming, title_en="Opening")
    full = SeminarFactory(organisation=host, venue=venue, slug="full-house", capacity=1)
    approval = SeminarFactory(organisation=host, venue=venue, slug="with-approval", requires_approval=True)
    draft = SeminarFactory(organisation=host, venue=venue, slug="draft-plans", status=Seminar.Status.DRAFT)
    past = SeminarFactory(
        organisation=host,
        venue=venue,
        slug="last-winter",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=40) + timedelta(hours=8),
    )
    foreign = SeminarFactory(organisation=other, slug="elsewhere")

    RegistrationFactory(seminar=upcoming, user=someone)
    RegistrationFactory(seminar=full, user=someone)
    offered = RegistrationFactory(
        seminar=full,
        user=participant,
        status=Registration.Status.OFFERED,
        offer_expires_at=now + timedelta(hours=40),
    )
    pending = RegistrationFactory(seminar=approval, user=participant, status=Registration.Status.PENDING)
    other_pending = RegistrationFactory(seminar=approval, user=someone, status=Registration.Status.PENDING)
    attended = RegistrationFactory(seminar=past, user=participant)
    Attendance.objects.create(registration=attended, day=past.starts_at.date())
    foreign_registration = RegistrationFactory(seminar=foreign, user=someone)
    certificate = make_certificate(attended)

    questionnaire = Questionnaire.objects.create(seminar=past, opens_at=past.ends_at)
    useful = EvaluationQuestion.objects.create(
        questionnaire=questionnaire, kind="rating", label_en="Useful?", position=1
    )
    pace = EvaluationQuestion.objects.create(
        questionnaire=questionnaire,
        kind="single_choice",
        label_en="Pace",
        options_en="Slow\nRight",
        position=2,
    )
    comments = EvaluationQuestion.objects.create(
        questionnaire=questionnaire, kind="text", label_en="Comments", position=3
    )

    contact = PressContactFactory(organisation=host)
    public = PressReleaseFactory(
        organisation=host, contact=contact, slug="seminar-in-ljubljana", author=organiser
    )
    press_draft = PressReleaseFactory(
        organisation=host,
        contact=contact,
        slug="draft-release",
        author=organiser,
        status=PressRelease.Status.DRAFT,
    )

    seminars = [upcoming.slug, full.slug, approval.slug, draft.slug, past.slug, foreign.slug]
    registrations = [offered.pk, pending.pk, other_pending.pk, attended.pk, foreign_registration.pk]
    return FuzzWorld(
        tokens={
            "participant": api_key_for(participant),
            "organiser": api_key_for(organiser),
        },
        path_values={
            "slug": seminars,
            "seminar_slug": seminars,
            "press_slug": [public.slug, press_draft.slug],
            "registration_id": registrations,
            "certificate_id": [certificate.pk],
            "code": [certificate.code],
        },
        body_values={
            "seminar": seminars,
            "professional_group": [group.slug for group in groups],
            "organisation": [host.slug, other.slug],
            "venue": [venue.pk],
            "project": [project.slug],
            "contact": [contact.pk],
            "translation_of": [public.slug],
            "ids": [[pending.pk], [pending.pk, other_pending.pk], [foreign_registration.pk]],
            "target_groups": [[group.slug for group in groups[:2]]],
            "answers": [
                {str(why.pk): "To learn", str(lunch.pk): 2, str(topics.pk): [1, 3], str(first.pk): True},
                {str(useful.pk): 5, str(pace.pk): 1, str(comments.pk): "Clear and practical."},
            ],
        },
    )
