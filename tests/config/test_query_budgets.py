"""Query budgets of the uncached public pages and API lists: at most 6 SQL
queries, the same for 1 row as for 30 (issue 9). The test settings keep pages
out of the shared cache, so each request here renders."""

import pytest

from tests.factories import (
    AgendaSessionFactory,
    PressReleaseFactory,
    RegistrationFactory,
    SeminarFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

BUDGET = 6


def world(rows: int):
    """`rows` seminars and releases; the first seminar has `rows` agenda sessions (each
    with a trainer) and registrations, the first release `rows` linked seminars."""
    seminars = [SeminarFactory() for _ in range(rows)]
    for _ in range(rows):
        AgendaSessionFactory(seminar=seminars[0]).trainers.add(
            TrainerFactory(organisation=seminars[0].organisation)
        )
        RegistrationFactory(seminar=seminars[0])
    releases = [PressReleaseFactory(seminars=seminars) for _ in range(rows)]
    return seminars[0], releases[0]


def without_agenda(rows: int):
    seminars = [SeminarFactory() for _ in range(rows)]
    for _ in range(rows):
        RegistrationFactory(seminar=seminars[0])
    return seminars[0]


ENDPOINTS = {
    "home": lambda seminar, release: "/",
    "seminar list": lambda seminar, release: "/seminars/",
    "press list": lambda seminar, release: "/press/",
    "press release": lambda seminar, release: f"/press/{release.slug}/",
    "API seminars": lambda seminar, release: "/api/v1/seminars/",
    "API press releases": lambda seminar, release: "/api/v1/press-releases/",
}


def queries_of(client, path, django_assert_max_num_queries) -> int:
    client.get(path)  # warm-up: PDFs and per-process state, as after the first visitor
    with django_assert_max_num_queries(BUDGET) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_within_budget_whatever_the_row_count(client, endpoint, django_assert_max_num_queries):
    seminar, release = world(1)
    one = queries_of(client, ENDPOINTS[endpoint](seminar, release), django_assert_max_num_queries)
    seminar, release = world(30)
    thirty = queries_of(client, ENDPOINTS[endpoint](seminar, release), django_assert_max_num_queries)
    assert one == thirty


def test_seminar_page_without_agenda_is_within_budget(client, django_assert_max_num_queries):
    one = queries_of(client, f"/seminars/{without_agenda(1).slug}/", django_assert_max_num_queries)
    thirty = queries_of(client, f"/seminars/{without_agenda(30).slug}/", django_assert_max_num_queries)
    assert one == thirty


def test_seminar_page_with_agenda_is_within_budget(client, django_assert_max_num_queries):
    seminar, _release = world(30)
    queries_of(client, f"/seminars/{seminar.slug}/", django_assert_max_num_queries)
