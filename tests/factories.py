"""factory_boy factories for the domain models."""

import hashlib
from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import ApiToken, PrivacyNotice, ProfessionalGroup, User
from events.models import AgendaSession, Membership, Organisation, Project, Seminar, Trainer, Venue
from registrations.models import Registration


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    organisation = "Centre for Social Work"
    country = "SI"
    professional_group = factory.LazyFunction(lambda: ProfessionalGroup.objects.get(slug="social-workers"))

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct-horse-battery-staple")
        if create:
            self.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Host Organisation {n}")
    slug = factory.Sequence(lambda n: f"host-{n}")
    country = "SI"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.ORGANISER


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    name = factory.Sequence(lambda n: f"Project {n}")
    coordinator = factory.SubFactory(OrganisationFactory)


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNotice

    version = factory.Sequence(lambda n: n + 1)
    title_en = "Privacy notice"
    body_en = "We keep **little** data."
    title_el = "Ενημέρωση για την προστασία προσωπικών δεδομένων"
    body_el = "Κρατάμε **λίγα** δεδομένα."
    published_at = factory.LazyFunction(timezone.now)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Training Centre {n}")
    address = "Dunajska cesta 1"
    city = "Ljubljana"
    country = "SI"
    time_zone = "Europe/Ljubljana"


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name")
    affiliation = "University of Ljubljana"


class SeminarFactory(factory.django.DjangoModelFactory):
    """A published, in-person seminar in Ljubljana, a month from now, 09:00-17:00 local time."""

    class Meta:
        model = Seminar
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    venue = factory.SubFactory(VenueFactory, organisation=factory.SelfAttribute("..organisation"))
    time_zone = factory.LazyAttribute(
        lambda seminar: seminar.venue.time_zone if seminar.venue else "Europe/Ljubljana"
    )
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    title_en = factory.Sequence(lambda n: f"Identifying child victims of trafficking {n}")
    summary_en = "A one-day training for professionals."
    description_en = "We cover the **legal framework** and case studies."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=30)).replace(hour=8, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda seminar: seminar.starts_at + timedelta(hours=8))
    language = "en"
    capacity = 30
    status = Seminar.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda seminar: None if seminar.status == Seminar.Status.DRAFT else timezone.now()
    )
    contact_email = "training@example.org"
    format = Seminar.Format.IN_PERSON

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)


class AgendaSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaSession

    seminar = factory.SubFactory(SeminarFactory)
    starts_at = factory.LazyAttribute(lambda session: session.seminar.starts_at)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=2))
    title_en = factory.Sequence(lambda n: f"Session {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration (made directly: use the services to test the rules)."""

    class Meta:
        model = Registration

    seminar = factory.SubFactory(SeminarFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    professional_group = factory.LazyFunction(lambda: ProfessionalGroup.objects.get(slug="social-workers"))
    organisation = "Centre for Social Work"
    country = "SI"
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


# Press office (imported here, at the end, so the file's other factories stay as they were).
from press.models import PressContact, PressRelease  # noqa: E402


class PressContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressContact

    organisation = factory.SubFactory(OrganisationFactory)
    office_name = "Press & Communication Office"
    phone = "+30 210 330 6140"
    email = factory.Sequence(lambda n: f"press{n}@example.org")
    website = "https://www.example.org"


class PressReleaseFactory(factory.django.DjangoModelFactory):
    """A release published an hour ago, in English, with a press contact of its organisation.
    Pass publish_at in the future for an embargoed one, or status=DRAFT (then publish_at=None)."""

    class Meta:
        model = PressRelease
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    language = "en"
    slug = factory.Sequence(lambda n: f"press-release-{n}")
    headline = factory.Sequence(lambda n: f"Training seminar focuses on child trafficking {n}")
    subtitle = "VICTOR helps professionals identify and protect children"
    dateline_city = "Ljubljana"
    dateline_date = factory.LazyFunction(lambda: timezone.localdate())
    lead = "Social workers, national experts and NGO representatives met in Ljubljana."
    body = "The seminar covered the **legal framework** and case studies.\n\nSimilar trainings follow."
    contact = factory.SubFactory(PressContactFactory, organisation=factory.SelfAttribute("..organisation"))
    author = factory.SubFactory(UserFactory)
    status = PressRelease.Status.PUBLISHED
    publish_at = factory.LazyAttribute(
        lambda release: (
            None
            if release.status in (PressRelease.Status.DRAFT, PressRelease.Status.REVIEW)
            else timezone.now() - timedelta(hours=1)
        )
    )

    @factory.post_generation
    def seminars(self, create, extracted, **kwargs):
        if create and extracted:
            self.seminars.set(extracted)


def api_key_for(user: User) -> str:
    """The key of `user`'s API token, made on first use (the same key every time
    for the same person, since only a digest is stored). It counts as used just
    now, so that requests in query-count tests do not write its "last used"."""
    key = hashlib.sha256(f"test-api-key-{user.pk}".encode()).hexdigest()[:40]
    if not ApiToken.objects.filter(user=user, digest=ApiToken.digest_of(key)).exists():
        ApiToken.objects.filter(user=user).delete()
        token = ApiToken.build(user=user, key=key)[0]
        token.last_used_at = token.created_at
        token.save()
    return key
