"""The allowed moves of the audits app's status fields, one table per status enum
(cor_portal.workflow). Each move is made by exactly one service."""

from audits.enums import ToolAction, ToolStatus
from audits.models import AuditTool
from cor_portal.workflow import Move, Workflow

# audits.services.tool: publish offers a version for new audits (also a withdrawn one, to
# go back to it); publishing withdraws the program's previous version.
TOOL_FLOW = Workflow(
    AuditTool,
    ToolStatus,
    [
        Move(
            ToolAction.TOOL_PUBLISHED,
            sources=(ToolStatus.DRAFT, ToolStatus.WITHDRAWN),
            target=ToolStatus.PUBLISHED,
        ),
        Move(
            ToolAction.TOOL_WITHDRAWN, sources=(ToolStatus.PUBLISHED,), target=ToolStatus.WITHDRAWN
        ),
    ],
)
