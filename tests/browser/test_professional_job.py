"""A professional's job, in Greek, at desktop width and on a phone: sign up at
/el/accounts/signup/ and confirm the address from the email, log in, register for
a seminar in Athens (confirmation email with its .ics), cancel, register again;
then find the seats of their group taken at another seminar, join its waiting
list, get the seat offered by email when someone cancels, and confirm it.

Every text the journey looks for is taken from the Greek catalogue (`el()`), so
the journey reads the pages as the person does."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import ProfessionalGroup, User
from registrations import services
from registrations.models import Registration, SeatQuota
from tests.browser.journey import PASSWORD, VIEWPORTS, action, attachments, el, field, link, mails_to, person
from tests.factories import PrivacyNoticeFactory, RegistrationFactory, SeminarFactory, VenueFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "eleni.georgiou@example.gr"
NAME = "Ελένη Γεωργίου"
ORGANISATION = "Κέντρο Κοινωνικής Πρόνοιας Αττικής"
CONSENT = "I agree that my personal data is processed for this registration as the privacy notice describes."
Status = Registration.Status


def seminar_in_athens(**kwargs):
    venue = VenueFactory(city="Athens", country="GR", time_zone="Europe/Athens", name="Κέντρο Εκπαίδευσης")
    start = (timezone.now() + timedelta(days=20)).replace(hour=7, minute=0, second=0, microsecond=0)
    return SeminarFactory(
        organisation=venue.organisation,
        venue=venue,
        language="el",
        starts_at=start,
        ends_at=start + timedelta(days=1, hours=8),
        **kwargs,
    )


@VIEWPORTS
def test_sign_up_in_greek_register_cancel_register_again_wait_and_take_an_offered_seat(
    journey, live_server, viewport
):
    base = live_server.url
    PrivacyNoticeFactory()
    social_workers = ProfessionalGroup.objects.get(slug="social-workers")
    first = seminar_in_athens(
        title_en="Interviewing children who may be victims",
        title_el="Συνέντευξη με παιδιά που μπορεί να είναι θύματα",
        capacity=30,
    )
    second = seminar_in_athens(
        title_en="Referral pathways for child victims",
        title_el="Διαδρομές παραπομπής για παιδιά θύματα",
        capacity=20,
    )
    # One seat for social workers at the second seminar, taken by a colleague.
    SeatQuota.objects.create(seminar=second, group=social_workers, seats=1)
    colleague = RegistrationFactory(seminar=second, user=person(full_name="Γιώργος Παππάς"))

    # Sign up in Greek.
    page = journey.open(viewport)
    page.goto(f"{base}/el/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "el")
    page.get_by_label(field(el("Email"))).fill(EMAIL)
    page.get_by_label(el("Full name")).fill(NAME)
    page.get_by_label(field(el("Password"))).fill(PASSWORD)
    page.get_by_label(el("Password (again)")).fill(PASSWORD)
    page.get_by_label(el("Professional group")).select_option(str(social_workers.pk))
    page.get_by_label(
        el("I have read the privacy notice and agree that my data is processed as it describes.")
    ).check()
    page.get_by_role("button", name=el("Sign Up")).click()
    expect(page.get_by_role("heading", name=el("Check your inbox"))).to_be_visible()

    # The address is confirmed from the email's link.
    (welcome,) = mails_to(EMAIL)
    page.goto(link(welcome, r"/accounts/confirm-email/"))
    page.get_by_role("button", name=el("Confirm")).click()
    expect(page.get_by_text(el("You have confirmed %(email)s.", email=EMAIL))).to_be_visible()
    user = User.objects.get(email=EMAIL)
    assert user.emailaddress_set.get().verified

    # Log in, in Greek: the account page is in Greek.
    page.goto(f"{base}/el/accounts/login/")
    page.get_by_label(field(el("Email"))).fill(EMAIL)
    page.get_by_label(field(el("Password"))).fill(PASSWORD)
    page.get_by_role("button", name=el("Sign In")).click()
    expect(page).to_have_url(f"{base}/el/me/")
    expect(page.get_by_role("heading", name=el("My account"), level=1)).to_be_visible()

    # Register for the first seminar, from its page.
    title = first.title_el
    page.goto(f"{base}/el/seminars/{first.slug}/")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    page.get_by_role("region", name=el("Registration")).get_by_role(
        "link", name=el("Register"), exact=True
    ).click()
    expect(page).to_have_url(f"{base}/el/seminars/{first.slug}/register/")
    page.get_by_label(field(el("Organisation"))).fill(ORGANISATION)
    page.get_by_label(field(el("Country"))).select_option("GR")
    page.get_by_label(el(CONSENT)).check()
    page.get_by_role("button", name=el("Register"), exact=True).click()
    expect(page).to_have_url(f"{base}/el/me/")
    expect(page.get_by_role("status")).to_contain_text(
        el(
            "You are registered for “%(seminar)s” and your place is confirmed. We have emailed you the details.",
            seminar=title,
        )
    )
    mine = page.get_by_role("region", name=el("My registrations"))
    expect(mine.get_by_role("listitem").filter(has_text=title)).to_contain_text(el("Confirmed"))

    # The confirmation, in Greek, with the calendar entry attached.
    confirmation = mails_to(EMAIL)[-1]
    assert confirmation.subject == el("Your place is confirmed: %(seminar)s", seminar=title)
    (ics,) = attachments(confirmation, "text/calendar")
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Athens"
    assert event.decoded("DTSTART") == first.starts_at
    assert str(event["SUMMARY"]) == title

    # Cancel it from /el/me/ ...
    mine.get_by_role("link", name=action(el("Cancel"), title)).click()
    expect(page.get_by_role("heading", name=el("Cancel registration"))).to_be_visible()
    page.get_by_role("button", name=el("Yes, cancel my registration")).click()
    expect(page.get_by_role("status")).to_contain_text(
        el("Your registration for “%(seminar)s” has been cancelled.", seminar=title)
    )
    assert mails_to(EMAIL)[-1].subject == el("Registration cancelled: %(seminar)s", seminar=title)

    # ... and register again: confirmed again, with a new confirmation.
    # What they typed the first time was kept in their profile (issue 17 §2.11).
    page.goto(f"{base}/el/seminars/{first.slug}/register/")
    expect(page.get_by_label(field(el("Organisation")))).to_have_value(ORGANISATION)
    expect(page.get_by_label(field(el("Country")))).to_have_value("GR")
    page.get_by_label(el(CONSENT)).check()
    page.get_by_role("button", name=el("Register"), exact=True).click()
    expect(page).to_have_url(f"{base}/el/me/")
    expect(page.get_by_role("region", name=el("My registrations"))).to_contain_text(title)
    assert Registration.objects.get(seminar=first, user=user, status__in=[Status.CONFIRMED]).pk
    assert mails_to(EMAIL)[-1].subject == el("Your place is confirmed: %(seminar)s", seminar=title)

    # The second seminar: the seats for social workers are taken, so the page says
    # so (not "no free seats" beside "19 seats left") and offers the waiting list.
    title, group = second.title_el, social_workers.name_el
    page.goto(f"{base}/el/seminars/{second.slug}/")
    box = page.get_by_role("region", name=el("Registration"))
    expect(box).to_contain_text(
        el(
            "All seats for %(group)s are taken. You can join the waiting list: if a seat for %(group)s "
            "becomes free, it is offered to the people on the waiting list in turn.",
            group=group,
        )
    )
    expect(box).not_to_contain_text(
        el(
            "No seats are free for now. If one becomes free, it is offered to the people on the waiting list in turn."
        )
    )
    box.get_by_role("link", name=el("Join the waiting list")).click()
    page.get_by_label(el(CONSENT)).check()
    page.get_by_role("button", name=el("Register"), exact=True).click()
    expect(page).to_have_url(f"{base}/el/me/")
    expect(page.get_by_role("status")).to_contain_text(
        el(
            "All seats for %(group)s at “%(seminar)s” are taken, so you are on the waiting list, in position "
            "%(position)s. If a seat for %(group)s becomes free, we offer it to you by email.",
            group=group,
            seminar=title,
            position=1,
        )
    )
    waiting = Registration.objects.get(seminar=second, user=user)
    assert waiting.status == Status.WAITLISTED
    waitlisted = mails_to(EMAIL)[-1]
    assert waitlisted.subject == el("You are on the waiting list: %(seminar)s", seminar=title)
    reason = el(
        "All seats for %(group)s at this seminar are taken, so you are on the waiting list. "
        "If a seat for %(group)s becomes free, we offer it to you by email.",
        group=group,
    )
    assert reason in " ".join(waitlisted.body.split()), waitlisted.body
    assert attachments(waitlisted, "text/calendar") == []

    # The colleague cancels: the seat is offered by email ...
    services.registration_cancel(registration=colleague, actor=colleague.user)
    offer = mails_to(EMAIL)[-1]
    assert offer.subject == el("A seat is free for you: %(seminar)s", seminar=title)
    page.goto(link(offer, r"/me/$"))

    # ... and confirmed on /me/.
    mine = page.get_by_role("region", name=el("My registrations"))
    mine.get_by_role("button", name=action(el("Confirm my seat"), title)).click()
    expect(page.get_by_role("status")).to_contain_text(
        el("Your place at “%(seminar)s” is confirmed. We have emailed you the details.", seminar=title)
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    confirmed = mails_to(EMAIL)[-1]
    assert confirmed.subject == el("Your place is confirmed: %(seminar)s", seminar=title)
    assert len(attachments(confirmed, "text/calendar")) == 1
