"""The press office's job, at desktop width and on a phone: write a release as a
draft, add its Greek translation, schedule both under embargo; before their time
nothing public shows them (the list, the page, the feeds, the API, the PDF, the
home page); once the time has passed, every one of those surfaces does, and the
PDF says what the release says."""

import io
import re
import zoneinfo
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from press.models import Attachment, PressRelease
from tests.browser.journey import PHONE, VIEWPORTS, field, log_in
from tests.factories import MembershipFactory, PressContactFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ATHENS = zoneinfo.ZoneInfo("Europe/Athens")
HEADLINE = "Police officers and social workers in Athens train to identify child victims"
LEAD = "Thirty professionals met at The Smile of the Child for two days of training."
HEADLINE_EL = "Αστυνομικοί και κοινωνικοί λειτουργοί εκπαιδεύονται στην Αθήνα"
LEAD_EL = "Τριάντα επαγγελματίες συναντήθηκαν στο Χαμόγελο του Παιδιού για διήμερη εκπαίδευση."


def shown_on_every_surface(reader: Page, base: str, english: PressRelease, greek: PressRelease) -> dict:
    """Where the public sees each version: True or False per surface, as an
    anonymous reader's browser gets it."""
    shown = {}
    reader.goto(f"{base}/press/")
    shown["list"] = HEADLINE in reader.get_by_role("main").inner_text()
    reader.goto(f"{base}/el/press/")
    shown["list in Greek"] = HEADLINE_EL in reader.get_by_role("main").inner_text()
    reader.goto(f"{base}/")
    shown["home page"] = HEADLINE in reader.get_by_role("main").inner_text()
    for name, release, headline in (("page", english, HEADLINE), ("page in Greek", greek, HEADLINE_EL)):
        prefix = "/el" if release.language == "el" else ""
        response = reader.goto(f"{base}{prefix}/press/{release.slug}/")
        assert response.status in (200, 404), (name, response.status)
        shown[name] = response.status == 200 and headline in reader.get_by_role("main").inner_text()
    for feed in ("rss", "atom"):
        response = reader.request.get(f"{base}/press/feed/{feed}/")
        assert response.ok, (feed, response.status)
        shown[f"{feed} feed"] = HEADLINE in response.text()
    response = reader.request.get(f"{base}/api/v1/press-releases/")
    assert response.ok, response.status
    shown["API list"] = english.slug in response.text()
    response = reader.request.get(f"{base}/api/v1/press-releases/{english.slug}/")
    assert response.status in (200, 404), response.status
    shown["API release"] = response.status == 200 and response.json()["headline"] == HEADLINE
    response = reader.request.get(f"{base}/press/{english.slug}/pdf/")
    assert response.status in (200, 404), response.status
    shown["PDF"] = response.status == 200 and HEADLINE in pdf_text(response.body())
    return shown


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def schedule(page: Page, release: PressRelease, when) -> None:
    """From the release's page in the press office: Publish or schedule…, typed as
    wall-clock time in Athens."""
    page.get_by_role("link", name="Publish or schedule…").click()
    expect(page.get_by_role("heading", name="Publish the press release?", level=1)).to_be_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Schedule", exact=True))
    local = when.astimezone(ATHENS)
    form.get_by_label(field("Date")).fill(local.strftime("%Y-%m-%d"))
    form.get_by_label(field("Time")).fill(local.strftime("%H:%M"))
    form.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"“{release.headline}” is scheduled for")
    expect(page.locator(".badge").first).to_have_text("Scheduled")


