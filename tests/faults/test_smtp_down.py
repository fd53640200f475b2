"""The mail server down: registering still succeeds, the worker's send fails and
the task queues itself again for later (registrations.tasks: 5 minutes, then 10,
... up to 5 attempts), and once the server is back and the retry is due the
email goes out exactly once. The tests let the retry delay pass by making the
queued retry due now."""

from contextlib import contextmanager

from tests.faults.harness import wait_until

SEND_TASK = "registrations.tasks.send_registration_email"


@contextmanager
def mail_server_down(smtp):
    smtp.stop()
    try:
        yield
    finally:
        if smtp.process is None:
            smtp.start()


def email_tasks(cluster, registration_id: int) -> list[tuple]:
    """(status, args, return value, minutes deferred) of the registration's email tasks."""
    return cluster.rows(
        "SELECT status, args_kwargs->'args', return_value, CASE WHEN run_after < '9999-01-01' "
        "THEN round(extract(epoch FROM run_after - enqueued_at) / 60)::int END "
        "FROM django_tasks_database_dbtaskresult WHERE task_path = %s AND (args_kwargs->'args'->>0)::bigint = %s "
        "ORDER BY enqueued_at",
        SEND_TASK,
        registration_id,
    )


def register(web, data) -> int:
    [person] = data["people"]
    answer = web.request(
        "POST",
        "/api/v1/registrations/",
        token=person["token"],
        data={
            "seminar": data["seminar"],
            "professional_group": "social-workers",
            "organisation": "Centre for Social Work",
            "country": "SI",
            "consent": True,
        },
    )
    assert (answer.status, answer.json()["status"]) == (201, "confirmed")
    return answer.json()["id"]


def delivery_problems(cluster, smtp, address: str, registration_id: int) -> list[str]:
    """With the mail server back and every retry due now, wait until the email
    arrives or nothing is left to send it; what is wrong with the delivery."""
    cluster.rows(
        "UPDATE django_tasks_database_dbtaskresult SET run_after = now() WHERE status = 'READY' AND task_path = %s "
        "AND (args_kwargs->'args'->>0)::bigint = %s RETURNING id",
        SEND_TASK,
        registration_id,
    )

    def settled() -> bool:
        return all(
            status in {"SUCCESSFUL", "FAILED"} for status, *_rest in email_tasks(cluster, registration_id)
        )

    wait_until(settled, timeout=60, what="the registration's email tasks to finish")
    messages = smtp.messages_to(address)
    if not messages:
        return ["the email never arrived"]
    if len(messages) > 1:
        return [f"the email arrived {len(messages)} times"]
    return []


def test_registration_succeeds_while_mail_is_down_and_its_email_goes_out_once_it_is_back(
    app, web, cluster, smtp, workers
):
    data = app.seed("registrations_open", "mail-down", capacity=5, people=1)
    address = data["people"][0]["email"]
    with mail_server_down(smtp):
        workers.worker("mail")
        registration_id = register(web, data)
        retrying = wait_until(
            lambda: len(email_tasks(cluster, registration_id)) == 2 and email_tasks(cluster, registration_id),
            timeout=60,
            what="the failed send to queue a retry",
        )
        assert retrying == [
            ("SUCCESSFUL", [registration_id, "registration_confirmed"], "retrying", None),
            ("READY", [registration_id, "registration_confirmed", 2], None, 5),
        ]
        smtp.start()

    assert delivery_problems(cluster, smtp, address, registration_id) == []
    [message] = smtp.messages_to(address)
    assert message["Subject"].strip().startswith("Your place is confirmed: ")
    assert [row[:3] for row in email_tasks(cluster, registration_id)] == [
        ("SUCCESSFUL", [registration_id, "registration_confirmed"], "retrying"),
        ("SUCCESSFUL", [registration_id, "registration_confirmed", 2], "sent"),
    ]


def test_delivery_check_catches_an_email_lost_by_a_worker_that_cannot_retry(app, web, cluster, smtp, workers):
    """Companion: a task backend that cannot defer makes the send give up at
    once; the email is lost, which the check reports."""
    data = app.seed("registrations_open", "mail-lost", capacity=5, people=1)
    with mail_server_down(smtp):
        workers.worker("mail-without-retry", FAULTS_BREAK="no-retry")
        registration_id = register(web, data)
        wait_until(
            lambda: [row[0] for row in email_tasks(cluster, registration_id)] == ["FAILED"],
            timeout=60,
            what="the send to fail",
        )
        smtp.start()

    assert delivery_problems(cluster, smtp, data["people"][0]["email"], registration_id) == [
        "the email never arrived"
    ]
