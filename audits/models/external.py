"""The external audit [001 §2.4 "External Audit", §3.4]: the roster of approved external
auditors and their auditing companies, declared conflicts, the engagement (an account's
external audit or re-audit, by one auditor), its audit plan, the pre- and post-audit meeting
forms and the report's findings. The scored instrument stays the `Audit` (kind external or
re-audit, `engagement.audit`): same tool version, responses, evidence and scoring.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from audits.enums import (
    ENGAGEMENT_DECIDED,
    ENGAGEMENT_OPEN,
    AuditKind,
    AuditorStatus,
    ConflictKind,
    EngagementStatus,
    FindingKind,
    MeetingKind,
    PlanStatus,
    SignerRole,
)

from .audit import Audit
from .tool import Element, Item

User = settings.AUTH_USER_MODEL


class AuditingCompany(models.Model):
    """A company external auditors work for: the "same company" rule compares these."""

    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("auditing company")
        verbose_name_plural = _("auditing companies")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="auditingcompany_name_unique_ci"),
            models.CheckConstraint(condition=~Q(name=""), name="auditingcompany_name_present"),
        ]

    def __str__(self) -> str:
        return self.name


class ExternalAuditor(models.Model):
    """A person on the certifying body's list (a user with the external-auditor role), with
    their company and their approval status (history keeps each change, its date and
    reason)."""

    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="auditor_profile", verbose_name=_("user")
    )
    company = models.ForeignKey(
        AuditingCompany,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="auditors",
        verbose_name=_("auditing company"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AuditorStatus.choices, default=AuditorStatus.PENDING
    )
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]
        verbose_name = _("external auditor")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AuditorStatus.values), name="externalauditor_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=AuditorStatus.PENDING) | Q(status_changed_on__isnull=False),
                name="externalauditor_status_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[AuditorStatus.SUSPENDED, AuditorStatus.REMOVED])
                | ~Q(status_reason=""),
                name="externalauditor_suspension_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class AuditorConflict(models.Model):
    """A declared relationship between an auditor and an organization (consulting services
    or another conflict of interest): the auditor cannot be chosen for that organization."""

    auditor = models.ForeignKey(ExternalAuditor, on_delete=models.CASCADE, related_name="conflicts")
    organization = models.ForeignKey(
        "certification.Organization", on_delete=models.PROTECT, related_name="auditor_conflicts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ConflictKind.choices)
    description = models.TextField(_("description"), blank=True)
    declared_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["auditor", "organization", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["auditor", "organization", "kind"], name="auditorconflict_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ConflictKind.values), name="auditorconflict_kind_valid"
            ),
        ]


class ExternalEngagement(models.Model):
    """One external audit (or re-audit) of one WSIB account by one auditor: chosen by the
    SMR, accepted or declined by the auditor, planned, performed on `audit`, reported and
    decided by the certifying body. `company` and the previous external audit's auditor
    and company are copied when the auditor is chosen, so the database itself refuses the
    same auditor or company twice in a row."""

    wsib_account = models.ForeignKey(
        "certification.WsibAccount",
        on_delete=models.PROTECT,
        related_name="external_engagements",
        verbose_name=_("WSIB account"),
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=AuditKind.choices, default=AuditKind.EXTERNAL
    )
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=EngagementStatus.choices,
        default=EngagementStatus.CHOSEN,
    )
    auditor = models.ForeignKey(
        ExternalAuditor, on_delete=models.PROTECT, related_name="engagements"
    )
    company = models.ForeignKey(
        AuditingCompany, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous_auditor = models.ForeignKey(
        ExternalAuditor, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous_company = models.ForeignKey(
        AuditingCompany, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The internal audit this external audit follows; the re-audit's failed engagement.
    internal_audit = models.ForeignKey(
        Audit, on_delete=models.PROTECT, related_name="external_engagements"
    )
    reaudit_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reaudits"
    )
    audit = models.OneToOneField(
        Audit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagement",
        verbose_name=_("external audit"),
    )
    chosen_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    no_conflict_declared = models.BooleanField(_("declared no conflict"), default=False)
    decline_reason = models.TextField(_("reason declined"), blank=True)
    report_submitted_at = models.DateTimeField(null=True, blank=True)
    report_summary = models.TextField(_("summary"), blank=True)
    # Desktop QA cleared the submitted report for release [004 mandate 5]: report_approve
    # refuses before it (audits.services.qa_gate); a (re-)submission clears it again.
    report_qa_cleared_at = models.DateTimeField(_("cleared by QA"), null=True, blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    report_decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The day the report was approved and sent: the employer received it (D4 counts from it).
    report_approved_on = models.DateField(_("report approved on"), null=True, blank=True)
    reaudit_due_on = models.DateField(_("re-audit due by"), null=True, blank=True)
    cap_comment = models.TextField(_("auditor's comment on the plan"), blank=True)
    # Recertification [001 §2.5]: the external auditor validated that the year-1 internal
    # audit (`internal_audit`, completed, not reviewed) was done.
    internal_audit_validated_at = models.DateTimeField(
        _("internal audit validated at"), null=True, blank=True
    )
    internal_audit_validated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-chosen_at", "-id"]
        verbose_name = _("external engagement")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EngagementStatus.values), name="engagement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[AuditKind.EXTERNAL, AuditKind.RE_AUDIT]),
                name="engagement_kind_external",
            ),
            models.UniqueConstraint(
                fields=["wsib_account"],
                condition=Q(status__in=ENGAGEMENT_OPEN),
                name="engagement_one_open_per_account",
                violation_error_message=_("This WSIB account already has an external audit open."),
            ),
            # Never the previous external audit's auditor or company [001 §3.2, §3.4].
            models.CheckConstraint(
                condition=Q(previous_auditor__isnull=True) | ~Q(auditor=F("previous_auditor")),
                name="engagement_not_previous_auditor",
            ),
            models.CheckConstraint(
                condition=Q(previous_company__isnull=True)
                | Q(company__isnull=True)
                | ~Q(company=F("previous_company")),
                name="engagement_not_previous_company",
            ),
            models.CheckConstraint(
                condition=Q(kind=AuditKind.EXTERNAL, reaudit_of__isnull=True)
                | Q(kind=AuditKind.RE_AUDIT, reaudit_of__isnull=False),
                name="engagement_reaudit_has_origin",
            ),
            models.CheckConstraint(
                condition=~Q(status=EngagementStatus.DECLINED) | ~Q(decline_reason=""),
                name="engagement_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[EngagementStatus.CHOSEN, EngagementStatus.DECLINED])
                | Q(no_conflict_declared=True),
                name="engagement_accepted_declares_no_conflict",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=ENGAGEMENT_DECIDED)
                | Q(report_approved_on__isnull=False, report_decided_by__isnull=False),
                name="engagement_decided_has_approval",
            ),
            # Nothing is released before QA: a decided report was cleared first.
            models.CheckConstraint(
                condition=~Q(status__in=ENGAGEMENT_DECIDED) | Q(report_qa_cleared_at__isnull=False),
                name="engagement_decided_after_qa",
            ),
            models.CheckConstraint(
                condition=~Q(status=EngagementStatus.FAILED) | Q(reaudit_due_on__isnull=False),
                name="engagement_failed_has_reaudit_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=EngagementStatus.REPORT_RETURNED) | ~Q(return_reason=""),
                name="engagement_returned_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.wsib_account} ({self.auditor})"

    @property
    def is_recertification(self) -> bool:
        """The external audit (or re-audit) of a recertification: it follows the completed
        recertification internal audit, not a reviewed one."""
        return self.internal_audit.kind == AuditKind.RECERTIFICATION_INTERNAL


class AuditPlan(models.Model):
    """The auditor's plan, approved by the certifying body before the audit starts."""

    engagement = models.OneToOneField(
        ExternalEngagement, on_delete=models.CASCADE, related_name="plan"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    scope = models.TextField(_("scope"), blank=True)
    sites = models.TextField(_("sites"), blank=True)
    starts_on = models.DateField(_("audit starts on"), null=True, blank=True)
    ends_on = models.DateField(_("audit ends on"), null=True, blank=True)
    audit_days = models.DecimalField(
        _("audit days"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    interviews_management = models.PositiveSmallIntegerField(_("management interviews"), default=0)
    interviews_supervisors = models.PositiveSmallIntegerField(_("supervisor interviews"), default=0)
    interviews_workers = models.PositiveSmallIntegerField(_("worker interviews"), default=0)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("audit plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="auditplan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="auditplan_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(audit_days__isnull=True) | Q(audit_days__gt=0),
                name="auditplan_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT)
                | Q(
                    submitted_on__isnull=False,
                    starts_on__isnull=False,
                    ends_on__isnull=False,
                    audit_days__isnull=False,
                )
                & ~Q(scope=""),
                name="auditplan_submitted_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.RETURNED) | ~Q(return_reason=""),
                name="auditplan_returned_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Audit plan')} #{self.pk}"


class MeetingSignature(models.Model):
    """One signature of a pre- or post-audit meeting form: the signer types their name in
    the portal; the form (a stored document) lists the three signatures."""

    engagement = models.ForeignKey(
        ExternalEngagement, on_delete=models.CASCADE, related_name="meeting_signatures"
    )
    meeting = models.CharField(_("meeting"), max_length=16, choices=MeetingKind.choices)
    role = models.CharField(_("signed as"), max_length=32, choices=SignerRole.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    typed_name = models.CharField(_("typed name"), max_length=200)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["engagement", "meeting", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "meeting", "role"], name="meetingsignature_once_per_role"
            ),
            models.CheckConstraint(condition=~Q(typed_name=""), name="meetingsignature_named"),
            models.CheckConstraint(
                condition=Q(meeting__in=MeetingKind.values) & Q(role__in=SignerRole.values),
                name="meetingsignature_valid",
            ),
        ]


class EngagementFinding(models.Model):
    """A finding or a strength of the external audit report, about an element or item."""

    engagement = models.ForeignKey(
        ExternalEngagement, on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FindingKind.choices)
    element = models.ForeignKey(
        Element, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["engagement", "kind", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="engagementfinding_text"),
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values), name="engagementfinding_kind_valid"
            ),
        ]
