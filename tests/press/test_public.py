"""The public side of the press office: list, release page, PDF, feeds, home page.

The embargo test walks every public surface just before and just after the
publish time; the injection test puts markup into every text field.
"""

import io
import xml.etree.ElementTree as ElementTree
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image
from pypdf import PdfReader

from common.files import private_files as private_storage
from common.pdf import PDF_BASE_URL, FileRefused, html_to_pdf, project_file, project_files_fetcher
from press import services
from press.models import Attachment, PressRelease
from press.pdf import PRESS_MEDIA_PREFIXES
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PressContactFactory,
    PressReleaseFactory,
    ProjectFactory,
    SeminarFactory,
)
from tests.listener import connections

pytestmark = pytest.mark.django_db

Status = PressRelease.Status


def headlines(response) -> list[str]:
    return [release.headline for release in response.context["page"].object_list]


def pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks and runs of spaces as single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 92, 122)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict]]:
    """The page's start tags with their attributes, as a browser would parse them."""
    collector = TagCollector()
    collector.feed(page)
    return collector.tags


def no_inline_script_or_style(page: str) -> bool:
    """No inline script, style or event handler, and no javascript: URL (strict CSP, no injection)."""
    for tag, attributes in tags(page):
        if (tag == "script" and "src" not in attributes) or tag == "style" or "style" in attributes:
            return False
        if any(name.startswith("on") for name in attributes):
            return False
        if any((value or "").strip().lower().startswith("javascript:") for value in attributes.values()):
            return False
    return True


# The list


def test_list_shows_listed_releases_newest_first(client):
    now = timezone.now()
    older = PressReleaseFactory(headline="Older release", publish_at=now - timedelta(days=3))
    newer = PressReleaseFactory(headline="Newer release", publish_at=now - timedelta(days=1))
    PressReleaseFactory(headline="Draft release", status=Status.DRAFT)
    PressReleaseFactory(headline="In review", status=Status.REVIEW)
    PressReleaseFactory(headline="Embargoed release", publish_at=now + timedelta(minutes=5))
    PressReleaseFactory(headline="Withdrawn release", status=Status.WITHDRAWN, withdrawn_at=now)

    response = client.get("/press/")

    assert headlines(response) == [newer.headline, older.headline]
    page = response.content.decode()
    for hidden in ("Draft release", "In review", "Embargoed release", "Withdrawn release"):
        assert hidden not in page
    assert "Ljubljana, " in page
    assert no_inline_script_or_style(page)
    assert '<link rel="alternate" type="application/rss+xml"' in page


def test_a_release_card_is_rendered_once_per_version_and_anew_when_anything_it_shows_changes(
    client, monkeypatch
):
    """Cards are kept per process by everything they show: each change below must reach the list."""
    from django.template import loader

    release = PressReleaseFactory(
        headline="Training in Ljubljana", publish_at=timezone.now() - timedelta(days=1)
    )
    rendered = []
    render_to_string = loader.render_to_string

    def counting(template_name, context=None, *args, **kwargs):
        rendered.append(template_name)
        return render_to_string(template_name, context, *args, **kwargs)

    monkeypatch.setattr("common.fragments.render_to_string", counting)
    client.get("/press/")
    client.get("/press/")
    assert rendered == ["press/release_card.html"]

    changes = [
        ("headline", "Training in Maribor"),
        ("lead", "A new lead paragraph"),
        ("dateline_city", "Koper"),
    ]
    for field, value in changes:
        setattr(release, field, value)
        release.save()
        assert value in client.get("/press/").content.decode(), field
    release.project = ProjectFactory(acronym="NEWPRJ")
    release.save()
    assert "NEWPRJ" in client.get("/press/").content.decode()
    release.organisation.name = "Renamed press office"
    release.organisation.save()
    assert "Renamed press office" in client.get("/press/").content.decode()
    assert f'href="/el/press/{release.slug}/"' in client.get("/el/press/").content.decode()


