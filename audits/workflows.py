"""The allowed moves of the audits app's status fields, one table each (cor_portal.workflow).
Each move is made by exactly one service in audits/services/."""

from audits.enums import AuditAction, CapStatus, InternalReviewStatus
from audits.models import CorrectiveActionPlan, InternalReview
from cor_portal.workflow import Move, Workflow

S = InternalReviewStatus

INTERNAL_REVIEW_FLOW = Workflow(
    InternalReview,
    InternalReviewStatus,
    [
        # audit_submit
        Move(AuditAction.SUBMITTED, sources=(S.IN_PROGRESS,), target=S.SUBMITTED),
        Move(AuditAction.RESUBMITTED, sources=(S.RETURNED,), target=S.RESUBMITTED),
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
