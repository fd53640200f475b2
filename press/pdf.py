"""The PDF version of a press release: rendered by WeasyPrint once per revision,
kept in the default storage (release.pdf) and served from there afterwards.

WeasyPrint is imported only when a PDF is rendered. It fetches every stylesheet
and image through ProjectFilesFetcher, which serves the project's static files
and a few media folders and refuses everything else (the network, file://,
data:), so no content can make the server request a URL (SSRF) or read a file.
"""

import functools
import mimetypes
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from config.markdown import render_markdown
from press.models import PressRelease

# Documents are rendered against this made-up origin (".invalid" never resolves):
# the fetcher maps its /static/ and /media/ paths to the project's own files.
PDF_HOST = "files.victor.invalid"
PDF_BASE_URL = f"https://{PDF_HOST}/"
STYLESHEET = "press/release-pdf.css"
# Media a press PDF may show. Not the whole of MEDIA: certificates hold personal data.
PRESS_MEDIA_PREFIXES = ("press/images/", "organisations/logos/")


class FileRefused(ValueError):
    """The PDF asked for something that is not one of the project's own files."""


def static_url(path: str) -> str:
    return f"{PDF_BASE_URL}static/{path}"


def media_url(name: str) -> str:
    return f"{PDF_BASE_URL}media/{name}"


def _read_static(name: str) -> bytes:
    found = finders.find(name)  # the app and project folders (development, tests)
    if found:
        with open(found, "rb") as file:
            return file.read()
    if staticfiles_storage.exists(name):  # collected files (production)
        with staticfiles_storage.open(name, "rb") as file:
            return file.read()
    raise FileRefused(f"No such static file: {name}")


def project_file(url: str, *, media_prefixes: tuple[str, ...] = PRESS_MEDIA_PREFIXES) -> tuple[str, bytes]:
    """(name, content) of a static file or an allowed media file behind PDF_BASE_URL;
    FileRefused for any other URL."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FileRefused(f"Malformed URL: {url!r}") from error
    if parts.scheme != "https" or parts.netloc != PDF_HOST:
        raise FileRefused(f"Not one of the project's files: {url!r}")
    path = unquote(parts.path).removeprefix("/")
    segments = path.split("/")
    if "\x00" in path or "\\" in path or any(segment in ("", ".", "..") for segment in segments):
        raise FileRefused(f"Not a plain file path: {url!r}")
    area, name = segments[0], "/".join(segments[1:])
    try:
        if area == "static" and name:
            return name, _read_static(name)
        if area == "media" and name.startswith(media_prefixes):
            with default_storage.open(name, "rb") as file:
                return name, file.read()
    except (OSError, SuspiciousFileOperation) as error:
        raise FileRefused(f"Cannot read {url!r}") from error
    raise FileRefused(f"Not one of the project's files: {url!r}")


@functools.cache
def fetcher_class():
    """ProjectFilesFetcher, a weasyprint.urls.URLFetcher (built on first use, so that
    importing this module does not import WeasyPrint)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFilesFetcher(URLFetcher):
        """Serves the project's static files and allowed media files; never opens a
        network connection or a file:// URL (its fetch never calls URLFetcher.fetch)."""

        def __init__(self, *, media_prefixes: tuple[str, ...] = PRESS_MEDIA_PREFIXES, **kwargs):
            super().__init__(allowed_protocols=("https",), allow_redirects=False, **kwargs)
            self.media_prefixes = tuple(media_prefixes)

        def fetch(self, url, headers=None):
            name, content = project_file(url, media_prefixes=self.media_prefixes)
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=content, headers={"Content-Type": content_type})

    return ProjectFilesFetcher


def project_files_fetcher(**kwargs):
    return fetcher_class()(**kwargs)


def html_to_pdf(html: str, *, css: str = "") -> bytes:
    """Render HTML (and extra CSS) with WeasyPrint, fetching only the project's own files."""
    from weasyprint import CSS, HTML

    fetcher = project_files_fetcher()
    stylesheets = [CSS(string=css, base_url=PDF_BASE_URL, url_fetcher=fetcher)] if css else []
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).write_pdf(stylesheets=stylesheets)


def _css_string(text: str) -> str:
    """A CSS string literal of any text (every character but letters, digits and spaces escaped)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text) + '"'


def _page_counter_css() -> str:
    """The page footer "Page n of m" in the active language, in the translator's word order."""
    pieces = re.split(r"(%\(page\)s|%\(pages\)s)", gettext("Page %(page)s of %(pages)s"))
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    content = " ".join(counters.get(piece) or _css_string(piece) for piece in pieces if piece)
    return f"@page {{ @bottom-right {{ content: {content}; }} }}"


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
                "image_url": media_url(release.image.name) if release.image else "",
                "logo_url": media_url(release.organisation.logo.name) if release.organisation.logo else "",
                "page_url": settings.SITE_URL + reverse("press_detail", kwargs={"slug": release.slug}),
            },
        )
        page_counter = _page_counter_css()
    return html_to_pdf(html, css=page_counter)


def _stored(release: PressRelease) -> bytes | None:
    if not release.pdf or release.pdf_revision != release.revision:
        return None
    try:
        with release.pdf.storage.open(release.pdf.name, "rb") as file:
            return file.read()
    except OSError:  # lost from the storage: render it again
        return None


def pdf_for(release: PressRelease) -> bytes:
    """The release's PDF. Rendered only when the stored one belongs to an older
    revision (or is missing), then stored through the default storage; saving
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
    """The PDF's length in bytes (feed enclosures), rendering it first if needed."""
    return len(pdf_for(release))