def test_list_filters_by_language_organisation_project_and_year(client):
    kljuc = OrganisationFactory(name="Društvo Ključ", slug="kljuc")
    victor = ProjectFactory(acronym="VICTOR", slug="victor")
    greek = PressReleaseFactory(headline="Ελληνικό δελτίο", language="el")
    by_kljuc = PressReleaseFactory(headline="Ključ release", organisation=kljuc)
    in_project = PressReleaseFactory(headline="Project release", project=victor)
    of_2014 = PressReleaseFactory(headline="2014 release", dateline_date=date(2014, 1, 30))

    assert headlines(client.get("/press/?language=el")) == [greek.headline]
    assert headlines(client.get("/press/?organisation=kljuc")) == [by_kljuc.headline]
    assert headlines(client.get("/press/?project=victor")) == [in_project.headline]
    assert headlines(client.get("/press/?year=2014")) == [of_2014.headline]
    assert headlines(client.get("/press/?language=en&year=2014")) == [of_2014.headline]
    assert len(headlines(client.get("/press/"))) == 4
    page = client.get("/press/").content.decode()
    assert '<option value="kljuc">Društvo Ključ</option>' in page
    assert '<option value="victor">VICTOR</option>' in page
    assert '<option value="2014">2014</option>' in page


def test_filters_offer_no_choice_that_only_an_embargoed_release_has(client):
    PressReleaseFactory()
    secret = OrganisationFactory(name="Secret Host", slug="secret-host")
    PressReleaseFactory(
        organisation=secret, publish_at=timezone.now() + timedelta(minutes=5), dateline_date=date(2031, 5, 1)
    )

    response = client.get("/press/?organisation=secret-host")

    page = response.content.decode()
    assert "Secret Host" not in page
    assert "2031" not in page
    assert "organisation" in response.context["form"].errors


def test_bad_filter_values_show_a_translated_error_and_no_500(client):
    PressReleaseFactory()
    response = client.get("/el/press/?language=xx&organisation=no-such&project=no-such&year=abc&page=abc")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"language", "organisation", "project", "year"}
    with translation.override("el"):
        assert errors["language"] == [translation.gettext("Choose a language from the list.")]
        assert errors["year"] == [translation.gettext("Choose a year from the list.")]
    assert len(headlines(response)) == 1  # a bad filter is dropped, not applied


HOSTILE_VALUES = [
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    "x" * 5000,
    "<script>alert(1)</script>",
    "%",
    "\u202e",
    "😀",
]


@pytest.mark.parametrize("path", ["/press/", "/el/press/", "/press/feed/rss/", "/press/feed/atom/"])
def test_hostile_filter_values_never_cause_a_server_error(client, path):
    PressReleaseFactory()
    for name in ("language", "organisation", "project", "year", "page"):
        for value in HOSTILE_VALUES:
            response = client.get(path, {name: value})
            assert response.status_code in (200, 400), (path, name, value)
            assert "<script>alert(1)</script>" not in response.content.decode(errors="replace")
            assert "\x00" not in response.content.decode(errors="replace")


def test_list_paginates_by_20(client):
    for _ in range(23):
        PressReleaseFactory()
    first = client.get("/press/")
    assert len(headlines(first)) == 20
    assert len(headlines(client.get("/press/?page=2"))) == 3
    assert 'rel="next"' in first.content.decode()


def test_list_costs_the_same_queries_for_1_and_30_releases(client, django_assert_num_queries):
    PressReleaseFactory(project=ProjectFactory())
    # filter choices, count, page of releases (with organisation and project)
    with django_assert_num_queries(3):
        client.get("/press/")
    for index in range(29):
        PressReleaseFactory(project=ProjectFactory(), language=["en", "sl", "el", "ro"][index % 4])
    with django_assert_num_queries(3):
        response = client.get("/press/")
    assert len(headlines(response)) == 20


# A release page


