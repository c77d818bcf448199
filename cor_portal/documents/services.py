"""Issuing, superseding and revoking stored documents [SPEC §10].

A document is rendered once and stored with its number, SHA-256 and size; every version is
kept. Numbers are `PREFIX-YYYY-NNNNNN` from a per-kind, per-year counter row taken with a row
lock: consecutive, never derived from a primary key, never handed out twice. The counter is
claimed in the same transaction as the document, so a failed issue releases its number (no
gaps) and two issues at once wait for each other instead of colliding. Each change writes a
history row on the document's subject in the same transaction.

Who may issue, supersede or revoke is the domain app's question: it asks before calling."""

import base64
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cor_portal.errors import DomainError
from cor_portal.history.services import record

from .enums import DocumentAction, DocumentStatus
from .models import DocumentCounter, GeneratedDocument
from .registry import DocumentKind, get_kind
from .rendering import letterhead_context, render_pdf
from .workflows import DOCUMENT_FLOW

if TYPE_CHECKING:
    from cor_portal.accounts.models import User

REASON_MAX_LENGTH = 1000
# 16 random bytes: 128 bits, in base32 (26 characters, no padding) so it can be typed.
VERIFICATION_CODE_BYTES = 16


def _subject_filter(subject: models.Model, kind: DocumentKind) -> dict[str, Any]:
    return {
        "kind": kind.key,
        "content_type": ContentType.objects.get_for_model(subject, for_concrete_model=True),
        "object_id": str(subject.pk),
    }


def document_for(subject: models.Model, kind: DocumentKind | str) -> GeneratedDocument | None:
    """The current (issued) document of `kind` for `subject`: the latest issued version, or
    None when there is none (never issued, or revoked)."""
    kind = get_kind(kind)
    return (
        GeneratedDocument.objects.filter(
            **_subject_filter(subject, kind), status=DocumentStatus.ISSUED
        )
        .order_by("-version")
        .first()
    )


def documents_of(subject: models.Model, kind: DocumentKind | str) -> models.QuerySet:
    """Every version of `kind` for `subject`, oldest first."""
    kind = get_kind(kind)
    return GeneratedDocument.objects.filter(**_subject_filter(subject, kind)).order_by("version")


