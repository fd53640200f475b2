"""run_periodic: the periodic runner, for machines without cron or a systemd timer.

Runs the four idempotent periodic commands of the README's cron lines at their
intervals, each once at start, until SIGTERM or SIGINT; it then finishes the
command it is running and exits with status 0. A command that fails (say, the
database is restarting) is logged and tried again at its next turn. Any number
of runners may run at once: the commands lock the rows they change.
"""

import io
import logging
import signal
import threading
import time
from datetime import UTC, datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

logger = logging.getLogger(__name__)

# Seconds between two runs of each command: the README's cron lines.
SCHEDULE = {
    "expire_offers": 5 * 60,
    "send_evaluation_invitations": 15 * 60,
    "send_reminders": 60 * 60,
    "purge_personal_data": 24 * 60 * 60,
}


def _interval(value: str) -> tuple[str, float]:
    """COMMAND=SECONDS, for a command of SCHEDULE and a positive number of seconds."""
    command, _, seconds = value.partition("=")
    try:
        interval = float(seconds)
    except ValueError:
        interval = 0
    if command not in SCHEDULE or not interval > 0:
        raise ValueError(value)
    return command, interval


class Command(BaseCommand):
    help = "Run expire_offers, send_reminders, send_evaluation_invitations and purge_personal_data at their intervals until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=_interval,
            action="append",
            default=[],
            metavar="COMMAND=SECONDS",
            help="run COMMAND every SECONDS instead of its default interval (repeatable)",
        )
        parser.add_argument("--once", action="store_true", help="run each command once, then exit")

    def handle(self, *args, every: list[tuple[str, float]], once: bool, **options):
        schedule = {**SCHEDULE, **dict(every)}
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(
            "Periodic runner started: "
            + ", ".join(f"{command} every {seconds:g} s" for command, seconds in schedule.items())
            + "."
        )
        due = dict.fromkeys(schedule, time.monotonic())
        failures = 0
        while not stop.is_set():
            for command, seconds in schedule.items():
                if stop.is_set() or due[command] > time.monotonic():
                    continue
                due[command] = time.monotonic() + seconds
                failures += not self._run(command)
            # Nothing held between rounds: a restarted database costs no broken connection.
            connections.close_all()
            if once:
                break
            stop.wait(max(0.0, min(due.values()) - time.monotonic()))
        self.stdout.write("Periodic runner stopped.")
        if once and failures:
            raise CommandError(f"{failures} periodic command(s) failed.")

    def _run(self, command: str) -> bool:
        """Run one command; its output goes to ours with the time. False if it failed."""
        output = io.StringIO()
        try:
            call_command(command, stdout=output)
        except Exception:
            logger.exception("Periodic command %s failed; it runs again at its next turn.", command)
            return False
        finally:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            for line in output.getvalue().splitlines():
                self.stdout.write(f"{stamp} {command}: {line}")
            self.stdout.flush()
        return True
