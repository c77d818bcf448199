"""Audits of one WSIB account, their item responses and evidence, the certifying body's
pre-assessment and desk review, and corrective action plans [SPEC §2, §4.1; 001 §2.4].

Invariants the database can carry are constraints here; the rest (an item belongs to the
audit's tool version, the internal auditor belongs to the organization, who may do what) are
checked by the services in audits/services/.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audits.enums import (
    INTERNAL_REVIEW_OPEN,
    INTERNAL_REVIEW_QUEUE,
    AuditKind,
    CapItemSource,
    CapPurpose,
    CapStatus,
    InternalReviewStatus,
    PreAssessmentOutcome,
    ReviewOutcome,
)

from .tool import AuditTool, Element, Item

User = settings.AUTH_USER_MODEL
REVIEWED = [
    InternalReviewStatus.CONFIRMED,
    InternalReviewStatus.NOT_CONFIRMED,
    InternalReviewStatus.CYCLE_RESTARTED,
]
AFTER_ACCEPTANCE = [InternalReviewStatus.UNDER_REVIEW, *REVIEWED]


class Audit(models.Model):
    """The scored instrument: one employer's answers to one tool version, its evidence, the
    SMR's sign-off and the score. Where it is in a review lives in the lifecycle of its kind
    (LIFECYCLE_KINDS): the internal review (`audit.internal_review`) now; the external
    engagement, maintenance review, spot check and SAP verification with their issues."""

    kind = models.CharField(_("kind"), max_length=32, choices=AuditKind.choices)
    wsib_account = models.ForeignKey(
        "certification.WsibAccount",
        on_delete=models.PROTECT,
        related_name="audits",
        verbose_name=_("WSIB account"),
    )
    # PROTECT: an audit keeps the tool version it was scored on.
    tool = models.ForeignKey(
        AuditTool, on_delete=models.PROTECT, related_name="audits", verbose_name=_("audit tool")
    )
    internal_auditor = models.ForeignKey(
        "certification.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="internal_audits",
        verbose_name=_("internal auditor"),
    )
    prepared_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    signed_off_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # /api/v1/audits/ lists newest first (README "Indexes").
            models.Index(F("created_at").desc(), F("id").desc(), name="audit_created_desc"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AuditKind.values), name="audit_kind_valid"),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True, signed_off_at__isnull=True)
                | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="audit_sign_off_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class InternalReview(models.Model):
    """The certifying body's review of an internal audit [001 §2.4]: submitted (and
    re-submitted after a return), pre-assessed, desk reviewed by one reviewer, confirmed or
    not confirmed — and, when the 6 months after a "not confirmed" report pass (D2), the
    cycle restarts. One per internal audit; `wsib_account` and `kind` repeat the audit's so
    the database can hold "one open initial internal audit per account"."""

    audit = models.OneToOneField(
        Audit, on_delete=models.CASCADE, related_name="internal_review", verbose_name=_("audit")
    )
    wsib_account = models.ForeignKey(
        "certification.WsibAccount",
        on_delete=models.PROTECT,
        related_name="internal_reviews",
        verbose_name=_("WSIB account"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=AuditKind.choices)
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=InternalReviewStatus.choices,
        default=InternalReviewStatus.IN_PROGRESS,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    submission_count = models.PositiveSmallIntegerField(_("submissions"), default=0)
    reviewer = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="internal_reviews",
        verbose_name=_("reviewer"),
    )
    report_issued_on = models.DateField(_("review report issued on"), null=True, blank=True)
    correction_due_on = models.DateField(
        _("correct and complete the external audit by"), null=True, blank=True
    )
    # The D1 due date of the current desk-review round, stored so the queue sorts on an
    # index instead of a subquery per row. Kept by the services that open (submit), meet
    # (review completed in time) and cancel (returned at pre-assessment) D1; a missed D1
    # keeps its date (the review is overdue, not undated). Mirrors the Deadline row.
    review_due_on = models.DateField(_("desk review due on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("internal review")
        indexes = [
            models.Index(fields=["status", "received_on"], name="internalreview_status_recv"),
            # The reviewer queue and reviewer home, in their order (due date, receipt, audit),
            # over the queue states only (README "Indexes").
            models.Index(
                fields=["review_due_on", "received_on", "audit"],
                condition=Q(status__in=INTERNAL_REVIEW_QUEUE),
                name="internalreview_queue_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InternalReviewStatus.values),
                name="internalreview_status_valid",
            ),
            # One initial internal audit in flight per WSIB account.
            models.UniqueConstraint(
                fields=["wsib_account"],
                condition=Q(kind=AuditKind.INITIAL_INTERNAL, status__in=INTERNAL_REVIEW_OPEN),
                name="internalreview_one_open_initial_per_account",
                violation_error_message=_(
                    "This WSIB account already has an initial internal audit in progress."
                ),
            ),
            # Anything past "in progress" was submitted and received (the sign-off is the
            # audit's; audit_submit writes both in one transaction).
            # The recertification internal audit is completed, never submitted [001 §2.5].
            models.CheckConstraint(
                condition=~Q(status=InternalReviewStatus.COMPLETED)
                | Q(kind=AuditKind.RECERTIFICATION_INTERNAL, submitted_at__isnull=True),
                name="internalreview_completed_is_recertification",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[InternalReviewStatus.IN_PROGRESS, InternalReviewStatus.COMPLETED]
                )
                | Q(
                    submitted_at__isnull=False,
                    received_on__isnull=False,
                    submission_count__gte=1,
                ),
                name="internalreview_submitted_has_receipt",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=AFTER_ACCEPTANCE) | Q(reviewer__isnull=False),
                name="internalreview_under_review_has_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=REVIEWED) | Q(report_issued_on__isnull=False),
                name="internalreview_reviewed_has_report_date",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        InternalReviewStatus.NOT_CONFIRMED,
                        InternalReviewStatus.CYCLE_RESTARTED,
                    ]
                )
                | Q(correction_due_on__isnull=False),
                name="internalreview_not_confirmed_has_correction_date",
            ),
            models.CheckConstraint(
                condition=Q(correction_due_on__isnull=True)
                | Q(correction_due_on__gt=F("report_issued_on")),
                name="internalreview_correction_after_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Internal review')} #{self.pk} ({self.audit})"


class ItemResponse(models.Model):
    """The employer's answer to one item: points earned, or not applicable with a note."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="responses")
    # The reverse name lets a page read items with this audit's answers in one query
    # (audits.selectors.audit_answers joins them with a FilteredRelation).
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="audit_responses")
    points_earned = models.PositiveSmallIntegerField(_("points earned"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["audit", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "item"], name="itemresponse_one_per_item"),
            models.CheckConstraint(
                condition=Q(points_earned__isnull=True) | Q(points_earned__gte=0),
                name="itemresponse_points_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(points_earned__isnull=True),
                name="itemresponse_na_has_no_points",
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | ~Q(note=""),
                name="itemresponse_na_needs_note",
            ),
        ]


