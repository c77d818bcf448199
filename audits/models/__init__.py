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
from .tool import AuditTool, Element, Item, SubSection

__all__ = [
    "Audit",
    "AuditTool",
    "CapItem",
    "CorrectiveActionPlan",
    "Element",
    "Evidence",
    "InternalReview",
    "Item",
    "ItemResponse",
    "PreAssessment",
    "Review",
    "ReviewFinding",
    "ReviewItemScore",
    "SubSection",
]
