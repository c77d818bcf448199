"""Writing a tool version back out in the import format (audits.tool_io.parse), so an
administrator can edit a version and import it as the next one."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from audits.enums import InterviewGroup
from cor_portal import csvsafe

if TYPE_CHECKING:
    from audits.models import AuditTool

EXPORT_COLUMNS = (
    "element",
    "element_title",
    "sub_section",
    "sub_section_title",
    "item_number",
    "text",
    "points",
    "legislated",
    "techniques",
)


def techniques_text(
    *, documentation: bool, interview: bool, observation: bool, groups: Iterable[str]
) -> str:
    """Techniques in the import file's words (English, whatever the page language)."""
    parts = []
    if documentation:
        parts.append("Documentation")
    if interview:
        wanted = set(groups)
        names = ", ".join(g.value.capitalize() for g in InterviewGroup if g.value in wanted)
        parts.append(f"Interview – {names}" if names else "Interview")
    if observation:
        parts.append("Observation")
    return " and ".join(parts)


def export_tool_csv(tool: AuditTool) -> bytes:
    """A tool version as a UTF-8 CSV in the import format (with a BOM so Excel reads it)."""
    buffer = io.StringIO(newline="")
    writer = csvsafe.writer(buffer)  # no cell can run as a spreadsheet formula
    writer.writerow(EXPORT_COLUMNS)
    items = tool.items.select_related("sub_section__element").order_by("order")
    for item in items:
        sub = item.sub_section
        writer.writerow(
            [
                sub.element.number,
                sub.element.title,
                sub.number,
                sub.title,
                item.number,
                item.text,
                item.points,
                "yes" if item.legislated else "no",
                techniques_text(
                    documentation=item.by_documentation,
                    interview=item.by_interview,
                    observation=item.by_observation,
                    groups=item.interview_groups,
                ),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