def evidence_key(instance, filename: str) -> str:
    # Non-guessable; the original name is kept in the row, never in the path.
    return f"evidence/{secrets.token_urlsafe(24)}"


class Evidence(models.Model):
    """A supporting document of an audit (optionally of one item). `document_date` is when
    the document was created: evidence must be from the 12 months before submission."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=evidence_key, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type (by content)"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    document_date = models.DateField(_("document date"))
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audit", "item_id", "uploaded_at", "id"]
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="evidence_sha256_hex"
            ),
            models.CheckConstraint(condition=~Q(original_name=""), name="evidence_name_present"),
            models.UniqueConstraint(fields=["file"], name="evidence_file_unique"),
        ]

    def __str__(self) -> str:
        return self.original_name


class PreAssessment(models.Model):
    """The certifying body's administrative check of a (re-)submission [001 §2.4]: a step
    of the internal review."""

    internal_review = models.ForeignKey(
        InternalReview, on_delete=models.CASCADE, related_name="pre_assessments"
    )
    submission = models.PositiveSmallIntegerField(_("submission number"))
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=PreAssessmentOutcome.choices)
    complete = models.BooleanField(_("submission complete"))
    declared_score_meets_benchmarks = models.BooleanField(_("declared score meets the benchmarks"))
    reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        ordering = ["internal_review", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["internal_review", "submission"], name="preassessment_one_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(
                    outcome=PreAssessmentOutcome.ACCEPTED,
                    complete=True,
                    declared_score_meets_benchmarks=True,
                )
                | (
                    Q(outcome=PreAssessmentOutcome.RETURNED)
                    & (Q(complete=False) | Q(declared_score_meets_benchmarks=False))
                ),
                name="preassessment_outcome_follows_checks",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=PreAssessmentOutcome.RETURNED) | ~Q(reasons=""),
                name="preassessment_returned_has_reasons",
            ),
        ]


class Review(models.Model):
    """One desk review round by one reviewer. Reassigning the reviewer before completion
    keeps the round (its item scores) and changes the reviewer. It stays on the Audit: its
    item scores re-score the instrument's items, and the maintenance review will desk-review
    its audits in rounds the same way."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("round"))
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=ReviewOutcome.choices, blank=True)
    findings_summary = models.TextField(_("summary"), blank=True)
    # Desktop QA cleared this round for release [004 mandate 5]: review_complete refuses
    # before it (audits.services.qa_gate). A re-score after clearance withdraws it.
    qa_cleared_at = models.DateTimeField(_("cleared by QA"), null=True, blank=True)

    class Meta:
        ordering = ["audit", "round"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "round"], name="review_round_unique"),
            models.UniqueConstraint(
                fields=["audit"],
                condition=Q(completed_at__isnull=True),
                name="review_one_open_per_audit",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True, outcome="")
                | Q(completed_at__isnull=False, outcome__in=ReviewOutcome.values),
                name="review_outcome_when_completed",
            ),
            # Nothing is released before QA: a completed round was cleared first.
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(qa_cleared_at__isnull=False),
                name="review_completed_after_qa",
            ),
        ]


