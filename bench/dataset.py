"""Build the benchmark's data set: published seminars across eight countries.

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

DAYS_SPREAD = 240  # seminars run from 240 days ago to 240 days from now


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
            day = today + timedelta(days=-DAYS_SPREAD + (2 * DAYS_SPREAD * i) // max(seminar_count, 1))
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


def describe() -> dict:
    """What the bench data set in the database holds, and a slug for /seminars/<slug>/."""
    from django.utils import timezone

    from events.models import Seminar

    now = timezone.now()
    public = Seminar.objects.published().filter(slug__startswith="bench-")
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
        "slug": example.slug if example else "",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seminars", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
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
    sys.stdout.write(json.dumps(describe()) + "\n")


if __name__ == "__main__":
    main()
