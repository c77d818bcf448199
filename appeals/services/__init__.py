"""Appeal transitions, one function each [001 §7; SPEC §7]. See appeal.py."""

from .appeal import (
    appeal_acknowledge,
    appeal_decide,
    appeal_escalate,
    appeal_file,
    appeal_sign,
    appeals_close,
    decider_may_act,
    require_decider,
    signer_role,
)

__all__ = [
    "appeal_acknowledge",
    "appeal_decide",
    "appeal_escalate",
    "appeal_file",
    "appeal_sign",
    "appeals_close",
    "decider_may_act",
    "require_decider",
    "signer_role",
]
