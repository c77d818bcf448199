"""The allowed moves of the audits app's status fields, one table each (cor_portal.workflow).
Each move is made by exactly one service in audits/services/."""

from audits.enums import AuditAction, CapStatus, InternalReviewStatus, ToolStatus
from audits.models import AuditTool, CorrectiveActionPlan, InternalReview
from cor_portal.workflow import Move, Workflow

S = InternalReviewStatus

INTERNAL_REVIEW_FLOW = Workflow(
    InternalReview,
    InternalReviewStatus,
    [
        # audit_submit
        Move(AuditAction.SUBMITTED, sources=(S.IN_PROGRESS,), target=S.SUBMITTED),
        Move(AuditAction.RESUBMITTED, sources=(S.RETURNED,), target=S.RESUBMITTED),
        # recertification_audit_complete (the recertification internal audit only)
        Move(
            AuditAction.RECERTIFICATION_AUDIT_COMPLETED,
            sources=(S.IN_PROGRESS,),
            target=S.COMPLETED,
        ),
        # pre_assessment_record
        Move(
            AuditAction.PRE_ASSESSMENT_ACCEPTED,
            sources=(S.SUBMITTED, S.RESUBMITTED),
            target=S.ACCEPTED,
        ),
        Move(
            AuditAction.PRE_ASSESSMENT_RETURNED,
            sources=(S.SUBMITTED, S.RESUBMITTED),
            target=S.RETURNED,
        ),
        # reviewer_assign (a reassignment stays under review)
        Move(
            AuditAction.REVIEWER_ASSIGNED,
            sources=(S.ACCEPTED, S.UNDER_REVIEW),
            target=S.UNDER_REVIEW,
        ),
        # review_complete
        Move(AuditAction.REVIEW_CONFIRMED, sources=(S.UNDER_REVIEW,), target=S.CONFIRMED),
        Move(AuditAction.REVIEW_NOT_CONFIRMED, sources=(S.UNDER_REVIEW,), target=S.NOT_CONFIRMED),
        # audits.services.overturn: an upheld appeal confirms the benchmarks after all
        Move(AuditAction.REVIEW_OVERTURNED, sources=(S.NOT_CONFIRMED,), target=S.CONFIRMED),
        # cycle_restart (D2 missed)
        Move(AuditAction.CYCLE_RESTARTED, sources=(S.NOT_CONFIRMED,), target=S.CYCLE_RESTARTED),
    ],
)

C = CapStatus

CAP_FLOW = Workflow(
    CorrectiveActionPlan,
    CapStatus,
    [
        Move(AuditAction.CAP_SUBMITTED, sources=(C.DRAFT, C.RETURNED), target=C.SUBMITTED),
        Move(AuditAction.CAP_APPROVED, sources=(C.SUBMITTED,), target=C.APPROVED),
        Move(AuditAction.CAP_RETURNED, sources=(C.SUBMITTED,), target=C.RETURNED),
        # cycle_restart: the plan of a restarted cycle is not acted on any more (bug d)
        Move(AuditAction.CAP_CLOSED, sources=(C.DRAFT, C.RETURNED, C.SUBMITTED), target=C.CLOSED),
    ],
)

# audits.services.tool: publish offers a version for new audits (also a withdrawn one, to
# go back to it); publishing withdraws the program's previous version.
TOOL_FLOW = Workflow(
    AuditTool,
    ToolStatus,
    [
        Move(
            AuditAction.TOOL_PUBLISHED,
            sources=(ToolStatus.DRAFT, ToolStatus.WITHDRAWN),
            target=ToolStatus.PUBLISHED,
        ),
        Move(
            AuditAction.TOOL_WITHDRAWN, sources=(ToolStatus.PUBLISHED,), target=ToolStatus.WITHDRAWN
        ),
    ],
)

# --- the external audit ------------------------------------------------------------------
from audits.enums import ENGAGEMENT_OPEN, AuditorStatus, EngagementStatus, PlanStatus  # noqa: E402
from audits.models import AuditPlan, ExternalAuditor, ExternalEngagement  # noqa: E402

A = AuditorStatus

# audits.services.roster: an administrator approves, suspends or removes an auditor.
AUDITOR_FLOW = Workflow(
    ExternalAuditor,
    AuditorStatus,
    [
        Move(AuditAction.AUDITOR_APPROVED, sources=(A.PENDING, A.SUSPENDED), target=A.APPROVED),
        Move(AuditAction.AUDITOR_SUSPENDED, sources=(A.APPROVED,), target=A.SUSPENDED),
        Move(
            AuditAction.AUDITOR_REMOVED,
            sources=(A.PENDING, A.APPROVED, A.SUSPENDED),
            target=A.REMOVED,
        ),
    ],
)

E = EngagementStatus

# audits.services.engagement (one function per move)
ENGAGEMENT_FLOW = Workflow(
    ExternalEngagement,
    EngagementStatus,
    [
        Move(AuditAction.ENGAGEMENT_ACCEPTED, sources=(E.CHOSEN,), target=E.ACCEPTED),
        Move(AuditAction.ENGAGEMENT_DECLINED, sources=(E.CHOSEN,), target=E.DECLINED),
        Move(AuditAction.EXTERNAL_AUDIT_STARTED, sources=(E.ACCEPTED,), target=E.AUDIT_IN_PROGRESS),
        Move(
            AuditAction.REPORT_SUBMITTED, sources=(E.AUDIT_IN_PROGRESS,), target=E.REPORT_SUBMITTED
        ),
        Move(
            AuditAction.REPORT_RESUBMITTED, sources=(E.REPORT_RETURNED,), target=E.REPORT_SUBMITTED
        ),
        Move(AuditAction.REPORT_RETURNED, sources=(E.REPORT_SUBMITTED,), target=E.REPORT_RETURNED),
        Move(AuditAction.REPORT_PASSED, sources=(E.REPORT_SUBMITTED,), target=E.PASSED),
        Move(AuditAction.REPORT_FAILED, sources=(E.REPORT_SUBMITTED,), target=E.FAILED),
        # audits.services.overturn: an upheld appeal passes the failed audit
        Move(AuditAction.REPORT_OVERTURNED, sources=(E.FAILED,), target=E.PASSED),
        # D4 missed: the failed audit was not re-audited in time
        Move(AuditAction.REAUDIT_LAPSED, sources=(E.FAILED,), target=E.CYCLE_RESTARTED),
        # ... and a re-audit still open then cannot proceed: it ends with the cycle
        Move(AuditAction.REAUDIT_CANCELLED, sources=ENGAGEMENT_OPEN, target=E.CANCELLED),
    ],
)

P = PlanStatus

# audits.services.plan
PLAN_FLOW = Workflow(
    AuditPlan,
    PlanStatus,
    [
        Move(AuditAction.PLAN_SUBMITTED, sources=(P.DRAFT, P.RETURNED), target=P.SUBMITTED),
        Move(AuditAction.PLAN_APPROVED, sources=(P.SUBMITTED,), target=P.APPROVED),
        Move(AuditAction.PLAN_RETURNED, sources=(P.SUBMITTED,), target=P.RETURNED),
    ],
)
