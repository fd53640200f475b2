"""The press list and the embargoed advance copy of a release: who may keep the
list, what journalists receive (in their language, with the embargo in local
time), that nobody gets a copy twice, and leaving the list without an account."""

import uuid
from datetime import UTC, date, datetime, timedelta
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry
from events.models import Membership
from events.zones import organisation_zone
from press import services
from press.models import Distribution, PressContact, PressListEntry, PressRelease
from press.tasks import send_distribution
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/manage/press/list/"
# 09:00 UTC on a winter day is 10:00 in Ljubljana (CET).
PUBLISH_AT = datetime(2099, 1, 30, 9, 0, tzinfo=UTC)


class FailingMailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("451 mail server unavailable")


@pytest.fixture
def press_officer(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.PRESS_OFFICER).user


@pytest.fixture
def venue(organisation):
    return VenueFactory(organisation=organisation, time_zone="Europe/Ljubljana")


def make_release(
    organisation, *, language="en", headline="Training for professionals on child trafficking", **fields
):
    values = {
        "organisation": organisation,
        "language": language,
        "slug": f"release-{uuid.uuid4().hex[:12]}",
        "headline": headline,
        "dateline_city": "Ljubljana",
        "dateline_date": date(2099, 1, 30),
        "lead": "Professionals from three countries train together.",
        "body": "We cover the **legal framework** and case studies.",
        "status": PressRelease.Status.PUBLISHED,
        "publish_at": PUBLISH_AT,
    }
    values.update(fields)
    return PressRelease.objects.create(**values)


def make_entry(organisation, *, email, language="en", name="Ana Novak", **fields):
    return PressListEntry.objects.create(
        organisation=organisation,
        name=name,
        outlet="Delo",
        email=email,
        language=language,
        consent_at=timezone.now(),
        **fields,
    )


def send_url(release) -> str:
    return f"{LIST_URL}send/{release.pk}/"


def html_of(message) -> str:
    content, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return content


# Keeping the list


