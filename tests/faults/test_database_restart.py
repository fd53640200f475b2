"""The database restarted in the middle of a registration burst.

"Fails cleanly" means: an answer the client can act on, never a 500 or a broken
connection. A request that meets the outage answers 503 with Retry-After and a
translated "try again" (JSON under /api/), and its transaction is rolled back.
The people whose request met the outage try again, as the answer asks, until
they get a final answer: 201, or "already registered" when the registration was
committed before the database went away mid-request. Afterwards everyone holds
exactly one registration and the seats add up."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tests.faults.harness import Answer, wait_until

PEOPLE = 40
CAPACITY = 10
SPACING = 0.15  # seconds between two people's first attempts: the burst lasts about 6 s
RESTART_AFTER = 8  # answers before the database restarts
DOWN_FOR = 1.5  # seconds between the database's shutdown and its start
RETRY_DELAY = 0.25
ALREADY_REGISTERED = "You are already registered for this seminar."
UNAVAILABLE = "The service is briefly unavailable. Please try again in a minute."


def unclean(answer: Answer) -> str:
    """Why an answer to a registration is not clean; empty when it is."""
    if answer.status == 201 and answer.json()["status"] in {"confirmed", "waitlisted"}:
        return ""
    if answer.status == 400 and answer.json() == {"detail": ALREADY_REGISTERED}:
        return ""
    if (
        answer.status == 503
        and answer.headers.get("content-type") == "application/json"
        and answer.json() == {"detail": UNAVAILABLE}
        and answer.headers.get("retry-after") == "30"
    ):
        return ""
    return f"{answer.status} {answer.headers.get('content-type')}: {answer.body[:200]}"


def register_until_answered(web, seminar: str, person: dict, *, deadline: float) -> list[Answer]:
    """One person's attempts: again after each 503, until a final answer."""
    answers = []
    payload = {
        "seminar": seminar,
        "professional_group": "social-workers",
        "organisation": "Centre for Social Work",
        "country": "SI",
        "consent": True,
    }
    while True:
        answers.append(web.request("POST", "/api/v1/registrations/", token=person["token"], data=payload))
        if answers[-1].status != 503 or time.monotonic() > deadline:
            return answers
        time.sleep(RETRY_DELAY)


def burst_with_restart(web, cluster, data) -> dict[int, list[Answer]]:
    """Everyone registers, one every SPACING seconds, while the database restarts
    (down for DOWN_FOR seconds) after the first RESTART_AFTER answers."""
    answered = threading.Semaphore(0)
    deadline = time.monotonic() + 60

    def person_registers(index: int) -> list[Answer]:
        time.sleep(index * SPACING)
        try:
            return register_until_answered(web, data["seminar"], data["people"][index], deadline=deadline)
        finally:
            answered.release()

    def restart_database() -> None:
        for _ in range(RESTART_AFTER):
            answered.acquire()
        cluster.restart(down_for=DOWN_FOR)

    with ThreadPoolExecutor(max_workers=PEOPLE + 1) as pool:
        restart = pool.submit(restart_database)
        attempts = list(pool.map(person_registers, range(PEOPLE)))
        restart.result(timeout=60)
    return {person["id"]: answers for person, answers in zip(data["people"], attempts, strict=True)}


def seat_problems(cluster, web, data) -> list[str]:
    """What is wrong with the seminar's registrations and seats after the burst."""
    problems = []
    rows = cluster.rows(
        "SELECT user_id, status FROM registrations_registration WHERE seminar_id = %s", data["seminar_id"]
    )
    held = [user for user, _status in rows]
    if duplicates := sorted({user for user in held if held.count(user) > 1}):
        problems.append(f"people registered more than once: {duplicates}")
    if lost := sorted({person["id"] for person in data["people"]} - set(held)):
        problems.append(f"people without a registration: {lost}")
    statuses = [status for _user, status in rows]
    capacity, people = data["capacity"], len(data["people"])
    if statuses.count("confirmed") != capacity or statuses.count("waitlisted") != people - capacity:
        problems.append(f"expected {capacity} confirmed and the rest waitlisted, got {sorted(statuses)}")
    seats = web.request("GET", f"/api/v1/seminars/{data['seminar']}/seats/").json()
    if seats["seats_left"] != max(capacity - statuses.count("confirmed"), 0):
        problems.append(f"seats left {seats['seats_left']} for {statuses.count('confirmed')} confirmed")
    return problems


