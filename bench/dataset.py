"""Build the benchmark's data set: seminars in eight countries, registrations, certificates, press.

Run by bench/run.py in a subprocess, against its own fresh database:

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.dataset --seminars 200

Prints one JSON line describing what it built (counts and example slugs).
The data set is deterministic apart from its dates, which are relative to today:
about half the seminars are past and half upcoming.
"""

import argparse
import json
import os
import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

# (country, two cities, time zone, language of instruction)
COUNTRIES = [
    ("SI", ("Ljubljana", "Maribor"), "Europe/Ljubljana", "sl"),
    ("GR", ("Athens", "Thessaloniki"), "Europe/Athens", "el"),
    ("RO", ("Bucharest", "Cluj-Napoca"), "Europe/Bucharest", "ro"),
    ("HR", ("Zagreb", "Split"), "Europe/Zagreb", "en"),
    ("BG", ("Sofia", "Plovdiv"), "Europe/Sofia", "en"),
    ("IT", ("Rome", "Milan"), "Europe/Rome", "en"),
    ("AT", ("Vienna", "Graz"), "Europe/Vienna", "en"),
    ("CY", ("Nicosia", "Limassol"), "Asia/Nicosia", "el"),
]

TOPICS = [
    "Identifying child victims of trafficking",
    "Trauma-informed interviewing",
    "Labour exploitation in agriculture",
    "Guardianship for unaccompanied children",
    "Online recruitment and grooming",
    "Referral mechanisms between agencies",
    "Victim-centred prosecution",
    "Health care for survivors",
]

LOCAL_TITLE_PREFIX = {"sl": "Usposabljanje", "el": "Εκπαίδευση", "ro": "Instruire"}

DESCRIPTION = """\
This seminar brings together **{group_a}** and **{group_b}** from {country} and beyond.

## What you will learn

- how to recognise the indicators of trafficking in everyday work;
- the legal framework in {country} and the EU Anti-Trafficking Directive;
- how to refer a presumed victim to the right service, and what happens next.

## How it works

Short presentations alternate with case studies in small groups. Participants
receive the materials in advance and a certificate of attendance afterwards.
See the [project page](https://example.org/victor) for the full programme.
"""

# Agenda of each seminar, in the venue's local time.
SESSIONS = [
    ("09:00", "10:30", "Opening and legal framework"),
    ("11:00", "12:30", "Case studies in small groups"),
    ("13:30", "15:00", "Referral and cooperation"),
    ("15:30", "17:00", "Practice, questions and evaluation"),
]

# Seminars span three years: from about 2.5 years ago to half a year from now.
DAYS_BEFORE = 912
DAYS_SPAN = 3 * 365


