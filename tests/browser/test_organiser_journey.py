"""An organiser's first seminar, as they would do it in a browser: log in, open the
organiser area, create a seminar in Ljubljana on the day the clocks go forward
(28 March 2027, CET to CEST) with a two-session agenda, publish it, then read it
back on the public pages in English and Slovenian and in its .ics file."""

import re
from datetime import UTC, datetime

import icalendar
import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from events.models import Seminar
from tests.browser.journey import DESKTOP, PASSWORD, action, field, log_in
from tests.factories import MembershipFactory, VenueFactory

# The live server answers from another thread, so the test needs real commits
# (transaction=True); serialized rollback restores the professional groups of the
# accounts data migration after another journey's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE_SL = "Prepoznavanje otrok, žrtev trgovine z ljudmi"
TITLE_EN = "Identifying child victims of trafficking"


def test_organiser_creates_and_publishes_a_seminar_on_the_dst_day(journey, live_server):
    membership = MembershipFactory(
        role="organiser",
        organisation__name="Centre for Social Work Ljubljana",
        organisation__country="SI",
        user__password=PASSWORD,
    )
    organiser = membership.user
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    venue = VenueFactory(
        organisation=membership.organisation,
        name="Training Centre Bežigrad",
        city="Ljubljana",
        time_zone="Europe/Ljubljana",
    )

    page = journey.open(DESKTOP)
    log_in(page, live_server.url, organiser.email)

    # The organiser area, from the main menu.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organiser area").click()
    expect(page).to_have_url(f"{live_server.url}/manage/")
    expect(page.get_by_role("heading", name="My seminars", level=1)).to_be_visible()
    page.get_by_role("link", name="New seminar").click()
    expect(page.get_by_role("heading", name="New seminar", level=1)).to_be_visible()

    # Titles: Slovenian is the language of instruction of a Slovenian host, so its
    # group is open; English is folded away until the organiser opens it.
    slovenian = page.get_by_role("group", name="Slovenian", exact=True)
    slovenian.get_by_label(field("Title")).fill(TITLE_SL)
    slovenian.get_by_label(field("Summary")).fill("Enodnevno usposabljanje za strokovne delavce.")
    page.locator("summary", has_text=re.compile(r"^English$")).click()
    english = page.get_by_role("group", name="English", exact=True)
    english.get_by_label(field("Title")).fill(TITLE_EN)
    english.get_by_label(field("Summary")).fill("A one-day training for professionals.")

    expect(page.get_by_label(field("Language of instruction"))).to_have_value("sl")
    expect(page.get_by_role("radio", name="In person")).to_be_checked()
    page.get_by_label(field("Venue")).select_option(label=f"{venue.name}, Ljubljana")

    # Wall-clock times at the venue, typed into the date and time inputs.
    page.get_by_label(field("Start date")).fill("2027-03-28")
    page.get_by_label(field("Start time")).fill("09:00")
    page.get_by_label(field("End date")).fill("2027-03-28")
    page.get_by_label(field("End time")).fill("17:00")

    page.get_by_label(field("Capacity")).fill("30")
    page.get_by_label(field("Contact email")).fill("training@example.org")

    # Two agenda sessions, one per empty row.
    agenda = page.get_by_role("group", name="Agenda", exact=True)
    sessions = agenda.get_by_role("group", name="New session", exact=True)
    expect(sessions).to_have_count(2)
    for row, (start, end, title_sl, title_en) in enumerate(
        [
            ("09:00", "12:00", "Pravni okvir", "The legal framework"),
            ("13:00", "17:00", "Študije primerov", "Case studies"),
        ]
    ):
        session = sessions.nth(row)
        session.get_by_label(field("Day")).fill("2027-03-28")
        session.get_by_label(field("Starts")).fill(start)
        session.get_by_label(field("Ends")).fill(end)
        session.get_by_label(field("Title (Slovenian)")).fill(title_sl)
        session.get_by_label(field("Title (English)")).fill(title_en)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/manage/")
    expect(page.get_by_role("status")).to_contain_text("The seminar is saved as a draft.")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=TITLE_EN))
    expect(row).to_contain_text("Draft")
    expect(row).to_contain_text("28 March 2027, 09:00–17:00 CEST")

    # Publish it.
    row.get_by_role("button", name=action("Publish", TITLE_EN)).click()
    expect(page).to_have_url(f"{live_server.url}/manage/")
    expect(page.get_by_role("status")).to_contain_text(f"“{TITLE_EN}” is published.")
    expect(row).to_contain_text("Published")

    seminar = Seminar.objects.get()
    assert seminar.status == Seminar.Status.PUBLISHED
    assert seminar.title_sl == TITLE_SL
    assert seminar.title_en == TITLE_EN
    assert seminar.venue == venue
    assert seminar.time_zone == "Europe/Ljubljana"
    assert seminar.starts_at == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)
    assert seminar.ends_at == datetime(2027, 3, 28, 15, 0, tzinfo=UTC)
    sessions_saved = list(seminar.sessions.order_by("starts_at"))
    assert [(session.starts_at, session.ends_at) for session in sessions_saved] == [
        (datetime(2027, 3, 28, 7, 0, tzinfo=UTC), datetime(2027, 3, 28, 10, 0, tzinfo=UTC)),
        (datetime(2027, 3, 28, 11, 0, tzinfo=UTC), datetime(2027, 3, 28, 15, 0, tzinfo=UTC)),
    ]

    # The public page in English, reached from the organiser's list.
    row.get_by_role("link", name=action("Public page", TITLE_EN)).click()
    expect(page).to_have_url(f"{live_server.url}/seminars/{seminar.slug}/")
    expect(page.get_by_role("heading", name=TITLE_EN, level=1)).to_be_visible()
    facts = page.get_by_role("complementary", name="Key facts")
    expect(facts).to_contain_text("09:00–17:00 CEST")
    agenda_items = page.locator(".agenda-item")
    expect(agenda_items).to_have_count(2)
    expect(agenda_items.nth(0)).to_contain_text("09:00 CEST – 12:00 CEST")
    expect(agenda_items.nth(1)).to_contain_text("13:00 CEST – 17:00 CEST")

    # The same page in Slovenian.
    page.goto(f"{live_server.url}/sl/seminars/{seminar.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "sl")
    expect(page.get_by_role("heading", name=TITLE_SL, level=1)).to_be_visible()
    expect(page.locator(".seminar-facts")).to_contain_text("09:00–17:00 CEST")

    # The calendar file, fetched with the browser's own cookies.
    response = page.request.get(f"{live_server.url}/seminars/{seminar.slug}/calendar.ics")
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text()
    calendar = icalendar.Calendar.from_ical(body)
    unfolded = body.replace("\r\n ", "")
    assert "DTSTART;TZID=Europe/Ljubljana:20270328T090000" in unfolded, body
    assert "DTEND;TZID=Europe/Ljubljana:20270328T170000" in unfolded, body
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Ljubljana"], body
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)
    assert event.decoded("dtend").astimezone(UTC) == datetime(2027, 3, 28, 15, 0, tzinfo=UTC)