@VIEWPORTS
def test_draft_translate_schedule_and_appear_everywhere_at_the_embargo_time(journey, live_server, viewport):
    base = live_server.url
    membership = MembershipFactory(
        role="press_officer", organisation__name="The Smile of the Child", organisation__country="GR"
    )
    officer, organisation = membership.user, membership.organisation
    officer.set_password("Lipa-Sava-Triglav-2024")
    officer.save()
    officer.emailaddress_set.create(email=officer.email, verified=True, primary=True)
    contact = PressContactFactory(
        organisation=organisation, office_name="Press Office, The Smile of the Child"
    )

    page = journey.open(viewport)
    log_in(page, base, officer.email)

    # The draft, in English.
    page.goto(f"{base}/manage/press/new/")
    text = page.get_by_role("group", name="The release", exact=True)
    text.get_by_label(field("Language")).select_option("en")
    text.get_by_label(field("Headline")).fill(HEADLINE)
    text.get_by_label(field("Dateline city")).fill("ATHENS")
    text.get_by_label(field("Lead")).fill(LEAD)
    text.get_by_label(field("Body (Markdown)")).fill(
        "The training covered **the legal framework** and case studies."
    )
    page.get_by_role("group", name="Context and contact", exact=True).get_by_label(
        field("Press contact")
    ).select_option(str(contact.pk))
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("status")).to_contain_text("The press release is saved as a draft.")
    english = PressRelease.objects.get(language="en")

    # Its Greek translation, starting from the English text.
    page.get_by_role("link", name="Add a translation").click()
    text = page.get_by_role("group", name="The release", exact=True)
    expect(text.get_by_label(field("Headline"))).to_have_value(HEADLINE)
    text.get_by_label(field("Language")).select_option("el")
    text.get_by_label(field("Headline")).fill(HEADLINE_EL)
    text.get_by_label(field("Dateline city")).fill("ΑΘΗΝΑ")
    text.get_by_label(field("Lead")).fill(LEAD_EL)
    text.get_by_label(field("Body (Markdown)")).fill(
        "Η εκπαίδευση κάλυψε **το νομικό πλαίσιο** και μελέτες περιπτώσεων."
    )
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("status")).to_contain_text("The translation is saved as a draft.")
    greek = PressRelease.objects.get(language="el")
    assert greek.translation_group == english.translation_group
    # A Greek headline gives a Latin web address, not only its digits (issue 17 §2.9).
    words = greek.slug.split("-")
    assert len(words) >= 4 and all(word.isascii() and word.isalpha() for word in words), greek.slug
    assert not greek.slug.startswith("press-release"), greek.slug

    # Both scheduled a few minutes ahead (the time input has minutes only).
    embargo = timezone.now() + timedelta(minutes=5)
    schedule(page, greek, embargo)
    page.get_by_role("link", name=re.compile(re.escape(HEADLINE))).click()
    expect(page.get_by_role("heading", name=HEADLINE, level=1)).to_be_visible()
    schedule(page, english, embargo)
    for release in (english, greek):
        release.refresh_from_db()
        assert release.status == PressRelease.Status.PUBLISHED
        assert release.publish_at == embargo.astimezone(ATHENS).replace(second=0, microsecond=0)

    # Before its time: invisible everywhere, to a reader on the same kind of screen.
    reader = journey.open(viewport)
    before = shown_on_every_surface(reader, base, english, greek)
    assert not any(before.values()), before

    # The time passes (simulated by moving the publish time into the past).
    PressRelease.objects.filter(pk__in=[english.pk, greek.pk]).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )

    after = shown_on_every_surface(reader, base, english, greek)
    assert all(after.values()), after
    pdf = pdf_text(reader.request.get(f"{base}/press/{english.slug}/pdf/").body())
    assert LEAD in pdf and contact.office_name in pdf, pdf


def test_a_releases_image_and_attachment_reach_a_phone_only_after_the_embargo(journey, live_server):
    """The image and the attachment are private files, served through the release:
    nothing at their addresses before the embargo, both from the release page after."""
    base = live_server.url
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 92, 122)).save(picture, "PNG")
    agenda = b"%PDF-1.4\n% The agenda of the seminar\n%%EOF\n"
    release = PressReleaseFactory(
        headline=HEADLINE,
        publish_at=timezone.now() + timedelta(hours=2),
        image=SimpleUploadedFile("photo.png", picture.getvalue(), content_type="image/png"),
        image_alt="Participants of the training in Athens",
    )
    attachment = Attachment.objects.create(
        release=release,
        title="Agenda of the training",
        file=SimpleUploadedFile("agenda.pdf", agenda),
        content_type="application/pdf",
        size=len(agenda),
    )
    files = (f"{base}/press/{release.slug}/image/", f"{base}/press/{release.slug}/files/{attachment.pk}/")

    reader = journey.open(PHONE)
    assert reader.goto(f"{base}/press/{release.slug}/").status == 404
    for url in files:
        assert reader.request.get(url).status == 404, url

    PressRelease.objects.filter(pk=release.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    reader.goto(f"{base}/press/{release.slug}/")
    image = reader.get_by_role("img", name="Participants of the training in Athens")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 40
    download = reader.get_by_role("link", name="Agenda of the training")
    expect(download).to_be_visible()
    response = reader.request.get(base + download.get_attribute("href"))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == agenda
