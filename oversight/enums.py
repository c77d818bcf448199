"""States and kinds of the oversight area. No imports of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QaSubjectKind(models.TextChoices):
    """What a desktop QA review looks at before the result goes to the employer."""

    DESK_REVIEW = "desk_review", _("Desk review of an internal audit")
    EXTERNAL_REPORT = "external_report", _("External audit report")


class QaStatus(models.TextChoices):
    """A desktop QA review [004 mandate 5]: open until its outcome — released (the result may
    go to the employer), returned to the auditor with comments, or held for a verification
    audit (released or returned once the verification audit is done)."""

    OPEN = "open", _("Open")
    RELEASED = "released", _("Released")
    RETURNED = "returned", _("Returned to the auditor")
    VERIFICATION_AUDIT = "verification_audit", _("Verification audit required")


# Still to decide: the QA queue.
QA_UNDECIDED = (QaStatus.OPEN, QaStatus.VERIFICATION_AUDIT)


class QaCheckAnswer(models.TextChoices):
    """One checklist line's answer."""

    UNCHECKED = "unchecked", _("Not checked yet")
    NO_CONCERN = "no_concern", _("No concern")
    CONCERN = "concern", _("Concern found")


class EaqaStatus(models.TextChoices):
    """An external-auditor quality-assurance audit (EAQA) [004 mandate 5]."""

    SELECTED = "selected", _("Selected")
    COMPLETED = "completed", _("Completed with its report")
    CANCELLED = "cancelled", _("Cancelled")


class EvaluationRating(models.TextChoices):
    """The annual evaluation's overall rating [001 §4.3]."""

    MEETS = "meets", _("Meets expectations")
    NEEDS_IMPROVEMENT = "needs_improvement", _("Needs improvement")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


class OversightAction(models.TextChoices):
    """Every history action the oversight app records (registered in OversightConfig)."""

    # Desktop QA (oversight.workflows.QA_FLOW)
    QA_OPENED = "qa_opened", _("QA review opened")
    QA_CHECKED = "qa_checked", _("QA checklist answered")
    QA_RELEASED = "qa_released", _("QA: released")
    QA_RETURNED = "qa_returned", _("QA: returned to the auditor")
    QA_VERIFICATION = "qa_verification", _("QA: verification audit required")
    # External-auditor quality
    EVALUATION_RECORDED = "evaluation_recorded", _("Annual evaluation recorded")
    EAQA_SELECTED = "eaqa_selected", _("Selected for an EAQA")
    EAQA_COMPLETED = "eaqa_completed", _("EAQA completed")
    EAQA_CANCELLED = "eaqa_cancelled", _("EAQA cancelled")
    DECLARATION_RECORDED = "declaration_recorded", _("Annual declaration recorded")
    CPD_RECORDED = "cpd_recorded", _("Professional development recorded")
    ETHICS_BREACH_RECORDED = "ethics_breach_recorded", _("Code of Ethics breach recorded")


class WorkplanStatus(models.TextChoices):
    """The annual workplan [004]: drafted by staff, approved once by the board chair."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by the board chair")


class KpiMeasure(models.TextChoices):
    """What a workplan KPI's result is: a figure the portal counts itself, measured live from
    its own data, or a result entered each quarter with its evidence."""

    ENTERED = "entered", _("Entered with evidence")
    NEW_REGISTRATIONS = "new_registrations", _("New COR registrations submitted")
    NEW_CERTIFICATIONS = "new_certifications", _("New COR certifications issued")
    QA_COVERAGE = "qa_coverage", _("Audits QA'd before their result was released (%)")
    EAQA_COMPLETED = "eaqa_completed", _("EAQAs completed (at least 10 % of the roster)")
    CERTIFIED_RETENTION = "certified_retention", _("Certified employers retained (%)")
    AUDITOR_DECLARATIONS = "auditor_declarations", _("External auditor annual declarations")
    EMPLOYERS_MULTI_IA = (
        "employers_multi_ia",
        _("Employers with more than one trained internal auditor"),
    )


# Measures given as a percentage (the others are counts).
PERCENT_MEASURES = (KpiMeasure.QA_COVERAGE, KpiMeasure.CERTIFIED_RETENTION)


class WorkplanAction(models.TextChoices):
    """History actions of the workplan (registered in OversightConfig)."""

    WORKPLAN_CREATED = "workplan_created", _("Workplan created")
    WORKPLAN_ACTIVITY_ADDED = "workplan_activity_added", _("Workplan activity added")
    WORKPLAN_KPI_ADDED = "workplan_kpi_added", _("Workplan KPI added")
    WORKPLAN_RESULT_RECORDED = "workplan_result_recorded", _("KPI result recorded")
    WORKPLAN_PROGRESS_RECORDED = "workplan_progress_recorded", _("Quarterly progress reported")
    WORKPLAN_APPROVED = "workplan_approved", _("Workplan approved by the board chair")
