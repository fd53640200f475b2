"""Sign-in sheets: a PDF per seminar day with the confirmed participants, read
back with pypdf; the days list; days outside the seminar; the audit entry."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from accounts.models import AuditEntry, ProfessionalGroup
from attendance.sheets import sheet_days
from events.models import Seminar
from registrations.models import Registration
from tests.factories import (
    MembershipFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def seminar(organisation):
    """Two days in Athens (EEST), for a project with a funder."""
    organisation.name = "Smile of the Child"
    organisation.save()
    venue = VenueFactory(
        organisation=organisation,
        name="Training Centre Kifisia",
        address="Leoforos Kifisias 10",
        city="Athens",
        country="GR",
        time_zone="Europe/Athens",
    )
    return SeminarFactory(
        organisation=organisation,
        venue=venue,
        slug="athens-2030",
        title_en="Identifying child victims of trafficking",
        project=ProjectFactory(acronym="VICTOR", name="Victims of trafficking", funder="European Commission"),
        starts_at=utc(2030, 6, 10, 6),  # 09:00 EEST
        ends_at=utc(2030, 6, 11, 14),  # 17:00 EEST
    )


def test_the_sheet_lists_confirmed_participants_by_name_with_every_alphabet(
    organiser_client, seminar, organiser
):
    police = ProfessionalGroup.objects.get(slug="police")
    for name, organisation in [
        ("Žiga Čuček", "Policijska uprava Ljubljana"),
        ("Αικατερίνη Παπαδοπούλου", "Χαμόγελο του Παιδιού"),
        ("Ștefan Țîrcă", "DGASPC Iași"),
        ("Ana Novak", "CSD Maribor"),
    ]:
        RegistrationFactory(
            seminar=seminar,
            user=UserFactory(full_name=name),
            organisation=organisation,
            professional_group=police,
        )
    RegistrationFactory(seminar=seminar, user=None, is_walk_in=True, full_name="Bogdan Walkin")
    RegistrationFactory(
        seminar=seminar, user=UserFactory(full_name="Waiting Person"), status=Registration.Status.WAITLISTED
    )

    response = organiser_client.get(f"/manage/seminars/{seminar.pk}/sign-in-sheet/2030-06-11/pdf/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sign-in-athens-2030-2030-06-11.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    (text,) = pdf_pages(response)
    assert "Identifying child victims of trafficking" in text
    assert "Tuesday, 11 June 2030 · 09:00–17:00 EEST" in text
    assert "Training Centre Kifisia, Leoforos Kifisias 10, Athens" in text
    assert (
        "Organised by Smile of the Child · VICTOR: Victims of trafficking · Funded by European Commission"
        in text
    )
    assert "No. Name Organisation Professional group Signature" in text
    order = [
        "1 Ana Novak CSD Maribor",
        "2 Bogdan Walkin",
        "3 Ștefan Țîrcă DGASPC Iași",
        "4 Žiga Čuček Policijska uprava Ljubljana",
        "5 Αικατερίνη Παπαδοπούλου Χαμόγελο του Παιδιού",
    ]
    positions = [text.index(row) for row in order]
    assert positions == sorted(positions)
    assert police.name in text
    assert "Waiting Person" not in text
    assert "Page 1 of 1" in text
    (entry,) = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.target_id, entry.details) == (
        "sign_in_sheet.download",
        organiser,
        str(seminar.pk),
        {"day": "2030-06-11", "participants": 5},
    )


def test_the_header_names_the_project_once_when_its_name_starts_with_the_acronym(organiser_client, seminar):
    seminar.project.name = "VICTOR: Victims of Child Trafficking, Our Responsibility"
    seminar.project.save()

    (text,) = pdf_pages(organiser_client.get(f"/manage/seminars/{seminar.pk}/sign-in-sheet/2030-06-10/pdf/"))

    assert "Smile of the Child · VICTOR: Victims of Child Trafficking, Our Responsibility · Funded" in text
    assert "VICTOR: VICTOR" not in text


def test_a_long_sheet_repeats_the_table_header_on_each_page(organiser_client, seminar):
    for number in range(45):
        RegistrationFactory(seminar=seminar, user=UserFactory(full_name=f"Participant {number:02d}"))
    pages = pdf_pages(organiser_client.get(f"/manage/seminars/{seminar.pk}/sign-in-sheet/2030-06-10/pdf/"))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Name Organisation Professional group Signature" in text
        assert f"Page {number} of {len(pages)}" in text
    assert "Participant 44" in pages[-1]


def test_an_online_seminar_says_online(organiser_client, organisation):
    online = SeminarFactory(
        organisation=organisation,
        venue=None,
        format=Seminar.Format.ONLINE,
        join_url="https://meet.example.org/victor",
        time_zone="Europe/Bucharest",
        starts_at=utc(2030, 1, 15, 8),
        ends_at=utc(2030, 1, 15, 12),
    )
    (text,) = pdf_pages(organiser_client.get(f"/manage/seminars/{online.pk}/sign-in-sheet/2030-01-15/pdf/"))
    assert "Online" in text
    assert "10:00–14:00 EET" in text
    assert "No confirmed participants." in text


def test_the_days_page_links_each_day(organiser_client, seminar):
    RegistrationFactory(seminar=seminar)
    body = organiser_client.get(f"/manage/seminars/{seminar.pk}/sign-in-sheet/").content.decode()
    assert f"/manage/seminars/{seminar.pk}/sign-in-sheet/2030-06-10/pdf/" in body
    assert f"/manage/seminars/{seminar.pk}/sign-in-sheet/2030-06-11/pdf/" in body
    assert "1 confirmed participant signs it." in body
    assert not AuditEntry.objects.exists()


def test_days_follow_the_seminars_zone(organisation):
    # 23:30 UTC on 9 June is already 10 June in Athens; ending at local midnight adds no day.
    seminar = SeminarFactory(
        organisation=organisation,
        venue=VenueFactory(organisation=organisation, time_zone="Europe/Athens"),
        starts_at=utc(2030, 6, 9, 23, 30),
        ends_at=utc(2030, 6, 11, 21),
    )
    assert [day.isoformat() for day in sheet_days(seminar)] == ["2030-06-10", "2030-06-11"]


@pytest.mark.parametrize("day", ["2030-06-09", "2030-06-12", "2030-02-30", "20300610", "2030-6-1x", "%00"])
def test_a_day_outside_the_seminar_is_not_found(organiser_client, seminar, day):
    assert organiser_client.get(f"/manage/seminars/{seminar.pk}/sign-in-sheet/{day}/pdf/").status_code == 404
    assert not AuditEntry.objects.exists()


def test_sheets_of_another_organisation_are_not_found(client, seminar, participant):
    for user in (MembershipFactory(role="organiser").user, participant):
        client.force_login(user)
        assert client.get(f"/manage/seminars/{seminar.pk}/sign-in-sheet/").status_code == 404
        assert client.get(f"/manage/seminars/{seminar.pk}/sign-in-sheet/2030-06-10/pdf/").status_code == 404
    assert not AuditEntry.objects.exists()