def test_release_page_shows_the_release_as_sent_out(client):
    seminar = SeminarFactory(title_en="Identification of child victims")
    hidden_seminar = SeminarFactory(title_en="Draft seminar", status="draft")
    release = PressReleaseFactory(
        headline="Training seminar focuses on child trafficking",
        subtitle="VICTOR project aims to improve the knowledge of professionals",
        dateline_city="Ljubljana",
        dateline_date=date(2014, 1, 30),
        lead="National experts and stakeholders participated in the training seminar.",
        body="Aim of the training was to improve **identification**.",
        image=png(),
        image_alt="Participants of the seminar in Ljubljana",
        contact=PressContactFactory(
            office_name="Press & Communication Office of “The Smile of the Child”",
            phone="+30 210-33 06 140",
            email="press@hamogelo.example",
            website="https://www.hamogelo.gr",
        ),
        seminars=[seminar, hidden_seminar],
    )
    Attachment.objects.create(
        release=release,
        title="Agenda of the seminar",
        file=SimpleUploadedFile("agenda.pdf", b"%PDF-1.4"),
        content_type="application/pdf",
        size=2048,
    )

    response = client.get(f"/press/{release.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ljubljana, 30 January 2014" in page
    assert '<h1 lang="en">Training seminar focuses on child trafficking</h1>' in page
    assert "VICTOR project aims to improve the knowledge of professionals" in page
    assert "National experts and stakeholders participated" in page
    assert "<strong>identification</strong>" in page
    assert f'<img src="/press/{release.slug}/image/" alt="Participants of the seminar in Ljubljana">' in page
    assert "Agenda of the seminar" in page
    assert "For more information on the press release please contact:" in page
    assert "Press &amp; Communication Office of “The Smile of the Child”" in page
    assert 'href="tel:+30210-3306140"' in page
    assert 'href="mailto:press@hamogelo.example"' in page
    assert "Identification of child victims" in page
    assert "Draft seminar" not in page
    assert f'href="/press/{release.slug}/pdf/"' in page
    assert no_inline_script_or_style(page)


def test_release_page_in_greek_shows_the_dateline_in_the_release_language(client):
    release = PressReleaseFactory(language="el", dateline_city="Αθήνα", dateline_date=date(2014, 3, 28))
    english_ui = client.get(f"/press/{release.slug}/").content.decode()
    assert "Αθήνα, 28 Μαρτίου 2014" in english_ui
    assert f'<link rel="canonical" href="http://testserver/el/press/{release.slug}/">' in english_ui


def test_release_page_costs_the_same_queries_whatever_it_holds(client, django_assert_num_queries):
    release = PressReleaseFactory(seminars=[SeminarFactory()])
    # release (with organisation, project, contact), attachments, seminars, other versions
    with django_assert_num_queries(4):
        client.get(f"/press/{release.slug}/")
    release.seminars.add(SeminarFactory(), SeminarFactory())
    PressReleaseFactory(language="el", translation_group=release.translation_group)
    PressReleaseFactory(language="sl", translation_group=release.translation_group)
    with django_assert_num_queries(4):
        client.get(f"/press/{release.slug}/")


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.DRAFT},
        {"status": Status.REVIEW},
        {"publish_at": "future"},
    ],
    ids=["draft", "review", "embargoed"],
)
def test_release_page_is_404_until_public(client, fields):
    if fields.get("publish_at") == "future":
        fields = {"publish_at": timezone.now() + timedelta(minutes=5)}
    release = PressReleaseFactory(**fields)
    assert client.get(f"/press/{release.slug}/").status_code == 404
    assert client.get(f"/el/press/{release.slug}/").status_code == 404
    assert client.get(f"/press/{release.slug}/pdf/").status_code == 404
    assert client.get("/press/no-such-release/").status_code == 404


def test_corrected_release_says_when_and_why(client):
    release = PressReleaseFactory(
        corrected_at=datetime(2014, 2, 3, 10, 0, tzinfo=UTC), correction_note="The venue's name was wrong."
    )
    page = client.get(f"/press/{release.slug}/").content.decode()
    assert "Corrected on 3 February 2014." in page
    assert "The venue&#x27;s name was wrong." in page
    assert '<meta property="article:modified_time" content="2014-02-03T10:00:00+00:00">' in page


def test_the_correction_date_is_the_organisations_local_date(client):
    """23:30 UTC on 3 February 2014 is already the 4th in Ljubljana (the organisation's zone)."""
    release = PressReleaseFactory(
        corrected_at=datetime(2014, 2, 3, 23, 30, tzinfo=UTC), correction_note="The venue's name was wrong."
    )
    page = client.get(f"/press/{release.slug}/").content.decode()
    assert "Corrected on 4 February 2014." in page


