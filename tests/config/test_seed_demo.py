"""The demo data command."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import PrivacyNotice, User
from attendance.models import Attendance
from certificates.models import Certificate
from evaluations.models import Response
from events.models import Membership, Organisation, Project, Seminar
from registrations.models import Registration

pytestmark = pytest.mark.django_db


def counts():
    return (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        Project.objects.count(),
        PrivacyNotice.objects.count(),
        EmailAddress.objects.count(),
    )


def test_seed_demo_is_idempotent_and_the_demo_logins_work(client, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")

    assert counts() == first == (4, 3, 2, 1, 1, 4)
    output = capsys.readouterr().out
    assert "organiser@victor.example" in output and "demo-organiser" in output

    for email, password in [
        ("coordinator@victor.example", "demo-coordinator"),
        ("organiser@victor.example", "demo-organiser"),
        ("press@victor.example", "demo-press"),
        ("participant@victor.example", "demo-participant"),
    ]:
        client.logout()
        response = client.post("/accounts/login/", {"login": email, "password": password})
        assert response.status_code == 302, email
        assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)

    project = Project.objects.get(acronym="VICTOR")
    assert project.coordinator.name == "The Smile of the Child"
    assert {p.name for p in project.partners.all()} >= {"Društvo Ključ"}
    assert "Ljubljana" in project.description and "30 January 2014" in project.description
    notice = PrivacyNotice.objects.get()
    assert all(getattr(notice, f"body_{code}") for code in ("en", "sl", "el", "ro"))
    assert User.objects.get(email="coordinator@victor.example").is_superuser
    from press.models import PressRelease

    releases = list(PressRelease.objects.order_by("language"))
    assert [(r.language, r.status) for r in releases] == [("en", "published"), ("sl", "published")]
    assert releases[0].translation_group == releases[1].translation_group
    assert "Društvo Ključ" in releases[0].body and releases[0].contact.office_name.startswith(
        "Press & Communication"
    )
    roles = set(Membership.objects.values_list("user__email", "role"))
    assert roles == {("organiser@victor.example", "organiser"), ("press@victor.example", "press_officer")}


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="never runs with DJANGO_DEBUG=false"):
        call_command("seed_demo")
    assert User.objects.count() == 0


def test_the_demo_holds_the_ljubljana_seminar_as_it_happened(client, settings):
    """Attendance at every session, the participant's certificate (valid on its
    verification page), the evaluation's results; a second run adds nothing."""
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    seminar = Seminar.objects.get(slug="ljubljana-2014-identification-of-child-victims")
    registrations = Registration.objects.filter(seminar=seminar)
    assert registrations.count() == 10
    assert registrations.filter(is_walk_in=True).count() == 9
    assert not registrations.filter(checked_in_at__isnull=True).exists()
    assert Attendance.objects.filter(registration__seminar=seminar).count() == 10 * seminar.sessions.count()
    [certificate] = Certificate.objects.all()
    assert certificate.holder_name == "Ioana Popescu" and certificate.is_valid
    assert "Valid" in client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert Response.objects.filter(questionnaire__seminar=seminar).count() == 10  # two groups of five

    client.force_login(User.objects.get(email="organiser@victor.example"))
    results = client.get(f"/manage/seminars/{seminar.pk}/evaluation/results/").content.decode()
    assert "average 4.40 of 5" in results
    report = client.get("/manage/projects/victor/report/").content.decode()
    assert "10 people trained in 1 seminar." in report
