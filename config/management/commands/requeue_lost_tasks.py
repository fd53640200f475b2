"""requeue_lost_tasks --worker-id ID: put the tasks that the task worker ID was
running when it died (killed, out of memory, machine restarted) back in the queue.

django-tasks-db leaves such a task "running" forever, and no worker picks it up
again (https://github.com/RealOrangeOne/django-tasks-db/issues/5). Start each
worker with a fixed id (`db_worker --worker-id host-1`) and run this command with
that id just before it starts (systemd: ExecStartPre), never while it runs. Our
tasks are safe to run again (an email may go out twice; a certificate never).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Queue again the tasks that a dead task worker (by its --worker-id) left running."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", required=True, help="the --worker-id the dead worker ran with")

    def handle(self, *args, worker_id: str, **options):
        with transaction.atomic():
            running = DBTaskResult.objects.running().select_for_update().only("worker_ids")
            lost = [result.pk for result in running if result.worker_ids[-1:] == [worker_id]]
            DBTaskResult.objects.filter(pk__in=lost).update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(f"Tasks of worker {worker_id} queued again: {len(lost)}.")