def build(seminar_count: int, seed: int = 2026) -> None:
    import factory.random
    from django.db import transaction
    from django.utils import timezone, translation

    from accounts.models import ProfessionalGroup
    from events.models import Seminar
    from tests.factories import (
        AgendaSessionFactory,
        OrganisationFactory,
        ProjectFactory,
        SeminarFactory,
        TrainerFactory,
        VenueFactory,
    )

    factory.random.reseed_random(seed)
    now = timezone.now()
    today = timezone.localdate(now)
    groups = list(ProfessionalGroup.objects.filter(is_active=True).order_by("position", "pk"))
    if len(groups) < 2:
        raise SystemExit("bench.dataset: the professional groups are missing; was the database migrated?")

    with translation.override("en"), transaction.atomic():
        organisations, venues, trainers = [], [], []
        for index, (country, cities, zone, _language) in enumerate(COUNTRIES):
            organisation = OrganisationFactory(
                name=f"Anti-Trafficking Network {country}",
                short_name=f"ATN-{country}",
                slug=f"bench-atn-{country.lower()}",
                country=country,
                website=f"https://atn-{country.lower()}.example.org",
            )
            organisations.append(organisation)
            venues.append(
                [
                    VenueFactory(
                        organisation=organisation,
                        name=f"{city} Training Centre",
                        address=f"Main Street {index + number + 1}",
                        city=city,
                        country=country,
                        time_zone=zone,
                    )
                    for number, city in enumerate(cities)
                ]
            )
            trainers.append([TrainerFactory(organisation=organisation) for _ in range(4)])
        project = ProjectFactory(
            acronym="BENCH",
            slug="bench-project",
            name="Benchmark project",
            coordinator=organisations[0],
        )
        project.partners.set(organisations[1:])

        for i in range(seminar_count):
            country_index = i % len(COUNTRIES)
            country, cities, zone_name, language = COUNTRIES[country_index]
            organisation = organisations[country_index]
            zone = ZoneInfo(zone_name)
            day = today + timedelta(days=-DAYS_BEFORE + (DAYS_SPAN * i) // max(seminar_count, 1))
            starts_at = datetime.combine(day, time(9, 0), tzinfo=zone)
            ends_at = datetime.combine(day, time(17, 0), tzinfo=zone)
            seminar_format = (
                Seminar.Format.ONLINE
                if i % 10 == 0
                else Seminar.Format.HYBRID
                if i % 10 == 1
                else Seminar.Format.IN_PERSON
            )
            venue = None if seminar_format == Seminar.Format.ONLINE else venues[country_index][(i // 8) % 2]
            status = Seminar.Status.CANCELLED if i % 25 == 7 else Seminar.Status.PUBLISHED
            topic = TOPICS[(i // len(COUNTRIES)) % len(TOPICS)]
            group_a, group_b = groups[i % len(groups)], groups[(i + 3) % len(groups)]
            titles = {"title_en": f"{topic} ({venue.city if venue else 'online'}, {i + 1})"}
            if language in LOCAL_TITLE_PREFIX:
                titles[f"title_{language}"] = f"{LOCAL_TITLE_PREFIX[language]}: {titles['title_en']}"
            seminar = SeminarFactory(
                organisation=organisation,
                venue=venue,
                time_zone=zone_name,
                slug=f"bench-{i + 1:04d}-{topic.lower().replace(' ', '-')}"[:80],
                summary_en=f"A one-day training on {topic.lower()} for professionals in {country}.",
                description_en=DESCRIPTION.format(
                    group_a=group_a.name_en, group_b=group_b.name_en, country=country
                ),
                starts_at=starts_at,
                ends_at=ends_at,
                registration_closes_at=starts_at - timedelta(days=2),
                language=language,
                capacity=20 + (i % 5) * 10,
                status=status,
                format=seminar_format,
                join_url=""
                if seminar_format == Seminar.Format.IN_PERSON
                else f"https://meet.example.org/{i}",
                project=project if i % 3 else None,
                contact_email=f"training@atn-{country.lower()}.example.org",
                published_at=now,
                cancelled_at=now if status == Seminar.Status.CANCELLED else None,
                target_groups=[group_a, group_b],
                **titles,
            )
            seminar.partners.set(
                [organisations[(country_index + 1) % 8], organisations[(country_index + 2) % 8]]
            )
            for number, (start, end, title) in enumerate(SESSIONS):
                session = AgendaSessionFactory(
                    seminar=seminar,
                    starts_at=datetime.combine(day, time.fromisoformat(start), tzinfo=zone),
                    ends_at=datetime.combine(day, time.fromisoformat(end), tzinfo=zone),
                    title_en=title,
                    description_en=f"Session {number + 1} of {len(SESSIONS)}.",
                )
                pool = trainers[country_index]
                session.trainers.set([pool[number % 4], pool[(number + i) % 4]])
        # A few drafts that public pages must leave out.
        for i in range(max(seminar_count // 20, 1)):
            SeminarFactory(
                organisation=organisations[i % 8],
                venue=venues[i % 8][0],
                time_zone=venues[i % 8][0].time_zone,
                slug=f"bench-draft-{i + 1:03d}",
                status=Seminar.Status.DRAFT,
            )


FIRST_NAMES = ["Ana", "Nikos", "Ioana", "Marko", "Eleni", "Mihai", "Petra", "Giorgos", "Maria", "Luka"]
LAST_NAMES = ["Novak", "Papadopoulou", "Popescu", "Horvat", "Georgiou", "Ionescu", "Kranjc", "Dimitriou"]
PRESS_LANGUAGES = ["en", "sl", "el", "ro"]
PRESS_PREFIX = {"en": "", "sl": "Sporočilo: ", "el": "Ανακοίνωση: ", "ro": "Comunicat: "}


def _person(n: int, email: str, groups: list):
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    return User(
        email=email,
        full_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n // 10) % len(LAST_NAMES)]}",
        organisation="Centre for Social Work",
        country=COUNTRIES[n % len(COUNTRIES)][0],
        professional_group=groups[n % len(groups)],
        password=make_password(None),  # unusable: they never log in with a password
    )


def _stored_certificate_pdf() -> tuple[str, str]:
    """One real certificate PDF, rendered once and shared by every bench certificate row."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from weasyprint import HTML

    content = HTML(string="<h1>Certificate of attendance</h1><p>Benchmark data.</p>").write_pdf()
    name = storages["private"].save("certificates/bench/certificate.pdf", ContentFile(content))
    return name, hashlib.sha256(content).hexdigest()


def build_people(registration_count: int, certificate_count: int) -> None:
    """Registrations spread over the public seminars (each person registers for four),
    confirmed up to capacity and waitlisted beyond it, and certificates for the
    confirmed registrations of past seminars (rows sharing one stored PDF)."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from accounts.models import PrivacyNotice, ProfessionalGroup, User
    from certificates import issuance as certificate_issuance
    from certificates.models import Certificate
    from events.models import Seminar
    from registrations.models import Registration
    from tests.factories import PrivacyNoticeFactory

    now = timezone.now()
    groups = list(ProfessionalGroup.objects.filter(is_active=True).order_by("position", "pk"))
    notice = PrivacyNotice.current() or PrivacyNoticeFactory()
    seminars = list(
        Seminar.objects.published()
        .filter(slug__startswith="bench-", status=Seminar.Status.PUBLISHED)
        .select_related("organisation", "venue", "project")
        .order_by("starts_at", "pk")
    )
    per_person = min(4, len(seminars))
    with transaction.atomic():
        User.objects.bulk_create(
            [
                _person(n, f"bench-person-{n:05d}@example.org", groups)
                for n in range(-(-registration_count // per_person))
            ],
            batch_size=1000,
        )
        users = list(User.objects.filter(email__startswith="bench-person-").order_by("email"))
        taken: dict[int, int] = {}
        rows = []
        for n in range(registration_count):
            seminar = seminars[n % len(seminars)]
            user = users[n // per_person]
            taken[seminar.pk] = taken.get(seminar.pk, 0) + 1
            confirmed = taken[seminar.pk] <= seminar.capacity
            registered_at = min(seminar.starts_at - timedelta(days=20), now)
            rows.append(
                Registration(
                    seminar=seminar,
                    user=user,
                    status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED,
                    professional_group=user.professional_group,
                    organisation=user.organisation,
                    country=user.country,
                    privacy_notice=notice,
                    consented_at=registered_at,
                    created_at=registered_at,
                    confirmed_at=registered_at if confirmed else None,
                    waitlisted_at=None if confirmed else registered_at,
                )
            )
        Registration.objects.bulk_create(rows, batch_size=1000)

        pdf_name, sha256 = _stored_certificate_pdf()
        certificates = []
        for seminar in seminars:
            if len(certificates) >= certificate_count or seminar.ends_at >= now:
                continue
            confirmed = Registration.objects.filter(
                seminar=seminar, status=Registration.Status.CONFIRMED
            ).select_related("user")
            for sequence, registration in enumerate(confirmed.order_by("pk"), start=1):
                if len(certificates) >= certificate_count:
                    break
                certificate = certificate_issuance.frozen_copy(
                    seminar=seminar,
                    registration=registration,
                    hours_attended=Decimal("8.00"),
                    total_hours=Decimal("8.00"),
                    language=seminar.language if seminar.language in PRESS_LANGUAGES else "en",
                    sequence=sequence,
                )
                certificate.issued_at = seminar.ends_at + timedelta(days=1)
                certificate.pdf.name = pdf_name
                certificate.sha256 = sha256
                certificates.append(certificate)
        Certificate.objects.bulk_create(certificates, batch_size=500)


def build_press(release_count: int, seed: int = 2026) -> None:
    """Press releases of the bench organisations over three years, in translation
    groups of English, Slovenian, Greek and Romanian."""
    import uuid

    from django.db import transaction
    from django.utils import timezone

    from events.models import Organisation, Seminar
    from tests.factories import PressContactFactory, PressReleaseFactory, UserFactory

    now = timezone.now()
    organisations = list(Organisation.objects.filter(slug__startswith="bench-atn-").order_by("slug"))
    seminars = list(Seminar.objects.published().filter(slug__startswith="bench-").order_by("starts_at"))
    author = UserFactory(email="bench-press-officer@example.org", full_name="Press Officer")
    contacts = {org.pk: PressContactFactory(organisation=org) for org in organisations}
    with transaction.atomic():
        group_count = -(-release_count // len(PRESS_LANGUAGES))
        for number in range(release_count):
            group, language = divmod(number, len(PRESS_LANGUAGES))
            organisation = organisations[group % len(organisations)]
            published = now - timedelta(days=(DAYS_BEFORE * (group_count - group)) // group_count)
            seminar = seminars[(group * len(seminars)) // group_count] if seminars else None
            PressReleaseFactory(
                organisation=organisation,
                contact=contacts[organisation.pk],
                author=author,
                language=PRESS_LANGUAGES[language],
                translation_group=uuid.UUID(int=seed * 100_000 + group),
                slug=f"bench-press-{group + 1:03d}-{PRESS_LANGUAGES[language]}",
                headline=f"{PRESS_PREFIX[PRESS_LANGUAGES[language]]}{TOPICS[group % len(TOPICS)]}: "
                f"professionals trained in {organisation.country} ({group + 1})",
                dateline_city=organisation.venues.first().city,
                dateline_date=timezone.localdate(published),
                publish_at=published,
                seminars=[seminar] if seminar else None,
            )


def prepare_run(prefix: str, pool: int, issue_count: int) -> dict:
    """Rows each run needs afresh (prefix makes them unique): a seminar with room for
    everyone and a pool of people with API tokens who register for it, a logged-in
    participant's session cookie, and two past seminars whose `issue_count`
    registrations attended every session (certificate issuance with 1 and 2 workers)."""
    from django.conf import settings
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from accounts.models import ApiToken, ProfessionalGroup, User
    from attendance.models import Attendance
    from certificates.models import Certificate
    from events.models import Organisation
    from registrations.models import Registration
    from tests.factories import AgendaSessionFactory, SeminarFactory

    now = timezone.now()
    groups = list(ProfessionalGroup.objects.filter(is_active=True).order_by("position", "pk"))
    organisation = Organisation.objects.get(slug="bench-atn-si")
    venue = organisation.venues.order_by("pk").first()
    digits = 40 - len(prefix)
    with transaction.atomic():
        target = SeminarFactory(
            organisation=organisation,
            venue=venue,
            slug=f"bench-run-{prefix}-open",
            capacity=1_000_000,
            starts_at=now + timedelta(days=60),
            ends_at=now + timedelta(days=60, hours=8),
        )
        User.objects.bulk_create(
            [_person(n, f"bench-{prefix}-pool-{n:06d}@example.org", groups) for n in range(pool)],
            batch_size=1000,
        )
        pool_users = User.objects.filter(email__startswith=f"bench-{prefix}-pool-").order_by("email")
        tokens = [
            ApiToken.build(user=user, key=f"{prefix}{n:0{digits}d}", now=now)[0]
            for n, user in enumerate(pool_users)
        ]
        for token in tokens:  # in use already: the measured requests are the steady state, not a first use
            token.last_used_at = now
        ApiToken.objects.bulk_create(tokens, batch_size=1000)
        issuance = []
        for workers in (1, 2):
            day = now - timedelta(days=3)
            seminar = SeminarFactory(
                organisation=organisation,
                venue=venue,
                slug=f"bench-run-{prefix}-issue-{workers}",
                capacity=issue_count,
                starts_at=day.replace(hour=8, minute=0),
                ends_at=day.replace(hour=16, minute=0),
            )
            sessions = [
                AgendaSessionFactory(
                    seminar=seminar,
                    starts_at=seminar.starts_at + timedelta(hours=2 * k),
                    ends_at=seminar.starts_at + timedelta(hours=2 * k + 2),
                )
                for k in range(4)
            ]
            people = User.objects.bulk_create(
                [
                    _person(n, f"bench-{prefix}-cert{workers}-{n:05d}@example.org", groups)
                    for n in range(issue_count)
                ],
                batch_size=1000,
            )
            registrations = Registration.objects.bulk_create(
                [
                    Registration(
                        seminar=seminar,
                        user=user,
                        status=Registration.Status.CONFIRMED,
                        professional_group=user.professional_group,
                        organisation=user.organisation,
                        country=user.country,
                        consented_at=day - timedelta(days=20),
                        confirmed_at=day - timedelta(days=20),
                    )
                    for user in people
                ],
                batch_size=1000,
            )
            Attendance.objects.bulk_create(
                [Attendance(registration=r, session=s) for r in registrations for s in sessions],
                batch_size=2000,
            )
            issuance.append(seminar.slug)
    holder = Certificate.objects.filter(seminar__slug__startswith="bench-").order_by("pk").first()
    client = Client()
    client.force_login(holder.registration.user if holder else pool_users.first())
    return {
        "target": target.slug,
        "token_prefix": prefix,
        "token_digits": digits,
        "pool": pool,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "issuance": issuance,
        "issue_count": issue_count,
    }


def describe() -> dict:
    """What the bench data set in the database holds, and a slug for /seminars/<slug>/."""
    from django.utils import timezone

    from certificates.models import Certificate
    from events.models import Seminar
    from press.models import PressRelease
    from registrations.models import Registration

    now = timezone.now()
    public = (
        Seminar.objects.published().filter(slug__startswith="bench-").exclude(slug__startswith="bench-run-")
    )
    example = (
        public.upcoming(now=now)
        .filter(status=Seminar.Status.PUBLISHED)
        .exclude(format=Seminar.Format.ONLINE)
        .order_by("starts_at", "pk")
        .first()
    ) or public.order_by("starts_at", "pk").first()
    return {
        "seminars": public.count(),
        "past": public.past(now=now).count(),
        "upcoming": public.upcoming(now=now).count(),
        "cancelled": public.filter(status=Seminar.Status.CANCELLED).count(),
        "online": public.filter(format=Seminar.Format.ONLINE).count(),
        "countries": public.exclude(venue=None).values("venue__country").distinct().count(),
        "sessions_per_seminar": len(SESSIONS),
        "registrations": Registration.objects.filter(seminar__in=public).count(),
        "certificates": Certificate.objects.filter(seminar__in=public).count(),
        "press_releases": PressRelease.objects.filter(slug__startswith="bench-press-").count(),
        "press_languages": PressRelease.objects.filter(slug__startswith="bench-press-")
        .values("language")
        .distinct()
        .count(),
        "slug": example.slug if example else "",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seminars", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--registrations", type=int, default=0, help="spread over the seminars")
    parser.add_argument("--certificates", type=int, default=0, help="issued for past seminars")
    parser.add_argument("--press", type=int, default=0, help="press releases in four languages")
    parser.add_argument("--run-prefix", default="", help="also prepare this run's rows (see prepare_run)")
    parser.add_argument("--pool", type=int, default=0, help="people with API tokens who register")
    parser.add_argument("--issue", type=int, default=0, help="registrations per issuance seminar")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from events.models import Seminar

    if Seminar.objects.filter(slug__startswith="bench-").exists():
        # Only with a DATABASE_URL of your own: bench/run.py otherwise starts from an empty database.
        sys.stderr.write("bench.dataset: the database already holds a bench data set; reusing it.\n")
    else:
        build(args.seminars, seed=args.seed)
        if args.registrations:
            build_people(args.registrations, args.certificates)
        if args.press:
            build_press(args.press, seed=args.seed)
    description = describe()
    if args.run_prefix:
        description["run"] = prepare_run(args.run_prefix, args.pool, args.issue)
    sys.stdout.write(json.dumps(description) + "\n")


if __name__ == "__main__":
    main()
