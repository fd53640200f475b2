"""Registering for a seminar, as participants would do it in a browser.

1. Log in, open a seminar page, register (with a custom question and consent),
   see the place confirmed and receive a confirmation email whose .ics parses.
2. A full seminar: join the waiting list, get the seat offered when the only
   participant cancels through the site, and confirm it in time.
"""

import icalendar
import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import ProfessionalGroup
from common.timezones import local_datetime
from registrations.models import Question, Registration
from tests.browser.journey import DESKTOP, action, attachments, field, log_in, mails_to, person
from tests.factories import PrivacyNoticeFactory, RegistrationFactory, SeminarFactory

# The live server answers from another thread, so the test needs real commits
# (transaction=True); serialized rollback restores the professional groups of the
# accounts data migration after the flush of another transactional test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Status = Registration.Status


def calendar_parts(message) -> list[bytes]:
    return attachments(message, "text/calendar")


def test_register_and_receive_a_confirmation_with_an_ics_that_parses(journey, live_server):
    page = journey.open(DESKTOP)
    notice = PrivacyNoticeFactory()
    user = person(full_name="Maja Horvat", organisation="Centre for Social Work Maribor")
    seminar = SeminarFactory(title_en="Interviewing children who may be victims", capacity=30)
    question = Question.objects.create(
        seminar=seminar,
        label_en="Which cases do you work with most?",
        kind=Question.Kind.SHORT_TEXT,
        required=True,
    )
    title = seminar.display_title
    child_protection = ProfessionalGroup.objects.get(slug="child-protection")

    log_in(page, live_server.url, user.email)

    # The seminar page, found through the list of seminars.
    page.goto(f"{live_server.url}/seminars/")
    page.get_by_role("link", name=title).click()
    expect(page).to_have_url(f"{live_server.url}/seminars/{seminar.slug}/")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    box = page.get_by_role("region", name="Registration")
    expect(box).to_contain_text("30 seats left (of 30)")
    box.get_by_role("link", name="Register", exact=True).click()

    # The form: details from the profile, the organisers' question, consent.
    expect(page).to_have_url(f"{live_server.url}/seminars/{seminar.slug}/register/")
    expect(page.get_by_role("heading", name="Register for this seminar")).to_be_visible()
    expect(page.get_by_label(field("Organisation"))).to_have_value("Centre for Social Work Maribor")
    expect(page.get_by_text("Fields marked * are required.")).to_be_visible()
    # Screen readers hear the label and "required", not the star.
    organisation = page.get_by_role("textbox", name="Organisation", exact=True)
    expect(organisation).to_have_attribute("required", "")
    expect(page.get_by_label("Professional group")).to_have_value(str(user.professional_group_id))
    page.get_by_label("Professional group").select_option(label=child_protection.name)
    page.get_by_label(field("Job title")).fill("Guardian")

    # Forgetting the question and the consent: told so, with the rest kept.
    page.get_by_role("button", name="Register", exact=True).click()
    expect(
        page.get_by_text("Please agree to the processing of your personal data to register.")
    ).to_be_visible()
    expect(page.get_by_label(field(question.display_label))).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(field("Job title"))).to_have_value("Guardian")
    expect(page.get_by_label("Professional group")).to_have_value(str(child_protection.pk))
    assert not Registration.objects.exists()

    page.get_by_label(field(question.display_label)).fill("Unaccompanied minors")
    page.get_by_label("I agree that my personal data is processed").check()
    page.get_by_role("button", name="Register", exact=True).click()

    # Confirmed, on the dashboard.
    expect(page).to_have_url(f"{live_server.url}/me/")
    expect(page.get_by_role("status")).to_contain_text(
        f"You are registered for “{title}” and your place is confirmed."
    )
    mine = page.get_by_role("region", name="My registrations")
    item = mine.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title))
    expect(item).to_contain_text("Confirmed")
    expect(item.get_by_role("link", name=action("Cancel", title))).to_be_visible()
    # Still confirmed after a fresh load (not only in the flash message).
    page.reload()
    expect(page.get_by_role("region", name="My registrations")).to_contain_text("Confirmed")

    # The seminar page now tells them they are registered, with no second Register button.
    page.goto(f"{live_server.url}/seminars/{seminar.slug}/")
    box = page.get_by_role("region", name="Registration")
    expect(box).to_contain_text("Your registration: Confirmed")
    expect(box.get_by_role("link", name="Register", exact=True)).to_have_count(0)

    registration = Registration.objects.get(seminar=seminar, user=user)
    assert registration.status == Status.CONFIRMED
    assert registration.professional_group == child_protection
    assert registration.job_title == "Guardian"
    assert registration.privacy_notice == notice
    assert [answer.text for answer in registration.answers.all()] == ["Unaccompanied minors"]

    # The confirmation email, sent after commit by the live server in this process.
    messages = mails_to(user.email)
    assert [message.subject for message in messages] == [f"Your place is confirmed: {title}"], [
        message.subject for message in mail.outbox
    ]
    (ics,) = calendar_parts(messages[0])
    calendar = icalendar.Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    (event,) = events
    assert str(event["UID"]) == f"{seminar.uid}@victor-seminars"
    assert event["DTSTART"].params["TZID"] == "Europe/Ljubljana"
    assert event.decoded("DTSTART") == seminar.starts_at
    assert event.decoded("DTEND") == seminar.ends_at
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Ljubljana"]
    assert str(event["SUMMARY"]) == title


