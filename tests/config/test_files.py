"""Files: public uploads (logos) by plain URL under /media/, private files
(certificates, materials, every file of a press release) only through views that
ask the permission rule each time, with Cache-Control: private, no-store
(README "Files")."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from common.files import move_to_private_storage, private_files
from evaluations import services as evaluation_services
from press import services as press_services
from press.models import Attachment, PressRelease
from tests.certificates.holders import make_certificate
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PressReleaseFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% press kit\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def get(client: Client, url: str):
    """client.get(url) with its body read (response.data): reading a streamed file to the end closes it."""
    response = client.get(url)
    response.data = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def read_private(name: str) -> bytes:
    with private_files.open(name, "rb") as file:
        return file.read()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def release_with_attachment(**fields) -> tuple[PressRelease, Attachment, object]:
    """A release of a press officer's organisation with an image and a PDF attachment
    added through the service (as a draft), then given `fields` (status, publish_at)."""
    officer = MembershipFactory(role="press_officer").user
    release = PressReleaseFactory(
        organisation=officer.memberships.get().organisation, status=PressRelease.Status.DRAFT
    )
    attachment = press_services.attachment_add(
        release=release, actor=officer, title="Press kit", file=SimpleUploadedFile("kit.pdf", PDF)
    )
    release.image.save("photo.png", ContentFile(png_bytes()), save=False)
    release.image_alt = "Room"
    release.save()
    PressRelease.objects.filter(pk=release.pk).update(**fields)
    release.refresh_from_db()
    return release, attachment, officer


def test_private_files_are_not_under_media_root_nor_served_at_media(settings):
    """On main every upload sat in MEDIA_ROOT and /media/ served it to anyone (DEBUG)."""
    settings.SERVE_MEDIA = True
    release, attachment, _officer = release_with_attachment(
        status=PressRelease.Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=3)
    )
    certificate = make_certificate()
    names = [attachment.file.name, release.image.name, certificate.pdf.name]

    for name in names:
        assert not (Path(settings.MEDIA_ROOT) / name).exists(), name
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).exists(), name
        assert get(Client(), f"/media/{name}").status_code == 404, name
    with pytest.raises(ValueError):
        _ = certificate.pdf.url  # nothing builds a URL to a private file


def test_a_published_releases_files_are_served_by_the_links_of_its_page():
    """On main the links were /media/... URLs, a 404 with production settings."""
    release, attachment, _officer = release_with_attachment(
        status=PressRelease.Status.PUBLISHED, publish_at=timezone.now() - timedelta(hours=1)
    )
    client = Client()
    page = get(client, f"/press/{release.slug}/").content.decode()
    attachment_url = f"/press/{release.slug}/files/{attachment.pk}/"
    image_url = f"/press/{release.slug}/image/"
    assert f'href="{attachment_url}"' in page
    assert f'src="{image_url}"' in page

    response = get(client, attachment_url)
    assert response.status_code == 200
    assert response.data == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="press-kit.pdf"'
    assert cache_control(response) == {"public", "max-age=300"}
    image = get(client, image_url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image.data == png_bytes()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": PressRelease.Status.DRAFT, "publish_at": None},
        {"status": PressRelease.Status.PUBLISHED, "publish_at": timezone.now() + timedelta(days=3)},
        {"status": PressRelease.Status.WITHDRAWN, "publish_at": timezone.now() - timedelta(days=3)},
    ],
    ids=["draft", "embargoed", "withdrawn"],
)
def test_files_of_an_unpublished_release_go_only_to_its_press_office(fields):
    release, attachment, officer = release_with_attachment(**fields)
    urls = [f"/press/{release.slug}/files/{attachment.pk}/", f"/press/{release.slug}/image/"]
    outsiders = [
        Client(),
        logged_in(UserFactory()),
        logged_in(MembershipFactory(role="press_officer").user),  # another organisation's
    ]
    for url in urls:
        for client in outsiders:
            assert get(client, url).status_code == 404, url
        response = get(logged_in(officer), url)
        assert response.status_code == 200, url
        assert cache_control(response) == {"private", "no-store"}


def test_a_release_is_public_again_the_moment_its_embargo_ends():
    release, attachment, _officer = release_with_attachment(
        status=PressRelease.Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=3)
    )
    url = f"/press/{release.slug}/files/{attachment.pk}/"
    assert get(Client(), url).status_code == 404
    PressRelease.objects.filter(pk=release.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert get(Client(), url).status_code == 200
    # An attachment of another release is not reachable through this one's address.
    _other, other_attachment, _ = release_with_attachment(status=PressRelease.Status.DRAFT, publish_at=None)
    assert get(Client(), f"/press/{release.slug}/files/{other_attachment.pk}/").status_code == 404


def test_the_press_pdf_still_shows_the_private_image():
    release, _attachment, _officer = release_with_attachment(
        status=PressRelease.Status.PUBLISHED, publish_at=timezone.now() - timedelta(hours=1)
    )
    response = get(Client(), f"/press/{release.slug}/pdf/")
    assert response.status_code == 200
    assert b"/Subtype /Image" in response.content or b"/Subtype/Image" in response.content
    release.refresh_from_db()
    assert private_files.exists(release.pdf.name)
    assert not (Path(settings.MEDIA_ROOT) / release.pdf.name).exists()


def test_certificates_and_materials_are_private_no_store(participant):
    certificate = make_certificate(RegistrationFactory(user=participant))
    response = get(logged_in(participant), f"/me/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert {"private", "no-store"} <= cache_control(response)
    assert get(logged_in(UserFactory()), f"/me/certificates/{certificate.pk}/pdf/").status_code == 404

    organiser = MembershipFactory(role="organiser").user
    seminar = SeminarFactory(organisation=organiser.memberships.get().organisation)
    material = evaluation_services.material_add(
        seminar=seminar, actor=organiser, file=SimpleUploadedFile("slides.pdf", PDF), titles={"en": "Slides"}
    )
    assert not (Path(settings.MEDIA_ROOT) / material.file.name).exists()
    response = get(logged_in(organiser), f"/me/materials/{material.pk}/")
    assert response.status_code == 200
    assert response.data == PDF
    assert cache_control(response) == {"private", "no-store"}


def test_behind_nginx_private_files_go_out_by_x_accel_redirect(settings, participant):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_private/"
    certificate = make_certificate(RegistrationFactory(user=participant))
    response = get(logged_in(participant), f"/me/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{certificate.pdf.name}"
    assert response.content == b""
    assert {"private", "no-store"} <= cache_control(response)
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.serial}.pdf"'
    assert get(logged_in(UserFactory()), f"/me/certificates/{certificate.pk}/pdf/").status_code == 404


def test_public_media_serves_logos_by_plain_url_in_production(settings):
    """On main /media/ was served only with DEBUG: a logo's URL was a 404 in production."""
    assert settings.DEBUG is False
    organisation = OrganisationFactory()
    organisation.logo.save("logo.png", ContentFile(png_bytes()))
    assert (Path(settings.MEDIA_ROOT) / organisation.logo.name).exists()

    response = get(Client(), organisation.logo.url)
    assert response.status_code == 200
    assert response.data == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert "public" in cache_control(response)

    settings.SERVE_MEDIA = False  # nginx serves /media/ itself
    assert get(Client(), organisation.logo.url).status_code == 404


