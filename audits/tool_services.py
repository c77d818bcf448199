"""Writes to audit-tool versions other than the import (audits.tool_import)."""

from django.db import transaction

from cor_portal.errors import DomainError
from cor_portal.history.services import record

from .models import AuditTool


@transaction.atomic
def audit_tool_set_active(*, tool: AuditTool, active: bool, by) -> AuditTool:
    """Offer a version for new audits, or withdraw it (audits already on it keep it)."""
    updated = AuditTool.objects.filter(pk=tool.pk, is_active=not active).update(is_active=active)
    if updated != 1:
        state = "already offered for new audits" if active else "already withdrawn"
        raise DomainError(f"{tool} is {state}.", field="is_active")
    record(
        subject=tool,
        actor=by,
        action="offered for new audits" if active else "withdrawn from new audits",
        changes={"is_active": (not active, active)},
    )
    tool.is_active = active
    return tool
