"""Spot checks ("keeping COR" checks) [001 §4.4], ISO 45001 / MLTSD equivalency requests and
their 1-year certificates [001 §6], and out-of-province reciprocity for bidding [001 §5].
Statuses move only through equivalency/services (equivalency/workflows.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from certification.models import Organization, WsibAccount

from .enums import (
    DocumentKind,
    EquivalencyCertificateStatus,
    EquivalencyKind,
    EquivalencyStatus,
    ReciprocityStatus,
    ReferralDecision,
    SpotCheckOutcome,
    SpotCheckStatus,
)

MONEY = {"max_digits": 10, "decimal_places": 2}


class SpotCheck(models.Model):
    wsib_account = models.ForeignKey(
        WsibAccount, on_delete=models.PROTECT, related_name="spot_checks"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=SpotCheckStatus.choices, default=SpotCheckStatus.OPEN
    )
    scope = models.TextField(_("scope"))
    check_date = models.DateField(_("spot check date"))
    findings = models.TextField(_("findings"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=24, choices=SpotCheckOutcome.choices, blank=True
    )
    letter_on = models.DateField(_("letter date"), null=True, blank=True)
    cap_due_on = models.DateField(_("corrective actions due"), null=True, blank=True)
    cap_actions = models.TextField(_("corrective actions"), blank=True)
    cap_implemented_on = models.DateField(
        _("corrective actions implemented on"), null=True, blank=True
    )
    validation_scope = models.TextField(_("validation scope"), blank=True)
    validation_notes = models.TextField(_("validation notes"), blank=True)
    validated_on = models.DateField(_("validated on"), null=True, blank=True)
    fee_amount = models.DecimalField(_("validation fee"), null=True, blank=True, **MONEY)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=ReferralDecision.choices, blank=True
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-check_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SpotCheckStatus.values), name="spot_check_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=SpotCheckStatus.OPEN) | Q(letter_on__isnull=False),
                name="spot_check_letter_dated",
            ),
            models.CheckConstraint(
                condition=Q(cap_due_on__isnull=True) | Q(cap_due_on__gt=F("letter_on")),
                name="spot_check_cap_due_after_letter",
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__isnull=True) | Q(fee_amount__gte=0),
                name="spot_check_fee_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status=SpotCheckStatus.DECIDED) | ~Q(decision_reason=""),
                name="spot_check_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"SC-{self.pk}"


class EquivalencyRequest(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="equivalency_requests"
    )
    # The Ontario WSIB account the COR would be issued to; none → reciprocity only [001 §6.1].
    wsib_account = models.ForeignKey(
        WsibAccount,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equivalency_requests",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EquivalencyKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EquivalencyStatus.choices,
        default=EquivalencyStatus.DRAFT,
    )
    # The employer's statement: representative Ontario work is in the ISO audit's scope.
    ontario_work_in_scope = models.BooleanField(_("Ontario work in the audit scope"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    review_due_on = models.DateField(_("review due"), null=True, blank=True)
    fee_amount = models.DecimalField(_("review fee"), null=True, blank=True, **MONEY)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_summary = models.TextField(_("review summary"), blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EquivalencyStatus.values), name="equivalency_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EquivalencyKind.values), name="equivalency_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__isnull=True) | Q(fee_amount__gte=0),
                name="equivalency_fee_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status=EquivalencyStatus.DRAFT) | Q(submitted_on__isnull=False),
                name="equivalency_submitted_dated",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[EquivalencyStatus.DRAFT, EquivalencyStatus.SUBMITTED])
                | Q(decided_on__isnull=False, fee_amount__isnull=False, fee_paid_on__isnull=False),
                name="equivalency_decided_has_fee",
            ),
        ]

    def __str__(self) -> str:
        return f"EQ-{self.pk}"


def _document_path(instance: "EquivalencyDocument", filename: str) -> str:
    return f"equivalency/{instance.request_id}/{filename}"


class EquivalencyDocument(models.Model):
    request = models.ForeignKey(
        EquivalencyRequest, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=40, choices=DocumentKind.choices)
    file = models.FileField(upload_to=_document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "kind", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="equivalency_document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"


class EquivalencyCertificate(models.Model):
    """A COR issued on an approved equivalency request: valid one year (D11)."""

    request = models.OneToOneField(
        EquivalencyRequest, on_delete=models.PROTECT, related_name="certificate"
    )
    wsib_account = models.ForeignKey(
        WsibAccount, on_delete=models.PROTECT, related_name="equivalency_certificates"
    )
    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EquivalencyCertificateStatus.choices,
        default=EquivalencyCertificateStatus.ACTIVE,
    )
    issued_on = models.DateField(_("issued on"))
    expiry_date = models.DateField(_("expiry date"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__gt=F("issued_on")),
                name="equivalency_certificate_expiry_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EquivalencyCertificateStatus.values),
                name="equivalency_certificate_status_valid",
            ),
            models.UniqueConstraint(
                fields=["wsib_account"],
                condition=Q(status=EquivalencyCertificateStatus.ACTIVE),
                name="equivalency_certificate_one_active",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ReciprocityRequest(models.Model):
    """Out-of-province COR reciprocity for bidding only [001 §5]; also what an ISO 45001 request
    without an Ontario WSIB account or Ontario scope becomes (`source`)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="reciprocity_requests"
    )
    wsib_account = models.ForeignKey(
        WsibAccount,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reciprocity_requests",
    )
    home_province = models.CharField(_("home province or territory"), max_length=2)
    cfcsa_member = models.CharField(_("CFCSA member organization"), max_length=200)
    letter = models.FileField(upload_to="reciprocity/%Y/", max_length=300, blank=True)
    letter_name = models.CharField(max_length=255, blank=True)
    source = models.OneToOneField(
        EquivalencyRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reciprocity",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReciprocityStatus.choices,
        default=ReciprocityStatus.SUBMITTED,
    )
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReciprocityStatus.values), name="reciprocity_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReciprocityStatus.APPROVED) | Q(valid_until__isnull=False),
                name="reciprocity_approved_has_end",
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=False) | ~Q(letter=""),
                name="reciprocity_has_letter",
            ),
        ]

    def __str__(self) -> str:
        return f"RC-{self.pk}"


class EquivalencyCertificateCounter(models.Model):
    """The last equivalency certificate number handed out per year (row-locked)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
