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


class Program(models.TextChoices):
    """The certifying partner's rule set an audit-tool version belongs to [SPEC §6.3]. Only
    IHSA today; the programs issue adds the others (and may turn this key into a model)."""

    IHSA = "ihsa", _("IHSA (Ontario)")


class ToolStatus(models.TextChoices):
    """Whether a tool version is offered for new audits: an import is a draft until an
    administrator publishes it; publishing withdraws the program's previous version."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ToolAction(models.TextChoices):
    """History actions on audit-tool versions (to be folded into the audits history-action
    enum `AuditAction`, keeping these values)."""

    TOOL_IMPORTED = "tool_imported", _("Imported as a draft")
    TOOL_PUBLISHED = "tool_published", _("Published for new audits")
    TOOL_WITHDRAWN = "tool_withdrawn", _("Withdrawn from new audits")


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


class AuditStatus(models.TextChoices):
    """Where an internal audit is in its review [001 §2.4]."""

    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    RESUBMITTED = "resubmitted", _("Re-submitted")
    ACCEPTED = "accepted", _("Accepted at pre-assessment")
    UNDER_REVIEW = "under_review", _("Under desk review")
    CONFIRMED = "confirmed", _("Benchmarks confirmed")
    NOT_CONFIRMED = "not_confirmed", _("Benchmarks not confirmed")
    CYCLE_RESTARTED = "cycle_restarted", _("Cycle restarted")


# The employer may still edit item responses and evidence.
AUDIT_EDITABLE = (AuditStatus.IN_PROGRESS, AuditStatus.RETURNED)
# Waiting for the certifying body's pre-assessment.
AUDIT_AWAITING_PRE_ASSESSMENT = (AuditStatus.SUBMITTED, AuditStatus.RESUBMITTED)
# Not finished: at most one such initial internal audit per WSIB account.
AUDIT_OPEN = (
    AuditStatus.IN_PROGRESS,
    AuditStatus.SUBMITTED,
    AuditStatus.RETURNED,
    AuditStatus.RESUBMITTED,
    AuditStatus.ACCEPTED,
    AuditStatus.UNDER_REVIEW,
)
AUDIT_REVIEWED = (AuditStatus.CONFIRMED, AuditStatus.NOT_CONFIRMED, AuditStatus.CYCLE_RESTARTED)


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


CAP_EDITABLE = (CapStatus.DRAFT, CapStatus.RETURNED)


class CapItemSource(models.TextChoices):
    FAILED_BENCHMARK = "failed_benchmark", _("Failed benchmark")
    FINDING = "finding", _("Reviewer finding")
