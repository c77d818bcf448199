"""Kinds and states of the action-plan engine [SPEC §6]. No imports of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    """The action-plan kinds a program offers (certification.Program.action_plan_kinds holds
    these codes). Each kind's rules are one `sose.kinds.KindConfig`."""

    SOSE_SAP = "sose_sap", _("SOSE Action Plan")
    ACSA_MAINTENANCE = "acsa_maintenance", _("Maintenance action plan")


class PlanStatus(models.TextChoices):
    """Where an action plan is. One engine, one table of moves (sose.workflows.PLAN_FLOW);
    a kind uses the moves its configuration allows (the SOSE plan has a verification plan, the
    maintenance plan a final submission that may be returned for amendments)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned for amendments")
    APPROVED = "approved", _("Approved: in progress")
    VERIFICATION_PLANNED = "verification_planned", _("Verification audit planned")
    FINAL_SUBMITTED = "final_submitted", _("Final submission received")
    FINAL_RETURNED = "final_returned", _("Final submission returned for amendments")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Below the pass mark")
    LAPSED = "lapsed", _("Lapsed: deadline missed")


# The employer edits objectives and milestones.
PLAN_EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)
# The employer records progress, evidence, deliverables and self-scores.
PLAN_IN_PROGRESS = (
    PlanStatus.APPROVED,
    PlanStatus.VERIFICATION_PLANNED,
    PlanStatus.FINAL_RETURNED,
)
PLAN_SCORED = (PlanStatus.PASSED, PlanStatus.NOT_PASSED)
# Not finished: at most one such plan per account and kind (database constraint).
PLAN_OPEN = (
    PlanStatus.DRAFT,
    PlanStatus.SUBMITTED,
    PlanStatus.RETURNED,
    PlanStatus.APPROVED,
    PlanStatus.VERIFICATION_PLANNED,
    PlanStatus.FINAL_SUBMITTED,
    PlanStatus.FINAL_RETURNED,
)


class Approver(models.TextChoices):
    """Who approves a kind's proposal and who assigns its score of record."""

    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    QA_REVIEWER = "qa_reviewer", _("Quality assurance reviewer")
    ASSOCIATE_AUDITOR = "associate_auditor", _("Associate (external) auditor")


class PlanAction(models.TextChoices):
    """Every history action of the sose app (registered in SoseConfig.ready())."""

    CREATED = "plan_created", _("Action plan started")
    OBJECTIVE_ADDED = "objective_added", _("Objective added")
    OBJECTIVE_UPDATED = "objective_updated", _("Objective updated")
    OBJECTIVE_REMOVED = "objective_removed", _("Objective removed")
    MILESTONE_ADDED = "milestone_added", _("Milestone added")
    MILESTONE_UPDATED = "milestone_updated", _("Milestone updated")
    MILESTONE_REMOVED = "milestone_removed", _("Milestone removed")
    DELIVERABLE_ATTACHED = "deliverable_attached", _("Deliverable attached")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("Proposal submitted")
    PROPOSAL_RESUBMITTED = "proposal_resubmitted", _("Amended proposal submitted")
    APPROVED = "plan_approved", _("Action plan approved")
    RETURNED = "plan_returned", _("Returned for amendments")
    VERIFICATION_PLANNED = "verification_planned", _("Verification audit planned")
    SELF_SCORED = "self_scored", _("Self-score recorded")
    FINAL_SUBMITTED = "final_submitted", _("Final submission sent")
    FINAL_RESUBMITTED = "final_resubmitted", _("Amended final submission sent")
    FINAL_RETURNED = "final_returned", _("Final submission returned for amendments")
    SCORED_PASSED = "scored_passed", _("Scored: pass mark met")
    SCORED_NOT_PASSED = "scored_not_passed", _("Scored: below the pass mark")
    LAPSED = "plan_lapsed", _("Deadline missed: the plan lapsed")
    PACKAGE_BUILT = "package_built", _("Ministry package built")
