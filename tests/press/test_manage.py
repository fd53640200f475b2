"""The press area (/manage/press/): drafts, revisions, translations, attachments,
scheduling, publication, corrections and withdrawals, scoped by press.rules."""

import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from accounts.models import AuditEntry
from events.models import Membership
from press.models import Attachment, PressContact, PressRelease, PressReleaseRevision
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SeminarFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def page_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), color=(200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_release(organisation, **overrides) -> PressRelease:
    """A draft made directly, with its first revision (the services are tested through the views)."""
    values = {
        "organisation": organisation,
        "language": "en",
        "slug": f"release-{uuid.uuid4().hex[:8]}",
        "headline": "Professionals trained to identify child victims",
        "dateline_city": "LJUBLJANA",
        "dateline_date": date(2014, 1, 30),
        "lead": "Forty professionals met in Ljubljana.",
        "body": "The seminar covered the **legal framework**.",
    }
    values.update(overrides)
    release = PressRelease.objects.create(**values)
    PressReleaseRevision.objects.create(
        release=release, number=release.revision, summary="created", snapshot={"headline": release.headline}
    )
    return release


def release_data(**overrides) -> dict:
    data = {
        "language": "en",
        "headline": "VICTOR seminar trains 40 professionals",
        "subtitle": "Social workers, police officers and judges learn together",
        "dateline_city": "LJUBLJANA",
        "dateline_date": "2014-01-30",
        "lead": "Forty professionals met in Ljubljana to learn how to identify child victims.",
        "body": "The seminar covered the **legal framework** and case studies.",
        "project": "",
        "contact": "",
        "image_alt": "",
        "slug": "",
        "change_summary": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def press_officer(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.PRESS_OFFICER).user


@pytest.fixture
def officer_client(client, press_officer):
    client.force_login(press_officer)
    return client


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def draft(organisation, press_officer):
    return make_release(organisation, author=press_officer)


@pytest.fixture
def published(organisation, press_officer):
    return make_release(
        organisation,
        status=PressRelease.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
        author=press_officer,
    )


# Writing


def test_press_officer_creates_a_draft_with_a_slug_from_the_headline(
    officer_client, organisation, press_officer
):
    project = ProjectFactory(coordinator=organisation)
    seminar = SeminarFactory(organisation=organisation)
    contact = PressContact.objects.create(
        organisation=organisation, office_name="Communication office", email="press@example.org"
    )

    response = officer_client.post(
        "/manage/press/new/",
        release_data(project=project.pk, contact=contact.pk, seminars=[seminar.pk]),
    )

    release = PressRelease.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/press/{release.pk}/"
    assert (release.organisation, release.status, release.author) == (organisation, "draft", press_officer)
    assert release.slug == "victor-seminar-trains-40-professionals"
    assert (release.project, release.contact, list(release.seminars.all())) == (project, contact, [seminar])
    assert release.publish_at is None
    assert list(release.revisions.values_list("number", "summary", "author")) == [
        (1, "created", press_officer.pk)
    ]
    assert messages_of(response) == ["The press release is saved as a draft."]


def test_a_second_release_with_the_same_headline_gets_its_own_slug(officer_client, organisation):
    make_release(organisation, slug="victor-seminar-trains-40-professionals")

    officer_client.post("/manage/press/new/", release_data())

    assert PressRelease.objects.filter(slug="victor-seminar-trains-40-professionals-2").exists()


def test_a_missing_headline_is_refused_and_nothing_is_saved(officer_client):
    response = officer_client.post("/manage/press/new/", release_data(headline=""))

    assert response.status_code == 400
    assert "This field is required." in page_of(response)
    assert not PressRelease.objects.exists()


def test_an_image_needs_its_description(officer_client):
    image = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")

    response = officer_client.post("/manage/press/new/", release_data(image=image))

    assert response.status_code == 400
    assert "Describe the image for people who cannot see it." in page_of(response)
    assert not PressRelease.objects.exists()


def test_an_image_with_its_description_is_kept(officer_client):
    image = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")

    officer_client.post(
        "/manage/press/new/", release_data(image=image, image_alt="Participants in a workshop")
    )

    release = PressRelease.objects.get()
    assert release.image.name.startswith("press/images/") and "photo" not in release.image.name  # unguessable
    assert release.image_alt == "Participants in a workshop"


def test_editing_a_draft_creates_a_revision_shown_in_the_history(officer_client, draft, press_officer):
    response = officer_client.post(
        f"/manage/press/{draft.pk}/edit/",
        release_data(
            headline="Forty professionals trained", slug=draft.slug, change_summary="quotes checked"
        ),
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.headline, draft.revision) == ("Forty professionals trained", 2)
    revision = draft.revisions.get(number=2)
    assert (revision.author, revision.summary, revision.snapshot["headline"]) == (
        press_officer,
        "quotes checked",
        "Forty professionals trained",
    )
    page = page_of(officer_client.get(f"/manage/press/{draft.pk}/"))
    assert "Revision history" in page
    assert "quotes checked" in page
    assert press_officer.full_name in page


def test_a_draft_whose_author_erased_their_account_is_adopted_by_its_next_editor(
    officer_client, organisation, press_officer
):
    orphan = make_release(organisation, author=None)

    response = officer_client.post(f"/manage/press/{orphan.pk}/edit/", release_data(slug=orphan.slug))

    orphan.refresh_from_db()
    assert response.status_code == 302
    assert (orphan.author, orphan.revision) == (press_officer, 2)


def test_a_published_release_is_not_edited_but_corrected(officer_client, published):
    response = officer_client.post(f"/manage/press/{published.pk}/edit/", release_data(headline="Changed"))

    assert response.status_code == 302
    assert response["Location"] == f"/manage/press/{published.pk}/correct/"
    published.refresh_from_db()
    assert published.headline == "Professionals trained to identify child victims"


def test_related_seminars_and_contacts_must_be_the_organisations_own(officer_client, organisation):
    other = OrganisationFactory()
    foreign_seminar = SeminarFactory(organisation=other)
    foreign_contact = PressContact.objects.create(
        organisation=other, office_name="Other", email="o@example.org"
    )

    response = officer_client.post(
        "/manage/press/new/", release_data(seminars=[foreign_seminar.pk], contact=foreign_contact.pk)
    )

    assert response.status_code == 400
    assert not PressRelease.objects.exists()


# Translations


def test_a_translation_starts_from_the_text_and_joins_the_same_group(officer_client, draft):
    form_page = page_of(officer_client.get(f"/manage/press/{draft.pk}/translate/"))
    assert "Professionals trained to identify child victims" in form_page
    assert 'value="en"' not in form_page  # English is taken by the original

    response = officer_client.post(
        f"/manage/press/{draft.pk}/translate/",
        release_data(language="el", headline="Εκπαίδευση επαγγελματιών", dateline_city="ΑΘΗΝΑ"),
    )

    translation = PressRelease.objects.exclude(pk=draft.pk).get()
    assert response.status_code == 302
    assert translation.translation_group == draft.translation_group
    assert (translation.language, translation.status, translation.headline) == (
        "el",
        "draft",
        "Εκπαίδευση επαγγελματιών",
    )
    assert translation.slug == "ekpaidefsi-epangelmation"  # Greek letters in Latin (ELOT 743)
    assert translation.revisions.count() == 1
    assert "Εκπαίδευση επαγγελματιών" in page_of(officer_client.get(f"/manage/press/{draft.pk}/"))


def test_a_translation_in_a_language_the_group_already_has_is_refused(officer_client, draft):
    make_release(draft.organisation, language="sl", translation_group=draft.translation_group)

    response = officer_client.post(f"/manage/press/{draft.pk}/translate/", release_data(language="sl"))

    assert response.status_code == 400
    assert "This release already has a version in that language." in page_of(response)
    assert PressRelease.objects.filter(translation_group=draft.translation_group).count() == 2


def test_a_version_cannot_be_switched_to_the_language_of_another_version(officer_client, draft):
    greek = make_release(draft.organisation, language="el", translation_group=draft.translation_group)

    response = officer_client.post(
        f"/manage/press/{greek.pk}/edit/", release_data(language="en", slug=greek.slug)
    )

    greek.refresh_from_db()
    assert response.status_code == 400
    assert greek.language == "el"


# Preview


def test_preview_of_a_draft_says_it_is_a_draft(officer_client, draft):
    page = page_of(officer_client.get(f"/manage/press/{draft.pk}/preview/"))

    assert "DRAFT: not published." in page
    assert "<strong>legal framework</strong>" in page
    assert '<meta name="robots" content="noindex">' in page


def test_preview_of_a_scheduled_release_says_until_when_it_is_embargoed(officer_client, organisation):
    VenueFactory(organisation=organisation, time_zone="Europe/Athens")
    release = make_release(
        organisation, status=PressRelease.Status.PUBLISHED, publish_at=datetime(2099, 7, 1, 7, 0, tzinfo=UTC)
    )

    page = page_of(officer_client.get(f"/manage/press/{release.pk}/preview/"))

    assert "EMBARGOED until" in page
    assert "10:00 EEST" in page


def test_what_people_type_is_escaped_in_the_preview(officer_client, organisation):
    release = make_release(
        organisation,
        headline="<script>alert('headline')</script>",
        subtitle='"><img src=x onerror=alert(1)>',
        lead="<b>bold?</b>",
        body="Text <script>alert('body')</script> and [a link](javascript:alert(1)) <iframe src=x></iframe>",
        dateline_city="<i>CITY</i>",
    )

    page = page_of(officer_client.get(f"/manage/press/{release.pk}/preview/"))

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;headline&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;b&gt;bold?&lt;/b&gt;" in page
    assert "&lt;i&gt;CITY&lt;/i&gt;" in page
    assert "javascript:" not in page
    assert "<iframe" not in page


# Actions


def test_draft_goes_to_review(officer_client, draft):
    response = officer_client.post(f"/manage/press/{draft.pk}/review/")

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == "review"
    assert AuditEntry.objects.filter(action="press.review", target_id=str(draft.pk)).count() == 1


def test_publish_now_makes_the_release_public_and_is_audited(officer_client, draft, press_officer):
    confirm = officer_client.get(f"/manage/press/{draft.pk}/publish/")
    assert "Yes, publish now" in page_of(confirm)
    before = timezone.now()

    response = officer_client.post(f"/manage/press/{draft.pk}/publish/")

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == "published"
    assert before <= draft.publish_at <= timezone.now()
    assert draft.is_public()
    entry = AuditEntry.objects.get(action="press.publish")
    assert (entry.actor, entry.target_id) == (press_officer, str(draft.pk))
    assert draft.revisions.first().summary.startswith("published for ")


def test_publishing_twice_is_a_clear_error(officer_client, published):
    response = officer_client.post(f"/manage/press/{published.pk}/publish/")

    assert response.status_code == 400
    assert messages_of(response) == ["This release is already published."]
    assert not AuditEntry.objects.filter(action="press.publish").exists()


def test_schedule_is_typed_in_the_organisations_time_zone_and_stored_in_utc(officer_client, organisation):
    VenueFactory(organisation=organisation, time_zone="Europe/Athens")
    release = make_release(organisation)

    # 29 March 2099 is the last Sunday of March: Athens moves to EEST (UTC+3) at 03:00.
    response = officer_client.post(
        f"/manage/press/{release.pk}/schedule/", {"date": "2099-03-29", "time": "10:00"}
    )

    release.refresh_from_db()
    assert response.status_code == 302
    assert release.status == "published"
    assert release.publish_at == datetime(2099, 3, 29, 7, 0, tzinfo=UTC)
    assert not release.is_public()
    list_page = page_of(officer_client.get("/manage/press/"))
    assert "Scheduled" in list_page
    assert "10:00 EEST" in list_page


def test_schedule_the_day_before_the_clocks_change_uses_winter_time(officer_client, organisation):
    release = make_release(organisation)  # Slovenian organisation without a venue: Europe/Ljubljana

    officer_client.post(f"/manage/press/{release.pk}/schedule/", {"date": "2099-03-28", "time": "09:00"})

    release.refresh_from_db()
    assert release.publish_at == datetime(2099, 3, 28, 8, 0, tzinfo=UTC)  # CET, UTC+1


def test_a_time_skipped_when_the_clocks_go_forward_is_refused(officer_client, organisation):
    release = make_release(organisation)

    response = officer_client.post(
        f"/manage/press/{release.pk}/schedule/", {"date": "2099-03-29", "time": "02:30"}
    )

    release.refresh_from_db()
    assert response.status_code == 400
    assert "the clocks go forward then" in page_of(response)
    assert release.status == "draft"


def test_schedule_in_the_past_is_refused(officer_client, draft):
    response = officer_client.post(
        f"/manage/press/{draft.pk}/schedule/", {"date": "2020-01-01", "time": "10:00"}
    )

    draft.refresh_from_db()
    assert response.status_code == 400
    assert "Choose a time in the future, or publish now." in page_of(response)
    assert (draft.status, draft.publish_at) == ("draft", None)


def test_correction_changes_the_text_and_the_page_shows_its_note(officer_client, published):
    response = officer_client.post(
        f"/manage/press/{published.pk}/correct/",
        {
            "note": "The number of participants was wrong.",
            "headline": "Forty-two professionals trained",
            "subtitle": "",
            "lead": published.lead,
            "body": published.body,
            "image_alt": "",
        },
    )

    published.refresh_from_db()
    assert response.status_code == 302
    assert published.headline == "Forty-two professionals trained"
    assert published.correction_note == "The number of participants was wrong."
    assert published.corrected_at is not None
    assert AuditEntry.objects.filter(action="press.correct", target_id=str(published.pk)).count() == 1
    preview = page_of(officer_client.get(f"/manage/press/{published.pk}/preview/"))
    assert "The number of participants was wrong." in preview
    assert "Corrected on" in preview


def test_correction_needs_a_note(officer_client, published):
    response = officer_client.post(
        f"/manage/press/{published.pk}/correct/",
        {"note": "", "headline": "Changed", "subtitle": "", "lead": "x", "body": "y", "image_alt": ""},
    )

    published.refresh_from_db()
    assert response.status_code == 400
    assert published.headline == "Professionals trained to identify child victims"


def test_withdrawal_asks_for_confirmation_then_withdraws_with_its_note(officer_client, published):
    confirm = officer_client.get(f"/manage/press/{published.pk}/withdraw/")
    assert "Withdrawing cannot be undone." in page_of(confirm)

    response = officer_client.post(
        f"/manage/press/{published.pk}/withdraw/", {"note": "Published by mistake."}
    )

    published.refresh_from_db()
    assert response.status_code == 302
    assert (published.status, published.withdrawal_note) == ("withdrawn", "Published by mistake.")
    assert AuditEntry.objects.filter(action="press.withdraw", target_id=str(published.pk)).count() == 1
    assert not PressRelease.objects.listed().filter(pk=published.pk).exists()


def test_a_draft_cannot_be_withdrawn(officer_client, draft):
    response = officer_client.post(f"/manage/press/{draft.pk}/withdraw/", {"note": "Why not"})

    draft.refresh_from_db()
    assert response.status_code == 400
    assert messages_of(response) == ["Only a published release can be withdrawn."]
    assert draft.status == "draft"


# Organisers draft, press officers publish


def test_organiser_drafts_and_sends_for_review_but_cannot_publish(organiser_client, organisation, organiser):
    created = organiser_client.post("/manage/press/new/", release_data())
    release = PressRelease.objects.get()
    assert created.status_code == 302
    assert release.author == organiser

    detail = page_of(organiser_client.get(f"/manage/press/{release.pk}/"))
    assert "A press officer of the organisation publishes it." in detail
    assert "Publish or schedule" not in detail
    assert organiser_client.post(f"/manage/press/{release.pk}/review/").status_code == 302

    assert organiser_client.get(f"/manage/press/{release.pk}/publish/").status_code == 403
    assert organiser_client.post(f"/manage/press/{release.pk}/publish/").status_code == 403
    assert (
        organiser_client.post(
            f"/manage/press/{release.pk}/schedule/", {"date": "2099-01-01", "time": "10:00"}
        )
    ).status_code == 403
    assert organiser_client.post(f"/manage/press/{release.pk}/withdraw/", {"note": "x"}).status_code == 403
    release.refresh_from_db()
    assert (release.status, release.publish_at) == ("review", None)
    assert not AuditEntry.objects.filter(action="press.publish").exists()


def test_organiser_does_not_see_published_releases(organiser_client, published):
    assert organiser_client.get(f"/manage/press/{published.pk}/").status_code == 404
    assert organiser_client.post(f"/manage/press/{published.pk}/correct/", {"note": "x"}).status_code == 404
    assert organiser_client.post(f"/manage/press/{published.pk}/withdraw/", {"note": "x"}).status_code == 404
    published.refresh_from_db()
    assert published.status == "published"


# Attachments


def test_a_program_renamed_to_pdf_is_refused_and_nothing_is_stored(officer_client, draft, settings):
    program = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf"
    )

    response = officer_client.post(
        f"/manage/press/{draft.pk}/attachments/", {"title": "Report", "file": program}
    )

    assert response.status_code == 400
    assert "Only PDF, PNG and JPEG files can be attached." in page_of(response)
    assert not Attachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "press" / "attachments").exists()
    assert draft.revisions.count() == 1


