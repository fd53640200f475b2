"""The periodic commands: expiring offers and reminders, both idempotent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from registrations.models import Registration
from tests.factories import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Status = Registration.Status


def test_expire_offers_passes_lapsed_offers_on_and_is_idempotent(capsys):
    seminar = SeminarFactory(capacity=1)
    lapsed = RegistrationFactory(
        seminar=seminar, status=Status.OFFERED, offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    waiting = RegistrationFactory(seminar=seminar, status=Status.WAITLISTED, waitlisted_at=timezone.now())

    call_command("expire_offers")
    call_command("expire_offers")

    lapsed.refresh_from_db()
    waiting.refresh_from_db()
    assert lapsed.status == Status.EXPIRED
    assert waiting.status == Status.OFFERED
    assert capsys.readouterr().out.splitlines() == ["1 offer(s) expired.", "0 offer(s) expired."]
    subjects = sorted(message.subject for message in mail.outbox)
    assert [subject.split(":")[0] for subject in subjects] == [
        "A seat is free for you",
        "Your offer has expired",
    ]


def test_reminders_go_once_to_confirmed_participants_of_seminars_starting_soon(capsys):
    soon = SeminarFactory(
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=1, hours=8)
    )
    later = SeminarFactory(
        starts_at=timezone.now() + timedelta(days=10), ends_at=timezone.now() + timedelta(days=10, hours=8)
    )
    confirmed = RegistrationFactory(seminar=soon)
    RegistrationFactory(seminar=soon, status=Status.WAITLISTED, waitlisted_at=timezone.now())
    RegistrationFactory(seminar=later)

    call_command("send_reminders")
    call_command("send_reminders")

    assert [message.to for message in mail.outbox] == [[confirmed.user.email]]
    assert mail.outbox[0].subject.startswith("Reminder:")
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    assert capsys.readouterr().out.splitlines() == ["1 reminder(s) queued.", "0 reminder(s) queued."]


def test_commands_refuse_bad_arguments():
    with pytest.raises(CommandError, match="between 1 and 30"):
        call_command("send_reminders", "--days", "0")
    with pytest.raises(CommandError, match="positive"):
        call_command("expire_offers", "--loop", "-5")
