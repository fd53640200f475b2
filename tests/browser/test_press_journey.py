"""A press officer's embargoed release, as they would do it in a browser: log in,
open the press office, write a release and save it as a draft, preview it,
schedule it for a few minutes later, send it under embargo to the press list,
check that nothing public shows it before its time, then let the time pass and
read it on the public list, in the Atom feed and as a PDF."""

import zoneinfo
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from press.models import PressListEntry, PressRelease
from tests.browser.journey import DESKTOP, PASSWORD, field, log_in
from tests.factories import MembershipFactory, PressContactFactory

# The live server answers from another thread, so the test needs real commits
# (transaction=True); serialized rollback restores the professional groups of the
# accounts data migration after another journey's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADLINE = "Social workers in Ljubljana train to identify child victims of trafficking"
LEAD = "Forty social workers, police officers and NGO staff met at the Centre for Social Work Ljubljana."
BODY = "The training covered the **legal framework** and case studies.\n\nSimilar trainings follow in Athens."
LJUBLJANA = zoneinfo.ZoneInfo("Europe/Ljubljana")


def test_press_officer_sends_an_embargoed_release_that_appears_at_its_time(journey, live_server):
    membership = MembershipFactory(
        role="press_officer",
        organisation__name="Centre for Social Work Ljubljana",
        organisation__country="SI",
        user__password=PASSWORD,
    )
    officer, organisation = membership.user, membership.organisation
    EmailAddress.objects.create(user=officer, email=officer.email, verified=True, primary=True)
    contact = PressContactFactory(organisation=organisation, office_name="Communication Office CSD Ljubljana")
    PressListEntry.objects.create(
        organisation=organisation,
        name="Maja Novak",
        outlet="Delo",
        email="maja.novak@example.com",
        language="en",
        consent_at=timezone.now(),
    )
    mail.outbox = []

    page = journey.open(DESKTOP)
    log_in(page, live_server.url, officer.email)

    # The press office, from the main menu.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Press office").click()
    expect(page).to_have_url(f"{live_server.url}/manage/press/")
    page.get_by_role("navigation", name="Press office").get_by_role("link", name="New press release").click()
    expect(page.get_by_role("heading", name="New press release", level=1)).to_be_visible()

    # Write the release, in English.
    text = page.get_by_role("group", name="The release", exact=True)
    text.get_by_label(field("Language")).select_option("en")
    text.get_by_label(field("Headline")).fill(HEADLINE)
    text.get_by_label(field("Dateline city")).fill("LJUBLJANA")
    expect(text.get_by_label(field("Dateline date"))).not_to_have_value("")
    text.get_by_label(field("Lead")).fill(LEAD)
    text.get_by_label(field("Body (Markdown)")).fill(BODY)
    context = page.get_by_role("group", name="Context and contact", exact=True)
    context.get_by_label(field("Press contact")).select_option(str(contact.pk))
    page.get_by_role("button", name="Save as draft").click()

    release = PressRelease.objects.get()
    expect(page).to_have_url(f"{live_server.url}/manage/press/{release.pk}/")
    expect(page.get_by_role("status")).to_contain_text("The press release is saved as a draft.")
    expect(page.get_by_role("heading", name=HEADLINE, level=1)).to_be_visible()
    assert release.status == PressRelease.Status.DRAFT
    assert release.language == "en"
    assert release.contact == contact
    assert release.author == officer

    # The preview says it is a draft.
    page.get_by_role("link", name="Preview", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/manage/press/{release.pk}/preview/")
    expect(page.get_by_role("note").first).to_contain_text("DRAFT: not published.")
    expect(page.get_by_role("heading", name=HEADLINE, level=1)).to_be_visible()
    expect(page.locator(".press-body")).to_contain_text("legal framework")
    expect(page.locator(".press-contact")).to_contain_text(contact.office_name)
    page.get_by_role("link", name="Back to the press office").click()
    expect(page).to_have_url(f"{live_server.url}/manage/press/{release.pk}/")

    # Schedule it a few minutes ahead, typed as wall-clock time in Ljubljana. The
    # time input has minutes only, so three minutes ahead is still ahead after truncation.
    page.get_by_role("link", name="Publish or schedule…").click()
    expect(page.get_by_role("heading", name="Publish the press release?", level=1)).to_be_visible()
    local = (timezone.now() + timedelta(minutes=3)).astimezone(LJUBLJANA)
    schedule = page.locator("form", has=page.get_by_role("button", name="Schedule", exact=True))
    schedule.get_by_label(field("Date")).fill(local.strftime("%Y-%m-%d"))
    schedule.get_by_label(field("Time")).fill(local.strftime("%H:%M"))
    schedule.get_by_role("button", name="Schedule", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/manage/press/{release.pk}/")
    expect(page.get_by_role("status")).to_contain_text(f"“{HEADLINE}” is scheduled for")
    expect(page.locator(".badge")).to_have_text("Scheduled")

    release.refresh_from_db()
    assert release.status == PressRelease.Status.PUBLISHED
    assert release.publish_at == local.replace(second=0, microsecond=0)
    assert release.publish_at > timezone.now()

    # Send the advance copy to the press list, under embargo.
    page.goto(f"{live_server.url}/manage/press/list/send/{release.pk}/")
    expect(page.get_by_role("heading", name="Send to the press list", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("It goes to 1 journalist")
    page.get_by_role("button", name="Send under embargo").click()
    expect(page).to_have_url(f"{live_server.url}/manage/press/list/send/{release.pk}/")
    expect(page.get_by_role("status")).to_contain_text("The advance copy is on its way to 1 journalist.")

    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == ["maja.novak@example.com"]
    assert "EMBARGOED UNTIL" in message.subject, message.subject
    assert HEADLINE in message.subject, message.subject
    assert "EMBARGOED UNTIL" in message.body, message.body
    assert LEAD in message.body, message.body

    # Before its time, nothing public shows it.
    response = page.goto(f"{live_server.url}/press/")
    assert response is not None and response.ok, response and response.status
    expect(page.get_by_role("main")).not_to_contain_text(HEADLINE)
    feed = page.request.get(f"{live_server.url}/press/feed/atom/")
    assert feed.ok, feed.status
    assert HEADLINE not in feed.text()
    response = page.goto(f"{live_server.url}/press/{release.slug}/")
    assert response is not None and response.status == 404, response and response.status
    pdf = page.request.get(f"{live_server.url}/press/{release.slug}/pdf/")
    assert pdf.status == 404, pdf.status

    # The time passes: the clock is simulated by moving the publish time into the past.
    PressRelease.objects.filter(pk=release.pk).update(publish_at=timezone.now() - timedelta(seconds=1))

    page.goto(f"{live_server.url}/press/")
    expect(page.get_by_role("link", name=HEADLINE)).to_be_visible()
    page.get_by_role("link", name=HEADLINE).click()
    expect(page).to_have_url(f"{live_server.url}/press/{release.slug}/")
    expect(page.get_by_role("heading", name=HEADLINE, level=1)).to_be_visible()

    feed = page.request.get(f"{live_server.url}/press/feed/atom/")
    assert feed.ok, feed.status
    assert feed.headers["content-type"].startswith("application/atom+xml"), feed.headers
    assert HEADLINE in feed.text(), feed.text()

    pdf = page.request.get(f"{live_server.url}/press/{release.slug}/pdf/")
    assert pdf.status == 200, pdf.status
    assert pdf.headers["content-type"].startswith("application/pdf"), pdf.headers
    assert pdf.body().startswith(b"%PDF"), pdf.body()[:20]
