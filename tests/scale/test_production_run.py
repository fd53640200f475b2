"""The production run of one machine, `bin/prod` (make prod), as the README
describes it: gunicorn with the production settings against PostgreSQL, a task
worker of the database queue and the periodic runner, with an SMTP sink as the
mail server. A participant logs in and registers over HTTP through the HTML
forms (CSRF and all); the confirmation email arrives through the worker. The
periodic runner passes a lapsed waiting-list offer on at its first round, and
SIGTERM stops every process."""

import os

import pytest

from tests.faults.harness import PYTHON, Web, free_port, wait_until
from tests.scale.session import Session

SEND_TASK = "registrations.tasks.send_registration_email"
SEED = "tests.scale.seed"


@pytest.fixture(scope="module")
def lapsed(app):
    """A lapsed offer written before bin/prod starts: its runner's first round finds it."""
    return app.seed("lapsed_offer", "lapsed", capacity=2, people=4, module=SEED)


@pytest.fixture(scope="module")
def prod(app, lapsed):
    """bin/prod serving on a free port: two web workers, one task worker (prod-1)."""
    port = free_port()
    process = app.start(
        "prod",
        ["bin/prod"],
        PY=PYTHON,
        DJANGO_SETTINGS_MODULE="tests.scale.settings",
        STATIC_ROOT_FOR_TESTS=str(app.folder / "static"),
        PROD_BIND=f"127.0.0.1:{port}",
        PROD_WEB_WORKERS="2",
        PROD_TASK_WORKERS="1",
        PROD_WORKER_PREFIX="prod",
    )
    web = Web(port, process)
    wait_until(web.healthy, timeout=120, what=f"bin/prod to answer /healthz:\n{process.log_tail()}")
    yield web
    process.stop()


def email_tasks(cluster, registration_id: int) -> list[tuple]:
    """(status, worker ids, backend) of the emails about one registration."""
    return cluster.rows(
        "SELECT status, worker_ids, backend_name FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = %s AND (args_kwargs->'args'->>0)::bigint = %s ORDER BY enqueued_at",
        SEND_TASK,
        registration_id,
    )


def test_participant_logs_in_and_registers_over_http_and_the_email_comes_through_the_worker(
    app, cluster, smtp, prod
):
    data = app.seed("participant", "prod", capacity=5, people=1, module=SEED)
    [person] = data["people"]
    browser = Session(prod.port)

    login = browser.submit("/accounts/login/", {"login": person["email"], "password": person["password"]})
    registered = browser.submit(f"/seminars/{data['seminar']}/register/", {"consent": "on"})
    dashboard = browser.request("GET", "/me/")

    assert (login.status, login.headers["location"]) == (302, "/me/")
    assert (registered.status, registered.headers.get("location")) == (302, "/me/")
    title = seminar_title(cluster, data["seminar_id"])
    assert f"You are registered for “{title}” and your place is confirmed." in dashboard.body
    [(registration_id, status)] = cluster.rows(
        "SELECT registration.id, registration.status FROM registrations_registration registration "
        "WHERE registration.seminar_id = %s",
        data["seminar_id"],
    )
    assert status == "confirmed"
    wait_until(
        lambda: smtp.messages_to(person["email"]),
        timeout=60,
        what=f"the confirmation email:\n{prod.process.log_tail()}",
    )
    [message] = smtp.messages_to(person["email"])
    assert message["Subject"].strip() == f"Your place is confirmed: {title}"
    assert [part.get_content_type() for part in message.iter_attachments()] == [
        "text/calendar",
        "image/png",
    ]  # the .ics, the check-in QR code
    assert email_tasks(cluster, registration_id) == [("SUCCESSFUL", ["prod-1"], "default")]


def test_the_periodic_runner_passes_a_lapsed_offer_to_the_next_person_at_its_first_round(
    app, cluster, smtp, prod, lapsed
):
    def statuses() -> dict[int, str]:
        return dict(
            cluster.rows(
                "SELECT id, status FROM registrations_registration WHERE seminar_id = %s",
                lapsed["seminar_id"],
            )
        )

    wait_until(lambda: statuses()[lapsed["lapsed"]] == "expired", timeout=60, what="the offer to expire")
    wait_until(lambda: smtp.messages_to(lapsed["next_email"]), timeout=60, what="the offer email")

    next_in_line, still_waiting = lapsed["waiting"]
    assert statuses() == {
        **dict.fromkeys(lapsed["seated"], "confirmed"),
        lapsed["lapsed"]: "expired",
        next_in_line: "offered",
        still_waiting: "waitlisted",
    }
    assert [message["Subject"].strip() for message in smtp.messages_to(lapsed["next_email"])] == [
        f"A seat is free for you: {seminar_title(cluster, lapsed['seminar_id'])}"
    ]
    assert email_tasks(cluster, next_in_line) == [("SUCCESSFUL", ["prod-1"], "default")]
    assert "expire_offers: 1 offer(s) expired." in prod.process.log.read_text()


def seminar_title(cluster, seminar_id: int) -> str:
    [(title,)] = cluster.rows("SELECT title_en FROM events_seminar WHERE id = %s", seminar_id)
    return title


def test_run_periodic_repeats_a_command_at_its_interval_and_exits_cleanly_on_sigterm(app, cluster, workers):
    runner = app.start("periodic", [PYTHON, "manage.py", "run_periodic", "--every", "expire_offers=0.5"])
    wait_until(
        lambda: "expire_offers: 0 offer(s) expired." in runner.log.read_text(),
        timeout=30,
        what=f"the first round:\n{runner.log_tail()}",
    )
    later = app.seed("lapsed_offer", "later", capacity=1, people=2, module=SEED)
    wait_until(
        lambda: (
            cluster.rows("SELECT status FROM registrations_registration WHERE id = %s", later["lapsed"])
            == [("expired",)]
        ),
        timeout=30,
        what=f"a later round to expire the offer:\n{runner.log_tail()}",
    )
    runner.stop(timeout=10)

    assert runner.popen.returncode == 0
    log = runner.log.read_text()
    assert log.startswith("Periodic runner started: expire_offers every 0.5 s, send_evaluation_invitations")
    assert log.endswith("Periodic runner stopped.\n")
    for command in ("send_reminders", "send_evaluation_invitations", "purge_personal_data"):
        assert log.count(f" {command}: ") >= 1, command
    assert "Traceback" not in log


def process_group(pgid: int) -> list[int]:
    """The live processes of a process group."""
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid:
                    members.append(int(entry))
            except ProcessLookupError:
                continue
    return members


def test_sigterm_stops_bin_prod_and_every_process_it_started(prod):
    """Runs last in this module: it stops bin/prod."""
    started = process_group(prod.process.pid)
    prod.process.stop(timeout=30)

    # bash, gunicorn and its two workers, the task worker, the periodic runner
    assert len(started) >= 6, started
    assert prod.process.popen.returncode == 0, prod.process.log_tail()
    assert process_group(prod.process.pid) == []
    assert prod.process.log_tail(1) == "bin/prod: stopped"
