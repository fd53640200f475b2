"""Registration burst: many people register for one seminar at the same moment.

Prints registrations per second and the share of outcomes that are correct
(exactly the free seats confirmed, everyone else on the waiting list, in
order). PostgreSQL by default, as in production; SQLite with --sqlite.

    .venv/bin/python bench/registration_burst.py [--people 200] [--seats 50] [--rounds 3] [--connections 80]

Every thread has its own database connection and they are released together by
a barrier, as concurrent requests would be; each then registers people from a
shared list until all have tried. At most --connections threads (80: PostgreSQL
allows 100 connections by default, and gunicorn's workers, not one connection
per visitor, would hold them in production). It creates a throwaway database
(victor_bench_burst) and drops it at the end. Not a timed test: figures only.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_NAME = "victor_bench_burst"


def configure(use_sqlite: bool, workdir: str) -> None:
    sys.path.insert(0, str(ROOT))
    database_url = (
        f"sqlite:///{workdir}/burst.sqlite3"
        if use_sqlite
        else os.environ.get("BENCH_POSTGRES_URL", POSTGRES_ADMIN_URL).rsplit("/", 1)[0] + f"/{DATABASE_NAME}"
    )
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        CACHE_URL="locmemcache://",
        EMAIL_URL="memorymail://",
        TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
    )


def recreate_postgres_database(drop_only: bool = False) -> None:
    import psycopg

    admin_url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_ADMIN_URL)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")
        if not drop_only:
            admin.execute(f"CREATE DATABASE {DATABASE_NAME}")


def burst(people: int, seats: int, connections: int) -> tuple[float, bool, int, int]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from accounts.models import ProfessionalGroup, User
    from registrations import services
    from registrations.models import Registration
    from tests.factories import SeminarFactory

    seminar = SeminarFactory(capacity=seats)
    group = ProfessionalGroup.objects.get(slug="social-workers")
    # Without a usable password: hashing 200 of them with the production hasher takes minutes.
    users = User.objects.bulk_create(
        [
            User(
                email=f"burst-{seminar.pk}-{n}@example.org",
                full_name=f"Person {n}",
                organisation="Centre for Social Work",
                country="SI",
                professional_group=group,
                password=make_password(None),
            )
            for n in range(people)
        ]
    )
    threads_count = min(people, connections)
    barrier = threading.Barrier(threads_count + 1)
    errors: list[Exception] = []
    waiting_users = iter(users)
    lock = threading.Lock()

    def register() -> None:
        barrier.wait()
        try:
            while True:
                with lock:
                    user = next(waiting_users, None)
                if user is None:
                    return
                try:
                    services.registration_create(
                        seminar=seminar,
                        user=user,
                        professional_group=group,
                        organisation="Centre for Social Work",
                        country="SI",
                        consent=True,
                    )
                except Exception as error:
                    errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for kind, example in {type(error).__name__: error for error in errors}.items():
        print(f"  error {kind}: {str(example).strip()[:200]}", file=sys.stderr)

    registrations = Registration.objects.filter(seminar=seminar)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
    waiting = list(
        registrations.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")
    )
    correct = (
        not errors
        and confirmed == min(seats, people)
        and len(waiting) == people - confirmed
        and [r.pk for r in waiting] == sorted(r.pk for r in waiting)
        and all(r.waitlisted_at <= timezone.now() for r in waiting)
    )
    return people / elapsed, correct, len(errors), max(0, confirmed - seats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=80, help="threads, each with its connection")
    parser.add_argument("--sqlite", action="store_true", help="use a SQLite file instead of PostgreSQL")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="victor-burst-") as workdir:
        configure(arguments.sqlite, workdir)
        if not arguments.sqlite:
            recreate_postgres_database()
        try:
            import django
            from django.core.management import call_command
            from django.db import connection

            django.setup()
            call_command("migrate", verbosity=0)
            print(
                f"Registration burst on {connection.vendor}: {arguments.people} people at once, "
                f"{arguments.seats} seats, {arguments.rounds} rounds, "
                f"{min(arguments.people, arguments.connections)} connections"
            )
            print(f"{'round':>5}  {'registrations/s':>16}  {'correct':>7}  {'errors':>6}  {'oversold':>8}")
            outcomes = []
            for round_number in range(1, arguments.rounds + 1):
                per_second, correct, errors, oversold = burst(
                    arguments.people, arguments.seats, arguments.connections
                )
                outcomes.append((per_second, correct, errors, oversold))
                print(
                    f"{round_number:>5}  {per_second:>16.1f}  {'yes' if correct else 'NO':>7}  "
                    f"{errors:>6}  {oversold:>8}"
                )
            share = sum(outcome[1] for outcome in outcomes) / len(outcomes)
            best = max(outcome[0] for outcome in outcomes)
            print(f"best {best:.1f} registrations/s; correct outcomes in {share:.0%} of rounds")
            print(
                f"errors {sum(outcome[2] for outcome in outcomes)}; "
                f"oversold seats {sum(outcome[3] for outcome in outcomes)}"
            )
            connection.close()
        finally:
            if not arguments.sqlite:
                recreate_postgres_database(drop_only=True)


if __name__ == "__main__":
    main()
