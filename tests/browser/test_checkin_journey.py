"""The door, as an organiser does it on a phone: open the check-in desk, check in
one participant found by name and one by opening the QR link of their
confirmation email, see the count, then download the day's sign-in sheet and
read its text."""

import io
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from events.models import Seminar
from registrations import services
from registrations.models import Registration
from tests.browser.journey import PASSWORD, PHONE, log_in
from tests.factories import (
    MembershipFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
)

# The live server answers from another thread, so the test needs real commits
# (transaction=True); serialized rollback restores the professional groups of the
# accounts data migration after another journey's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def register(seminar, full_name: str) -> Registration:
    """Register through the service, so the confirmation email (with its QR link) goes out."""
    user = UserFactory(full_name=full_name)
    return services.registration_create(
        seminar=seminar,
        user=user,
        professional_group=user.professional_group,
        organisation="Centre for Social Work",
        country="SI",
        consent=True,
    )


def test_check_in_two_participants_and_download_the_sign_in_sheet(journey, live_server):
    page = journey.open(PHONE)
    membership = MembershipFactory(
        role="organiser", user__password=PASSWORD, organisation__name="Društvo Ključ"
    )
    organiser = membership.user
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    PrivacyNoticeFactory()
    now = timezone.now()
    seminar = SeminarFactory(
        organisation=membership.organisation,
        title_en="Identifying child victims of trafficking",
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
    )
    maja = register(seminar, "Maja Horvat")
    eleni = register(seminar, "Αικατερίνη Παπαδοπούλου")
    register(seminar, "Ștefan Țîrcă")
    # Registered while it was open; now it begins (the desk opens on the seminar's day).
    Seminar.objects.filter(pk=seminar.pk).update(starts_at=now - timedelta(minutes=5))
    seminar.refresh_from_db()
    (confirmation,) = [message for message in mail.outbox if message.to == [eleni.user.email]]
    (qr_link,) = re.findall(r"https?://\S+/manage/check-in/\S+/", confirmation.body)

    log_in(page, live_server.url, organiser.email)

    # The desk, from the seminar's registrations page.
    page.goto(f"{live_server.url}/manage/seminars/{seminar.pk}/registrations/")
    page.get_by_role("link", name="Check-in desk").click()
    expect(page).to_have_url(f"{live_server.url}/manage/seminars/{seminar.pk}/check-in/")
    expect(page.locator("#desk-count")).to_contain_text("0 of 3 confirmed participants checked in")

    # By name: the list narrows as the organiser types, and the search is kept.
    people = page.get_by_role("list", name="Confirmed participants").get_by_role("listitem")
    expect(people).to_have_count(3)
    page.get_by_label("Find a participant by name").fill("maja")
    expect(page.locator("#desk-list > li:visible")).to_have_count(1)
    expect(page.locator("#desk-list > li:visible")).to_contain_text("Maja Horvat")
    page.get_by_role("button", name=re.compile(r"^Present\s?: Maja Horvat$")).click()
    expect(page.get_by_role("status")).to_contain_text("Maja Horvat is checked in.")
    expect(page.locator("#desk-count")).to_contain_text("1 of 3 confirmed participants checked in")
    assert page.get_by_label("Find a participant by name").input_value() == "maja"

    # By the QR link of the confirmation email: the card, then Check in.
    page.goto(qr_link)
    expect(page.get_by_role("heading", name="Αικατερίνη Παπαδοπούλου")).to_be_visible()
    expect(page.get_by_text("Not yet")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Check in")).click()
    expect(page).to_have_url(f"{live_server.url}/manage/seminars/{seminar.pk}/check-in/")
    expect(page.get_by_role("status")).to_contain_text("Αικατερίνη Παπαδοπούλου is checked in.")
    expect(page.locator("#desk-count")).to_contain_text("2 of 3 confirmed participants checked in")

    maja.refresh_from_db()
    eleni.refresh_from_db()
    assert maja.checked_in_by == organiser and eleni.checked_in_by == organiser

    # The day's sign-in sheet.
    page.get_by_role("link", name="Sign-in sheets").click()
    day = seminar.starts_at.astimezone(seminar.zone).date()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Sign-in sheet for .* \(PDF\)$")).first.click()
    download = download_info.value
    assert download.suggested_filename == f"sign-in-{seminar.slug}-{day.isoformat()}.pdf"
    with open(download.path(), "rb") as file:
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(file.read())).pages)
    assert "Identifying child victims of trafficking" in text
    assert "1 Maja Horvat" in text
    assert "2 Ștefan Țîrcă" in text
    assert "3 Αικατερίνη Παπαδοπούλου" in text
    assert "Organised by Društvo Ključ" in text


