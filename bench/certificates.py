"""Certificate rendering: the application's path beside bare WeasyPrint.

Renders N certificates (200 by default) through certificates.rendering
(template, QR code, the restricted URL fetcher, PDF/A-3b) and, interleaved, a
bare WeasyPrint render of the same HTML with the same options and none of our
code (HTML(string=...).write_pdf(pdf_variant="pdf/a-3b")): the floor. Prints
the mean milliseconds per certificate of both, their ratio, and the mean PDF
size. Holders' names cycle through Greek, Romanian, Slovenian and English.

    .venv/bin/python bench/certificates.py [--count 200]

It uses a throwaway SQLite database in a temporary folder. Not a timed test:
figures only (target: within 1.3x of the floor, under 100 KB per PDF).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Ζωή Παπαδοπούλου", "Ștefan Țăranu", "Čeč Šuštar Žužek", "Margaret Ashworth-Lloyd"]
LANGUAGES = ["el", "ro", "sl", "en"]


def configure(workdir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{workdir}/certificates.sqlite3",
        CACHE_URL="locmemcache://",
        EMAIL_URL="memorymail://",
        TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
        MEDIA_ROOT=f"{workdir}/media",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seminar_with_registration():
    from accounts.models import ProfessionalGroup, User
    from events.models import Organisation, Project, Seminar, Venue
    from registrations.models import Registration

    host = Organisation.objects.create(name="Društvo Ključ", slug="kljuc", country="SI")
    project = Project.objects.create(
        acronym="VICTOR",
        slug="victor",
        name_en="Victims of trafficking: identification and protection",
        funder="the European Commission, DG Home Affairs",
        coordinator=host,
    )
    venue = Venue.objects.create(
        organisation=host, name="Centre", city="Ljubljana", country="SI", time_zone="Europe/Ljubljana"
    )
    seminar = Seminar.objects.create(
        organisation=host,
        project=project,
        venue=venue,
        slug="identifying-child-victims",
        title_en="Identifying child victims of trafficking",
        time_zone="Europe/Ljubljana",
        starts_at=datetime(2014, 3, 12, 8, tzinfo=UTC),
        ends_at=datetime(2014, 3, 13, 16, tzinfo=UTC),
        language="en",
        capacity=40,
        contact_email="training@example.org",
    )
    user = User.objects.create_user("holder@example.org", full_name=NAMES[0])
    registration = Registration.objects.create(
        seminar=seminar,
        user=user,
        status=Registration.Status.CONFIRMED,
        professional_group=ProfessionalGroup.objects.first(),
        organisation="Centre for Social Work",
        country="SI",
    )
    return seminar, registration


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        configure(workdir)
        from weasyprint import HTML

        from certificates import issuance
        from certificates.rendering import PDF_OPTIONS, certificate_html, render_certificate_pdf

        seminar, registration = seminar_with_registration()
        ours, floor, sizes = [], [], []
        with warnings.catch_warnings():
            # WeasyPrint 70 leaves its sRGB profile file open in PDF/A mode (see rendering.write_pdf).
            warnings.simplefilter("ignore", ResourceWarning)
            for number in range(arguments.count + 1):  # the first round warms both up
                certificate = issuance.frozen_copy(
                    seminar=seminar,
                    registration=registration,
                    hours_attended=Decimal("14.50"),
                    total_hours=Decimal("16.00"),
                    language=LANGUAGES[number % len(LANGUAGES)],
                    sequence=number + 1,
                )
                certificate.holder_name = NAMES[number % len(NAMES)]
                started = time.perf_counter()
                content = render_certificate_pdf(certificate)
                app_seconds = time.perf_counter() - started
                html = certificate_html(certificate)
                started = time.perf_counter()
                HTML(string=html).write_pdf(**PDF_OPTIONS)
                bare_seconds = time.perf_counter() - started
                if number:
                    ours.append(app_seconds)
                    floor.append(bare_seconds)
                    sizes.append(len(content))
        app_ms = statistics.mean(ours) * 1000
        bare_ms = statistics.mean(floor) * 1000
        print(f"certificates rendered:        {arguments.count}")
        print(f"application (mean):           {app_ms:.1f} ms per certificate")
        print(f"bare WeasyPrint (mean):       {bare_ms:.1f} ms per certificate")
        print(f"ratio application / bare:     {app_ms / bare_ms:.2f}x (target <= 1.30x)")
        print(f"mean PDF size:                {statistics.mean(sizes) / 1024:.1f} KB (target < 100 KB)")


if __name__ == "__main__":
    main()
