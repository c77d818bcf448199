import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from cor_portal.history.services import record

from .models import GeneratedDocument
from .rendering import render_pdf


def document_for(subject: models.Model, kind: str) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        object_id=str(subject.pk),
    ).first()


def document_generate(
    *, subject: models.Model, kind: str, prefix: str, template_name: str, context: dict
) -> GeneratedDocument:
    """Render and store the `kind` document of `subject` once. A second call returns the
    stored document unchanged, so a retried task or a double click cannot produce two
    different versions of one letter."""
    existing = document_for(subject, kind)
    if existing is not None:
        return existing
    number = f"{prefix}-{timezone.localdate().year}-{subject.pk:06d}"
    pdf = render_pdf(template_name, {**context, "document_number": number})
    try:
        with transaction.atomic():
            doc = GeneratedDocument(
                kind=kind,
                number=number,
                content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
                object_id=str(subject.pk),
                sha256=hashlib.sha256(pdf).hexdigest(),
                size=len(pdf),
            )
            doc.file.save(f"{number}.pdf", ContentFile(pdf), save=False)
            doc.save()
            record(
                subject=subject,
                actor=None,
                action="document_generated",
                changes={"document": ("", number)},
                reason=f"{kind} {number} sha256 {doc.sha256}",
            )
    except IntegrityError:
        # Another worker stored it first; theirs is the document of record.
        theirs = document_for(subject, kind)
        if theirs is None:
            raise  # the number belongs to another document: an error, not a missing document
        return theirs
    return doc