def test_a_name_typed_before_the_desk_script_ran_filters_when_it_runs(journey, live_server):
    """On a slow connection the organiser can type before the filter's script has
    arrived: what they typed applies as soon as it runs."""
    page = journey.open(PHONE)
    membership = MembershipFactory(role="organiser", user__password=PASSWORD)
    organiser = membership.user
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    PrivacyNoticeFactory()
    now = timezone.now()
    seminar = SeminarFactory(
        organisation=membership.organisation,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
    )
    register(seminar, "Maja Horvat")
    register(seminar, "Ștefan Țîrcă")
    log_in(page, live_server.url, organiser.email)

    held = []  # the desk script is held back until the name is typed
    page.route("**/attendance/desk*.js", lambda route: held.append(route))
    page.goto(f"{live_server.url}/manage/seminars/{seminar.pk}/check-in/", wait_until="commit")
    page.get_by_label("Find a participant by name").fill("stefan")
    expect(page.locator("#desk-list > li:visible")).to_have_count(2)
    assert len(held) == 1
    held[0].fallback()
    expect(page.locator("#desk-list > li:visible")).to_have_count(1)
    expect(page.locator("#desk-list > li:visible")).to_contain_text("Ștefan Țîrcă")


def test_present_ticks_the_row_in_place_without_reloading_or_scrolling(journey, live_server):
    """At 375 px, far down a long list: Present ticks that row, the count and the
    status change, and the page neither reloads nor jumps to the top."""
    page = journey.open({"width": 375, "height": 740})
    membership = MembershipFactory(role="organiser", user__password=PASSWORD)
    organiser = membership.user
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    now = timezone.now()
    seminar = SeminarFactory(
        organisation=membership.organisation,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
    )
    for number in range(25):
        RegistrationFactory(seminar=seminar, user=UserFactory(full_name=f"Participant {number:02d}"))
    last = RegistrationFactory(seminar=seminar, user=UserFactory(full_name="Zoran Zupan"))
    log_in(page, live_server.url, organiser.email)

    page.goto(f"{live_server.url}/manage/seminars/{seminar.pk}/check-in/")
    row = page.locator(f"#person-{last.pk}")
    row.scroll_into_view_if_needed()
    page.evaluate("window.sameDocument = true")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 500

    row.get_by_role("button", name=re.compile(r"^Present\s?: Zoran Zupan$")).click()

    expect(row.get_by_text("Checked in")).to_be_visible()
    # Focus stays in the row (on its new button), for a keyboard or screen reader user.
    expect(row.get_by_role("button", name=re.compile(r"^Undo\s?: Zoran Zupan$"))).to_be_visible()
    assert page.evaluate("document.activeElement.closest('.desk-person').id") == f"person-{last.pk}"
    expect(page.locator("#desk-count")).to_contain_text("1 of 26 confirmed participants checked in")
    expect(page.get_by_role("status")).to_contain_text("Zoran Zupan is checked in.")
    assert page.evaluate("window.sameDocument") is True  # no reload
    assert abs(page.evaluate("window.scrollY") - scrolled) < 50  # the place is kept
    last.refresh_from_db()
    assert last.checked_in_by == organiser

    row.get_by_role("button", name=re.compile(r"^Undo\s?: Zoran Zupan$")).click()
    expect(row.get_by_role("button", name=re.compile(r"^Present\s?: Zoran Zupan$"))).to_be_visible()
    expect(page.locator("#desk-count")).to_contain_text("0 of 26 confirmed participants checked in")
    assert page.evaluate("window.sameDocument") is True
