"""Holders download their own certificates from /me/; nobody else can."""

import hashlib

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from evaluations import services as evaluation_services
from tests.certificates.holders import make_certificate
from tests.evaluations.helpers import answers_for, questionnaire_with_questions
from tests.factories import MembershipFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def download_url(certificate) -> str:
    return f"/me/certificates/{certificate.pk}/pdf/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def holder(participant):
    return participant


@pytest.fixture
def certificate(holder):
    return make_certificate(RegistrationFactory(user=holder))


def test_the_holder_gets_the_issued_file(holder, certificate):
    response = logged_in(holder).get(download_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.serial}.pdf"'
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == certificate.sha256
    assert "no-store" in response["Cache-Control"]


def test_the_holder_downloads_under_a_language_prefix_too(holder, certificate):
    response = logged_in(holder).get(f"/el{download_url(certificate)}")

    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == certificate.sha256


def test_another_participant_gets_a_404(certificate):
    other = UserFactory()
    RegistrationFactory(seminar=certificate.seminar, user=other)

    assert logged_in(other).get(download_url(certificate)).status_code == 404


def test_an_organiser_of_another_organisation_gets_a_404(certificate):
    outsider = MembershipFactory(role="organiser").user

    assert logged_in(outsider).get(download_url(certificate)).status_code == 404


def test_even_the_seminars_organiser_does_not_download_it_here(certificate):
    """/me/ is the holder's: organisers see certificates in the organiser area."""
    organiser = MembershipFactory(organisation=certificate.seminar.organisation, role="organiser").user

    assert logged_in(organiser).get(download_url(certificate)).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, certificate):
    response = client.get(download_url(certificate))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_guessing_ids_finds_nothing(holder, certificate):
    others = [make_certificate() for _ in range(3)]
    client = logged_in(holder)

    answers = {}
    for pk in range(1, max(other.pk for other in others) + 5):
        response = client.get(f"/me/certificates/{pk}/pdf/")
        answers[pk] = response.status_code
        if response.streaming:
            b"".join(response.streaming_content)  # read to the end, which closes the file

    assert answers.pop(certificate.pk) == 200
    assert set(answers.values()) == {404}
    assert client.get(f"/me/certificates/{2**63}/pdf/").status_code == 404


def test_a_revoked_certificate_is_listed_but_not_downloadable(holder):
    revoked = make_certificate(RegistrationFactory(user=holder), revoked=True)
    client = logged_in(holder)

    assert client.get(download_url(revoked)).status_code == 404
    page = client.get("/me/").content.decode()
    assert revoked.serial in page
    assert "Revoked on" in page
    assert "Issued to the wrong person." in page
    assert download_url(revoked) not in page
    # It stays verifiable, as revoked.
    assert (
        "This certificate was revoked"
        in Client().get(f"/certificates/verify/{revoked.code}/").content.decode()
    )


def test_an_anonymised_registrations_certificate_belongs_to_nobody(holder, certificate):
    registration = certificate.registration
    registration.user = None
    registration.save(update_fields=["user"])

    assert logged_in(holder).get(download_url(certificate)).status_code == 404
    assert certificate.serial not in logged_in(holder).get("/me/").content.decode()


def test_the_dashboard_lists_the_holders_certificates_only(holder, certificate):
    someone_elses = make_certificate()

    page = logged_in(holder).get("/me/").content.decode()

    assert "My certificates" in page
    assert certificate.serial in page
    assert download_url(certificate) in page
    assert f"/certificates/verify/{certificate.code}/" in page
    assert "12.50 of 14 hours" in page
    assert someone_elses.serial not in page
    assert download_url(someone_elses) not in page


def test_the_dashboard_says_when_there_are_no_certificates(participant):
    page = logged_in(participant).get("/me/").content.decode()

    assert "You have no certificates yet." in page


def test_the_dashboard_costs_the_same_queries_for_one_or_three_certificates(
    holder, django_assert_num_queries
):
    make_certificate(RegistrationFactory(user=holder))
    client = logged_in(holder)
    client.get("/me/")  # the session and the user's first-visit work
    with CaptureQueriesContext(connection) as one:
        client.get("/me/")
    replacement = make_certificate(RegistrationFactory(user=holder))
    make_certificate(replacement.registration, revoked=True, replaced_by=replacement)

    with django_assert_num_queries(len(one)):
        page = client.get("/me/").content.decode()

    assert page.count("certificate-item") == 3


def test_a_seminar_that_asks_for_the_evaluation_first_holds_the_download_back(holder, certificate):
    """Page and API send the holder to the evaluation; once answered, the file is theirs."""
    seminar = certificate.seminar
    seminar.starts_at, seminar.ends_at = (
        seminar.starts_at.replace(year=2020),
        seminar.ends_at.replace(year=2020),
    )
    seminar.save()
    certificate.registration.checked_in_at = seminar.starts_at
    certificate.registration.save()
    questionnaire = questionnaire_with_questions(seminar, certificate_requires_evaluation=True)
    client = logged_in(holder)

    page = client.get(download_url(certificate), follow=True)
    api = client.get(f"/api/v1/certificates/{certificate.pk}/pdf/")

    assert page.redirect_chain == [(f"/me/evaluations/{seminar.slug}/", 302)]
    assert "Please answer the seminar&#x27;s evaluation first" in page.content.decode()
    assert api.status_code == 403
    assert f"/me/evaluations/{seminar.slug}/" in api.json()["detail"]

    evaluation_services.response_submit(
        seminar=seminar, user=holder, phase="post", answers=answers_for(questionnaire)
    )
    response = client.get(download_url(certificate))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
