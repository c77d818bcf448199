"""Storing audit evidence files without ever holding a whole file in memory.

1. The type is checked by content with certification.uploads.check_upload (the shared
   allow-list: PDF, images, Office Open XML / OpenDocument, CSV). It reads only the first
   bytes (and, for ZIP-based Office files, the ZIP central directory), never the whole file.
2. The SHA-256 and the real size are computed in chunks (the size the client declared is
   not trusted: a file that turns out bigger than the limit is refused).
3. The file is written to the default storage (local disk or S3 through django-storages)
   under a non-guessable key; storages copy in chunks too.

`store_evidence_file` returns the facts to record on the Evidence row. The caller deletes
the stored file again if its transaction fails (`discard_stored`).
"""

import contextlib
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.uploads import DOCUMENT_KINDS, _human_size, check_upload
from cor_portal.errors import DomainError

CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    key: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def evidence_limit() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def _chunks(upload):
    """The file's bytes in chunks from the start: UploadedFile.chunks() when there is one,
    else plain reads."""
    upload.seek(0)
    if hasattr(upload, "chunks"):
        yield from upload.chunks(CHUNK_BYTES)
        return
    while True:
        block = upload.read(CHUNK_BYTES)
        if not block:
            return
        yield block


def hash_and_measure(upload, *, limit: int, name: str, field: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for block in _chunks(upload):
        size += len(block)
        if size > limit:
            raise DomainError(
                _("The file %(name)s is larger than the limit of %(limit)s.")
                % {"name": name, "limit": _human_size(limit)},
                field=field,
            )
        digest.update(block)
    upload.seek(0)
    return digest.hexdigest(), size


def new_key() -> str:
    """evidence/<year>/<random>: the original name never appears in the path."""
    return f"evidence/{timezone.localdate():%Y}/{secrets.token_urlsafe(24)}"


def store_evidence_file(upload, *, field: str = "file", max_bytes: int | None = None) -> StoredFile:
    """Check, hash and store `upload` (a Django UploadedFile or an open binary file with a
    name). Raises DomainError naming `field` and stores nothing when the file is refused."""
    limit = evidence_limit() if max_bytes is None else max_bytes
    checked = check_upload(upload, field=field, kinds=DOCUMENT_KINDS, max_bytes=limit)
    sha256, size = hash_and_measure(upload, limit=limit, name=checked.original_name, field=field)
    if size == 0:
        raise DomainError(
            _("The file %(name)s is empty.") % {"name": checked.original_name}, field=field
        )
    content = upload if isinstance(upload, File) else File(upload, name=checked.original_name)
    key = default_storage.save(new_key(), content)
    return StoredFile(
        key=key,
        original_name=checked.original_name,
        content_type=checked.kind.content_type,
        size=size,
        sha256=sha256,
    )


def discard_stored(key: str) -> None:
    """Remove a stored file whose database row was not written (best effort)."""
    with contextlib.suppress(OSError):
        default_storage.delete(key)
