"""Looking inside an uploaded ZIP container (Office Open XML and OpenDocument
files are ZIP archives) with bounded memory, whatever the file claims.

A ZIP archive says how large each entry is once unpacked, and how many entries it
has; a hostile one lies, or tells the truth about a 600 MB entry packed into a
few hundred KB (a "zip bomb"). So the checks here never unpack a whole entry:
they read the end-of-archive record first and refuse a directory larger than
any document needs, refuse an entry whose declared size is larger than what the
caller wants to read, and read at most that many bytes of it (Python's zipfile
stops unpacking there, whatever the entry really holds). They also refuse an
archive whose entries declare together more than the caller allows, or far more
than the archive itself weighs (a 100 KB document unpacking to 100 MB is
harmless to us, but not to whoever opens it). Finally every entry is read
through once, in small chunks and never past its declared size, so that the
CRC check proves each declaration true: an entry that declares less than it
holds fails there instead of reaching whoever downloads it.
"""

import struct
import zipfile

# The end-of-central-directory record: signature, disk numbers, entry counts,
# directory size and offset, comment length (APPNOTE.TXT 4.3.16).
_END_RECORD = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_MAX_COMMENT = 0xFFFF

# A large presentation has a few thousand parts; its directory a few hundred KB.
MAX_ENTRIES = 5000
MAX_DIRECTORY_BYTES = 2 * 1024 * 1024

# How much larger a document may be unpacked than packed, over all its parts as
# declared. Office and OpenDocument XML deflates about 5 to 20 times (a 5 MB
# spreadsheet of numbers 8:1, an empty but styled one 11:1, prose 6:1), and the
# images inside are stored near 1:1, so a whole document stays well under 20:1;
# 100 leaves a wide margin, while a zip bomb's parts deflate about 1000:1.
MAX_EXPANSION_RATIO = 100
# Entries are read through in pieces of this size: the memory a check takes.
_CHUNK_BYTES = 64 * 1024

# Below this much unpacked the ratio is not looked at: a tiny file cannot hurt
# anyone however well it packs (an empty template, a one-line document).
RATIO_FLOOR_BYTES = 1024 * 1024


class UnsafeArchive(Exception):
    """The archive is larger inside than any document, or not one that can be read safely."""


def _directory_size(file) -> tuple[int, int, int]:
    """(entries, directory bytes, archive bytes) from the end record, reading at most 64 KB."""
    file.seek(0, 2)
    size = file.tell()
    tail_length = min(size, _END_RECORD.size + _MAX_COMMENT)
    file.seek(size - tail_length)
    tail = file.read(tail_length)
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or len(tail) - at < _END_RECORD.size:
        raise UnsafeArchive("no end record")
    _signature, _disk, _start_disk, _disk_entries, entries, directory_bytes, _offset, _comment = (
        _END_RECORD.unpack(tail[at : at + _END_RECORD.size])
    )
    return entries, directory_bytes, size


def open_zip(
    file,
    *,
    max_entries: int = MAX_ENTRIES,
    max_directory_bytes: int = MAX_DIRECTORY_BYTES,
    max_unpacked_bytes: int | None = None,
    max_ratio: int = MAX_EXPANSION_RATIO,
):
    """A zipfile.ZipFile over `file`, once its end record promises a directory of at
    most `max_entries` entries and `max_directory_bytes` bytes (ZIP64 archives, which
    no document of an upload's size needs, are refused), and its entries declare
    together at most `max_unpacked_bytes` unpacked (when given) and at most
    `max_ratio` times the archive's own size (above RATIO_FLOOR_BYTES), checked before
    anything is unpacked, and then each entry proves its declared size (see
    _read_through). Raises UnsafeArchive, or zipfile.BadZipFile for a damaged
    archive."""
    entries, directory_bytes, packed_bytes = _directory_size(file)
    # ZIP64 puts 0xFFFF / 0xFFFFFFFF here and the real figures elsewhere.
    if entries >= 0xFFFF or directory_bytes >= 0xFFFFFFFF:
        raise UnsafeArchive("ZIP64")
    if entries > max_entries or directory_bytes > max_directory_bytes:
        raise UnsafeArchive("too many entries")
    file.seek(0)
    archive = zipfile.ZipFile(file)
    if len(archive.infolist()) > max_entries:  # the end record lied
        archive.close()
        raise UnsafeArchive("too many entries")
    unpacked_bytes = sum(info.file_size for info in archive.infolist())
    if max_unpacked_bytes is not None and unpacked_bytes > max_unpacked_bytes:
        archive.close()
        raise UnsafeArchive("unpacks to too much")
    if unpacked_bytes > max(RATIO_FLOOR_BYTES, max_ratio * packed_bytes):
        archive.close()
        raise UnsafeArchive("packed too tightly")
    try:
        _read_through(archive)
    except zipfile.BadZipFile as error:
        archive.close()
        raise UnsafeArchive("an entry holds more than it declares") from error
    except BaseException:
        archive.close()
        raise
    return archive


def _read_through(archive: zipfile.ZipFile) -> None:
    """Unpack every entry in _CHUNK_BYTES pieces and throw the bytes away. zipfile
    stops at the declared size and then checks the CRC, so an entry that holds more
    than it declares raises BadZipFile; the work is bounded by the declared sizes,
    which open_zip has already bounded."""
    for info in archive.infolist():
        with archive.open(info) as entry:
            while entry.read(_CHUNK_BYTES):
                pass


def read_small_entry(archive: zipfile.ZipFile, name: str, *, limit: int) -> bytes:
    """The entry's content, which must declare at most `limit` bytes unpacked. At most
    `limit` bytes are unpacked even when the declaration lies (a larger real content
    then fails the CRC check: zipfile.BadZipFile)."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise UnsafeArchive("entry larger than declared limit")
    with archive.open(info) as entry:
        return entry.read(limit)
