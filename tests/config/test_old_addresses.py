"""Organiser pages of a seminar went from its slug to its id: the old addresses
(bookmarks, emails) redirect to the same page, for its organisers only."""

import pytest
from django.test import Client

from events.models import Seminar
from tests.factories import OrganisationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(organisation):
    return SeminarFactory(organisation=organisation, slug="spring-school")


@pytest.fixture
def page(organiser) -> Client:
    client = Client()
    client.force_login(organiser)
    return client


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/manage/seminars/spring-school/dashboard/", "/manage/seminars/{pk}/dashboard/"),
        ("/manage/seminars/spring-school/check-in/?q=Ana", "/manage/seminars/{pk}/check-in/?q=Ana"),
        ("/sl/manage/seminars/spring-school/certificates/", "/sl/manage/seminars/{pk}/certificates/"),
        (
            "/el/manage/seminars/spring-school/evaluation/results/",
            "/el/manage/seminars/{pk}/evaluation/results/",
        ),
    ],
)
def test_an_old_address_leads_to_the_page_by_id(page, seminar, old, new):
    response = page.get(old)

    assert response.status_code == 308
    assert response["Location"] == new.format(pk=seminar.pk)
    assert page.get(response["Location"]).status_code == 200


def test_a_form_sent_to_an_old_address_is_sent_again_to_the_new_one(page, seminar):
    response = page.post("/manage/seminars/spring-school/export/", {"columns": ["name"], "format": "csv"})

    assert response.status_code == 308  # the browser repeats the POST there
    assert response["Location"] == f"/manage/seminars/{seminar.pk}/export/"


def test_another_organisations_seminar_is_not_found_by_its_old_address(page):
    SeminarFactory(organisation=OrganisationFactory(), slug="not-yours", status=Seminar.Status.PUBLISHED)

    assert page.get("/manage/seminars/not-yours/dashboard/").status_code == 404


def test_an_old_address_asks_to_log_in_first(seminar):
    response = Client().get("/manage/seminars/spring-school/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
