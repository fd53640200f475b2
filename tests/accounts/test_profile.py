"""A person edits their own profile; nobody else's."""

import pytest

from accounts.models import ProfessionalGroup

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "full_name": "Ioana Popescu",
        "organisation": "DGASPC Cluj",
        "job_title": "Case manager",
        "country": "RO",
        "professional_group": ProfessionalGroup.objects.get(slug="child-protection").pk,
        "preferred_language": "ro",
    }
    data.update(overrides)
    return data


def test_profile_page_needs_login(client):
    response = client.get("/me/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/profile/")


def test_profile_edit_saves_and_continues_in_the_preferred_language(client, participant):
    client.force_login(participant)

    response = client.post("/me/profile/", profile_data())

    assert response.status_code == 302
    assert response["Location"] == "/ro/me/"
    participant.refresh_from_db()
    assert (participant.organisation, participant.job_title, participant.country.code) == (
        "DGASPC Cluj",
        "Case manager",
        "RO",
    )
    assert participant.professional_group.slug == "child-protection"
    dashboard = client.get("/ro/me/").content.decode()
    assert "DGASPC Cluj" in dashboard
    assert "Case manager" in dashboard


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"full_name": "x" * 151}, "full_name"),
        ({"full_name": ""}, "full_name"),
        ({"professional_group": "not-a-number"}, "professional_group"),
        ({"professional_group": "424242"}, "professional_group"),
        ({"country": "XX"}, "country"),
        ({"preferred_language": "de"}, "preferred_language"),
        ({"job_title": "j" * 151}, "job_title"),
    ],
)
def test_profile_rejects_bad_input_and_changes_nothing(client, participant, overrides, field):
    client.force_login(participant)
    before = {f: getattr(participant, f) for f in ("full_name", "organisation", "job_title", "country")}

    response = client.post("/me/profile/", profile_data(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Please correct the errors below." in response.content.decode()
    participant.refresh_from_db()
    assert {f: getattr(participant, f) for f in before} == before


def test_profile_form_errors_are_translated(client, participant):
    client.force_login(participant)
    response = client.post("/sl/me/profile/", profile_data(full_name="x" * 151))
    assert response.context["form"].errors["full_name"] == [
        "Preverite, da ima ta vrednost največ 150 znakov (trenutno ima 151)."
    ]


def test_profile_cannot_change_email_or_roles(client, participant):
    client.force_login(participant)
    client.post("/me/profile/", profile_data(email="attacker@example.org", is_superuser="on", is_staff="on"))
    participant.refresh_from_db()
    assert participant.email != "attacker@example.org"
    assert not participant.is_superuser
    assert not participant.is_staff


def test_dashboard_shows_own_details_roles_and_consents(client, organiser, organisation):
    client.force_login(organiser)
    page = client.get("/me/").content.decode()
    assert organiser.full_name in page
    assert organiser.email in page
    assert f"Organiser · {organisation.name}" in page
