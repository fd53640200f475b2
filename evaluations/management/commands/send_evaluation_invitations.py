"""Email the evaluation's link to the attendees of every seminar whose evaluation
has opened (by default when the seminar ends). Idempotent: each person is
invited once, however often it runs; run it from a periodic runner."""

from django.core.management.base import BaseCommand

from evaluations import services


class Command(BaseCommand):
    help = "Invite attendees to answer evaluations that have opened (idempotent)."

    def handle(self, *args, **options):
        sent = services.invitations_send_due()
        self.stdout.write(f"{sent} evaluation invitation(s) queued.")