def test_withdrawn_release_shows_a_notice_instead_of_its_content(client):
    release = PressReleaseFactory(
        status=Status.WITHDRAWN,
        withdrawn_at=datetime(2014, 2, 5, 9, 0, tzinfo=UTC),
        withdrawal_note="Published by mistake before the partners agreed.",
        lead="Lead of the withdrawn release",
        body="Body of the withdrawn release",
    )

    response = client.get(f"/press/{release.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "This press release was withdrawn on 5 February 2014." in page
    assert "Published by mistake before the partners agreed." in page
    assert "Body of the withdrawn release" not in page
    assert "Lead of the withdrawn release" not in page
    assert '<meta name="robots" content="noindex">' in page
    assert "withdrawn on 5 February 2014" in pdf_text(client.get(f"/press/{release.slug}/pdf/").content)
    assert "Body of the withdrawn release" not in pdf_text(client.get(f"/press/{release.slug}/pdf/").content)


def test_release_links_to_its_public_language_versions(client):
    english = PressReleaseFactory(headline="Training seminar")
    group = english.translation_group
    greek = PressReleaseFactory(language="el", translation_group=group, headline="Εκπαιδευτικό σεμινάριο")
    PressReleaseFactory(language="sl", translation_group=group, status=Status.DRAFT, headline="Osnutek")
    PressReleaseFactory(
        language="ro",
        translation_group=group,
        publish_at=timezone.now() + timedelta(minutes=5),
        headline="Seminar sub embargo",
    )

    page = client.get(f"/press/{english.slug}/").content.decode()

    assert f'<link rel="alternate" hreflang="el" href="http://testserver/el/press/{greek.slug}/">' in page
    assert f'<link rel="alternate" hreflang="en" href="http://testserver/press/{english.slug}/">' in page
    assert f'<a href="/el/press/{greek.slug}/" hreflang="el" lang="el">' in page
    assert "Εκπαιδευτικό σεμινάριο" in page
    assert "Osnutek" not in page
    assert "Seminar sub embargo" not in page
    back = client.get(f"/el/press/{greek.slug}/").content.decode()
    assert f'<a href="/press/{english.slug}/" hreflang="en" lang="en">' in back


def test_release_page_has_open_graph_and_canonical_meta(client):
    release = PressReleaseFactory(
        headline="Training seminar", lead="Professionals met in Ljubljana.", image=png(), image_alt="Room"
    )
    page = client.get(f"/sl/press/{release.slug}/").content.decode()
    url = f"http://testserver/press/{release.slug}/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:locale" content="en_GB">' in page
    assert '<meta property="og:title" content="Training seminar">' in page
    assert '<meta property="og:description" content="Professionals met in Ljubljana.">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert f'<meta property="og:image" content="http://testserver/press/{release.slug}/image/">' in page
    assert '<meta property="og:image:alt" content="Room">' in page
    without_image = PressReleaseFactory()
    assert "og:image" not in client.get(f"/press/{without_image.slug}/").content.decode()


# The PDF


def test_pdf_has_the_letterhead_release_and_contact_block(client):
    organisation = OrganisationFactory(name="The Smile of the Child", website="https://www.hamogelo.gr")
    release = PressReleaseFactory(
        organisation=organisation,
        headline="Training seminar focuses on child trafficking",
        dateline_date=date(2014, 1, 30),
        lead="National experts met in Ljubljana.",
        body="Participants from Greece (Ελλάδα) and Romania (România, Timișoara, Constanța) took part.",
        image=png(),
        contact=PressContactFactory(
            organisation=organisation,
            office_name="Press & Communication Office",
            phone="+30 210-33 06 140",
            email="press@hamogelo.example",
        ),
    )

    response = client.get(f"/press/{release.slug}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{release.slug}.pdf"'
    text = pdf_text(response.content)
    assert "The Smile of the Child" in text
    assert "Ljubljana, 30 January 2014" in text
    assert "Training seminar focuses on child trafficking" in text
    assert "National experts met in Ljubljana." in text
    assert "Ελλάδα" in text
    assert "Timișoara" in text
    assert "Constanța" in text
    assert "For more information on the press release please contact:" in text
    assert "Press & Communication Office" in text
    assert "+30 210-33 06 140" in text
    assert "press@hamogelo.example" in text
    assert "Page 1 of 1" in text
    assert len(PdfReader(io.BytesIO(response.content)).pages[0].images) == 1  # the image, from media


def test_pdf_in_greek_and_romanian_releases(client):
    greek = PressReleaseFactory(
        language="el", dateline_city="Αθήνα", headline="Εκπαιδευτικό σεμινάριο για την εμπορία παιδιών"
    )
    romanian = PressReleaseFactory(language="ro", headline="Seminar de formare: țară, școală, înțelegere")
    greek_text = pdf_text(client.get(f"/press/{greek.slug}/pdf/").content)
    romanian_text = pdf_text(client.get(f"/press/{romanian.slug}/pdf/").content)
    assert "Εκπαιδευτικό σεμινάριο για την εμπορία παιδιών" in greek_text
    assert "Αθήνα, " in greek_text
    assert "Seminar de formare: țară, școală, înțelegere" in romanian_text


def test_pdf_is_rendered_once_per_revision_and_kept_in_storage(client):
    release = PressReleaseFactory(headline="First wording")

    first = client.get(f"/press/{release.slug}/pdf/")

    release.refresh_from_db()
    assert release.pdf_revision == release.revision == 1
    stored_name = release.pdf.name
    assert stored_name.startswith("press/pdf/")
    with private_storage.open(stored_name, "rb") as stored:
        assert stored.read() == first.content
    # A second request serves the stored file: replace it, and that is what comes back.
    private_storage.delete(stored_name)
    private_storage.save(stored_name, io.BytesIO(b"%PDF-stored"))
    second = client.get(f"/press/{release.slug}/pdf/")
    assert second.content == b"%PDF-stored"
    release.refresh_from_db()
    assert (release.pdf.name, release.pdf_revision, release.revision) == (stored_name, 1, 1)


def test_pdf_is_rendered_again_after_a_correction(client):
    officer = MembershipFactory(role="press_officer").user
    release = PressReleaseFactory(organisation=officer.memberships.get().organisation, body="Old wording.")
    client.get(f"/press/{release.slug}/pdf/")
    release.refresh_from_db()
    old_name = release.pdf.name

    services.release_correct(
        release=release, actor=officer, note="Wording fixed.", changes={"body": "New wording."}
    )
    text = pdf_text(client.get(f"/press/{release.slug}/pdf/").content)

    release.refresh_from_db()
    assert release.revision == release.pdf_revision == 2
    assert "New wording." in text
    assert "Old wording." not in text
    assert "Wording fixed." in text
    assert release.pdf.name != old_name
    assert not private_storage.exists(old_name)


def test_fetcher_serves_only_the_projects_static_and_press_media_files(tmp_path):
    image = private_storage.save("press/images/photo.png", png())
    certificate = private_storage.save("certificates/someone.pdf", io.BytesIO(b"%PDF personal data"))
    fetcher = project_files_fetcher(media_prefixes=PRESS_MEDIA_PREFIXES)

    css = fetcher.fetch(f"{PDF_BASE_URL}static/press/release-pdf.css")
    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    assert fetcher.fetch(f"{PDF_BASE_URL}private/{image}").read().startswith(b"\x89PNG")

    for url in [
        "http://127.0.0.1:9/x.png",
        "file:///etc/passwd",
        "https://example.org/static/press/release-pdf.css",
        "data:text/plain,hello",
        f"{PDF_BASE_URL}media/{certificate}",
        f"{PDF_BASE_URL}private/{certificate}",
        f"{PDF_BASE_URL}media/{image}",
        f"{PDF_BASE_URL}static/../../../../etc/passwd",
        f"{PDF_BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
        f"{PDF_BASE_URL}media/press/images/../../certificates/someone.pdf",
        f"{PDF_BASE_URL}media//etc/passwd",
        f"{PDF_BASE_URL}static/no-such-file.css",
        f"{PDF_BASE_URL}etc/passwd",
        f"http://{PDF_BASE_URL.split('/')[2]}/static/press/release-pdf.css",
    ]:
        with pytest.raises(FileRefused):
            fetcher.fetch(url)
    with pytest.raises(FileRefused):
        project_file("file:///etc/passwd")


def test_pdf_rendering_never_fetches_outside_urls(listener):
    port = listener.getsockname()[1]
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f'<p>Text</p><img src="http://127.0.0.1:{port}/x.png"><img src="file:///etc/passwd">'
        f'<svg><image href="http://127.0.0.1:{port}/y.png"/></svg>'
    )
    text = pdf_text(html_to_pdf(html, css=f'@import url("http://127.0.0.1:{port}/more.css");'))
    assert "Text" in text
    assert "root:" not in text
    assert connections(listener) == 0


def test_release_body_cannot_make_the_pdf_fetch_anything(client, listener):
    port = listener.getsockname()[1]
    release = PressReleaseFactory(
        body=(
            f'Before <img src="http://127.0.0.1:{port}/x.png"> '
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/a.css"> after.\n\n'
            f'<p style="background: url(http://127.0.0.1:{port}/b.png)">Styled</p>\n\n'
            '<object data="file:///etc/passwd"></object>'
        )
    )
    text = pdf_text(client.get(f"/press/{release.slug}/pdf/").content)
    assert "Before" in text
    assert "root:" not in text
    assert connections(listener) == 0


# Feeds


def test_feeds_parse_and_hold_only_listed_releases(client):
    now = timezone.now()
    organisation = OrganisationFactory(name="The Smile of the Child", website="https://www.hamogelo.gr")
    newer = PressReleaseFactory(
        organisation=organisation,
        headline="Newer release",
        body="Body with **emphasis**.",
        publish_at=now - timedelta(hours=1),
        corrected_at=now - timedelta(minutes=10),
        correction_note="Fixed a date.",
    )
    older = PressReleaseFactory(headline="Older release", language="el", publish_at=now - timedelta(days=2))
    PressReleaseFactory(headline="Embargoed release", publish_at=now + timedelta(minutes=5))
    PressReleaseFactory(headline="Draft release", status=Status.DRAFT)
    PressReleaseFactory(headline="Withdrawn release", status=Status.WITHDRAWN, withdrawn_at=now)

    for path in ("/press/feed/rss/", "/press/feed/atom/"):
        response = client.get(path)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert [entry.title for entry in feed.entries] == ["Newer release", "Older release"]
        entry = feed.entries[0]
        assert entry.link == f"http://testserver/press/{newer.slug}/"
        assert feed.entries[1].link == f"http://testserver/el/press/{older.slug}/"
        assert entry.id.startswith("urn:uuid:")
        assert entry.author == "The Smile of the Child"
        assert entry.published_parsed[:6] == newer.publish_at.astimezone(UTC).timetuple()[:6]
        assert "<strong>emphasis</strong>" in entry.summary
        assert "Fixed a date." in entry.summary
        enclosure = entry.enclosures[0]
        assert enclosure.href == f"http://testserver/press/{newer.slug}/pdf/"
        assert enclosure.type == "application/pdf"
        pdf = client.get(f"/press/{newer.slug}/pdf/").content
        assert int(enclosure.length) == len(pdf)
        greek = feed.entries[1]
        # RSS: <dc:language>; Atom: xml:lang on the entry.
        assert (greek.get("language") if "rss" in path else greek.title_detail.language) == "el"
    atom = feedparser.parse(client.get("/press/feed/atom/").content)
    assert atom.entries[0].updated_parsed[:6] == newer.corrected_at.astimezone(UTC).timetuple()[:6]


def test_feed_ids_stay_the_same_across_requests_and_corrections(client):
    officer = MembershipFactory(role="press_officer").user
    release = PressReleaseFactory(organisation=officer.memberships.get().organisation)
    before = feedparser.parse(client.get("/press/feed/atom/").content).entries[0].id
    services.release_correct(release=release, actor=officer, note="Typo.", changes={"headline": "Fixed"})
    after = feedparser.parse(client.get("/press/feed/atom/").content).entries[0]
    assert after.id == before
    assert after.title == "Fixed"


def test_feeds_filter_by_language(client):
    PressReleaseFactory(headline="English release")
    PressReleaseFactory(headline="Ελληνικό δελτίο", language="el")
    for path in ("/press/feed/rss/", "/press/feed/atom/"):
        feed = feedparser.parse(client.get(path, {"language": "el"}).content)
        assert not feed.bozo
        assert [entry.title for entry in feed.entries] == ["Ελληνικό δελτίο"]
        assert feed.feed.language == "el"
        response = client.get(path, {"language": "xx"})
        assert response.status_code == 400
        assert "Unknown language" in response.content.decode()


def test_feeds_cost_the_same_queries_for_1_and_3_releases(client, django_assert_num_queries):
    PressReleaseFactory()
    client.get("/press/feed/rss/")  # renders and stores the PDF (one UPDATE)
    with django_assert_num_queries(1):
        client.get("/press/feed/rss/")
    PressReleaseFactory()
    PressReleaseFactory(language="el")
    client.get("/press/feed/atom/")
    for path in ("/press/feed/rss/", "/press/feed/atom/"):
        with django_assert_num_queries(1):
            response = client.get(path)
        assert len(feedparser.parse(response.content).entries) == 3


def test_feed_enclosures_render_each_pdf_once(client):
    release = PressReleaseFactory()
    client.get("/press/feed/rss/")
    release.refresh_from_db()
    name = release.pdf.name
    assert release.pdf_revision == release.revision
    client.get("/press/feed/atom/")
    release.refresh_from_db()
    assert release.pdf.name == name


# The home page


def test_home_shows_the_latest_three_listed_releases(client):
    now = timezone.now()
    for days in (4, 3, 2, 1):
        PressReleaseFactory(headline=f"Release of {days} days ago", publish_at=now - timedelta(days=days))
    PressReleaseFactory(headline="Embargoed release", publish_at=now + timedelta(minutes=5))
    page = client.get("/").content.decode()
    assert [title for title in ("1", "2", "3", "4") if f"Release of {title} days ago" in page] == [
        "1",
        "2",
        "3",
    ]
    assert "Embargoed release" not in page
    assert "Latest press releases" in page
    assert no_inline_script_or_style(page)


# The embargo, on every public surface


def surfaces(client, release: PressRelease) -> dict[str, bool]:
    """Whether the release shows on each public surface."""
    rss = feedparser.parse(client.get("/press/feed/rss/").content)
    atom = feedparser.parse(client.get("/press/feed/atom/").content)
    rss_el = feedparser.parse(client.get("/press/feed/rss/?language=el").content)
    assert not (rss.bozo or atom.bozo or rss_el.bozo)
    english = release.headline
    return {
        "list": english in client.get("/press/").content.decode(),
        "list el": english in client.get("/el/press/").content.decode(),
        "list filter": "embargo-host" in client.get("/press/").content.decode(),
        "page": client.get(f"/press/{release.slug}/").status_code == 200,
        "page el": client.get(f"/el/press/{release.slug}/").status_code == 200,
        "pdf": client.get(f"/press/{release.slug}/pdf/").status_code == 200,
        "rss": english in [entry.title for entry in rss.entries],
        "atom": english in [entry.title for entry in atom.entries],
        "rss el": "Σεμινάριο υπό εμπάργκο" in [entry.title for entry in rss_el.entries],
        "home": english in client.get("/").content.decode(),
        "translation link": "Σεμινάριο υπό εμπάργκο" in client.get("/press/public-version/").content.decode(),
    }


def test_embargo_holds_on_every_public_surface_until_the_publish_time(client):
    """Five minutes before the publish time nothing shows anywhere; a second after it, everything does."""
    host = OrganisationFactory(slug="embargo-host")
    publish_at = timezone.now() + timedelta(minutes=5)
    release = PressReleaseFactory(organisation=host, headline="Embargoed seminar news", publish_at=publish_at)
    greek = PressReleaseFactory(
        organisation=host,
        language="el",
        translation_group=release.translation_group,
        headline="Σεμινάριο υπό εμπάργκο",
        publish_at=publish_at,
    )
    PressReleaseFactory(slug="public-version", language="sl", translation_group=release.translation_group)

    before = surfaces(client, release)
    assert before == dict.fromkeys(before, False)

    PressRelease.objects.filter(pk__in=[release.pk, greek.pk]).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )

    after = surfaces(client, release)
    assert after == dict.fromkeys(after, True)


