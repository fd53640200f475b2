"""Let lapsed waiting-list offers expire and offer their seats to the next people.

Idempotent: run it as often as you like from a periodic runner (cron, a systemd
timer); `--loop SECONDS` keeps it running for platforms without one.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from registrations import services


class Command(BaseCommand):
    help = "Expire waiting-list offers that were not confirmed in time (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS", help="repeat every SECONDS")

    def handle(self, *args, loop: int, **options):
        if loop < 0:
            raise CommandError("--loop must be a positive number of seconds.")
        while True:
            expired = services.offers_expire()
            self.stdout.write(f"{expired} offer(s) expired.")
            if not loop:
                return
            time.sleep(loop)
