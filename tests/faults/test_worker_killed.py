"""A task worker killed (kill -9) in the middle of issuing a seminar's
certificates. django-tasks-db leaves the task it was running "running" forever;
`manage.py requeue_lost_tasks --worker-id <id>`, run before the worker restarts
with the same id, queues it again. Restarted, the worker completes the issuance
with exactly one valid certificate per registration, numbered without gaps."""

import time

from tests.faults.harness import wait_until

ATTENDEES = 20
ISSUE_TASK = "certificates.tasks.issue_certificate"


def issue_tasks(cluster, seminar_id: int) -> list[tuple]:
    """(status, registration id, its number of certificates, started at) of the seminar's issue tasks."""
    return cluster.rows(
        "SELECT task.status, registration.id, "
        "(SELECT count(*) FROM certificates_certificate WHERE registration_id = registration.id), "
        "task.started_at "
        "FROM django_tasks_database_dbtaskresult task JOIN registrations_registration registration "
        "ON registration.id = (task.args_kwargs->'args'->>0)::bigint "
        "WHERE task.task_path = %s AND registration.seminar_id = %s ORDER BY registration.id",
        ISSUE_TASK,
        seminar_id,
    )


def issuance_problems(cluster, data, *, restarted_at) -> list[str]:
    """Once the worker restarted at `restarted_at` has taken and finished every
    waiting issue task, what is wrong with the seminar's certificates."""

    def worker_done() -> bool:
        return all(
            status == "SUCCESSFUL" or (status == "RUNNING" and started < restarted_at)
            for status, _registration, _count, started in issue_tasks(cluster, data["seminar_id"])
        )

    wait_until(worker_done, timeout=90, what="the restarted worker to finish the issue tasks")
    problems = []
    certificates = cluster.rows(
        "SELECT registration_id, sequence, revoked_at IS NULL FROM certificates_certificate WHERE seminar_id = %s",
        data["seminar_id"],
    )
    holders = [registration for registration, _sequence, valid in certificates if valid]
    if without := sorted(set(data["registrations"]) - set(holders)):
        problems.append(f"registrations without a certificate: {without}")
    if twice := sorted({holder for holder in holders if holders.count(holder) > 1}):
        problems.append(f"registrations with two valid certificates: {twice}")
    if len(certificates) != len(holders):
        problems.append(f"revoked certificates: {len(certificates) - len(holders)}")
    if sorted(sequence for _registration, sequence, _valid in certificates) != list(
        range(1, len(certificates) + 1)
    ):
        problems.append("certificate numbers with gaps or repeats")
    if stuck := [row[:3] for row in issue_tasks(cluster, data["seminar_id"]) if row[0] != "SUCCESSFUL"]:
        problems.append(f"issue tasks never done: {stuck}")
    return problems


def kill_worker_mid_issuance(app, web, cluster, data, worker_id: str) -> tuple:
    """Start issuing through the organisers' API; once a certificate exists, kill -9
    the worker while it runs a task whose certificate does not exist yet (paused
    first, so that what it is doing does not change between looking and killing).
    The task left running: (status, registration id, its certificates)."""
    worker = app.worker(worker_id)
    answer = web.request(
        "POST",
        f"/api/v1/manage/seminars/{data['seminar']}/certificates/issue/",
        token=data["organiser_token"],
    )
    assert (answer.status, answer.json()["queued"]) == (202, ATTENDEES)

    def issued_one_and_running_the_next() -> list[tuple]:
        tasks = issue_tasks(cluster, data["seminar_id"])
        return sum(row[2] for row in tasks) >= 1 and [
            row for row in tasks if row[0] == "RUNNING" and row[2] == 0
        ]

    deadline = time.monotonic() + 60
    while True:
        wait_until(issued_one_and_running_the_next, timeout=60, interval=0.02, what="the first certificate")
        worker.pause()
        if running := issued_one_and_running_the_next():
            worker.kill()
            [lost] = running
            return lost[:3]
        worker.resume()  # between two tasks: look again
        assert time.monotonic() < deadline, "never caught the worker in the middle of a task"


def database_now(cluster):
    [(now,)] = cluster.rows("SELECT now()")
    return now


def test_worker_killed_mid_issuance_completes_after_restart_without_duplicates(app, web, cluster, workers):
    data = app.seed("certificates_due", "killed", capacity=ATTENDEES, people=ATTENDEES)
    kill_worker_mid_issuance(app, web, cluster, data, "certificates-1")

    requeued = app.manage("requeue_lost_tasks", "--worker-id", "certificates-1")
    restarted_at = database_now(cluster)
    app.worker("certificates-1")

    assert requeued == "Tasks of worker certificates-1 queued again: 1.\n"
    assert issuance_problems(cluster, data, restarted_at=restarted_at) == []


def test_issuance_check_catches_the_task_lost_with_a_worker_restarted_without_requeueing(
    app, web, cluster, workers
):
    """Companion: restarted without requeue_lost_tasks, the worker never takes up the
    killed task again, and the check reports the registration left without a certificate."""
    data = app.seed("certificates_due", "lost", capacity=ATTENDEES, people=ATTENDEES)
    lost = kill_worker_mid_issuance(app, web, cluster, data, "certificates-2")
    restarted_at = database_now(cluster)
    app.worker("certificates-2")

    assert issuance_problems(cluster, data, restarted_at=restarted_at) == [
        f"registrations without a certificate: {[lost[1]]}",
        f"issue tasks never done: {[lost]}",
    ]
