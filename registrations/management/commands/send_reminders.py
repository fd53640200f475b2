"""Remind confirmed participants two days before their seminar. Idempotent: each
registration is reminded once, however often the command runs."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from registrations import services


class Command(BaseCommand):
    help = (
        "Email a reminder to confirmed participants of seminars starting within the next days (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="how far ahead to remind (default 2)")

    def handle(self, *args, days: int, **options):
        if not 0 < days <= 30:
            raise CommandError("--days must be between 1 and 30.")
        sent = services.reminders_send(within=timedelta(days=days))
        self.stdout.write(f"{sent} reminder(s) queued.")
