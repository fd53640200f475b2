"""The organiser's job, at desktop width and on a phone, in two parts.

1. Before the seminar: a venue in Athens, a seminar across two days there with an
   agenda, seats per professional group and a registration question, published;
   the public page shows it in Athens time; a colleague is invited, signs up from
   the invitation email and accepts it.
2. At the door and after: the check-in desk on a phone (by the code of the
   confirmation email, by name, a walk-in), attendance per session, certificates
   once the seminar has ended, the participant list exported, the seminar's
   dashboard, and the project's funder report with the same figures.
"""

import csv
import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import ProfessionalGroup
from events.models import AgendaSession, Membership, Seminar
from registrations import services
from registrations.models import Question, SeatQuota
from tests.browser.journey import (
    PASSWORD,
    PHONE,
    VIEWPORTS,
    action,
    field,
    link,
    log_in,
    mails_to,
    person,
)
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    PrivacyNoticeFactory,
    ProjectFactory,
    SeminarFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "The Smile of the Child"
ATHENS = zoneinfo.ZoneInfo("Europe/Athens")
TITLE_EL = "Αναγνώριση παιδιών θυμάτων εμπορίας"
TITLE_EN = "Identifying child victims of trafficking"
QUESTION = "Which cases do you work with most?"
COLLEAGUE = "nikos.alexiou@example.gr"


@pytest.fixture
def organiser():
    """An organiser of a Greek host organisation, with the journeys' password."""
    user = person(full_name="Maria Konstantinou")
    MembershipFactory(user=user, role="organiser", organisation__name=HOST, organisation__country="GR")
    return user