def document_by_verification_code(code: str) -> GeneratedDocument | None:
    """The document a public verification code names (any status: the page says which)."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return GeneratedDocument.objects.filter(verification_code=code).first()


def new_verification_code() -> str:
    return base64.b32encode(secrets.token_bytes(VERIFICATION_CODE_BYTES)).decode().rstrip("=")


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def _lock_counter(kind: DocumentKind, year: int) -> DocumentCounter:
    """The counter row of `kind` in `year`, locked until the issuing transaction ends (a
    rollback releases the number it handed out, so there are no gaps)."""
    counters = DocumentCounter.objects.select_for_update()
    counter = counters.filter(kind=kind.key, year=year).first()
    if counter is None:
        # First document of the year: two issuers may both get here; the insert is a no-op
        # for the second (ON CONFLICT DO NOTHING), and both then lock the one row.
        DocumentCounter.objects.bulk_create(
            [DocumentCounter(kind=kind.key, year=year, last=0)], ignore_conflicts=True
        )
        counter = counters.get(kind=kind.key, year=year)
    return counter


def _next_number(kind: DocumentKind, counter: DocumentCounter) -> str:
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_number(kind.prefix, counter.year, counter.last)


def _require_reason(reason: str, *, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(missing, field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            _("The reason is at most %(n)s characters.") % {"n": REASON_MAX_LENGTH},
            field="reason",
        )
    return reason


def _store(
    *,
    kind: DocumentKind,
    subject: models.Model,
    by: "User | None",
    counter: DocumentCounter,
    supersedes: GeneratedDocument | None = None,
) -> GeneratedDocument:
    """Number, render and store one new version, and record it in the subject's history.
    Inside the caller's transaction, with `counter` locked by it."""
    number = _next_number(kind, counter)
    where = _subject_filter(subject, kind)
    last_version = GeneratedDocument.objects.filter(**where).aggregate(v=Max("version"))["v"]
    version = (last_version or 0) + 1
    code = new_verification_code() if kind.verification_code else None
    context = {
        **letterhead_context(code),
        **kind.context(subject),
        "document_number": number,
        "document_version": version,
        "issued_on": timezone.localdate(),
        "verification_code": code,
        "supersedes": supersedes,
    }
    pdf = render_pdf(kind.template_name, context)
    doc = GeneratedDocument(
        **where,
        number=number,
        version=version,
        one_per_subject=kind.one_per_subject,
        verification_code=code,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        issued_by=_user(by),
    )
    doc.file.save(f"{number}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            doc.save()
    except Exception:
        doc.file.delete(save=False)  # no row points at it
        raise
    record(
        subject=subject,
        actor=by,
        action=DocumentAction.ISSUED,
        changes={"document": ("", number)},
        reason=f"{kind.key} {number} sha256 {doc.sha256}",
    )
    return doc


def _user(by: "User | None") -> "User | None":
    return by if by is not None and by.is_authenticated else None


def document_issue(
    *, kind: DocumentKind | str, subject: models.Model, by: "User | None" = None
) -> GeneratedDocument:
    """Render and store a document of `kind` for `subject` and record it in the subject's
    history. For a one-per-subject kind, while a current document exists it is returned
    unchanged, so a retried task or a double click cannot produce two different letters.
    Never returns None: a failure raises."""
    kind = get_kind(kind)
    if kind.one_per_subject and (existing := document_for(subject, kind)) is not None:
        return existing
    try:
        with transaction.atomic():
            counter = _lock_counter(kind, timezone.localdate().year)
            if kind.one_per_subject and (existing := document_for(subject, kind)) is not None:
                # Stored by whoever held the counter while we waited: render nothing.
                return existing
            return _store(kind=kind, subject=subject, by=by, counter=counter)
    except IntegrityError:
        # The current one was stored by a transaction that did not hold our counter row
        # (e.g. across a new year). Theirs is the document of record; anything else raises.
        existing = document_for(subject, kind) if kind.one_per_subject else None
        if existing is None:
            raise
        return existing


def _lock_issued(document: GeneratedDocument, *, refusal: str) -> GeneratedDocument:
    """The document's row, locked, if it is still the issued one; else `refusal` (a message
    naming %(number)s and %(status)s) and nothing changes."""
    locked = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.status != DocumentStatus.ISSUED:
        raise DomainError(
            refusal % {"number": locked.number, "status": DocumentStatus(locked.status).label},
            field="document",
            code="conflict",
        )
    if locked.subject is None:
        raise DomainError(
            _("The subject of document %(number)s no longer exists.") % {"number": locked.number},
            field="document",
        )
    return locked


def document_supersede(
    *, document: GeneratedDocument, by: "User | None", reason: str
) -> GeneratedDocument:
    """Issue a new version of `document` (rendered from its subject as it is now) and mark
    the old one superseded, pointing to its successor. Both stay stored. Returns the new
    version; `document` is refreshed."""
    reason = _require_reason(reason, missing=_("Give the reason the document is superseded."))
    kind = get_kind(document.kind)
    with transaction.atomic():
        old = _lock_issued(
            document,
            refusal=_("Document %(number)s is %(status)s: only an issued one can be superseded."),
        )
        subject = old.subject
        assert subject is not None  # _lock_issued refuses a document whose subject is gone
        # The old version stops being current before the new one is stored (at most one
        # current per subject); it points to its successor once that exists.
        DOCUMENT_FLOW.move(
            old, DocumentAction.SUPERSEDED, by=by, reason=reason, superseded_at=timezone.now()
        )
        counter = _lock_counter(kind, timezone.localdate().year)
        new = _store(kind=kind, subject=subject, by=by, counter=counter, supersedes=old)
        GeneratedDocument.objects.filter(pk=old.pk).update(superseded_by=new)
        record(
            subject=subject,
            actor=by,
            action=DocumentAction.SUPERSEDED,
            changes={"document": (old.number, new.number)},
            reason=reason,
        )
    document.refresh_from_db()
    return new


def document_revoke(
    *, document: GeneratedDocument, by: "User | None", reason: str
) -> GeneratedDocument:
    """Revoke an issued document: it stays stored with the reason and time, and is no longer
    current (the verification page will say so). Returns `document`, refreshed."""
    reason = _require_reason(reason, missing=_("Give the reason the document is revoked."))
    with transaction.atomic():
        locked = _lock_issued(
            document,
            refusal=_("Document %(number)s is %(status)s: only an issued one can be revoked."),
        )
        DOCUMENT_FLOW.move(
            locked,
            DocumentAction.REVOKED,
            by=by,
            reason=reason,
            revoked_at=timezone.now(),
            revoked_by=_user(by),
            revocation_reason=reason,
        )
        subject = locked.subject
        assert subject is not None  # _lock_issued refuses a document whose subject is gone
        record(
            subject=subject,
            actor=by,
            action=DocumentAction.REVOKED,
            changes={"document": (locked.number, "")},
            reason=reason,
        )
    document.refresh_from_db()
    return document