# Injection


def test_markup_in_every_field_is_inert_in_page_feeds_and_pdf(client, listener):
    port = listener.getsockname()[1]
    script = "<script>alert(1)</script>"
    release = PressReleaseFactory(
        headline=f"Headline {script}",
        subtitle='Subtitle "><img src=x onerror=alert(2)>',
        lead=f"Lead {script}",
        body=(
            f"Body {script}\n\n<img src=x onerror=alert(3)>\n\n"
            "[click](javascript:alert(4))\n\n"
            f'<iframe src="http://127.0.0.1:{port}/"></iframe>'
        ),
        image=png(),
        image_alt='Alt" onload="alert(5)',
        dateline_city=f"City {script}",
        contact=PressContactFactory(
            office_name=f"Office {script}",
            phone='+30"><script>alert(6)</script>',
            email='x@example.org"><script>alert(7)</script>',
            website="javascript:alert(8)",
        ),
    )

    page = client.get(f"/press/{release.slug}/").content.decode()
    assert no_inline_script_or_style(page)  # no script, handler or javascript: URL got through
    assert not [tag for tag, attributes in tags(page) if tag == "iframe" or attributes.get("src") == "x"]
    assert '<h1 lang="en">Headline &lt;script&gt;alert(1)&lt;/script&gt;</h1>' in page
    assert "Office &lt;script&gt;alert(1)&lt;/script&gt;" in page

    rss = ElementTree.fromstring(client.get("/press/feed/rss/").content)  # noqa: S314 - our own feed
    item = rss.find("channel/item")
    # RSS 2.0 titles are plain text: the headline arrives as written, read as text, never as HTML.
    assert item.findtext("title") == release.headline
    rss_title = feedparser.parse(client.get("/press/feed/rss/").content).entries[0].title_detail
    assert (rss_title.type, rss_title.value) == ("text/plain", release.headline)
    description = item.findtext("description")  # the HTML a feed reader shows
    assert no_inline_script_or_style(description)
    assert {tag for tag, _attributes in tags(description)} <= {"p", "strong", "a", "em"}
    atom = ElementTree.fromstring(client.get("/press/feed/atom/").content)  # noqa: S314 - our own feed
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entry = atom.find("atom:entry", namespace)
    assert entry.find("atom:title", namespace).get("type", "text") == "text"  # shown as text, never HTML
    summary = entry.findtext("atom:summary", namespaces=namespace)
    assert no_inline_script_or_style(summary)
    assert {tag for tag, _attributes in tags(summary)} <= {"p", "strong", "a", "em"}

    text = pdf_text(client.get(f"/press/{release.slug}/pdf/").content)
    assert "Headline <script>alert(1)</script>" in text  # printed as text, not interpreted
    assert "Office <script>alert(1)</script>" in text
    assert connections(listener) == 0


def test_release_page_has_one_hreflang_link_per_language_version(client):
    import re

    from tests.factories import PressReleaseFactory

    release = PressReleaseFactory()
    page = client.get(release.get_absolute_url()).content.decode()
    languages = re.findall(r'<link rel="alternate" hreflang="([a-z]+)"', page)
    assert languages == sorted(set(languages), key=languages.index)  # no language twice


def test_feed_titles_keep_angle_brackets_and_ampersands_as_written(client):
    """The headline reaches a feed reader once escaped (by the XML writer), so the
    reader shows "<" and "&", never "&lt;" or "&amp;lt;"."""
    PressReleaseFactory(headline="Children <12 & their families")
    for path in ("/press/feed/rss/", "/press/feed/atom/"):
        content = client.get(path).content
        feed = feedparser.parse(content)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert [entry.title for entry in feed.entries] == ["Children <12 & their families"], path
        assert b"&amp;lt;" not in content and b"&amp;amp;" not in content, path
