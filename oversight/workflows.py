"""The oversight area's workflow tables (cor_portal.workflow): one move per service."""

from cor_portal.workflow import Move, Workflow

from .enums import EaqaStatus, OversightAction, QaStatus, WorkplanAction, WorkplanStatus
from .models import Eaqa, QaReview, Workplan

Q = QaStatus

# oversight.services.qa
QA_FLOW = Workflow(
    QaReview,
    QaStatus,
    [
        Move(
            OversightAction.QA_RELEASED, sources=(Q.OPEN, Q.VERIFICATION_AUDIT), target=Q.RELEASED
        ),
        Move(
            OversightAction.QA_RETURNED, sources=(Q.OPEN, Q.VERIFICATION_AUDIT), target=Q.RETURNED
        ),
        Move(OversightAction.QA_VERIFICATION, sources=(Q.OPEN,), target=Q.VERIFICATION_AUDIT),
    ],
)

E = EaqaStatus

# oversight.services.auditors
EAQA_FLOW = Workflow(
    Eaqa,
    EaqaStatus,
    [
        Move(OversightAction.EAQA_COMPLETED, sources=(E.SELECTED,), target=E.COMPLETED),
        Move(OversightAction.EAQA_CANCELLED, sources=(E.SELECTED,), target=E.CANCELLED),
    ],
)

# oversight.services.workplan
WORKPLAN_FLOW = Workflow(
    Workplan,
    WorkplanStatus,
    [
        Move(
            WorkplanAction.WORKPLAN_APPROVED,
            sources=(WorkplanStatus.DRAFT,),
            target=WorkplanStatus.APPROVED,
        ),
    ],
)