def test_public_media_refuses_paths_outside_the_public_storage(settings):
    (Path(settings.MEDIA_ROOT)).mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "page.html").write_text("<script>alert(1)</script>")
    Path(settings.PRIVATE_MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.PRIVATE_MEDIA_ROOT) / "secret.pdf").write_bytes(PDF)
    client = Client()
    for path in [
        "/media/../private/secret.pdf",
        "/media/%2e%2e/private/secret.pdf",
        "/media/..%2fprivate/secret.pdf",
        "/media//etc/passwd",
        "/media/%00.png",
        "/media/a\\..\\b.png",
        "/media/nothing-here.pdf",
    ]:
        assert get(client, path).status_code == 404, path
    # An uploaded file of a type that a browser would run is a download, never a page.
    response = get(client, "/media/page.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_migration_moves_old_uploads_to_private_storage_once(settings):
    """Files of private fields that sit in MEDIA_ROOT (where every upload was before)
    move to the private storage; running it again changes nothing; a missing file is skipped."""
    certificate = make_certificate()
    name = certificate.pdf.name
    content = read_private(name)
    old = Path(settings.MEDIA_ROOT) / name
    old.parent.mkdir(parents=True, exist_ok=True)
    private_files.delete(name)
    old.write_bytes(content)
    missing = make_certificate()
    private_files.delete(missing.pdf.name)

    rows = type(certificate).objects.filter(pk__in=[certificate.pk, missing.pk])
    assert move_to_private_storage(rows, "pdf") == 1
    assert not old.exists()
    assert read_private(name) == content
    assert move_to_private_storage(rows, "pdf") == 0
    assert read_private(name) == content


@pytest.mark.parametrize("status", [PressRelease.Status.DRAFT, PressRelease.Status.PUBLISHED])
def test_the_admin_shows_a_releases_private_files_through_their_views(status, coordinator):
    """The admin's file widgets link `file.url`: for a private file that would be an
    error page (it has no URL), or a /media/ link to nothing."""
    release, attachment, _officer = release_with_attachment(
        status=status, publish_at=None if status == PressRelease.Status.DRAFT else timezone.now()
    )
    client = Client()
    client.force_login(coordinator)
    response = client.get(f"/admin/press/pressrelease/{release.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/press/{release.slug}/image/"' in page
    assert f'href="/press/{release.slug}/files/{attachment.pk}/"' in page
    assert "/media/" not in page
