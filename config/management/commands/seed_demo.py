"""Load the demo data set: the VICTOR project, its host organisations, demo
users for each role and a privacy notice in four languages.

Safe to run again (it updates what exists); refuses to run in production.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import PrivacyNotice, ProfessionalGroup, User
from config.demo_content import ORGANISATIONS, PRIVACY_NOTICE, PROJECT
from events.models import Membership, Organisation, Project

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
            self._project(organisations)
            self._privacy_notice()
            self._users(organisations)
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

    def _project(self, organisations: dict[str, Organisation]) -> None:
        data = dict(PROJECT)
        coordinator = organisations[data.pop("coordinator")]
        partners = [organisations[name] for name in data.pop("partners")]
        translations = data.pop("translations")
        project, _ = Project.objects.update_or_create(
            acronym=data["acronym"], defaults={**data, "coordinator": coordinator, **translations}
        )
        project.partners.set(partners)

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
