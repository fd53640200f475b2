"""The main pages that the accessibility and HTML validity checks visit, with data
that fills them: a seminar with agenda, trainers and registrations, a past one with
an issued certificate, a published press release."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress

from accounts.models import ProfessionalGroup
from attendance.models import Attendance
from certificates import services as certificate_services
from registrations.models import Registration
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    PressReleaseFactory,
    PrivacyNoticeFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    TrainerFactory,
    UserFactory,
    VenueFactory,
)

LANGUAGES = ("en", "el")


@dataclass(frozen=True)
class MainPage:
    name: str
    path: str  # with the language prefix (or ?lang= outside it)
    visitor: str  # "anonymous", "participant" or "organiser"


@dataclass(frozen=True)
class MainPageData:
    participant: object
    organiser: object
    seminar_slug: str
    seminar_pk: int
    release_slug: str
    certificate_code: str

    def pages(self, language: str) -> list[MainPage]:
        prefix = "" if language == "en" else f"/{language}"
        seminar = f"{prefix}/seminars/{self.seminar_slug}"
        return [
            MainPage("home", f"{prefix}/", "anonymous"),
            MainPage("seminar list", f"{prefix}/seminars/", "anonymous"),
            MainPage("seminar detail", f"{seminar}/", "anonymous"),
            MainPage("register form", f"{seminar}/register/", "participant"),
            MainPage("participant dashboard", f"{prefix}/me/", "participant"),
            MainPage("check-in desk", f"{prefix}/manage/seminars/{self.seminar_pk}/check-in/", "organiser"),
            MainPage(
                "verification of a certificate",
                f"/certificates/verify/{self.certificate_code}/?lang={language}",
                "anonymous",
            ),
            MainPage(
                "verification of an unknown code",
                f"/certificates/verify/NO-SUCH-CODE/?lang={language}",
                "anonymous",
            ),
            MainPage("press list", f"{prefix}/press/", "anonymous"),
            MainPage("press release", f"{prefix}/press/{self.release_slug}/", "anonymous"),
        ]


def create_main_page_data() -> MainPageData:
    """An organiser's upcoming seminar with agenda, trainers and participants (the
    check-in desk shows its first day); a participant with a certificate from a past
    seminar and a place on the waiting list of a third; a press release about the seminar."""
    PrivacyNoticeFactory()
    membership = MembershipFactory(role="organiser", organisation__name="Društvo Ključ")
    host = membership.organisation
    organiser = membership.user
    participant = UserFactory(full_name="Αικατερίνη Παπαδοπούλου")
    for person in (organiser, participant):
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    project = ProjectFactory(acronym="VICTOR", coordinator=host, funder="the European Commission")
    venue = VenueFactory(organisation=host, city="Ljubljana")

    seminar = SeminarFactory(
        organisation=host,
        venue=venue,
        project=project,
        title_en="Identifying child victims of trafficking",
        title_el="Αναγνώριση παιδιών θυμάτων εμπορίας",
        target_groups=list(ProfessionalGroup.objects.all()[:3]),
    )
    for hours in (0, 3):
        session = AgendaSessionFactory(
            seminar=seminar,
            starts_at=seminar.starts_at + timedelta(hours=hours),
            ends_at=seminar.starts_at + timedelta(hours=hours + 2),
        )
        session.trainers.set([TrainerFactory(organisation=host)])
    for name in ("Maja Horvat", "Ștefan Țîrcă"):
        RegistrationFactory(seminar=seminar, user=UserFactory(full_name=name))

    past = SeminarFactory(
        organisation=host,
        venue=venue,
        project=project,
        title_en="Protecting child victims in court",
        starts_at=datetime(2014, 1, 30, 8, tzinfo=UTC),
        ends_at=datetime(2014, 1, 30, 16, tzinfo=UTC),
    )
    attended = RegistrationFactory(seminar=past, user=participant)
    Attendance.objects.create(registration=attended, day=past.starts_at.date(), present=True)
    certificate, _ = certificate_services.certificate_issue(registration=attended)
    RegistrationFactory(
        seminar=SeminarFactory(organisation=host, venue=venue),
        user=participant,
        status=Registration.Status.WAITLISTED,
        confirmed_at=None,
    )

    release = PressReleaseFactory(organisation=host, seminars=[seminar])
    return MainPageData(
        participant=participant,
        organiser=organiser,
        seminar_slug=seminar.slug,
        seminar_pk=seminar.pk,
        release_slug=release.slug,
        certificate_code=certificate.code,
    )
