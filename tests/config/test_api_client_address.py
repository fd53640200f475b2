"""The API's rate limits count the client address the way allauth's do:
X-Forwarded-For only as far as TRUSTED_PROXY_COUNT proxies vouch for it."""

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from tests.certificates.holders import make_certificate

pytestmark = pytest.mark.django_db


def verify(client: APIClient, code: str, **headers):
    return client.get(f"/api/v1/certificates/verify/{code}/", headers=headers)


def test_the_api_trusts_as_many_proxies_as_allauth():
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == django_settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0


def test_spoofed_forwarded_addresses_do_not_escape_the_verification_limit():
    code = make_certificate().code
    client = APIClient()

    answers = [verify(client, code, x_forwarded_for=f"203.0.113.{n}").status_code for n in range(40)]

    assert answers.count(200) == 30
    assert answers[30:] == [429] * 10


def test_behind_one_proxy_the_address_it_appends_counts(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    code = make_certificate().code
    client = APIClient()

    # The visitor may prepend anything; the proxy appends the address it saw.
    answers = [
        verify(client, code, x_forwarded_for=f"198.51.100.{n}, 203.0.113.7").status_code for n in range(31)
    ]
    someone_else = verify(client, code, x_forwarded_for="203.0.113.8")

    assert answers[:30] == [200] * 30
    assert answers[30] == 429
    assert someone_else.status_code == 200