def test_an_attachment_over_10_mb_is_refused(officer_client, draft, settings):
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024), content_type="application/pdf")

    response = officer_client.post(f"/manage/press/{draft.pk}/attachments/", {"title": "Big", "file": big})

    assert response.status_code == 400
    assert "The file is larger than 10 MB." in page_of(response)
    assert not Attachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "press" / "attachments").exists()


def test_a_pdf_is_stored_and_recorded_as_a_revision(officer_client, draft):
    pdf = SimpleUploadedFile("Programme 2014.pdf", PDF_BYTES, content_type="application/octet-stream")

    response = officer_client.post(
        f"/manage/press/{draft.pk}/attachments/", {"title": "Programme", "file": pdf}
    )

    attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert (attachment.release, attachment.title, attachment.content_type, attachment.size) == (
        draft,
        "Programme",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert (
        attachment.file.name.startswith("press/attachments/") and "programme" not in attachment.file.name
    )  # unguessable
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert draft.revisions.first().summary == "attachment added: Programme"
    assert "Programme" in page_of(officer_client.get(f"/manage/press/{draft.pk}/preview/"))


def test_an_image_is_recognised_by_its_content_whatever_its_name(officer_client, draft):
    image = SimpleUploadedFile("chart.pdf", png_bytes(), content_type="application/pdf")

    officer_client.post(f"/manage/press/{draft.pk}/attachments/", {"title": "Chart", "file": image})

    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")


def test_removing_an_attachment_asks_first(officer_client, draft):
    officer_client.post(
        f"/manage/press/{draft.pk}/attachments/",
        {"title": "Programme", "file": SimpleUploadedFile("p.pdf", PDF_BYTES)},
    )
    attachment = Attachment.objects.get()
    url = f"/manage/press/{draft.pk}/attachments/{attachment.pk}/remove/"

    assert "Remove the attachment?" in page_of(officer_client.get(url))
    assert Attachment.objects.exists()
    officer_client.post(url)

    assert not Attachment.objects.exists()
    assert draft.revisions.first().summary == "attachment removed: Programme"


# Press contacts


def test_press_contacts_are_created_and_offered_in_the_release_form(officer_client, organisation):
    response = officer_client.post(
        "/manage/press/contacts/new/",
        {"office_name": "Communication office", "phone": "+386 1 200 00 00", "email": "press@example.org"},
    )

    contact = PressContact.objects.get()
    assert response.status_code == 302
    assert (contact.organisation, contact.email) == (organisation, "press@example.org")
    assert "Communication office" in page_of(officer_client.get("/manage/press/new/"))


# Who may see what


def test_another_organisations_release_is_not_found(client, published, draft):
    outsider = MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.PRESS_OFFICER).user
    contact = PressContact.objects.create(
        organisation=draft.organisation, office_name="Office", email="press@example.org"
    )
    client.force_login(outsider)

    for url in ("", "edit/", "preview/", "translate/", "publish/", "correct/", "withdraw/"):
        assert client.get(f"/manage/press/{draft.pk}/{url}").status_code == 404, url
    assert client.post(f"/manage/press/{draft.pk}/publish/").status_code == 404
    assert client.post(f"/manage/press/{published.pk}/withdraw/", {"note": "x"}).status_code == 404
    assert client.get(f"/manage/press/contacts/{contact.pk}/").status_code == 404
    assert "Professionals trained" not in page_of(client.get("/manage/press/"))
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.status, draft.status) == ("published", "draft")


