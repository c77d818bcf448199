"""Checking uploaded supporting documents (exemption transcripts and outlines, audit evidence).

The type is decided by the file's *content* (puremagic), never by its name or the browser's
Content-Type, against an allow-list: PDF, common images, Office Open XML and OpenDocument
documents, CSV. The extension must agree with the content, so a download is opened by the
right program. Refused, each with a message naming the field and the file:
- empty files and files over the size limit (settings.UPLOAD_MAX_BYTES unless told);
- anything not on the allow-list (executables, archives, HTML, scripts, …), whatever its name;
- ZIP containers (Office/OpenDocument) that are not safe to open ("zip bombs"): too many
  entries, too large once expanded, compressed far more than a document can be, or whose
  descriptive part is longer than a few KB. Only the directory and a few KB are read;
- macro-enabled Office files and the old binary Office formats (.doc/.xls/.ppt): their
  container is shared with installers (.msi) and cannot be told apart safely by content.

Reusable: `check_upload(file, field=…)` returns a `CheckedUpload` or raises DomainError.
"""

import io
import os
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cor_portal.errors import DomainError

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str | Promise  # translated when a message names it
    content_type: str
    extensions: tuple[str, ...]


KINDS: dict[str, FileKind] = {
    k.key: k
    for k in (
        FileKind("pdf", "PDF", "application/pdf", (".pdf",)),
        FileKind("png", gettext_lazy("PNG image"), "image/png", (".png",)),
        FileKind("jpeg", gettext_lazy("JPEG image"), "image/jpeg", (".jpg", ".jpeg")),
        FileKind("gif", gettext_lazy("GIF image"), "image/gif", (".gif",)),
        FileKind("tiff", gettext_lazy("TIFF image"), "image/tiff", (".tif", ".tiff")),
        FileKind("webp", gettext_lazy("WebP image"), "image/webp", (".webp",)),
        FileKind(
            "docx",
            gettext_lazy("Word document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileKind(
            "xlsx",
            gettext_lazy("Excel workbook"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileKind(
            "pptx",
            gettext_lazy("PowerPoint presentation"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
        ),
        FileKind(
            "odt",
            gettext_lazy("OpenDocument text"),
            "application/vnd.oasis.opendocument.text",
            (".odt",),
        ),
        FileKind(
            "ods",
            gettext_lazy("OpenDocument spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
            (".ods",),
        ),
        FileKind("csv", "CSV", "text/csv", (".csv",)),
    )
}
DOCUMENT_KINDS = frozenset(KINDS)

# puremagic's answers (by MIME type) that map onto our kinds; everything else is refused.
_MAGIC_MIME = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/gif": "gif",
    "image/tiff": "tiff",
    "image/webp": "webp",
}
_OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    original_name: str
    size: int


def allowed_extensions(kinds=DOCUMENT_KINDS) -> str:
    """For an <input accept="…"> attribute and for messages."""
    return ",".join(sorted({e for k in kinds for e in KINDS[k].extensions}))


def clean_original_name(name: str) -> str:
    """The file's own name without any folder part or control characters, for display and
    the Content-Disposition of downloads."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:200] or "document"


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


class UnsafeArchive(Exception):
    """A ZIP container (Office Open XML, OpenDocument) that could exhaust memory or disk if
    it were opened: too many entries, too large once expanded, or compressed suspiciously
    well. `reason` is a translated sentence for the person who uploaded it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Limits of a ZIP container we agree to look inside. Real Office/OpenDocument files have tens
# to a few hundred entries, expand to a few times their size, and their
# [Content_Types].xml / mimetype parts are a few KB; a "zip bomb" breaks at least one of these.
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_CENTRAL_DIRECTORY_BYTES = 2 * 1024 * 1024
ZIP_MAX_EXPANDED_BYTES = 1024 * 1024 * 1024
# Ratio of expanded to compressed size, checked for the whole archive and for each entry
# large enough to matter (XML compresses 10-30×, very repetitive sheets up to ~100×;
# a bomb ~1000×).
ZIP_MAX_RATIO = 200
ZIP_RATIO_MIN_EXPANDED_BYTES = 1024 * 1024
# How much of [Content_Types].xml / mimetype is read, at most.
ZIP_PART_READ_BYTES = 64 * 1024

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_EOCD_SIGNATURE = b"PK\x05\x06"


def _archive_size(data) -> int:
    data.seek(0, os.SEEK_END)
    size = data.tell()
    data.seek(0)
    return size


def _check_end_record(data, archive_size: int) -> None:
    """Entry count and central directory size from the end record, before zipfile parses
    (and holds in memory) the whole directory. ZIP64 markers (0xFFFF, 0xFFFFFFFF) exceed
    the limits and are refused with them: our files are far below ZIP64 sizes."""
    tail_size = min(archive_size, _EOCD.size + 65535)
    data.seek(archive_size - tail_size)
    tail = data.read(tail_size)
    data.seek(0)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD.size:
        return  # not a readable archive: zipfile refuses it below
    _sig, _disk, _cd_disk, _disk_entries, entries, cd_size, _cd_offset, _comment = _EOCD.unpack(
        tail[at : at + _EOCD.size]
    )
    if entries > ZIP_MAX_ENTRIES:
        raise UnsafeArchive(
            _("it holds %(count)s parts (at most %(limit)s are accepted)")
            % {"count": entries, "limit": ZIP_MAX_ENTRIES}
        )
    if cd_size > ZIP_MAX_CENTRAL_DIRECTORY_BYTES:
        raise UnsafeArchive(_("its table of contents is too large"))


def _check_declared_sizes(infos: list[zipfile.ZipInfo], archive_size: int) -> None:
    if len(infos) > ZIP_MAX_ENTRIES:
        raise UnsafeArchive(
            _("it holds %(count)s parts (at most %(limit)s are accepted)")
            % {"count": len(infos), "limit": ZIP_MAX_ENTRIES}
        )
    expanded = 0
    for info in infos:
        expanded += info.file_size
        if info.file_size >= ZIP_RATIO_MIN_EXPANDED_BYTES and (
            info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)
        ):
            raise UnsafeArchive(_("it is compressed far more than a real document can be"))
    if expanded > ZIP_MAX_EXPANDED_BYTES:
        raise UnsafeArchive(
            _("it would expand to %(size)s (at most %(limit)s)")
            % {"size": _human_size(expanded), "limit": _human_size(ZIP_MAX_EXPANDED_BYTES)}
        )
    if expanded >= ZIP_RATIO_MIN_EXPANDED_BYTES and expanded > ZIP_MAX_RATIO * archive_size:
        raise UnsafeArchive(_("it is compressed far more than a real document can be"))


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """At most ZIP_PART_READ_BYTES of a small descriptive part. The declared size may lie:
    the bytes actually produced are what is counted, and a part that goes on longer than a
    real one ever does is refused."""
    if info.file_size > ZIP_PART_READ_BYTES:
        raise UnsafeArchive(_("its %(part)s part is too large") % {"part": info.filename})
    with archive.open(info) as part:
        content = part.read(ZIP_PART_READ_BYTES + 1)
    if len(content) > ZIP_PART_READ_BYTES:
        raise UnsafeArchive(_("its %(part)s part is too large") % {"part": info.filename})
    return content


def _zip_kind(data) -> str | None:
    """Office Open XML or OpenDocument, told apart by the parts inside the ZIP container.
    Raises UnsafeArchive for a container that is not safe to open; reads only the archive's
    directory and a few KB of one part."""
    try:
        archive_size = _archive_size(data)
        _check_end_record(data, archive_size)
        with zipfile.ZipFile(data) as archive:
            infos = archive.infolist()
            _check_declared_sizes(infos, archive_size)
            by_name = {info.filename: info for info in infos}
            names = list(by_name)
            if "mimetype" in by_name:
                return _ODF_MIMETYPES.get(_read_part(archive, by_name["mimetype"]).strip())
            if "[Content_Types].xml" not in by_name:
                return None
            content_types = _read_part(archive, by_name["[Content_Types].xml"])
            if b"macroEnabled" in content_types or any(n.endswith("vbaProject.bin") for n in names):
                return "macro"
            for prefix, kind in _OOXML_PARTS.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError):
        return None
    except (zlib.error, NotImplementedError, RuntimeError):
        return None  # corrupt stream, unsupported compression or an encrypted part
    return None


def _looks_like_csv(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    if text.lstrip().startswith("<"):  # HTML/XML/SVG renamed .csv
        return False
    return all(ch in "\t\r\n" or unicodedata.category(ch)[0] != "C" for ch in text)


def sniff_kind(head: bytes, fileobj=None, extension: str = "") -> str | None:
    """The allow-listed kind of the content, "macro"/"legacy_office" for refused Office
    formats, or None when the content is not one we accept."""
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(fileobj if fileobj is not None else io.BytesIO(head))
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "legacy_office"
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        matches = []
    if matches:
        best = matches[0]
        kind = _MAGIC_MIME.get(best.mime_type)
        if kind is None and best.extension.lower() in {".jpg", ".jpeg", ".jfif", ".jpe"}:
            kind = "jpeg"
        return kind
    # CSV has no signature: accept plain text only when it is named .csv.
    if extension == ".csv" and _looks_like_csv(head):
        return "csv"
    return None


def _file_size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        pos = upload.tell()
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(pos)
    return int(size)


def _kind_refusal(kind_key: str | None, name: str, kinds) -> str | None:
    """Why content of `kind_key` (sniff_kind's answer) is refused, or None when it is
    accepted."""
    if kind_key == "macro":
        return _("The file %(name)s contains macros; save it without macros or as a PDF.") % {
            "name": name
        }
    if kind_key == "legacy_office":
        return _(
            "The file %(name)s is in an old binary Office format; save it as PDF, .docx or .xlsx."
        ) % {"name": name}
    if kind_key is None or kind_key not in kinds:
        return _(
            "The file %(name)s is not an accepted type (its content was checked). "
            "Accepted: %(accepted)s."
        ) % {"name": name, "accepted": ", ".join(sorted({str(KINDS[k].label) for k in kinds}))}
    return None


# --- the first bytes, before the rest of the file is read ----------------------------------

# What the content of each accepted kind starts with, in hex ("??" = any byte). The browser
# checks a chosen file's first bytes against this list before it sends it
# (static/js/audits.js, given the list by the upload form); CSV has no signature and is
# text named .csv. Office Open XML and OpenDocument are ZIP containers, looked inside only
# once the whole file is there. tests/audits/test_upload_first_bytes.py holds it to sniff_kind.
LEADING_BYTES: dict[str, tuple[str, ...]] = {
    "pdf": ("25504446", "0d0a25504446"),
    "png": ("89504e470d0a1a0a",),
    "jpeg": ("ffd8",),
    "gif": ("474946383761", "474946383961"),
    "tiff": ("49492a00", "4d4d002a", "4d4d002b", "492049"),
    "webp": ("52494646????????57454250",),
    "zip": ("504b0304",),
}


def leading_bytes_attribute() -> str:
    """LEADING_BYTES for the upload form's data-leading-bytes attribute: signatures separated
    by spaces ("csv" stands for text named .csv)."""
    return " ".join([*(sig for sigs in LEADING_BYTES.values() for sig in sigs), "csv"])


def first_bytes_refusal(head: bytes, name: str, *, kinds=DOCUMENT_KINDS) -> str | None:
    """What check_upload would say about a file from its first SNIFF_BYTES bytes (or all of
    it, when shorter) alone, or None when they may be an accepted file. A ZIP container may
    be one (its parts decide, once the file is complete)."""
    if head.startswith(b"PK\x03\x04"):
        return None
    name = clean_original_name(name)
    extension = os.path.splitext(name)[1].lower()
    return _kind_refusal(sniff_kind(head, None, extension), name, kinds)


def check_upload(
    upload,
    *,
    field: str,
    kinds=DOCUMENT_KINDS,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Accept `upload` (a Django UploadedFile or any seekable file with a name) or raise
    DomainError naming `field`. The file position is left at the start."""
    if upload is None:
        raise DomainError(_("Choose a file to upload."), field=field)
    name = clean_original_name(getattr(upload, "name", "") or "")
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    size = _file_size(upload)
    if size == 0:
        raise DomainError(_("The file %(name)s is empty.") % {"name": name}, field=field)
    if size > limit:
        raise DomainError(
            _("The file %(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": _human_size(size), "limit": _human_size(limit)},
            field=field,
        )
    extension = os.path.splitext(name)[1].lower()
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    try:
        kind_key = sniff_kind(head, upload, extension)
    except UnsafeArchive as unsafe:
        upload.seek(0)
        raise DomainError(
            _("The file %(name)s was refused: %(reason)s. Save it again or send it as a PDF.")
            % {"name": name, "reason": unsafe.reason},
            field=field,
        ) from None
    upload.seek(0)
    refusal = _kind_refusal(kind_key, name, kinds)
    if refusal is not None:
        raise DomainError(refusal, field=field)
    assert kind_key is not None  # refused above
    kind = KINDS[kind_key]
    if extension not in kind.extensions:
        raise DomainError(
            _(
                "The file %(name)s contains a %(label)s but is named %(extension)s; rename it "
                "%(expected)s."
            )
            % {
                "name": name,
                "label": str(kind.label),
                "extension": extension or _("without an extension"),
                "expected": kind.extensions[0],
            },
            field=field,
        )
    return CheckedUpload(kind=kind, original_name=name, size=size)


def content_type_for(original_name: str) -> str:
    """The Content-Type to serve a stored file with, from its checked extension."""
    extension = os.path.splitext(original_name)[1].lower()
    for kind in KINDS.values():
        if extension in kind.extensions:
            return kind.content_type
    return "application/octet-stream"
