"""Training materials: checked by content, stored under random names, downloaded
only by the seminar's confirmed participants, attendees and organisers, counted."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from evaluations import services
from evaluations.models import Material
from tests.evaluations.helpers import (
    attendee,
    docx_bomb,
    docx_of,
    docx_understating,
    past_seminar,
    zip_bomb,
    zip_with_many_entries,
    zip_with_understated_size,
)
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
        f"/manage/seminars/{seminar.pk}/materials/",
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


PACKED_REFUSAL = (
    "This file is packed in a way no document is: it would unpack to far more than it holds, "
    "or it has too many parts. It was not opened. Nothing was saved."
)


def test_a_zip_bomb_is_refused_with_a_clear_message_and_nothing_is_stored(client, organiser, organisation):
    """A 200 KB .odt whose `mimetype` entry unpacks to 200 MB (issue 18: 600 MB took a
    worker from 177 MB to 1.4 GB before it was refused)."""
    seminar = SeminarFactory(organisation=organisation)
    client.force_login(organiser)
    bomb = zip_bomb(200)
    assert len(bomb) < 300 * 1024

    response = _upload(client, seminar, "minutes.odt", bomb)

    assert response.status_code == 400
    assert PACKED_REFUSAL in " ".join(response.content.decode().replace("&#x27;", "'").split())
    assert not Material.objects.exists()


@pytest.mark.parametrize(
    ("name", "make", "refusal"),
    [
        ("bomb.odt", lambda: zip_bomb(200), PACKED_REFUSAL),
        ("lying.odt", lambda: zip_with_understated_size(20), PACKED_REFUSAL),
        ("parts.odt", lambda: zip_with_many_entries(6000), PACKED_REFUSAL),
        ("handout.docx", lambda: docx_bomb(100), PACKED_REFUSAL),
        ("understated.docx", lambda: docx_understating(100), PACKED_REFUSAL),
    ],
)
def test_checking_a_hostile_archive_takes_little_memory(organiser, organisation, name, make, refusal):
    """Declared sizes are checked first and at most a few hundred bytes of an entry are
    unpacked, whatever the archive declares."""
    seminar = SeminarFactory(organisation=organisation)
    upload = SimpleUploadedFile(name, make())
    tracemalloc.start()
    try:
        with pytest.raises(services.EvaluationError) as refused:
            services.material_add(seminar=seminar, actor=organiser, file=upload, titles={"en": "Minutes"})
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refusal in str(refused.value)
    assert peak < 4 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB"
    assert not Material.objects.exists()


def test_a_large_but_honest_document_is_still_recognised(organiser, organisation):
    content = _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            **{f"Pictures/{number}.xml": b"<p/>" * 100 for number in range(1000)},
        }
    )
    material = services.material_add(
        seminar=SeminarFactory(organisation=organisation),
        actor=organiser,
        file=SimpleUploadedFile("report.odt", content),
        titles={"en": "Report"},
    )
    assert material.content_type == "application/vnd.oasis.opendocument.text"


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_small_document_that_unpacks_to_100_mb_is_refused(client, organiser, organisation):
    """Every part declares its true size and there are few of them, but a .docx of
    about 100 KB unpacking to 100 MB is no document: participants would download it."""
    seminar = SeminarFactory(organisation=organisation)
    client.force_login(organiser)
    bomb = docx_bomb(100)
    assert 50 * 1024 < len(bomb) < 200 * 1024

    response = _upload(client, seminar, "handout.docx", bomb)

    assert response.status_code == 400
    assert PACKED_REFUSAL in " ".join(response.content.decode().replace("&#x27;", "'").split())
    assert not Material.objects.exists()


def test_a_document_whose_part_holds_more_than_it_declares_is_refused(client, organiser, organisation):
    """The directory says `word/document.xml` unpacks to 60 bytes: every declared size
    passes, but reading the part through (never past 60 bytes) fails its checksum, so
    the 100 MB inside never reaches a participant."""
    seminar = SeminarFactory(organisation=organisation)
    client.force_login(organiser)

    response = _upload(client, seminar, "handout.docx", docx_understating(100))

    assert response.status_code == 400
    assert PACKED_REFUSAL in " ".join(response.content.decode().replace("&#x27;", "'").split())
    assert not Material.objects.exists()


def test_a_file_that_unpacks_to_more_than_ten_uploads_is_refused_whatever_its_ratio(
    organiser, organisation, settings
):
    settings.MATERIAL_MAX_BYTES = 1024 * 1024  # so at most 10 MB unpacked
    content = docx_of(12, gap=200)  # packs about 40:1: the ratio alone would let it through
    assert len(content) < 1024 * 1024

    with pytest.raises(services.EvaluationError) as refused:
        services.material_add(
            seminar=SeminarFactory(organisation=organisation),
            actor=organiser,
            file=SimpleUploadedFile("minutes.docx", content),
            titles={"en": "Minutes"},
        )

    assert PACKED_REFUSAL in str(refused.value)
    assert not Material.objects.exists()


@pytest.mark.parametrize(
    ("xml_megabytes", "gap", "image_bytes"),
    [
        (4, 0, 3 * 1024 * 1024),  # a report with a photo: prose packs about 6:1
        (8, 400, 0),  # a long table of figures packing about 70:1, tighter than any real document
        (0.01, 0, 0),  # a one-page note
    ],
)
def test_real_documents_are_accepted(organiser, organisation, xml_megabytes, gap, image_bytes):
    material = services.material_add(
        seminar=SeminarFactory(organisation=organisation),
        actor=organiser,
        file=SimpleUploadedFile("report.docx", docx_of(xml_megabytes, gap=gap, image_bytes=image_bytes)),
        titles={"en": "Report"},
    )
    assert material.content_type == DOCX_TYPE


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

    response = client.post(f"/manage/seminars/{seminar.pk}/materials/{material.pk}/remove/")

    assert response.status_code == 302
    assert not Material.objects.exists()