@VIEWPORTS
def test_organiser_prepares_a_two_day_seminar_in_athens_and_brings_in_a_colleague(
    journey, live_server, viewport, organiser
):
    base = live_server.url
    PrivacyNoticeFactory()
    organisation = organiser.memberships.get().organisation
    page = journey.open(viewport)
    log_in(page, base, organiser.email)

    # A venue in Athens.
    page.goto(f"{base}/manage/venues/new/")
    page.get_by_label(field("Name")).fill("Training Centre Kallithea")
    page.get_by_label(field("Address")).fill("Davaki 4")
    page.get_by_label(field("City")).fill("Athens")
    expect(page.get_by_label(field("Country"))).to_have_value("GR")
    page.get_by_label(field("Time zone")).select_option("Europe/Athens")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Training Centre Kallithea")

    # The seminar, across two days, typed in Athens time.
    page.goto(f"{base}/manage/seminars/new/")
    greek = page.get_by_role("group", name="Greek", exact=True)
    greek.get_by_label(field("Title")).fill(TITLE_EL)
    greek.get_by_label(field("Summary")).fill("Διήμερη εκπαίδευση για επαγγελματίες.")
    page.locator("summary", has_text=re.compile(r"^English$")).click()
    english = page.get_by_role("group", name="English", exact=True)
    english.get_by_label(field("Title")).fill(TITLE_EN)
    english.get_by_label(field("Summary")).fill("A two-day training for professionals.")
    page.get_by_label(field("Venue")).select_option(label="Training Centre Kallithea, Athens")
    page.get_by_label(field("Start date")).fill("2027-05-10")
    page.get_by_label(field("Start time")).fill("09:00")
    page.get_by_label(field("End date")).fill("2027-05-11")
    page.get_by_label(field("End time")).fill("16:00")
    page.get_by_label(field("Capacity")).fill("20")
    page.get_by_label(field("Contact email")).fill("training@example.gr")
    sessions = page.get_by_role("group", name="Agenda", exact=True).get_by_role("group", name="New session")
    for row, (day, start, end, title_el, title_en) in enumerate(
        [
            ("2027-05-10", "09:00", "17:00", "Νομικό πλαίσιο", "The legal framework"),
            ("2027-05-11", "09:00", "16:00", "Μελέτες περιπτώσεων", "Case studies"),
        ]
    ):
        session = sessions.nth(row)
        session.get_by_label(field("Day")).fill(day)
        session.get_by_label(field("Starts")).fill(start)
        session.get_by_label(field("Ends")).fill(end)
        session.get_by_label(field("Title (Greek)")).fill(title_el)
        session.get_by_label(field("Title (English)")).fill(title_en)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(f"{base}/manage/")
    expect(page.get_by_role("status")).to_contain_text("The seminar is saved as a draft.")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=TITLE_EN))
    expect(row).to_contain_text("10 May 2027, 09:00 EEST")
    seminar = Seminar.objects.get()
    assert seminar.time_zone == "Europe/Athens"
    assert (seminar.starts_at, seminar.ends_at) == (
        datetime(2027, 5, 10, 6, tzinfo=UTC),
        datetime(2027, 5, 11, 13, tzinfo=UTC),
    )

    # Seats per professional group, from the seminar's registrations pages.
    row.get_by_role("link", name=action("Registrations", TITLE_EN)).click()
    tabs = page.get_by_role("navigation", name="This seminar")
    tabs.get_by_role("link", name="Seats and quotas").click()
    social_workers = ProfessionalGroup.objects.get(slug="social-workers")
    police = ProfessionalGroup.objects.get(slug="police")
    page.get_by_label(field(social_workers.name)).fill("12")
    page.get_by_label(field(police.name)).fill("5")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_be_visible()
    assert dict(SeatQuota.objects.values_list("group__slug", "seats")) == {"social-workers": 12, "police": 5}

    # A question people answer when they register.
    tabs.get_by_role("link", name="Questions").click()
    question = page.get_by_role("group", name="New question")
    question.get_by_label(field("Question (English)")).fill(QUESTION)
    question.get_by_label(field("Question (Greek)")).fill("Με ποιες υποθέσεις ασχολείστε περισσότερο;")
    question.get_by_label(field("Kind of answer")).select_option(label="Short text")
    question.get_by_label(field("An answer is required")).check()
    page.get_by_role("button", name="Save the questions").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert Question.objects.get(seminar=seminar).label_en == QUESTION

    # Publish it; the public page shows it in Athens time, with the seats per group.
    page.goto(f"{base}/manage/")
    row.get_by_role("button", name=action("Publish", TITLE_EN)).click()
    expect(page.get_by_role("status")).to_contain_text(f"“{TITLE_EN}” is published.")
    row.get_by_role("link", name=action("Public page", TITLE_EN)).click()
    expect(page.get_by_role("heading", name=TITLE_EN, level=1)).to_be_visible()
    expect(page.get_by_role("complementary", name="Key facts")).to_contain_text("EEST")
    box = page.get_by_role("region", name="Registration")
    expect(box).to_contain_text("20 seats left (of 20)")
    expect(box).to_contain_text(f"{social_workers.name}: 12 seats left (of 12)")
    page.goto(f"{base}/el/seminars/{seminar.slug}/")
    expect(page.get_by_role("heading", name=TITLE_EL, level=1)).to_be_visible()

    # A colleague is invited ...
    page.goto(f"{base}/manage/organisations/{organisation.slug}/")
    invite = page.get_by_role("region", name="Invite a colleague")
    invite.get_by_label(field("Email address")).fill(COLLEAGUE)
    invite.get_by_label(field("Role")).select_option("organiser")
    invite.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("region", name="Open invitations").first).to_contain_text(COLLEAGUE)
    (invitation,) = mails_to(COLLEAGUE)
    assert HOST in invitation.body

    # ... signs up from the link in the email, in a browser of their own ...
    colleague = journey.open(viewport)
    colleague.goto(link(invitation, r"/invitations/"))
    colleague.locator("#main").get_by_role("link", name="Sign up").click()
    colleague.get_by_label(field("Email")).fill(COLLEAGUE)
    colleague.get_by_label("Full name").fill("Nikos Alexiou")
    colleague.get_by_label(field("Password")).fill(PASSWORD)
    colleague.get_by_label("Password (again)").fill(PASSWORD)
    colleague.get_by_label("I have read the privacy notice").check()
    colleague.get_by_role("button", name="Sign up").click()
    expect(colleague.get_by_role("heading", name="Check your inbox")).to_be_visible()
    colleague.goto(link(mails_to(COLLEAGUE)[-1], r"/accounts/confirm-email/"))
    colleague.get_by_role("button", name="Confirm").click()
    expect(colleague.get_by_text(f"You have confirmed {COLLEAGUE}")).to_be_visible()
    colleague.get_by_label(field("Email")).fill(COLLEAGUE)
    colleague.get_by_label(field("Password")).fill(PASSWORD)
    colleague.get_by_role("button", name="Sign in").click()

    # ... is offered the invitation at once after logging in, and accepts it.
    expect(colleague.get_by_role("heading", name="Invitation", level=1)).to_be_visible()
    expect(colleague.locator("#main")).to_contain_text(f"Accept to join {HOST} as Organiser.")
    colleague.get_by_role("button", name="Accept the invitation").click()
    expect(colleague).to_have_url(f"{base}/manage/")
    expect(colleague.get_by_role("status")).to_contain_text(f"Welcome to {HOST}. Your role: Organiser.")
    expect(colleague.get_by_role("rowheader", name=TITLE_EN)).to_be_visible()
    assert Membership.objects.filter(
        user__email=COLLEAGUE, organisation=organisation, role="organiser"
    ).exists()

    # The organiser sees the colleague among the members.
    page.goto(f"{base}/manage/organisations/{organisation.slug}/")
    expect(page.get_by_role("region", name="Members").first).to_contain_text("Nikos Alexiou")
    expect(page.get_by_role("region", name="Open invitations").first).not_to_contain_text(COLLEAGUE)


