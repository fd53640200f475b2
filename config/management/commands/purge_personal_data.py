"""Anonymise the registrations of seminars that ended more than N months ago
(PERSONAL_DATA_RETENTION_MONTHS by default), keeping anonymous counts.

Idempotent: run it daily from a periodic runner (cron, a systemd timer).
Issued certificates are left alone: they keep their frozen copy. Evaluations
of those seminars forget who answered (evaluations.privacy.purge).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evaluations import privacy as evaluation_privacy
from registrations import privacy

MOST_MONTHS = 1200


class Command(BaseCommand):
    help = "Anonymise registrations of seminars that ended more than N months ago (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="retention in months (default: the PERSONAL_DATA_RETENTION_MONTHS setting)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, months: int | None, dry_run: bool, **options):
        months = settings.PERSONAL_DATA_RETENTION_MONTHS if months is None else months
        if not 1 <= months <= MOST_MONTHS:
            raise CommandError(f"--months must be a whole number from 1 to {MOST_MONTHS}.")
        now = timezone.now()
        counts = privacy.purge(months=months, now=now, dry_run=dry_run)
        if not dry_run:
            evaluation_privacy.purge(ended_before=privacy.months_before(now, months))
        verb = "would be anonymised" if dry_run else "anonymised"
        for slug, number in counts.items():
            self.stdout.write(f"{slug}: {number} registration(s) {verb}.")
        self.stdout.write(
            f"{sum(counts.values())} registration(s) of {len(counts)} seminar(s) {verb} "
            f"(seminars that ended more than {months} month(s) ago)."
        )
