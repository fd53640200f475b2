"""issue_certificates <seminar-slug>: issue every eligible registration's
certificate now, in this process, with a progress bar (what the organiser's
button does through background tasks)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.utils import timezone

from certificates import issuance, services
from events.models import Seminar

BAR_WIDTH = 30


def progress_bar(done: int, total: int) -> str:
    """[##########....................] 12/40"""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"


class Command(BaseCommand):
    help = "Issue the certificates of a seminar's eligible participants who have none."

    def add_arguments(self, parser):
        parser.add_argument("seminar", help="the seminar's slug")

    def handle(self, *args, seminar: str, **options):
        # The published one first: slugs are unique per organisation and among published seminars.
        found = (
            Seminar.objects.filter(slug=seminar)
            .order_by(F("published_at").asc(nulls_last=True), "pk")
            .first()
        )
        if found is None:
            raise CommandError(f"No seminar with the slug {seminar!r}.")
        refusal = issuance.issuance_refusal(found, now=timezone.now())
        if refusal:
            raise CommandError(refusal)
        bulk = services.bulk_issuance(found)
        pending = bulk.pending
        if bulk.revoked:
            self.stdout.write(
                f"{bulk.revoked} people whose certificate was revoked are not included; "
                "issue a new one from its row on the certificates page if the revocation was a mistake."
            )
        issued = 0
        self.stdout.write(progress_bar(0, len(pending)))
        for done, registration in enumerate(pending, start=1):
            try:
                _certificate, created = services.certificate_issue(registration=registration)
            except services.CertificateError as error:
                self.stderr.write(f"Registration {registration.pk}: {error.message}")
            else:
                issued += created
            self.stdout.write(progress_bar(done, len(pending)))
        self.stdout.write(
            self.style.SUCCESS(f"{issued} certificates issued; {bulk.issued} were issued before.")
        )
