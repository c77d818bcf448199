"""Kinds used by the audit tool. No imports of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TechniqueKind(models.TextChoices):
    """How an auditor verifies an item [DOMAIN-NOTES: IHSA COR 2020 audit tool]."""

    DOCUMENTATION = "documentation", _("Documentation")
    INTERVIEW = "interview", _("Interview")
    OBSERVATION = "observation", _("Observation")


class InterviewGroup(models.TextChoices):
    """The groups an item names for interviews."""

    MANAGEMENT = "management", _("Management")
    SUPERVISORS = "supervisors", _("Supervisors")
    WORKERS = "workers", _("Workers")


class ToolStatus(models.TextChoices):
    """Whether a tool version is offered for new audits: an import is a draft until an
    administrator publishes it; publishing withdraws the program's previous version."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FailureKind(models.TextChoices):
    """Which scoring benchmark was missed [001 §2.3]."""

    OVERALL = "overall", _("Overall score below the benchmark")
    ELEMENT = "element", _("Element score below the benchmark")
    LEGISLATED_ITEM = "legislated_item", _("Legislated item without full points")
    NOTHING_SCORED = "nothing_scored", _("No applicable items")


class AuditKind(models.TextChoices):
    """What an audit is for [SPEC §2 "Audit"]. This issue runs the initial internal audit;
    later issues use the other kinds."""

    INITIAL_INTERNAL = "initial_internal", _("Initial internal audit")
    INTERNAL_MAINTENANCE = "internal_maintenance", _("Internal maintenance audit")
    RECERTIFICATION_INTERNAL = "recertification_internal", _("Recertification internal audit")
    EXTERNAL = "external", _("External audit")
    RE_AUDIT = "re_audit", _("Re-audit")
    SAP_VERIFICATION = "sap_verification", _("SAP verification audit")


INTERNAL_AUDIT_KINDS = (
    AuditKind.INITIAL_INTERNAL,
    AuditKind.INTERNAL_MAINTENANCE,
    AuditKind.RECERTIFICATION_INTERNAL,
)

# The kinds whose lifecycle exists, so an audit of them can be started (bug c). The initial
# internal audit goes through the internal review (audits.models.InternalReview). The
# maintenance and recertification internal audits get their own lifecycle (the maintenance
# review) with their issue — they have other rules (no initial readiness check, one per
# year) — and the external kinds come with the external engagement and SAP verification.
# Maintenance audits (years 2, 3) run the same lifecycle with their own outcome [SPEC §4.2].
# The recertification internal audit is completed but not submitted for review: the external
# auditor validates it at the recertification external audit [001 §2.5].
LIFECYCLE_KINDS = (
    AuditKind.INITIAL_INTERNAL,
    AuditKind.INTERNAL_MAINTENANCE,
    AuditKind.RECERTIFICATION_INTERNAL,
)


class InternalReviewStatus(models.TextChoices):
    """Where an internal audit is in the certifying body's review [001 §2.4]."""

    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    RESUBMITTED = "resubmitted", _("Re-submitted")
    ACCEPTED = "accepted", _("Accepted at pre-assessment")
    UNDER_REVIEW = "under_review", _("Under desk review")
    CONFIRMED = "confirmed", _("Benchmarks confirmed")
    NOT_CONFIRMED = "not_confirmed", _("Benchmarks not confirmed")
    CYCLE_RESTARTED = "cycle_restarted", _("Cycle restarted")
    # The recertification internal audit only [001 §2.5]: signed off, not submitted for
    # review, handed to the external auditor at the recertification external audit.
    COMPLETED = "completed", _("Completed for the external auditor")


# The employer may still edit item responses and evidence.
INTERNAL_REVIEW_EDITABLE = (InternalReviewStatus.IN_PROGRESS, InternalReviewStatus.RETURNED)
# Waiting for the certifying body's pre-assessment.
INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT = (
    InternalReviewStatus.SUBMITTED,
    InternalReviewStatus.RESUBMITTED,
)
# Not finished: at most one such initial internal audit per WSIB account.
INTERNAL_REVIEW_OPEN = (
    InternalReviewStatus.IN_PROGRESS,
    InternalReviewStatus.SUBMITTED,
    InternalReviewStatus.RETURNED,
    InternalReviewStatus.RESUBMITTED,
    InternalReviewStatus.ACCEPTED,
    InternalReviewStatus.UNDER_REVIEW,
)
INTERNAL_REVIEW_REVIEWED = (
    InternalReviewStatus.CONFIRMED,
    InternalReviewStatus.NOT_CONFIRMED,
    InternalReviewStatus.CYCLE_RESTARTED,
)
# The certifying body's queue: from submission to the end of the desk review (the partial
# index internalreview_queue_due covers exactly these).
INTERNAL_REVIEW_QUEUE = (
    InternalReviewStatus.SUBMITTED,
    InternalReviewStatus.RESUBMITTED,
    InternalReviewStatus.ACCEPTED,
    InternalReviewStatus.UNDER_REVIEW,
)


class PreAssessmentOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")


class ReviewOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Benchmarks confirmed")
    NOT_CONFIRMED = "not_confirmed", _("Benchmarks not confirmed")


class CapPurpose(models.TextChoices):
    CONTINUAL_IMPROVEMENT = "continual_improvement", _("Continual improvement")
    DEFICIENCIES = "deficiencies", _("Correct deficiencies")


class CapStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")
    # The cycle restarted (D2 missed) before the plan was approved: nobody acts on it.
    CLOSED = "closed", _("Closed: the COR process restarted")


CAP_EDITABLE = (CapStatus.DRAFT, CapStatus.RETURNED)
# Not approved yet: a cycle restart closes these.
CAP_UNFINISHED = (CapStatus.DRAFT, CapStatus.RETURNED, CapStatus.SUBMITTED)


class CapItemSource(models.TextChoices):
    FAILED_BENCHMARK = "failed_benchmark", _("Failed benchmark")
    FINDING = "finding", _("Reviewer finding")


EXTERNAL_AUDIT_KINDS = (AuditKind.EXTERNAL, AuditKind.RE_AUDIT)


class AuditorStatus(models.TextChoices):
    """An external auditor's place on the certifying body's approved list [001 §3.4]."""

    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    SUSPENDED = "suspended", _("Suspended")
    REMOVED = "removed", _("Removed from the list")


class ConflictKind(models.TextChoices):
    """A relationship that keeps an auditor from auditing an organization [001 §3.4]."""

    CONSULTING = "consulting", _("Consulting services to the organization")
    OTHER = "other", _("Other conflict of interest")


class EngagementStatus(models.TextChoices):
    """Where an external audit engagement is [001 §2.4 "External Audit"]."""

    CHOSEN = "chosen", _("Auditor chosen, awaiting acceptance")
    DECLINED = "declined", _("Declined by the auditor")
    ACCEPTED = "accepted", _("Accepted: audit plan")
    AUDIT_IN_PROGRESS = "audit_in_progress", _("External audit in progress")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted for approval")
    REPORT_RETURNED = "report_returned", _("Report returned to the auditor")
    PASSED = "passed", _("Passed: certificate issued")
    FAILED = "failed", _("Failed: re-audit required")
    CYCLE_RESTARTED = "cycle_restarted", _("Cycle restarted (re-audit not done in time)")
    # A re-audit still open when D4 was missed: it ends undecided with the cycle.
    CANCELLED = "cancelled", _("Cancelled: the cycle restarted (D4 missed)")


# Not finished: at most one per WSIB account (database constraint).
ENGAGEMENT_OPEN = (
    EngagementStatus.CHOSEN,
    EngagementStatus.ACCEPTED,
    EngagementStatus.AUDIT_IN_PROGRESS,
    EngagementStatus.REPORT_SUBMITTED,
    EngagementStatus.REPORT_RETURNED,
)
# The auditor accepted: they see the account, its audits, evidence and plans.
ENGAGEMENT_ACCEPTED = (
    EngagementStatus.ACCEPTED,
    EngagementStatus.AUDIT_IN_PROGRESS,
    EngagementStatus.REPORT_SUBMITTED,
    EngagementStatus.REPORT_RETURNED,
    EngagementStatus.PASSED,
    EngagementStatus.FAILED,
    EngagementStatus.CYCLE_RESTARTED,
)
# The report was approved: the engagement is an account's "previous external audit".
ENGAGEMENT_DECIDED = (
    EngagementStatus.PASSED,
    EngagementStatus.FAILED,
    EngagementStatus.CYCLE_RESTARTED,
)
# The auditor records scores, findings and evidence.
ENGAGEMENT_EDITABLE = (EngagementStatus.AUDIT_IN_PROGRESS, EngagementStatus.REPORT_RETURNED)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned to the auditor")


PLAN_EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class MeetingKind(models.TextChoices):
    PRE_AUDIT = "pre_audit", _("Pre-audit meeting")
    POST_AUDIT = "post_audit", _("Post-audit meeting")


class SignerRole(models.TextChoices):
    SMR = "smr", _("Senior Management Representative")
    INTERNAL_AUDITOR = "internal_auditor", _("Internal auditor")
    EXTERNAL_AUDITOR = "external_auditor", _("External auditor")


class FindingKind(models.TextChoices):
    FINDING = "finding", _("Finding")
    STRENGTH = "strength", _("Strength")