def time_passes(seminar: Seminar, by: timedelta) -> None:
    """The clock moves on: the seminar and its agenda move back by as much."""
    Seminar.objects.filter(pk=seminar.pk).update(starts_at=F("starts_at") - by, ends_at=F("ends_at") - by)
    AgendaSession.objects.filter(seminar=seminar).update(
        starts_at=F("starts_at") - by, ends_at=F("ends_at") - by
    )


def register(seminar: Seminar, full_name: str, group: str, answer: str):
    """A registration through the service, so the confirmation email goes out."""
    user = person(full_name=full_name, organisation="Centre for Social Work Athens", country="GR")
    return services.registration_create(
        seminar=seminar,
        user=user,
        professional_group=ProfessionalGroup.objects.get(slug=group),
        organisation=user.organisation,
        country="GR",
        consent=True,
        answers={seminar.questions.get().pk: answer},
    )


def figure(page: Page, label: str) -> str:
    """The value shown beside `label` in the dashboard's attendance figures."""
    return (
        page.get_by_role("region", name="Attendance")
        .locator(".status-count", has=page.locator("dt", has_text=re.compile(rf"^{label}$")))
        .locator("dd")
        .inner_text()
    )


@VIEWPORTS
def test_organiser_runs_the_door_on_a_phone_then_issues_certificates_and_reports(
    journey, live_server, viewport, organiser
):
    base = live_server.url
    PrivacyNoticeFactory()
    organisation = organiser.memberships.get().organisation
    project = ProjectFactory(acronym="VICTOR", name="Victims of Child Trafficking", coordinator=organisation)
    venue = VenueFactory(organisation=organisation, city="Athens", country="GR", time_zone="Europe/Athens")
    # Two days at the venue, registered for a day ahead. The first session will have
    # begun a few minutes before the desk opens, on the same day at the venue.
    now = timezone.now().astimezone(ATHENS)
    begun = max(
        now.replace(second=0, microsecond=0) - timedelta(minutes=10),
        now.replace(hour=0, minute=0, second=0, microsecond=0),
    )
    start = begun + timedelta(days=1)
    seminar = SeminarFactory(
        organisation=organisation,
        venue=venue,
        project=project,
        title_en=TITLE_EN,
        starts_at=start,
        ends_at=start + timedelta(days=1, hours=3),
    )
    for day, title in enumerate(("The legal framework", "Case studies")):
        AgendaSessionFactory(
            seminar=seminar,
            starts_at=start + timedelta(days=day),
            ends_at=start + timedelta(days=day, hours=3),
            title_en=title,
        )
    Question.objects.create(seminar=seminar, label_en=QUESTION, kind=Question.Kind.SHORT_TEXT)
    maja = register(seminar, "Maja Horvat", "social-workers", "Unaccompanied minors")
    eleni = register(seminar, "Eleni Georgiou", "social-workers", "Street children")
    register(seminar, "Stefan Ionescu", "police", "Labour exploitation")

    # The confirmation email prints the check-in code under its link, for typing at the desk.
    (confirmation,) = mails_to(maja.user.email)
    check_in_link = link(confirmation, r"/manage/check-in/")
    code = check_in_link.rstrip("/").rsplit("/", 1)[1]
    assert code in confirmation.body.replace(check_in_link, ""), confirmation.body

    # The day comes, the first session has begun: at the door, on a phone.
    time_passes(seminar, by=timedelta(days=1))
    desk = journey.open(PHONE)
    log_in(desk, base, organiser.email)
    desk.goto(f"{base}/manage/seminars/{seminar.pk}/check-in/")
    count = desk.locator("#desk-count")
    expect(count).to_contain_text("0 of 3 confirmed participants checked in")

    # By the code, typed from the email.
    desk.get_by_label(field("Scanned code or link")).fill(code)
    desk.get_by_role("button", name="Check in this code").click()
    expect(desk.get_by_role("status")).to_contain_text("Maja Horvat is checked in.")
    expect(count).to_contain_text("1 of 3 confirmed participants checked in")

    # By name: Present ticks without reloading the page (the organiser keeps their place).
    desk.get_by_label("Find a participant by name").fill("eleni")
    desk.evaluate("() => { window.journeyMarker = 'still here'; }")
    desk.get_by_role("button", name=re.compile(r"^Present\s?: Eleni Georgiou$")).click()
    expect(desk.get_by_role("status")).to_contain_text("Eleni Georgiou is checked in.")
    expect(count).to_contain_text("2 of 3 confirmed participants checked in")
    assert desk.evaluate("() => window.journeyMarker") == "still here"

    # A walk-in, registered and checked in at the desk.
    desk.locator("summary", has_text="Register a walk-in").click()
    walk_in = desk.locator("details.desk-walk-in")
    walk_in.get_by_label(field("Full name")).fill("Ioana Popescu")
    walk_in.get_by_label(field("Organisation")).fill("Save the Children Romania")
    walk_in.get_by_label(field("Professional group")).select_option(label="NGO representatives")
    walk_in.get_by_label(field("Country")).select_option("RO")
    walk_in.get_by_role("button", name="Register and check in").click()
    expect(desk.get_by_role("status")).to_contain_text("Ioana Popescu")
    expect(count).to_contain_text("3 of 4 confirmed participants checked in")

    # During the seminar, attendance is taken only for what has started, and
    # certificates wait for the end.
    page = journey.open(viewport)
    log_in(page, base, organiser.email)
    page.goto(f"{base}/manage/seminars/{seminar.pk}/attendance/")
    expect(page.get_by_label("Maja Horvat attended The legal framework")).to_be_checked()
    expect(page.get_by_label("Maja Horvat attended Case studies")).to_be_disabled()
    page.goto(f"{base}/manage/seminars/{seminar.pk}/certificates/")
    expect(page.get_by_role("heading", name="Certificates", level=1)).to_be_visible()
    expect(page.get_by_text("Certificates can only be issued after the seminar has ended.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Issue \d+ certificates?$"))).to_have_count(0)

    # Three days later: attendance of the second day, from the attendance page.
    time_passes(seminar, by=timedelta(days=3))
    page.goto(f"{base}/manage/seminars/{seminar.pk}/attendance/")
    for name in ("Maja Horvat", "Eleni Georgiou", "Ioana Popescu"):
        expect(page.get_by_label(f"{name} attended The legal framework")).to_be_checked()
    for name in ("Maja Horvat", "Eleni Georgiou"):
        page.get_by_label(f"{name} attended Case studies").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance is saved: 2 marked present")).to_be_visible()

    # Certificates, now that it has ended: for the two who attended it all.
    page.get_by_role("navigation", name="This seminar").get_by_role("link", name="Certificates").click()
    expect(page.get_by_text("0 of 2 eligible participants have a certificate.")).to_be_visible()
    page.get_by_role("button", name="Issue 2 certificates").click()
    expect(page.get_by_text("2 of 2 eligible participants have a certificate.")).to_be_visible()
    issued = page.get_by_role("table", name="Issued certificates")
    expect(issued).to_contain_text("Maja Horvat")
    expect(issued).to_contain_text("Eleni Georgiou")
    # Issued at a time shown in Athens time, with its abbreviation (issue 17 §2.6).
    expect(issued).to_contain_text(re.compile(r"\d{4}, \d{2}:\d{2} EES?T"))
    assert "Your certificate of attendance" in mails_to(eleni.user.email)[-1].body

    # The participant list, exported as CSV with the question's answers.
    page.get_by_role("navigation", name="This seminar").get_by_role("link", name="Export").click()
    page.get_by_role("checkbox", name=QUESTION).check()
    page.get_by_role("radio", name="CSV (comma-separated values)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert sorted(row["Name"] for row in rows) == [
        "Eleni Georgiou",
        "Ioana Popescu",
        "Maja Horvat",
        "Stefan Ionescu",
    ], rows
    assert {row["Name"]: row[QUESTION] for row in rows}["Maja Horvat"] == "Unaccompanied minors", rows

    # The dashboard's figures ...
    page.get_by_role("navigation", name="This seminar").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    assert (figure(page, "Confirmed"), figure(page, "Checked in"), figure(page, "Attended")) == (
        "4",
        "3",
        "3",
    )

    # ... are the funder report's: three people trained, and three attendees for the evaluation.
    page.goto(f"{base}/manage/projects/")
    page.get_by_role("main").get_by_role("link", name="VICTOR", exact=True).click()
    expect(page.get_by_role("heading", name="Funder report: VICTOR", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("3 people trained in 1 seminar.")
    evaluation = page.get_by_role("region", name="Evaluation")
    expect(evaluation.locator(".result-figures")).to_contain_text("3 attendees")
    row = evaluation.get_by_role("row").filter(has=page.get_by_role("rowheader", name=TITLE_EN))
    expect(row.get_by_role("cell").first).to_have_text("3")
