import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import DocumentStatus


def document_key(instance: "GeneratedDocument", filename: str) -> str:
    # A non-guessable key: the storage path says nothing about the organization.
    return f"documents/{instance.kind}/{secrets.token_urlsafe(24)}.pdf"


class GeneratedDocument(models.Model):
    """A PDF the portal generated. Stored once and never regenerated differently: it has a
    number, a date and the SHA-256 of its bytes [SPEC §10]. Every version is kept: a new
    version supersedes the old one, which stays stored and points to its successor."""

    kind = models.CharField(_("kind"), max_length=64)
    number = models.CharField(_("number"), max_length=64, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.ISSUED
    )
    # Copied from the kind when issued, so the database can hold "one current per subject".
    one_per_subject = models.BooleanField(default=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=document_key, max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    # For the public verification page; only kinds that carry one have it.
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="document_status_valid"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="document_version_positive"),
            # The current document of a one-per-subject kind is unique; old versions are not.
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"],
                condition=Q(status=DocumentStatus.ISSUED, one_per_subject=True),
                name="document_one_current_per_subject_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "version"],
                name="document_version_unique",
            ),
            # Superseding sets the time first and the successor once it exists.
            models.CheckConstraint(
                condition=(
                    Q(status=DocumentStatus.SUPERSEDED, superseded_at__isnull=False)
                    | (
                        ~Q(status=DocumentStatus.SUPERSEDED)
                        & Q(superseded_at__isnull=True, superseded_by__isnull=True)
                    )
                ),
                name="document_superseded_has_time",
            ),
            models.CheckConstraint(
                condition=(
                    (
                        Q(status=DocumentStatus.REVOKED, revoked_at__isnull=False)
                        & ~Q(revocation_reason="")
                    )
                    | (
                        ~Q(status=DocumentStatus.REVOKED)
                        & Q(revoked_at__isnull=True, revocation_reason="")
                    )
                ),
                name="document_revoked_has_time_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_current(self) -> bool:
        return self.status == DocumentStatus.ISSUED


class DocumentCounter(models.Model):
    """The last number handed out per document kind and year. Taken with a row lock, so two
    documents issued at once get consecutive numbers and never the same one."""

    kind = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="document_counter_per_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"
