"""/media/<name>: the public storage's files (organisation logos), when SERVE_MEDIA
is on (README "Files"). Private files are not in that storage (common.files)."""

import mimetypes
import os

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

# Uploaded public media (logos): names are random, a changed logo gets a new name.
PUBLIC_MEDIA = "public, max-age=86400"
# Types the public media view serves inline; anything else is a download.
INLINE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf")


def _plain_path(path: str) -> bool:
    segments = path.split("/")
    return not ("\x00" in path or "\\" in path or any(segment in ("", ".", "..") for segment in segments))


@require_safe
def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """/media/<name>: a file of the public storage (logos), when SERVE_MEDIA is on
    (the default, so one machine needs nothing else; behind nginx, nginx serves
    /media/ itself). Only the public storage: private files are not there."""
    if not settings.SERVE_MEDIA or not _plain_path(path):
        raise Http404
    try:
        handle = storages["default"].open(path, "rb")
    except (OSError, SuspiciousFileOperation, ValueError) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    response = FileResponse(handle, content_type=content_type if inline else "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(not inline, os.path.basename(path))
    response["Cache-Control"] = PUBLIC_MEDIA
    return response