class AuditAction(models.TextChoices):
    """Every history action the audits app records (registered in AuditsConfig.ready(), so
    history pages show the label). Stored values are today's codes where they were already
    clear; the CAP's carry a `cap_` prefix, and the pre-assessment and review outcome are
    one action each (the workflow tables need one action per move)."""

    # The audit (the scored instrument)
    STARTED = "started", _("Audit started")
    RESPONSE_SAVED = "response_saved", _("Item answered")
    EVIDENCE_ATTACHED = "evidence_attached", _("Evidence attached")
    EVIDENCE_REMOVED = "evidence_removed", _("Evidence removed")
    REVIEW_ITEM_SCORED = "review_item_scored", _("Item scored by the reviewer")
    READY_FOR_SIGN_OFF = "ready_for_sign_off", _("SMR told the audit is ready for sign-off")
    # The recertification internal audit [001 §2.5]
    RECERTIFICATION_AUDIT_COMPLETED = (
        "recertification_audit_completed",
        _("Signed off for the recertification external audit"),
    )
    INTERNAL_AUDIT_VALIDATED = (
        "internal_audit_validated",
        _("Recertification internal audit validated by the external auditor"),
    )
    # Its internal review (audits.workflows.INTERNAL_REVIEW_FLOW)
    SUBMITTED = "submitted", _("Signed off and submitted")
    RESUBMITTED = "resubmitted", _("Re-submitted")
    PRE_ASSESSMENT_ACCEPTED = "pre_assessment_accepted", _("Accepted at pre-assessment")
    PRE_ASSESSMENT_RETURNED = "pre_assessment_returned", _("Returned at pre-assessment")
    REVIEWER_ASSIGNED = "reviewer_assigned", _("Reviewer assigned")
    REVIEW_CONFIRMED = "review_confirmed", _("Desk review: benchmarks confirmed")
    REVIEW_NOT_CONFIRMED = "review_not_confirmed", _("Desk review: benchmarks not confirmed")
    CYCLE_RESTARTED = "cycle_restarted", _("COR process restarted (D2 missed)")
    # The corrective action plan (audits.workflows.CAP_FLOW)
    CAP_GENERATED = "cap_generated", _("Corrective action plan generated")
    CAP_ITEM_ADDED = "cap_item_added", _("Action added")
    CAP_ITEM_UPDATED = "cap_item_updated", _("Action updated")
    CAP_SUBMITTED = "cap_submitted", _("Plan submitted")
    CAP_APPROVED = "cap_approved", _("Plan approved")
    CAP_RETURNED = "cap_returned", _("Plan returned for changes")
    CAP_CLOSED = "cap_closed", _("Plan closed: the COR process restarted")
    # The external auditor roster (audits.workflows.AUDITOR_FLOW)
    AUDITOR_LISTED = "auditor_listed", _("Added to the auditor roster")
    AUDITOR_APPROVED = "auditor_approved", _("Auditor approved")
    AUDITOR_SUSPENDED = "auditor_suspended", _("Auditor suspended")
    AUDITOR_REMOVED = "auditor_removed", _("Auditor removed from the list")
    CONFLICT_DECLARED = "conflict_declared", _("Conflict of interest declared")
    # The external engagement (audits.workflows.ENGAGEMENT_FLOW)
    AUDITOR_CHOSEN = "auditor_chosen", _("External auditor chosen")
    ENGAGEMENT_ACCEPTED = "engagement_accepted", _("Engagement accepted by the auditor")
    ENGAGEMENT_DECLINED = "engagement_declined", _("Engagement declined by the auditor")
    EXTERNAL_AUDIT_STARTED = "external_audit_started", _("External audit started")
    REPORT_SUBMITTED = "report_submitted", _("External audit report submitted")
    REPORT_RESUBMITTED = "report_resubmitted", _("External audit report re-submitted")
    REPORT_RETURNED = "report_returned", _("External audit report returned")
    REPORT_PASSED = "report_passed", _("Report approved: passed")
    REPORT_FAILED = "report_failed", _("Report approved: re-audit required")
    REAUDIT_LAPSED = "reaudit_lapsed", _("Re-audit not done in time: cycle restarted (D4)")
    # An upheld appeal (appeals app) overturns the decision through these moves.
    REPORT_OVERTURNED = "report_overturned", _("Failed report overturned on appeal: passed")
    REVIEW_OVERTURNED = "review_overturned", _("Review overturned on appeal: confirmed")
    REAUDIT_CANCELLED = "reaudit_cancelled", _("Open re-audit cancelled: cycle restarted (D4)")
    FINDING_ADDED = "finding_added", _("Finding recorded")
    CAP_COMMENTED = "cap_commented", _("External auditor commented on the plan")
    MEETING_SIGNED = "meeting_signed", _("Meeting form signed")
    # The audit plan (audits.workflows.PLAN_FLOW)
    PLAN_SAVED = "plan_saved", _("Audit plan saved")
    PLAN_SUBMITTED = "plan_submitted", _("Audit plan submitted")
    PLAN_APPROVED = "plan_approved", _("Audit plan approved")
    PLAN_RETURNED = "plan_returned", _("Audit plan returned")
    # Desktop QA (oversight.services.qa clears through audits.services.qa_gate)
    QA_CLEARED = "qa_cleared", _("Cleared by desktop QA for release")
    QA_CLEARANCE_WITHDRAWN = "qa_clearance_withdrawn", _("QA clearance withdrawn: re-scored")
    # The audit tool (lane A2's tool import and publishing use these)
    TOOL_IMPORTED = "tool_imported", _("Imported as a draft")
    TOOL_PUBLISHED = "tool_published", _("Published for new audits")
    TOOL_WITHDRAWN = "tool_withdrawn", _("Withdrawn from new audits")
