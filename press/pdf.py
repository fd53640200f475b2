"""The PDF version of a press release: rendered by WeasyPrint once per revision,
kept in the private storage (release.pdf) and served from there afterwards.
Rendering goes through common.pdf, which fetches only the project's own files;
a press PDF may show press images and organisation logos, no other media.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.files import read_stored, stored_size
from common.markdown import render_markdown
from common.pdf import file_url, html_to_pdf, page_counter_css, static_url
from events.zones import organisation_zone
from press.models import PressRelease

STYLESHEET = "press/release-pdf.css"
# Media a press PDF may show. Not the whole of MEDIA: certificates hold personal data.
PRESS_MEDIA_PREFIXES = ("press/images/", "organisations/logos/")


def render_release_pdf(release: PressRelease) -> bytes:
    """The release on the organisation's letterhead, in the release's language."""
    with translation.override(release.language):
        html = render_to_string(
            "press/pdf/release.html",
            {
                "release": release,
                "organisation": release.organisation,
                "contact": release.contact,
                "body": render_markdown(release.body),
                "stylesheet_url": static_url(STYLESHEET),
                "image_url": file_url(release.image) if release.image else "",
                "logo_url": file_url(release.organisation.logo) if release.organisation.logo else "",
                "page_url": settings.SITE_URL + reverse("press_detail", kwargs={"slug": release.slug}),
                "zone": organisation_zone(release.organisation),
            },
        )
        page_counter = page_counter_css()
    return html_to_pdf(html, css=page_counter, media_prefixes=PRESS_MEDIA_PREFIXES)


def _stored(release: PressRelease) -> bytes | None:
    """The stored PDF of this revision; None makes pdf_for render it (again)."""
    return read_stored(release.pdf) if release.pdf_revision == release.revision else None


def pdf_for(release: PressRelease) -> bytes:
    """The release's PDF. Rendered only when the stored one belongs to an older
    revision (or is missing), then stored in the private storage; saving
    touches only pdf and pdf_revision, so the release's revision stays."""
    content = _stored(release)
    if content is not None:
        return content
    content = render_release_pdf(release)
    previous = release.pdf.name
    release.pdf.save(f"{release.slug}-r{release.revision}.pdf", ContentFile(content), save=False)
    release.pdf_revision = release.revision
    release.save(update_fields=["pdf", "pdf_revision"])
    if previous and previous != release.pdf.name:
        # An older revision's PDF (say, before a correction) must not stay downloadable.
        release.pdf.storage.delete(previous)
    return content


def pdf_size(release: PressRelease) -> int:
    """The PDF's length in bytes (feed enclosures): the stored file's size, else the
    length of the PDF rendered (and stored) now."""
    size = stored_size(release.pdf) if release.pdf_revision == release.revision else None
    return size if size is not None else len(pdf_for(release))
