"""The scale-out mode: both storages on an S3-compatible bucket (django-storages),
configured from the environment as in production (config.environment.s3_storages),
against a real local S3 server (moto's server mode, started here on a free port).
A private file is refused to a stranger, served to its owner with Cache-Control:
private, no-store, and not readable anonymously from the bucket; a public file is."""

import socket
import urllib.error
import urllib.request

import boto3
import environ
import pytest
from django.core.files.base import ContentFile
from django.test import Client

from common.files import private_files
from config.environment import s3_storages
from tests.certificates.holders import make_certificate
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

BUCKET = "victor-files"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_endpoint(monkeypatch):
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "victor-test",
        "AWS_SECRET_ACCESS_KEY": "victor-test-secret",
        "AWS_S3_REGION_NAME": "eu-central-1",
        "AWS_DEFAULT_REGION": "eu-central-1",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "FILES_S3_PUBLIC_ACL": "public-read",
    }.items():
        monkeypatch.setenv(name, value)
    boto3.client("s3", endpoint_url=endpoint, region_name="eu-central-1").create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    yield endpoint
    # moto keeps its buckets in the process: empty them for the next test.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10)  # noqa: S310
    server.stop()


@pytest.fixture
def s3_storages_on(settings, s3_endpoint):
    """STORAGES as config/settings.py builds them when FILES_S3_BUCKET is set."""
    settings.STORAGES = {**settings.STORAGES, **s3_storages(environ.Env(), BUCKET)}
    return s3_endpoint


def _anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local test server)
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_private_file_on_s3_goes_to_its_owner_only(s3_storages_on, participant):
    endpoint = s3_storages_on
    certificate = make_certificate(RegistrationFactory(user=participant))
    assert type(certificate.pdf.storage._wrapped).__name__ == "S3Storage"
    objects = boto3.client("s3", endpoint_url=endpoint).list_objects_v2(Bucket=BUCKET)["Contents"]
    assert [item["Key"] for item in objects] == [f"private/{certificate.pdf.name}"]

    url = f"/me/certificates/{certificate.pk}/pdf/"
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page

    owner = Client()
    owner.force_login(participant)
    response = owner.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    with private_files.open(certificate.pdf.name, "rb") as stored:
        assert stored.read() == content
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}

    # The object itself is not readable without a signature.
    assert _anonymous_get(f"{endpoint}/{BUCKET}/private/{certificate.pdf.name}") == 403


def test_a_public_file_on_s3_has_a_plain_url(s3_storages_on):
    organisation = OrganisationFactory()
    organisation.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\nlogo"))
    url = organisation.logo.url
    assert url.startswith(f"{s3_storages_on}/{BUCKET}/public/organisations/logos/")
    assert "Signature" not in url
    assert _anonymous_get(url) == 200
