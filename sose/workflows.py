"""The allowed moves of an action plan (cor_portal.workflow): one table for both kinds; each
kind's configuration says which it uses. Each move is made by exactly one service in
sose/services.py."""

from cor_portal.workflow import Move, Workflow

from .enums import PlanAction as A
from .enums import PlanStatus as S
from .models import ActionPlan

PLAN_FLOW = Workflow(
    ActionPlan,
    S,
    [
        # proposal_submit
        Move(A.PROPOSAL_SUBMITTED, sources=(S.DRAFT,), target=S.SUBMITTED),
        Move(A.PROPOSAL_RESUBMITTED, sources=(S.RETURNED,), target=S.SUBMITTED),
        # plan_approve / plan_return (the kind's approver)
        Move(A.APPROVED, sources=(S.SUBMITTED,), target=S.APPROVED),
        Move(A.RETURNED, sources=(S.SUBMITTED,), target=S.RETURNED),
        # verification_plan_record (SOSE: the associate auditor; re-recording keeps the state)
        Move(
            A.VERIFICATION_PLANNED,
            sources=(S.APPROVED, S.VERIFICATION_PLANNED),
            target=S.VERIFICATION_PLANNED,
        ),
        # final_submit
        Move(
            A.FINAL_SUBMITTED,
            sources=(S.APPROVED, S.VERIFICATION_PLANNED),
            target=S.FINAL_SUBMITTED,
        ),
        Move(A.FINAL_RESUBMITTED, sources=(S.FINAL_RETURNED,), target=S.FINAL_SUBMITTED),
        # final_return (the scorer asks for amendments)
        Move(A.FINAL_RETURNED, sources=(S.FINAL_SUBMITTED,), target=S.FINAL_RETURNED),
        # plan_score (the scorer: ACSA's QA reviewer, SOSE's associate auditor)
        Move(A.SCORED_PASSED, sources=(S.FINAL_SUBMITTED,), target=S.PASSED),
        Move(A.SCORED_NOT_PASSED, sources=(S.FINAL_SUBMITTED,), target=S.NOT_PASSED),
        # plan_lapse (D12 / D18 missed)
        Move(
            A.LAPSED,
            sources=(
                S.DRAFT,
                S.SUBMITTED,
                S.RETURNED,
                S.APPROVED,
                S.VERIFICATION_PLANNED,
                S.FINAL_RETURNED,
            ),
            target=S.LAPSED,
        ),
    ],
)
