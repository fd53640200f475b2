"""factory_boy factories for the domain models."""

import factory
from django.utils import timezone

from accounts.models import PrivacyNotice, ProfessionalGroup, User
from events.models import Membership, Organisation, Project


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