class ReviewItemScore(models.Model):
    """The reviewer's own score of one item (items not re-scored keep the employer's)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="item_scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    points_earned = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="reviewitemscore_one_per_item"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(points_earned__isnull=True),
                name="reviewitemscore_na_has_no_points",
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=True) | Q(points_earned__isnull=False),
                name="reviewitemscore_scored_or_na",
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | ~Q(note=""),
                name="reviewitemscore_na_needs_note",
            ),
        ]


class ReviewFinding(models.Model):
    """A concern, error or omission for the written report, about an element or item."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    element = models.ForeignKey(
        Element, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("finding"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["review", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="reviewfinding_text_present"),
        ]


class CorrectiveActionPlan(models.Model):
    """The employer's CAP after the desk review: for continual improvement (confirmed) or to
    correct the deficiencies (not confirmed), reviewed and approved by the certifying body.
    It stays on the Audit: it corrects the instrument's failed benchmarks, whichever
    lifecycle (internal review now, the external engagement later) found them."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="cap")
    purpose = models.CharField(max_length=32, choices=CapPurpose.choices)
    status = models.CharField(max_length=16, choices=CapStatus.choices, default=CapStatus.DRAFT)
    return_reason = models.TextField(_("reason returned"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("corrective action plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=CapPurpose.values), name="cap_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CapStatus.values), name="cap_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CapStatus.RETURNED) | ~Q(return_reason=""),
                name="cap_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[CapStatus.SUBMITTED, CapStatus.APPROVED])
                | Q(submitted_at__isnull=False),
                name="cap_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[CapStatus.APPROVED, CapStatus.RETURNED])
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="cap_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"CAP for {self.audit}"


class CapItem(models.Model):
    plan = models.ForeignKey(CorrectiveActionPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=32, choices=CapItemSource.choices)
    element = models.ForeignKey(
        Element, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    failure_kind = models.CharField(max_length=32, blank=True)
    # A failed benchmark's facts (scoring.Failure.facts): its sentence is written again in
    # the reader's language; `description` keeps the text as first written (history, search).
    failure_facts = models.JSONField(null=True, blank=True, editable=False)
    description = models.TextField(_("deficiency"))
    action = models.TextField(_("corrective action"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    implementation_date = models.DateField(_("implemented on"), null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finding = models.ForeignKey(
        ReviewFinding, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="capitem_order_unique"),
            models.CheckConstraint(
                condition=Q(source__in=CapItemSource.values), name="capitem_source_valid"
            ),
            models.CheckConstraint(condition=~Q(description=""), name="capitem_description"),
            models.CheckConstraint(
                condition=Q(failure_facts__isnull=True) | Q(source=CapItemSource.FAILED_BENCHMARK),
                name="capitem_facts_only_for_failed_benchmarks",
            ),
        ]

    @property
    def deficiency(self) -> str:
        """The deficiency in the active language: a failed benchmark's sentence is rebuilt
        from its facts; a reviewer's finding or an added action stays as its author wrote it."""
        if self.failure_facts:
            from audits.scoring import Failure

            return Failure.from_facts(self.failure_facts).describe()
        return self.description
