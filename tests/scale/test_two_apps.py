"""Scale-out: two app processes (two gunicorns on two ports) and two task workers
against one PostgreSQL. Registrations sent alternately to both apps at once never
oversell a seat and leave one consistent waiting list; a seminar's certificates,
issued through one app, are made by both workers, each exactly once."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.faults.harness import wait_until

SEED = "tests.scale.seed"
SEATS = 5
PEOPLE = 30
ATTENDEES = 20
ISSUE_TASK = "certificates.tasks.issue_certificate"


@pytest.fixture(scope="module")
def apps(app):
    """Two gunicorns (two web workers each) and two task workers, scale-1 and scale-2."""
    webs = [app.web("web-a", workers=2), app.web("web-b", workers=2)]
    workers = [app.worker("scale-1"), app.worker("scale-2")]
    yield webs
    for process in [*workers, *(web.process for web in webs)]:
        process.stop()


def test_registrations_sent_to_two_apps_at_once_never_oversell_and_keep_one_waiting_list(app, cluster, apps):
    data = app.seed("registrations_open", "two-apps", capacity=SEATS, people=PEOPLE)

    def register(index: int):
        person = data["people"][index]
        answer = apps[index % 2].request(
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
        return answer.status, answer.json().get("status")

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(register, range(PEOPLE)))

    assert sorted(answers) == [(201, "confirmed")] * SEATS + [(201, "waitlisted")] * (PEOPLE - SEATS)
    rows = cluster.rows(
        "SELECT status, count(*), count(DISTINCT user_id) FROM registrations_registration "
        "WHERE seminar_id = %s GROUP BY status ORDER BY status",
        data["seminar_id"],
    )
    assert rows == [("confirmed", SEATS, SEATS), ("waitlisted", PEOPLE - SEATS, PEOPLE - SEATS)]

    # Each app reports the same positions: 1..25 in the order people were waitlisted.
    waiting = cluster.rows(
        "SELECT registration.id, registration.user_id FROM registrations_registration registration "
        "WHERE seminar_id = %s AND status = 'waitlisted' ORDER BY waitlisted_at, id",
        data["seminar_id"],
    )
    tokens = {person["id"]: person["token"] for person in data["people"]}
    positions = [
        apps[index % 2]
        .request("GET", f"/api/v1/registrations/{registration}/", token=tokens[user])
        .json()["waitlist_position"]
        for index, (registration, user) in enumerate(waiting)
    ]
    assert positions == list(range(1, PEOPLE - SEATS + 1))

    # A seat freed through one app goes to the first person waiting, seen from the other.
    [(seated, seated_user)] = cluster.rows(
        "SELECT id, user_id FROM registrations_registration WHERE seminar_id = %s AND status = 'confirmed' "
        "ORDER BY id LIMIT 1",
        data["seminar_id"],
    )
    cancelled = apps[0].request("POST", f"/api/v1/registrations/{seated}/cancel/", token=tokens[seated_user])
    first, first_user = waiting[0]
    offered = apps[1].request("GET", f"/api/v1/registrations/{first}/", token=tokens[first_user])
    assert (cancelled.status, offered.json()["status"]) == (200, "offered")
    assert cluster.rows(
        "SELECT count(*) FROM registrations_registration WHERE seminar_id = %s AND status IN ('confirmed', 'offered')",
        data["seminar_id"],
    ) == [(SEATS,)]


def test_certificates_issued_through_one_app_are_made_by_both_workers_once_each(app, cluster, apps):
    data = app.seed("certificates_due", "two-workers", capacity=ATTENDEES, people=ATTENDEES)

    answer = apps[0].request(
        "POST",
        f"/api/v1/manage/seminars/{data['seminar']}/certificates/issue/",
        token=data["organiser_token"],
    )

    def tasks() -> list[tuple]:
        return cluster.rows(
            "SELECT task.status, task.worker_ids FROM django_tasks_database_dbtaskresult task "
            "JOIN registrations_registration registration "
            "ON registration.id = (task.args_kwargs->'args'->>0)::bigint "
            "WHERE task.task_path = %s AND registration.seminar_id = %s",
            ISSUE_TASK,
            data["seminar_id"],
        )

    assert (answer.status, answer.json()["queued"]) == (202, ATTENDEES)
    wait_until(
        lambda: len(tasks()) == ATTENDEES and all(status == "SUCCESSFUL" for status, _ids in tasks()),
        timeout=120,
        what="both workers to finish the issue tasks",
    )
    certificates = cluster.rows(
        "SELECT registration_id, sequence FROM certificates_certificate "
        "WHERE seminar_id = %s AND revoked_at IS NULL ORDER BY sequence",
        data["seminar_id"],
    )
    assert sorted(registration for registration, _sequence in certificates) == sorted(data["registrations"])
    assert [sequence for _registration, sequence in certificates] == list(range(1, ATTENDEES + 1))
    assert {ids[-1] for _status, ids in tasks()} == {"scale-1", "scale-2"}
    assert all(len(ids) == 1 for _status, ids in tasks())
