"""Fixtures shared by the whole suite."""

import socket

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.utils import translation

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Each test writes uploads to its own folder and starts with an empty cache
    (allauth's rate limits live there)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return "correct-horse-battery-staple"


@pytest.fixture
def participant(password):
    user = UserFactory(password=password)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def organiser(organisation, password):
    membership = MembershipFactory(organisation=organisation, role="organiser", user__password=password)
    EmailAddress.objects.create(
        user=membership.user, email=membership.user.email, verified=True, primary=True
    )
    return membership.user


@pytest.fixture
def coordinator(password):
    user = UserFactory(password=password, is_superuser=True, is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def listener():
    """A local TCP port that counts connections (tests.listener.connections):
    nothing should ever connect to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _language_reset_after_each_test():
    """A test that switches the language (a request with a prefix, activate()) leaves
    the next test in the default language, so no test depends on the order."""
    yield
    translation.deactivate()