def test_waitlist_offer_after_a_cancellation_and_confirm_it(journey, live_server):
    page = journey.open(DESKTOP)
    PrivacyNoticeFactory()
    seminar = SeminarFactory(title_en="Trafficking for forced criminality", capacity=1)
    title = seminar.display_title
    person_a = person(full_name="Ana Novak")
    person_b = person(full_name="Bojan Kranjc")
    registration_a = RegistrationFactory(seminar=seminar, user=person_a)

    # B finds the seminar full and joins the waiting list.
    log_in(page, live_server.url, person_b.email)
    page.goto(f"{live_server.url}/seminars/{seminar.slug}/")
    box = page.get_by_role("region", name="Registration")
    expect(box).to_contain_text("0 seats left (of 1)")
    expect(box).to_contain_text("No seats are free for now.")
    expect(box.get_by_role("link", name="Register", exact=True)).to_have_count(0)
    box.get_by_role("link", name="Join the waiting list").click()
    page.get_by_label("I agree that my personal data is processed").check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/me/")
    expect(page.get_by_role("status")).to_contain_text(
        f"“{title}” is full, so you are on the waiting list, in position 1."
    )
    page.reload()
    mine_b = page.get_by_role("region", name="My registrations")
    expect(mine_b).to_contain_text("On the waiting list")
    expect(mine_b).to_contain_text("Position 1 on the waiting list.")
    expect(mine_b.get_by_role("button", name=action("Confirm my seat", title))).to_have_count(0)

    registration_b = Registration.objects.get(seminar=seminar, user=person_b)
    assert registration_b.status == Status.WAITLISTED
    (waitlisted,) = mails_to(person_b.email)
    assert waitlisted.subject == f"You are on the waiting list: {title}"
    assert "Your place on the waiting list: 1" in waitlisted.body
    assert calendar_parts(waitlisted) == []

    # A, in a browser of their own, cancels from their dashboard.
    page_a = journey.open(DESKTOP)
    log_in(page_a, live_server.url, person_a.email)
    mine_a = page_a.get_by_role("region", name="My registrations")
    expect(mine_a).to_contain_text("Confirmed")
    mine_a.get_by_role("link", name=action("Cancel", title)).click()
    expect(page_a.get_by_role("heading", name="Cancel registration")).to_be_visible()
    expect(page_a.get_by_text(f"Do you want to cancel your registration for “{title}”?")).to_be_visible()
    page_a.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page_a).to_have_url(f"{live_server.url}/me/")
    expect(page_a.get_by_role("status")).to_contain_text(
        f"Your registration for “{title}” has been cancelled."
    )
    expect(page_a.get_by_role("region", name="My registrations")).to_contain_text(
        "You have no current registrations."
    )

    registration_a.refresh_from_db()
    registration_b.refresh_from_db()
    assert registration_a.status == Status.CANCELLED
    assert registration_b.status == Status.OFFERED
    assert [message.subject for message in mails_to(person_a.email)] == [f"Registration cancelled: {title}"]
    offer = mails_to(person_b.email)[-1]
    assert offer.subject == f"A seat is free for you: {title}"
    with translation.override("en"):
        deadline = local_datetime(registration_b.offer_expires_at, seminar.zone)
    assert f"Confirm before: {deadline}" in offer.body

    # B, back in their own browser, sees the offer with its deadline and takes it.
    page.reload()
    mine_b = page.get_by_role("region", name="My registrations")
    expect(mine_b).to_contain_text("Seat offered")
    expect(mine_b).to_contain_text(f"A seat is held for you until {deadline}.")
    mine_b.get_by_role("button", name=action("Confirm my seat", title)).click()
    expect(page).to_have_url(f"{live_server.url}/me/")
    expect(page.get_by_role("status")).to_contain_text(f"Your place at “{title}” is confirmed.")
    mine_b = page.get_by_role("region", name="My registrations")
    expect(mine_b).to_contain_text("Confirmed")
    expect(mine_b.get_by_role("button", name=action("Confirm my seat", title))).to_have_count(0)

    registration_a.refresh_from_db()
    registration_b.refresh_from_db()
    assert registration_a.status == Status.CANCELLED
    assert registration_b.status == Status.CONFIRMED
    assert [message.subject for message in mails_to(person_b.email)] == [
        f"You are on the waiting list: {title}",
        f"A seat is free for you: {title}",
        f"Your place is confirmed: {title}",
    ]
    (ics,) = calendar_parts(mails_to(person_b.email)[-1])
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["UID"]) == f"{seminar.uid}@victor-seminars"
    assert len(mail.outbox) == 4, [message.subject for message in mail.outbox]
