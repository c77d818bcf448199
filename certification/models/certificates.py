import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.enums import CertificateStatus

from .organization import WsibAccount

# COR-<anniversary year>-<6 digits>: from a per-year counter taken under a row lock
# (certification/services/certificates.py), never derived from a primary key.
CERTIFICATE_NUMBER_PATTERN = r"COR-[0-9]{4}-[0-9]{6}"
CERTIFICATE_NUMBER_REGEX = re.compile(rf"^{CERTIFICATE_NUMBER_PATTERN}$")


class Certificate(models.Model):
    """A Certificate of Recognition of one WSIB account [001 §2.4]: issued on the anniversary
    date, valid 3 years subject to Letters of Good Standing in years 2 and 3. At most one is
    active per WSIB account (database constraint). The status moves only through
    certification/services/certificates.py (CERTIFICATE_FLOW); whether it is valid *today* is
    the account's standing (certification/standing.py)."""

    wsib_account = models.ForeignKey(
        WsibAccount, on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ACTIVE,
    )
    anniversary_date = models.DateField(_("anniversary date"))
    expiry_date = models.DateField(_("expiry date"))
    # The external audit that earned it (audits' id; certification never imports audits,
    # so a plain number, not a foreign key).
    source_audit_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("reason it ended"), blank=True)

    class Meta:
        ordering = ["-anniversary_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CertificateStatus.values), name="certificate_status_valid"
            ),
            models.UniqueConstraint(
                fields=["wsib_account"],
                condition=Q(status=CertificateStatus.ACTIVE),
                name="certificate_one_active_per_account",
                violation_error_message=_("This WSIB account already holds an active certificate."),
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__gt=models.F("anniversary_date")),
                name="certificate_expiry_after_anniversary",
            ),
            models.CheckConstraint(
                condition=Q(number__regex=rf"^{CERTIFICATE_NUMBER_PATTERN}$"),
                name="certificate_number_format",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=CertificateStatus.ACTIVE, ended_at__isnull=True, end_reason="")
                    | (~Q(status=CertificateStatus.ACTIVE) & Q(ended_at__isnull=False))
                ),
                name="certificate_ended_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=CertificateStatus.REVOKED) | ~Q(end_reason=""),
                name="certificate_revoked_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "wsib_account"], name="certificate_status_idx")]

    def __str__(self) -> str:
        return self.number


class CertificateCounter(models.Model):
    """The last certificate number handed out per anniversary year (row-locked)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