def test_participants_are_refused_the_press_area(client, participant, draft):
    client.force_login(participant)

    assert client.get("/manage/press/").status_code == 403
    assert client.get("/manage/press/new/").status_code == 403
    assert client.get(f"/manage/press/{draft.pk}/").status_code == 403
    assert client.post("/manage/press/new/", release_data()).status_code == 403
    assert PressRelease.objects.count() == 1
    assert "Press office" not in page_of(client.get("/"))


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/manage/press/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_press_officers_see_the_press_office_link(officer_client):
    assert 'href="/manage/press/"' in page_of(officer_client.get("/"))


def test_coordinators_see_every_organisations_releases(client, coordinator, draft):
    client.force_login(coordinator)

    assert draft.headline in page_of(client.get("/manage/press/"))


def test_greek_interface_of_the_press_area(officer_client, draft):
    response = officer_client.get(f"/el/manage/press/{draft.pk}/")

    assert response.status_code == 200
    assert 'lang="el"' in page_of(response)


# The list


def test_the_list_shows_status_language_and_publish_time_in_the_organisations_zone(
    officer_client, organisation
):
    make_release(organisation, headline="Draft one")
    make_release(
        organisation,
        headline="Out now",
        language="sl",
        status=PressRelease.Status.PUBLISHED,
        publish_at=datetime(2014, 1, 30, 9, 0, tzinfo=UTC),
    )

    page = page_of(officer_client.get("/manage/press/"))

    assert "Draft one" in page
    assert "Out now" in page
    assert "Slovenščina" in page or "Slovenian" in page
    assert "10:00 CET" in page  # Slovenian organisation without a venue: Europe/Ljubljana


def test_the_list_costs_the_same_number_of_queries_for_1_and_3_releases(officer_client, organisation):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get("/manage/press/")
        assert response.status_code == 200
        return len(queries)

    make_release(organisation)
    one = count_queries()
    make_release(organisation, status=PressRelease.Status.PUBLISHED, publish_at=timezone.now())
    make_release(OrganisationFactory())  # not listed
    make_release(organisation, language="el")

    assert count_queries() == one


def test_a_scheduled_release_links_to_sending_it_under_embargo(officer_client, organisation):
    release = make_release(
        organisation, status=PressRelease.Status.PUBLISHED, publish_at=datetime(2099, 7, 1, 7, 0, tzinfo=UTC)
    )
    page = page_of(officer_client.get(f"/manage/press/{release.pk}/"))
    assert f'href="/manage/press/list/send/{release.pk}/"' in page
