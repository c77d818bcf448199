"""The moves of a deadline's state. Meeting, cancelling and reassigning are made by the
services in services/deadline.py; MISSED is made only by the sweep's set-based claim
(services/sweeper.py `_claim_missed`, one UPDATE … RETURNING per due day), which the
workflow table test knows as the one place that makes it."""

from cor_portal.workflow import Move, Workflow

from .enums import DeadlineAction
from .models import Deadline

S = Deadline.State

DEADLINE_FLOW = Workflow(
    Deadline,
    Deadline.State,
    [
        Move(DeadlineAction.MET, sources=(S.OPEN,), target=S.MET),
        Move(DeadlineAction.MISSED, sources=(S.OPEN,), target=S.MISSED),
        Move(DeadlineAction.CANCELLED, sources=(S.OPEN,), target=S.CANCELLED),
    ],
    field="state",
)
