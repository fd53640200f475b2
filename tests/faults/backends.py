"""A task backend broken on purpose (see settings.FAULTS_BREAK)."""

from django_tasks_db.backend import DatabaseBackend


class DatabaseBackendWithoutDefer(DatabaseBackend):
    """The database queue, claiming it cannot run a task later: tasks that retry
    by re-enqueueing themselves with run_after give up at once."""

    supports_defer = False
