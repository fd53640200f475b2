"""Load the demo data set: the VICTOR project, its host organisations, demo
users for each role, a privacy notice in four languages, seminars, the press
release of 30 January 2014, and the Ljubljana seminar's attendance, the demo
participant's certificate and the evaluation's answers.

Safe to run again (it updates what exists); refuses to run in production.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import PrivacyNotice, ProfessionalGroup, User
from attendance.models import Attendance
from certificates import services as certificate_services
from certificates.models import CertificateDesign
from config.demo_content import (
    ORGANISATIONS,
    PAST_ATTENDEES,
    PAST_EVALUATION,
    PAST_SEMINAR,
    PRESS_CONTACT,
    PRESS_RELEASES,
    PRIVACY_NOTICE,
    PROJECT,
    SEMINARS,
    TRAINERS,
    VENUES,
)
from evaluations import pool as evaluation_pool
from evaluations.models import Question, Questionnaire
from events.models import AgendaSession, Membership, Organisation, Project, Seminar, Trainer, Venue
from press.models import PressContact, PressRelease
from registrations.models import Registration

# Demo-only credentials, printed by `make run` and listed in the README.
DEMO_USERS = [
    {
        "email": "coordinator@victor.example",
        "password": "demo-coordinator",
        "full_name": "Maria Papadopoulou",
        "role": "coordinator",
        "organisation": "The Smile of the Child",
        "country": "GR",
        "group": "ngo",
        "language": "el",
    },
    {
        "email": "organiser@victor.example",
        "password": "demo-organiser",
        "full_name": "Ana Novak",
        "role": Membership.Role.ORGANISER,
        "organisation": "Društvo Ključ",
        "country": "SI",
        "group": "ngo",
        "language": "sl",
    },
    {
        "email": "press@victor.example",
        "password": "demo-press",
        "full_name": "Eleni Georgiou",
        "role": Membership.Role.PRESS_OFFICER,
        "organisation": "The Smile of the Child",
        "country": "GR",
        "group": "ngo",
        "language": "el",
    },
    {
        "email": "participant@victor.example",
        "password": "demo-participant",
        "full_name": "Ioana Popescu",
        "role": None,
        "organisation": "Direcția Generală de Asistență Socială și Protecția Copilului",
        "country": "RO",
        "group": "social-workers",
        "language": "ro",
    },
]


class Command(BaseCommand):
    help = "Load demo data (idempotent). Refuses to run when DJANGO_DEBUG=false."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo loads demo accounts with known passwords; it never runs with DJANGO_DEBUG=false."
            )
        with transaction.atomic():
            organisations = self._organisations()
            project = self._project(organisations)
            self._privacy_notice()
            self._users(organisations)
            self._seminars(organisations, project)
            self._press(organisations, project)
            self._past_seminar()
        self.stdout.write(
            self.style.SUCCESS("Demo data is loaded. Demo logins (demo only, never in production):")
        )
        for demo in DEMO_USERS:
            role = demo["role"] or "participant"
            self.stdout.write(
                f"  {role.replace('_', ' '):<14} {demo['email']:<30} password: {demo['password']}"
            )

    def _organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for data in ORGANISATIONS:
            organisation, _ = Organisation.objects.update_or_create(slug=data["slug"], defaults=data)
            organisations[organisation.name] = organisation
        return organisations

    def _project(self, organisations: dict[str, Organisation]) -> Project:
        data = dict(PROJECT)
        coordinator = organisations[data.pop("coordinator")]
        partners = [organisations[name] for name in data.pop("partners")]
        translations = data.pop("translations")
        project, _ = Project.objects.update_or_create(
            acronym=data["acronym"], defaults={**data, "coordinator": coordinator, **translations}
        )
        project.partners.set(partners)
        return project

    def _privacy_notice(self) -> None:
        if PrivacyNotice.objects.filter(version=PRIVACY_NOTICE["version"]).exists():
            return
        PrivacyNotice.objects.create(published_at=timezone.now(), **PRIVACY_NOTICE)

    def _users(self, organisations: dict[str, Organisation]) -> None:
        groups = {group.slug: group for group in ProfessionalGroup.objects.all()}
        for demo in DEMO_USERS:
            user, _ = User.objects.update_or_create(
                email=demo["email"],
                defaults={
                    "full_name": demo["full_name"],
                    "organisation": demo["organisation"],
                    "country": demo["country"],
                    "professional_group": groups.get(demo["group"]),
                    "preferred_language": demo["language"],
                    "is_superuser": demo["role"] == "coordinator",
                    "is_staff": demo["role"] == "coordinator",
                    "is_active": True,
                },
            )
            user.set_password(demo["password"])
            user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            if demo["role"] in Membership.Role.values:
                Membership.objects.get_or_create(
                    user=user, organisation=organisations[demo["organisation"]], role=demo["role"]
                )

    def _seminars(self, organisations: dict[str, Organisation], project: Project) -> None:
        venues = {}
        for data in VENUES:
            data = dict(data)
            organisation, name = organisations[data.pop("organisation")], data.pop("name")
            venues[name], _ = Venue.objects.update_or_create(
                organisation=organisation, name=name, defaults=data
            )
        trainers = {}
        for data in TRAINERS:
            data = dict(data)
            organisation, name = organisations[data.pop("organisation")], data.pop("name")
            trainers[name], _ = Trainer.objects.update_or_create(
                organisation=organisation, name=name, defaults=data
            )
        groups = {group.slug: group for group in ProfessionalGroup.objects.all()}
        today = timezone.localdate()
        for data in SEMINARS:
            data = dict(data)
            venue = venues[data.pop("venue")]
            zone = ZoneInfo(venue.time_zone)
            day = (
                date.fromisoformat(data.pop("date"))
                if "date" in data
                else today + timedelta(days=data.pop("days_from_today"))
            )
            start, end = data.pop("start"), data.pop("end")
            sessions = data.pop("sessions")
            group_slugs = data.pop("groups")
            organisation = organisations[data.pop("organisation")]
            seminar, _ = Seminar.objects.update_or_create(
                slug=data.pop("slug"),
                defaults={
                    **data,
                    "organisation": organisation,
                    "project": project,
                    "venue": venue,
                    "time_zone": venue.time_zone,
                    "starts_at": _at(day, start, zone),
                    "ends_at": _at(day, end, zone),
                    "registration_closes_at": _at(day, start, zone) - timedelta(days=2),
                    "status": Seminar.Status.PUBLISHED,
                    "published_at": timezone.now(),
                    "contact_email": f"training@{organisation.slug}.example",
                },
            )
            seminar.target_groups.set([groups[slug] for slug in group_slugs])
            seminar.partners.set([o for o in organisations.values() if o != organisation])
            seminar.sessions.all().delete()
            for session_start, session_end, title_en, title_local, trainer_names in sessions:
                session = AgendaSession.objects.create(
                    seminar=seminar,
                    starts_at=_at(day, session_start, zone),
                    ends_at=_at(day, session_end, zone),
                    title_en=title_en,
                    **{f"title_{seminar.language}": title_local},
                )
                session.trainers.set([trainers[name] for name in trainer_names])

    def _press(self, organisations: dict[str, Organisation], project: Project) -> None:
        data = dict(PRESS_CONTACT)
        organisation = organisations[data.pop("organisation")]
        contact, _ = PressContact.objects.update_or_create(
            organisation=organisation, office_name=data.pop("office_name"), defaults=data
        )
        author = User.objects.get(email="press@victor.example")
        seminar = Seminar.objects.get(slug="ljubljana-2014-identification-of-child-victims")
        group = None
        for data in PRESS_RELEASES:
            data = dict(data)
            release, _ = PressRelease.objects.update_or_create(
                slug=data.pop("slug"),
                defaults={
                    **data,
                    "organisation": organisation,
                    "project": project,
                    "contact": contact,
                    "author": author,
                    "status": PressRelease.Status.PUBLISHED,
                    "dateline_date": date.fromisoformat(data["dateline_date"]),
                    "publish_at": datetime.fromisoformat(data["publish_at"]),
                },
            )
            group = group or release.translation_group
            if release.translation_group != group:
                release.translation_group = group
                release.save(update_fields=["translation_group"])
            release.seminars.set([seminar])

    def _past_seminar(self) -> None:
        """The Ljubljana seminar as it happened: the demo participant and the people
        registered at the door, checked in and present at every session; the
        participant's certificate issued; the evaluation answered (anonymously)."""
        seminar = Seminar.objects.get(slug=PAST_SEMINAR)
        organiser = User.objects.get(email="organiser@victor.example")
        participant = User.objects.get(email="participant@victor.example")
        groups = {group.slug: group for group in ProfessionalGroup.objects.all()}
        notice = PrivacyNotice.objects.get(version=PRIVACY_NOTICE["version"])
        registered = seminar.starts_at - timedelta(days=14)
        common = {
            "status": Registration.Status.CONFIRMED,
            "created_at": registered,
            "confirmed_at": registered,
            "privacy_notice": notice,
            "consented_at": registered,
            "checked_in_at": seminar.starts_at,
            "checked_in_by": organiser,
        }
        own, _ = Registration.objects.update_or_create(
            seminar=seminar,
            user=participant,
            defaults={
                **common,
                "professional_group": participant.professional_group,
                "country": participant.country,
                "organisation": participant.organisation,
            },
        )
        attendees = [own]
        for full_name, group, country, organisation in PAST_ATTENDEES:
            registration, _ = Registration.objects.update_or_create(
                seminar=seminar,
                is_walk_in=True,
                full_name=full_name,
                defaults={
                    **common,
                    "created_at": seminar.starts_at,
                    "confirmed_at": seminar.starts_at,
                    "professional_group": groups[group],
                    "country": country,
                    "organisation": organisation,
                },
            )
            attendees.append(registration)
        for session in seminar.sessions.all():  # the sessions are made anew by _seminars
            Attendance.objects.bulk_create(
                [
                    Attendance(registration=registration, session=session, recorded_by=organiser)
                    for registration in attendees
                ],
                ignore_conflicts=True,
            )
        CertificateDesign.objects.get_or_create(seminar=seminar)
        certificate_services.certificate_issue(registration=own, actor=organiser)
        self._past_evaluation(seminar)

    def _past_evaluation(self, seminar: Seminar) -> None:
        questionnaire, created = Questionnaire.objects.get_or_create(seminar=seminar)
        if not created:
            return
        data = PAST_EVALUATION
        rating = Question.objects.create(
            questionnaire=questionnaire,
            position=1,
            kind=Question.Kind.RATING,
            required=True,
            label_en=data["rating_en"],
            label_sl=data["rating_sl"],
        )
        text = Question.objects.create(
            questionnaire=questionnaire,
            position=2,
            kind=Question.Kind.TEXT,
            label_en=data["text_en"],
            label_sl=data["text_sl"],
        )
        # Answered on paper and typed in: through the pool like any answer, so the
        # results show whole groups of five in a shuffled order (evaluations.pool).
        for value, comment in data["answers"]:
            answers = {rating.pk: {"rating": value}, **({text.pk: {"text": comment}} if comment else {})}
            evaluation_pool.add(questionnaire=questionnaire, phase="post", answers=answers)


def _at(day: date, clock: str, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day in a time zone, as an aware datetime."""
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=zone)
