"""Audit models. The audit tool (a versioned protocol) lives in tool.py; audits, item
responses and evidence are added beside it in their own modules."""

from .tool import AuditTool, Element, Item, SubSection

__all__ = ["AuditTool", "Element", "Item", "SubSection"]
