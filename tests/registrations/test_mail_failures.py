"""A failing mail server never loses or rolls back a registration; the email goes
out once the server is back."""

import socket

import pytest
from django.core import mail
from django.tasks import default_task_backend
from django.tasks.base import TaskResultStatus

from accounts.models import ProfessionalGroup
from registrations import services
from registrations.models import Registration
from tests.factories import SeminarFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def closed_port() -> int:
    """A local port with nothing listening: a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }


@pytest.fixture
def queue(settings):
    """A task backend that keeps tasks (and their run_after) instead of running them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def run_queued(queue) -> list[str]:
    """Run what is queued, as a worker would once the retry time has come."""
    pending = [result for result in queue.results if result.status == TaskResultStatus.READY]
    outcomes = []
    for result in pending:
        object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
        outcomes.append(result.task.call(*result.args, **result.kwargs))
    return outcomes


def test_registration_survives_a_mail_server_outage_and_the_email_follows(queue, mail_server_down, settings):
    seminar = SeminarFactory()
    person = UserFactory()

    registration = services.registration_create(
        seminar=seminar,
        user=person,
        professional_group=ProfessionalGroup.objects.get(slug="social-workers"),
        organisation="Centre for Social Work",
        country="SI",
        consent=True,
    )

    # Committed, whatever happens to the mail.
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CONFIRMED
    assert run_queued(queue) == ["retrying"]
    [retry] = [result for result in queue.results if result.status == TaskResultStatus.READY]
    assert retry.args == [registration.pk, "registration_confirmed", 2]
    assert retry.task.run_after is not None  # deferred, not retried at once
    assert mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert run_queued(queue) == ["sent"]
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "Your place is confirmed" in message.subject
