"""PDF rendering shared by every app: WeasyPrint with a URL fetcher that serves
only the project's own files.

WeasyPrint is imported only when a PDF is rendered. It fetches every stylesheet
and image through ProjectFilesFetcher, which serves the project's static files
and the media folders the caller allows (public or private storage), and refuses everything else (the
network, file://, data:), so no content can make the server request a URL (SSRF)
or read a file. Documents are rendered against a made-up origin; templates link
their files with static_url() and file_url().
"""

import functools
import mimetypes
import re
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.utils.translation import gettext

from common.files import is_private

# Documents are rendered against this made-up origin (".invalid" never resolves):
# the fetcher maps its /static/ and /media/ paths to the project's own files.
PDF_HOST = "files.victor.invalid"
PDF_BASE_URL = f"https://{PDF_HOST}/"


class FileRefused(ValueError):
    """The PDF asked for something that is not one of the project's own files."""


def static_url(path: str) -> str:
    return f"{PDF_BASE_URL}static/{path}"


def media_url(name: str, *, private: bool = False) -> str:
    """The URL a PDF template uses for an uploaded file: /media/ for the public
    storage, /private/ for the private storage (both read through the storages,
    so this works the same on disk and on S3)."""
    return f"{PDF_BASE_URL}{'private' if private else 'media'}/{name}"


def file_url(file) -> str:
    """media_url() of a FieldFile, in the area of the storage it is kept in."""
    return media_url(file.name, private=is_private(file.storage))


def _read_static(name: str) -> bytes:
    found = finders.find(name)  # the app and project folders (development, tests)
    if found:
        with open(found, "rb") as file:
            return file.read()
    if staticfiles_storage.exists(name):  # collected files (production)
        with staticfiles_storage.open(name, "rb") as file:
            return file.read()
    raise FileRefused(f"No such static file: {name}")


def project_file(url: str, *, media_prefixes: tuple[str, ...] = ()) -> tuple[str, bytes]:
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
        if area in ("media", "private") and name.startswith(media_prefixes):
            storage = storages["private"] if area == "private" else storages["default"]
            with storage.open(name, "rb") as file:
                return name, file.read()
    except (OSError, SuspiciousFileOperation) as error:
        raise FileRefused(f"Cannot read {url!r}") from error
    raise FileRefused(f"Not one of the project's files: {url!r}")


@functools.cache
def fetcher_class():
    """ProjectFilesFetcher, a weasyprint.urls.URLFetcher (built on first use, so that
    importing this module does not import WeasyPrint)."""
    # WeasyPrint loads Pango and fonts: only processes that render a PDF pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFilesFetcher(URLFetcher):
        """Serves the project's static files and allowed media files; never opens a
        network connection or a file:// URL (its fetch never calls URLFetcher.fetch)."""

        def __init__(self, *, media_prefixes: tuple[str, ...] = (), **kwargs):
            super().__init__(allowed_protocols=("https",), allow_redirects=False, **kwargs)
            self.media_prefixes = tuple(media_prefixes)

        def fetch(self, url, headers=None):
            name, content = project_file(url, media_prefixes=self.media_prefixes)
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=content, headers={"Content-Type": content_type})

    return ProjectFilesFetcher


def project_files_fetcher(**kwargs):
    return fetcher_class()(**kwargs)


def html_to_pdf(html: str, *, css: str = "", media_prefixes: tuple[str, ...] = (), **options) -> bytes:
    """Render HTML (and extra CSS) with WeasyPrint, fetching only the project's own
    static files and the media files under `media_prefixes`. `options` go to
    write_pdf (say, pdf_variant="pdf/a-3b")."""
    # WeasyPrint loads Pango and fonts: only processes that render a PDF pay for it.
    from weasyprint import CSS, HTML

    fetcher = project_files_fetcher(media_prefixes=media_prefixes)
    stylesheets = [CSS(string=css, base_url=PDF_BASE_URL, url_fetcher=fetcher)] if css else []
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, **options)


def _css_string(text: str) -> str:
    """A CSS string literal of any text (every character but letters, digits and spaces escaped)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text) + '"'


def page_counter_css() -> str:
    """The page footer "Page n of m" in the active language, in the translator's word order."""
    pieces = re.split(r"(%\(page\)s|%\(pages\)s)", gettext("Page %(page)s of %(pages)s"))
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    content = " ".join(counters.get(piece) or _css_string(piece) for piece in pieces if piece)
    return f"@page {{ @bottom-right {{ content: {content}; }} }}"