def test_press_officer_adds_a_journalist_with_consent(client, press_officer, organisation):
    client.force_login(press_officer)
    before = timezone.now()

    response = client.post(
        f"{LIST_URL}new/",
        {
            "name": "Ana Novak",
            "outlet": "Delo",
            "email": " Ana.Novak@Delo.si ",
            "language": "sl",
            "consent": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    entry = PressListEntry.objects.get()
    assert (entry.organisation, entry.name, entry.outlet, entry.email, entry.language) == (
        organisation,
        "Ana Novak",
        "Delo",
        "ana.novak@delo.si",
        "sl",
    )
    assert before <= entry.consent_at <= timezone.now()
    assert entry.unsubscribed_at is None
    page = client.get(LIST_URL).content.decode()
    assert "Ana Novak" in page
    assert "ana.novak@delo.si" in page
    assert "“Ana Novak” is saved on the press list." in page


def test_a_journalist_is_not_added_without_their_consent(client, press_officer):
    client.force_login(press_officer)

    response = client.post(
        f"{LIST_URL}new/", {"name": "Ana Novak", "email": "ana@example.org", "language": "en"}
    )

    assert response.status_code == 400
    assert (
        "Add a journalist only when they have agreed to receive press releases." in response.content.decode()
    )
    assert PressListEntry.objects.count() == 0


def test_the_same_email_is_refused_twice_on_one_list_but_another_organisation_may_have_it(
    client, press_officer, organisation
):
    make_entry(organisation, email="ana@example.org")
    other = make_entry(OrganisationFactory(), email="nikos@example.org")
    client.force_login(press_officer)

    refused = client.post(
        f"{LIST_URL}new/",
        {"name": "Ana N.", "email": "ANA@example.org", "language": "en", "consent": "on"},
    )
    accepted = client.post(
        f"{LIST_URL}new/",
        {"name": "Nikos P.", "email": other.email, "language": "el", "consent": "on"},
    )

    assert refused.status_code == 400
    assert "This email address is already on the press list." in refused.content.decode()
    assert accepted.status_code == 302
    assert sorted(
        PressListEntry.objects.filter(organisation=organisation).values_list("email", flat=True)
    ) == [
        "ana@example.org",
        "nikos@example.org",
    ]


def test_editing_keeps_the_consent_date_unless_consent_is_given_again(client, press_officer, organisation):
    long_ago = timezone.now() - timedelta(days=400)
    entry = make_entry(organisation, email="ana@example.org", unsubscribed_at=timezone.now())
    PressListEntry.objects.filter(pk=entry.pk).update(consent_at=long_ago)
    client.force_login(press_officer)
    url = f"{LIST_URL}{entry.pk}/"

    client.post(url, {"name": "Ana Novak", "outlet": "RTV", "email": "ana@example.org", "language": "sl"})
    entry.refresh_from_db()
    assert (entry.outlet, entry.language, entry.consent_at) == ("RTV", "sl", long_ago)
    assert entry.unsubscribed_at is not None

    client.post(url, {"name": "Ana Novak", "email": "ana@example.org", "language": "sl", "consent": "on"})
    entry.refresh_from_db()
    assert entry.consent_at > long_ago
    assert entry.unsubscribed_at is None


def test_press_officer_removes_a_journalist(client, press_officer, organisation):
    entry = make_entry(organisation, email="ana@example.org")
    client.force_login(press_officer)

    confirmation = client.get(f"{LIST_URL}{entry.pk}/remove/")
    response = client.post(f"{LIST_URL}{entry.pk}/remove/")

    assert "Remove Ana Novak (ana@example.org)" in confirmation.content.decode()
    assert response.status_code == 302
    assert PressListEntry.objects.count() == 0


def test_only_press_officers_of_the_organisation_keep_its_list(client, organisation, organiser, coordinator):
    entry = make_entry(organisation, email="ana@example.org")
    stranger = MembershipFactory(role=Membership.Role.PRESS_OFFICER).user

    client.force_login(organiser)  # an organiser, not a press officer
    assert client.get(LIST_URL).status_code == 403
    client.force_login(UserFactory())
    assert client.get(LIST_URL).status_code == 403

    client.force_login(stranger)
    assert "ana@example.org" not in client.get(LIST_URL).content.decode()
    assert client.get(f"{LIST_URL}{entry.pk}/").status_code == 404
    assert client.post(f"{LIST_URL}{entry.pk}/remove/").status_code == 404
    assert PressListEntry.objects.filter(pk=entry.pk).exists()

    client.force_login(coordinator)
    assert "ana@example.org" in client.get(LIST_URL).content.decode()
    assert client.get(f"{LIST_URL}{entry.pk}/").status_code == 200

    client.logout()
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_list_costs_the_same_queries_for_one_or_three_journalists(client, press_officer, organisation):
    client.force_login(press_officer)
    make_entry(organisation, email="one@example.org")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST_URL).status_code == 200
        return len(captured)

    with_one = queries()
    make_entry(OrganisationFactory(), email="elsewhere@example.org")
    make_entry(organisation, email="two@example.org", name="Two")
    make_entry(organisation, email="three@example.org", name="Three")
    assert queries() == with_one


# Sending under embargo


@pytest.fixture
def press_list(organisation):
    """An English, a Greek and a Slovenian journalist, and one who left the list."""
    return {
        "en": make_entry(organisation, email="john@example.org", name="John Smith", language="en"),
        "el": make_entry(organisation, email="nikos@example.org", name="Nikos Papadopoulos", language="el"),
        "sl": make_entry(organisation, email="ana@example.org", name="Ana Novak", language="sl"),
        "gone": make_entry(
            organisation, email="gone@example.org", name="Left", language="en", unsubscribed_at=timezone.now()
        ),
    }


@pytest.fixture
def release(organisation, venue):
    english = make_release(
        organisation,
        contact=PressContact.objects.create(
            organisation=organisation,
            office_name="Press office",
            phone="+386 1 234 5678",
            email="press@example.org",
        ),
    )
    make_release(
        organisation,
        language="el",
        headline="Εκπαίδευση επαγγελματιών για την εμπορία παιδιών",
        translation_group=english.translation_group,
    )
    return english


def test_send_page_says_how_many_journalists_get_which_version(client, press_officer, release, press_list):
    client.force_login(press_officer)

    page = client.get(send_url(release)).content.decode()

    assert "embargoed until 30 January 2099, 10:00 CET" in page
    assert "It goes to 3 journalists:" in page
    assert "1 in Greek" in page
    assert "1 in Slovenian, who get the English version (there is no translation)" in page
    assert "Send under embargo" in page
    assert Distribution.objects.count() == 0


def test_send_mails_each_subscribed_journalist_in_their_language_under_embargo(
    client, press_officer, release, press_list, django_capture_on_commit_callbacks
):
    client.force_login(press_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(release))

    assert response.status_code == 302
    assert response["Location"] == send_url(release)
    messages = {message.to[0]: message for message in mail.outbox}
    assert sorted(messages) == ["ana@example.org", "john@example.org", "nikos@example.org"]

    english = messages["john@example.org"]
    embargo = "EMBARGOED UNTIL 30 January 2099, 10:00 CET"
    assert english.subject == f"{embargo} – Training for professionals on child trafficking"
    assert english.body.splitlines()[0] == embargo
    assert "LJUBLJANA, 30 January 2099 – Professionals from three countries train together." in english.body
    assert "We cover the **legal framework** and case studies." in english.body
    assert "<" not in english.body
    assert "Press office" in english.body
    assert "+386 1 234 5678" in english.body
    assert english.reply_to == ["press@example.org"]
    link = f"{settings.SITE_URL}/press/unsubscribe/{press_list['en'].unsubscribe_token}/"
    assert link in english.body
    assert english.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert english.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = html_of(english)
    assert embargo in html
    assert "<strong>legal framework</strong>" in html
    assert f'href="{link}"' in html

    greek = messages["nikos@example.org"]
    assert "Εκπαίδευση επαγγελματιών για την εμπορία παιδιών" in greek.subject
    assert "30 Ιανουαρίου 2099, 10:00 CET" in greek.subject
    assert "30 Ιανουαρίου 2099, 10:00 CET" in greek.body.splitlines()[0]
    assert '<html lang="el">' in html_of(greek)
    assert str(press_list["el"].unsubscribe_token) in greek.extra_headers["List-Unsubscribe"]

    # No Slovenian version: the English one, announced in Slovenian formats.
    slovenian = messages["ana@example.org"]
    assert "Training for professionals on child trafficking" in slovenian.subject
    assert "30. januarja 2099, 10:00 CET" in slovenian.subject

    distributions = Distribution.objects.select_related("release").order_by("entry__email")
    assert [(d.entry.email, d.release.language, d.sent_at is not None) for d in distributions] == [
        ("ana@example.org", "en", True),
        ("john@example.org", "en", True),
        ("nikos@example.org", "el", True),
    ]
    assert AuditEntry.objects.filter(action="press.distribute").get().details == {"queued": 3}


def test_sending_twice_sends_nothing_new_but_reaches_journalists_added_since(
    press_officer, release, press_list, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.press_list_send(release=release, actor=press_officer) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert services.press_list_send(release=release, actor=press_officer) == 0
    assert len(mail.outbox) == 3

    make_entry(organisation, email="late@example.org", language="ro")
    # Sending from the Greek version is the same release: only the newcomer gets it.
    greek = PressRelease.objects.get(translation_group=release.translation_group, language="el")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.press_list_send(release=greek, actor=press_officer) == 1
    assert [message.to for message in mail.outbox[3:]] == [["late@example.org"]]
    assert "Εκπαίδευση" in mail.outbox[3].subject
    assert Distribution.objects.count() == 4


def test_unsubscribed_journalists_get_nothing(
    press_officer, release, press_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.press_list_send(release=release, actor=press_officer)

    assert "gone@example.org" not in [message.to[0] for message in mail.outbox]
    assert not Distribution.objects.filter(entry=press_list["gone"]).exists()


def test_the_task_sends_each_copy_once_however_often_it_runs(
    press_officer, release, press_list, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.press_list_send(release=release, actor=press_officer)
    distribution = Distribution.objects.get(entry=press_list["en"])

    assert send_distribution.call(distribution.pk) == "sent"
    assert send_distribution.call(distribution.pk) == "already sent"
    assert [message.to for message in mail.outbox] == [["john@example.org"]]


def test_no_copy_goes_to_someone_who_left_or_of_a_release_withdrawn_after_queueing(
    press_officer, release, press_list, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.press_list_send(release=release, actor=press_officer)
    PressListEntry.objects.filter(pk=press_list["en"].pk).update(unsubscribed_at=timezone.now())
    PressRelease.objects.filter(pk=release.pk).update(status=PressRelease.Status.WITHDRAWN)

    assert send_distribution.call(Distribution.objects.get(entry=press_list["en"]).pk) == "unsubscribed"
    assert send_distribution.call(Distribution.objects.get(entry=press_list["sl"]).pk) == "not published"
    assert mail.outbox == []


def test_a_failed_copy_is_retried_later_and_not_marked_sent(press_officer, release, press_list, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "tests.press.test_press_list.FailingMailBackend"}}
    distribution = Distribution.objects.create(
        translation_group=release.translation_group, entry=press_list["en"], release=release
    )

    assert send_distribution.call(distribution.pk) == "retrying"
    (retry,) = send_distribution.get_backend().results
    assert list(retry.args) == [distribution.pk, 2]
    assert retry.task.run_after > timezone.now()
    distribution.refresh_from_db()
    assert distribution.sent_at is None

    with pytest.raises(SMTPException):
        send_distribution.call(distribution.pk, 5)  # the last attempt gives up


@pytest.mark.parametrize(
    ("changes", "now"),
    [
        ({}, PUBLISH_AT + timedelta(minutes=1)),  # the embargo has passed
        ({"status": PressRelease.Status.DRAFT, "publish_at": None}, None),
        ({"status": PressRelease.Status.REVIEW}, None),
    ],
)
def test_only_a_release_scheduled_for_later_is_sent(
    press_officer, organisation, venue, press_list, changes, now, django_capture_on_commit_callbacks
):
    release = make_release(organisation, **changes)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.PressError) as refused:
        services.press_list_send(release=release, actor=press_officer, now=now)

    assert str(refused.value) == "Only a release scheduled for later can be sent under embargo."
    assert Distribution.objects.count() == 0
    assert mail.outbox == []


def test_sending_a_draft_from_the_page_is_refused_with_a_message(
    client, press_officer, organisation, venue, press_list, django_capture_on_commit_callbacks
):
    draft = make_release(organisation, status=PressRelease.Status.DRAFT, publish_at=None)
    client.force_login(press_officer)

    assert "Send under embargo" not in client.get(send_url(draft)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(draft))

    assert response.status_code == 400
    assert "Only a release scheduled for later can be sent under embargo." in response.content.decode()
    assert Distribution.objects.count() == 0
    assert mail.outbox == []


def test_another_organisation_cannot_send_or_see_the_release(
    client, release, press_list, organiser, django_capture_on_commit_callbacks
):
    stranger = MembershipFactory(role=Membership.Role.PRESS_OFFICER).user

    for person in (stranger, organiser, UserFactory()):
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(send_url(release)).status_code == 404
            assert client.post(send_url(release)).status_code == 404

    assert Distribution.objects.count() == 0
    assert mail.outbox == []


def test_the_embargo_is_announced_in_the_zone_it_was_scheduled_in(
    press_officer, organisation, press_list, django_capture_on_commit_callbacks
):
    """The organisation's zone (events.zones), whatever the release's language: a
    Greek release of a Slovenian organisation without a venue is embargoed until
    10:00 CEST, as its press officer typed it."""
    release = make_release(organisation, language="el", publish_at=datetime(2099, 6, 1, 8, 0, tzinfo=UTC))
    assert str(organisation_zone(organisation)) == "Europe/Ljubljana"
    with django_capture_on_commit_callbacks(execute=True):
        services.press_list_send(release=release, actor=press_officer)
    assert mail.outbox and all("10:00 CEST" in message.body for message in mail.outbox)


def test_summer_embargo_is_announced_in_summer_time(
    press_officer, organisation, venue, press_list, django_capture_on_commit_callbacks
):
    # 08:00 UTC on the day after the clocks went forward (29 March 2099) is 10:00 CEST.
    release = make_release(organisation, publish_at=datetime(2099, 3, 30, 8, 0, tzinfo=UTC))

    with django_capture_on_commit_callbacks(execute=True):
        services.press_list_send(release=release, actor=press_officer)

    english = next(message for message in mail.outbox if message.to == ["john@example.org"])
    assert english.subject.startswith("EMBARGOED UNTIL 30 March 2099, 10:00 CEST – ")


# Leaving the list


def test_journalist_unsubscribes_without_logging_in(client, organisation, release, press_list):
    entry = press_list["en"]
    url = f"/press/unsubscribe/{entry.unsubscribe_token}/"

    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert f"Stop sending press releases of {organisation.name} to john@example.org?" in page.content.decode()
    entry.refresh_from_db()
    assert entry.unsubscribed_at is None

    done = client.post(url)
    assert done.status_code == 200
    assert f"You will no longer receive press releases from {organisation.name}." in done.content.decode()
    entry.refresh_from_db()
    first = entry.unsubscribed_at
    assert first is not None

    again = client.post(url)
    assert again.status_code == 200
    entry.refresh_from_db()
    assert entry.unsubscribed_at == first
    assert "Unsubscribe</button>" not in client.get(url).content.decode()


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(organisation, press_list):
    from django.test import Client

    mail_client = Client(enforce_csrf_checks=True)
    entry = press_list["el"]

    response = mail_client.post(
        f"/press/unsubscribe/{entry.unsubscribe_token}/", {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert '<html lang="el">' in response.content.decode()
    entry.refresh_from_db()
    assert entry.unsubscribed_at is not None


def test_unknown_unsubscribe_token_is_not_found(client):
    assert client.get(f"/press/unsubscribe/{uuid.uuid4()}/").status_code == 404
    assert client.post(f"/press/unsubscribe/{uuid.uuid4()}/").status_code == 404
    assert client.get("/press/unsubscribe/not-a-token/").status_code == 404
