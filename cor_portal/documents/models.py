import secrets

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def document_key(instance: "GeneratedDocument", filename: str) -> str:
    # A non-guessable key: the storage path says nothing about the organization.
    return f"documents/{instance.kind}/{secrets.token_urlsafe(24)}.pdf"


class GeneratedDocument(models.Model):
    """A PDF the portal generated. Stored once and never regenerated differently: it has a
    number, a date and the SHA-256 of its bytes [SPEC §10]."""

    kind = models.CharField(_("kind"), max_length=64)
    number = models.CharField(_("number"), max_length=64, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=document_key, max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"], name="document_one_per_subject_kind"
            )
        ]

    def __str__(self) -> str:
        return self.number
