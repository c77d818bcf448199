"""The appeal's moves (cor_portal/workflow.py), one service each (appeals/services)."""

from cor_portal.workflow import Move, Workflow

from .enums import AppealAction, AppealStatus
from .models import Appeal

S = AppealStatus

APPEAL_FLOW = Workflow(
    Appeal,
    AppealStatus,
    [
        Move(AppealAction.ACKNOWLEDGED, sources=(S.FILED,), target=S.ACKNOWLEDGED),
        Move(AppealAction.UPHELD, sources=(S.FILED, S.ACKNOWLEDGED), target=S.UPHELD),
        Move(AppealAction.DENIED, sources=(S.FILED, S.ACKNOWLEDGED), target=S.DENIED),
        Move(AppealAction.DENIED_FINAL, sources=(S.FILED, S.ACKNOWLEDGED), target=S.DENIED_FINAL),
        Move(AppealAction.ESCALATED, sources=(S.DENIED,), target=S.FILED),
        # D16 missed: the denied appeal was not taken to the next level in time.
        Move(AppealAction.CLOSED, sources=(S.DENIED,), target=S.CLOSED),
    ],
)
