"""Checking uploaded supporting documents (exemption transcripts and outlines, audit evidence).

The type is decided by the file's *content* (puremagic), never by its name or the browser's
Content-Type, against an allow-list: PDF, common images, Office Open XML and OpenDocument
documents, CSV. The extension must agree with the content, so a download is opened by the
right program. Refused, each with a message naming the field and the file:
- empty files and files over the size limit (settings.UPLOAD_MAX_BYTES unless told);
- anything not on the allow-list (executables, archives, HTML, scripts, …), whatever its name;
- macro-enabled Office files and the old binary Office formats (.doc/.xls/.ppt): their
  container is shared with installers (.msi) and cannot be told apart safely by content.

Reusable: `check_upload(file, field=…)` returns a `CheckedUpload` or raises DomainError.
"""

import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.utils.translation import gettext as _

from cor_portal.errors import DomainError

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


KINDS: dict[str, FileKind] = {
    k.key: k
    for k in (
        FileKind("pdf", "PDF", "application/pdf", (".pdf",)),
        FileKind("png", "PNG image", "image/png", (".png",)),
        FileKind("jpeg", "JPEG image", "image/jpeg", (".jpg", ".jpeg")),
        FileKind("gif", "GIF image", "image/gif", (".gif",)),
        FileKind("tiff", "TIFF image", "image/tiff", (".tif", ".tiff")),
        FileKind("webp", "WebP image", "image/webp", (".webp",)),
        FileKind(
            "docx",
            "Word document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileKind(
            "xlsx",
            "Excel workbook",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileKind(
            "pptx",
            "PowerPoint presentation",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
        ),
        FileKind("odt", "OpenDocument text", "application/vnd.oasis.opendocument.text", (".odt",)),
        FileKind(
            "ods",
            "OpenDocument spreadsheet",
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


def _zip_kind(data) -> str | None:
    """Office Open XML or OpenDocument, told apart by the parts inside the ZIP container."""
    try:
        with zipfile.ZipFile(data) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" not in names:
                return None
            content_types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in content_types or any(n.endswith("vbaProject.bin") for n in names):
                return "macro"
            for prefix, kind in _OOXML_PARTS.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
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
    kind_key = sniff_kind(head, upload, extension)
    upload.seek(0)
    accepted = ", ".join(sorted({KINDS[k].label for k in kinds}))
    if kind_key == "macro":
        raise DomainError(
            _("The file %(name)s contains macros; save it without macros or as a PDF.")
            % {"name": name},
            field=field,
        )
    if kind_key == "legacy_office":
        raise DomainError(
            _(
                "The file %(name)s is in an old binary Office format; save it as PDF, .docx "
                "or .xlsx."
            )
            % {"name": name},
            field=field,
        )
    if kind_key is None or kind_key not in kinds:
        raise DomainError(
            _(
                "The file %(name)s is not an accepted type (its content was checked). "
                "Accepted: %(accepted)s."
            )
            % {"name": name, "accepted": accepted},
            field=field,
        )
    kind = KINDS[kind_key]
    if extension not in kind.extensions:
        raise DomainError(
            _(
                "The file %(name)s contains a %(label)s but is named %(extension)s; rename it "
                "%(expected)s."
            )
            % {
                "name": name,
                "label": kind.label,
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
