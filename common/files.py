"""Where files live and how private ones are served: two storages (README "Files").

Public storage (STORAGES["default"]): organisation logos, the only uploads anyone
may see by plain URL (/media/<name>, or the S3 bucket's public/ prefix).

Private storage (STORAGES["private"]): certificates and the images drawn into them,
training materials, and every file of a press release (image, attachments, PDF).
Nothing builds a URL to a private file: each is served by a view that asks the
permission rule on every request (private_file_response), with
`Cache-Control: private, no-store` unless the file is public at that moment.
Press files never move between storages: their view asks whether the release is
published, so an embargo, a withdrawal or a revocation holds at once.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.forms import ClearableFileInput
from django.http import FileResponse, Http404, HttpResponse
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

PRIVATE = "private, no-store"
# Published press files: caches may keep them a few minutes (a withdrawal reaches them
# within that time).
PUBLIC = "public, max-age=300"


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used and again after the STORAGES
    setting changes (like django.core.files.storage.default_storage)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_files = PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        private_files._wrapped = empty


def private_storage() -> Storage:
    """The private storage, for FileField(storage=private_storage): a callable, so
    migrations hold a reference to it, not the settings of the moment."""
    return private_files


def is_private(storage: Storage) -> bool:
    return storage is private_files


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT, so no web server or
    /media/ URL reaches them). It has no URL: url() refuses, so a template cannot
    link a private file by mistake."""

    @property
    def base_location(self):
        return self._location or settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("A private file has no URL: serve it through a view that checks who asks.")


class PrivateFileInput(ClearableFileInput):
    """ClearableFileInput for a private file: shows the current file's name, without
    a link (private files have no URL)."""

    template_name = "common/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))


def private_file_response(
    file: FieldFile, *, filename: str, content_type: str, as_attachment: bool = True, public: bool = False
) -> HttpResponse:
    """The file's bytes, for a view that has just checked that the person asking may
    have them: streamed from its storage (filesystem or S3) with FileResponse, or,
    when PRIVATE_MEDIA_ACCEL_PREFIX is set and the storage is a filesystem, handed
    to nginx with X-Accel-Redirect (an `internal` location). `Cache-Control:
    private, no-store` unless `public` (a published press file). A file missing
    from the storage is a 404."""
    storage, name = file.storage, file.name
    if not name:
        raise Http404
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    try:
        if prefix and isinstance(storage, FileSystemStorage):
            if not storage.exists(name):
                raise Http404
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        else:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    except (OSError, SuspiciousFileOperation) as error:
        raise Http404 from error
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = PUBLIC if public else PRIVATE
    return response


def move_to_private_storage(rows, field_name: str) -> int:
    """Move the files of `field_name` of `rows` from MEDIA_ROOT (where every upload
    lived before the private storage) to the private storage, under the same name.
    Idempotent: a file already moved, or missing, is skipped. Used by data
    migrations: keep its behaviour. Returns how many files moved."""
    old = FileSystemStorage(location=settings.MEDIA_ROOT)
    new = private_storage()
    moved = 0
    for row in rows:
        name = getattr(row, field_name).name
        if not name or not old.exists(name):
            continue
        if not new.exists(name):
            with old.open(name, "rb") as source:
                saved = new.save(name, source)
            if saved != name:  # never happens with the project's random names; keep the row right
                setattr(row, field_name, saved)
                row.save(update_fields=[field_name])
        old.delete(name)
        moved += 1
    return moved


def stored_size(file) -> int | None:
    """A stored file's size in bytes; None when there is none or its storage lost it."""
    try:
        return file.storage.size(file.name) if file else None
    except OSError:
        return None


def read_stored(file) -> bytes | None:
    """A stored file's content; None when there is none or its storage lost it."""
    if not file:
        return None
    try:
        with file.storage.open(file.name, "rb") as handle:
            return handle.read()
    except OSError:
        return None
