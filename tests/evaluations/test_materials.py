"""Training materials: checked by content, stored under random names, downloaded
only by the seminar's confirmed participants, attendees and organisers, counted."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from evaluations.models import Material
from tests.evaluations.helpers import attendee, past_seminar
from tests.factories import AgendaSessionFactory, MembershipFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODP = _zip({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<office/>"})


def _upload(client, seminar, name, content, **data):
    return client.post(
        f"/manage/seminars/{seminar.slug}/materials/",
        {"file": SimpleUploadedFile(name, content), "title_en": "Slides", **data},
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("slides.pdf", PDF, "application/pdf", ".pdf"),
        ("photo.png", _png(), "image/png", ".png"),
        (
            "handout.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        ("talk.odp", ODP, "application/vnd.oasis.opendocument.presentation", ".odp"),
        ("renamed.bin", PDF, "application/pdf", ".pdf"),
    ],
)
def test_files_are_recognised_by_content_and_stored_under_random_names(
    client, organiser, organisation, name, content, content_type, extension
):
    seminar = SeminarFactory(organisation=organisation)
    client.force_login(organiser)

    assert _upload(client, seminar, name, content).status_code == 302

    material = Material.objects.get()
    assert material.content_type == content_type
    assert material.file.name.startswith("materials/") and material.file.name.endswith(extension)
    assert name.rsplit(".", 1)[0] not in material.file.name
    with material.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00 a program"),
        ("archive.docx", _zip({"readme.txt": b"hello"})),
        ("broken.png", b"\x89PNG\r\n\x1a\n broken"),
        ("empty.pdf", b""),
    ],
)
def test_other_files_are_refused_and_nothing_is_stored(client, organiser, organisation, name, content):
    seminar = SeminarFactory(organisation=organisation)
    client.force_login(organiser)

    response = _upload(client, seminar, name, content)

    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not Material.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, organiser, organisation, settings):
    settings.MATERIAL_MAX_BYTES = 1024 * 1024
    seminar = SeminarFactory(organisation=organisation)
    client.force_login(organiser)

    response = _upload(client, seminar, "big.pdf", PDF + b"0" * (1024 * 1024))

    assert response.status_code == 400
    assert "too large: at most 1 MB" in response.content.decode()
    assert not Material.objects.exists()


def test_a_session_of_another_seminar_is_refused(client, organiser, organisation):
    seminar = SeminarFactory(organisation=organisation)
    other_session = AgendaSessionFactory(seminar=SeminarFactory(organisation=organisation))
    client.force_login(organiser)

    response = _upload(client, seminar, "slides.pdf", PDF, session=other_session.pk)

    assert response.status_code == 400
    assert not Material.objects.exists()


def _material(seminar, organiser):
    from evaluations import services

    return services.material_add(
        seminar=seminar, actor=organiser, file=SimpleUploadedFile("s.pdf", PDF), titles={"en": "Slides day 1"}
    )


def test_confirmed_participants_attendees_and_organisers_download_and_downloads_are_counted(
    client, organiser, organisation
):
    seminar = past_seminar(organisation=organisation)
    material = _material(seminar, organiser)
    people = [RegistrationFactory(seminar=seminar).user, attendee(seminar).user, organiser]

    for person in people:
        client.force_login(person)
        response = client.get(f"/me/materials/{material.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == 'attachment; filename="s.pdf"'

    material.refresh_from_db()
    assert material.downloads == 3


def test_anyone_else_gets_a_404(client, organiser, organisation, participant):
    seminar = past_seminar(organisation=organisation)
    material = _material(seminar, organiser)
    waitlisted = RegistrationFactory(seminar=seminar, status="waitlisted").user
    other_organiser = MembershipFactory().user
    other_seminar_participant = RegistrationFactory().user

    for person in (participant, waitlisted, other_organiser, other_seminar_participant):
        client.force_login(person)
        assert client.get(f"/me/materials/{material.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/me/materials/{material.pk}/").status_code == 302
    material.refresh_from_db()
    assert material.downloads == 0


def test_the_seminar_page_and_dashboard_list_materials_for_participants_only(
    client, organiser, organisation, participant
):
    seminar = SeminarFactory(organisation=organisation)
    material = _material(seminar, organiser)
    registration = RegistrationFactory(seminar=seminar)
    link = f'href="/me/materials/{material.pk}/"'

    client.force_login(registration.user)
    assert link in client.get(seminar.get_absolute_url()).content.decode()
    assert link in client.get("/me/").content.decode()
    client.force_login(participant)
    assert link not in client.get(seminar.get_absolute_url()).content.decode()
    assert link not in client.get("/me/").content.decode()
    client.logout()
    assert link not in client.get(seminar.get_absolute_url()).content.decode()


def test_the_organiser_removes_a_file(client, organiser, organisation):
    seminar = SeminarFactory(organisation=organisation)
    material = _material(seminar, organiser)
    client.force_login(organiser)

    response = client.post(f"/manage/seminars/{seminar.slug}/materials/{material.pk}/remove/")

    assert response.status_code == 302
    assert not Material.objects.exists()