def test_registrations_survive_a_database_restart_in_the_middle_of_a_burst(app, web, cluster):
    data = app.seed("registrations_open", "burst", capacity=CAPACITY, people=PEOPLE)

    attempts = burst_with_restart(web, cluster, data)

    answers = [answer for person_answers in attempts.values() for answer in person_answers]
    assert [unclean(answer) for answer in answers if unclean(answer)] == []
    assert any(answer.status == 503 for answer in answers), "no request met the restart"
    assert [tries[0].body for tries in attempts.values() if tries[0].status == 400] == []
    unanswered = [person for person, tries in attempts.items() if tries[-1].status == 503]
    assert unanswered == [], "people still without a final answer after a minute"
    assert seat_problems(cluster, web, data) == []
    # Each 201 said what the database holds.
    said = {
        person: tries[-1].json()["status"] for person, tries in attempts.items() if tries[-1].status == 201
    }
    rows = cluster.rows(
        "SELECT user_id, status FROM registrations_registration WHERE seminar_id = %s", data["seminar_id"]
    )
    assert said == {user: status for user, status in rows if user in said}


def test_seat_check_catches_an_overbooked_seminar(app, web, cluster):
    """Companion: the consistency check reports a seminar with more confirmed
    people than seats (as without the seminar lock)."""
    data = app.seed("registrations_open", "overbooked", capacity=2, people=4)
    for person in data["people"]:
        registered = register_until_answered(web, data["seminar"], person, deadline=time.monotonic() + 30)
        assert registered[-1].status == 201
    assert seat_problems(cluster, web, data) == []

    cluster.rows(
        "UPDATE registrations_registration SET status = 'confirmed', confirmed_at = now(), "
        "waitlisted_at = NULL WHERE seminar_id = %s AND status = 'waitlisted' RETURNING id",
        data["seminar_id"],
    )

    assert seat_problems(cluster, web, data) == [
        "expected 2 confirmed and the rest waitlisted, got ['confirmed', 'confirmed', 'confirmed', 'confirmed']"
    ]


def test_a_request_while_the_database_is_down_answers_503_with_try_again(app, web, cluster):
    data = app.seed("registrations_open", "down", capacity=CAPACITY, people=1)
    [person] = data["people"]
    cluster.stop()
    try:
        [answer] = register_until_answered(web, data["seminar"], person, deadline=0)
        page = web.request("GET", "/seminars/")
    finally:
        cluster.start()

    assert (answer.status, unclean(answer)) == (503, "")
    assert page.status == 503
    assert page.headers["retry-after"] == "30"
    assert "<h1>Briefly unavailable</h1>" in page.body
    assert UNAVAILABLE in page.body
    wait_until(web.healthy, timeout=30, what="the app to reach the database again")
    assert cluster.rows(
        "SELECT count(*) FROM registrations_registration WHERE user_id = %s", person["id"]
    ) == [(0,)]


def test_clean_failure_check_catches_the_500_of_an_app_without_the_503_handler(app, cluster):
    """Companion: with Django's default handler500 a database outage is a 500,
    which the check reports."""
    broken = app.web("web-without-503", workers=1, FAULTS_BREAK="no-503")
    data = app.seed("registrations_open", "broken", capacity=CAPACITY, people=1)
    cluster.stop()
    try:
        [answer] = register_until_answered(broken, data["seminar"], data["people"][0], deadline=0)
    finally:
        cluster.start()
        broken.process.stop()

    assert answer.status == 500
    assert unclean(answer).startswith("500 text/html")
