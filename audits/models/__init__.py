"""Audit models. The audit tool (a versioned protocol) lives in tool.py; audits, item
responses and evidence are added beside it in their own modules."""

from .audit import (
    Audit,
    CapItem,
    CorrectiveActionPlan,
    Evidence,
    InternalReview,
    ItemResponse,
    PreAssessment,
    Review,
    ReviewFinding,
    ReviewItemScore,
)
from .external import (
    AuditingCompany,
    AuditorConflict,
    AuditPlan,
    EngagementFinding,
    ExternalAuditor,
    ExternalEngagement,
    MeetingSignature,
)
from .tool import AuditTool, Element, Item, SubSection

__all__ = [
    "Audit",
    "AuditPlan",
    "AuditTool",
    "AuditingCompany",
    "AuditorConflict",
    "CapItem",
    "CorrectiveActionPlan",
    "Element",
    "EngagementFinding",
    "Evidence",
    "ExternalAuditor",
    "ExternalEngagement",
    "InternalReview",
    "Item",
    "ItemResponse",
    "MeetingSignature",
    "PreAssessment",
    "Review",
    "ReviewFinding",
    "ReviewItemScore",
    "SubSection",
]
