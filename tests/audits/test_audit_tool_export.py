"""Export a version in the import format, and withdrawing a version (publication:
test_tool_publication.py)."""

import pytest

from audits.enums import AuditAction, ToolStatus
from audits.models import AuditTool
from audits.services.tool import audit_tool_import, audit_tool_publish, audit_tool_withdraw
from audits.tool_io.export import export_tool_csv, techniques_text
from cor_portal.errors import DomainError
from cor_portal.history.services import history_of


def _shape(tool):
    return [
        (
            i.sub_section.element.number,
            i.sub_section.element.title,
            i.sub_section.number,
            i.sub_section.title,
            i.number,
            i.text,
            i.points,
            i.legislated,
            i.techniques,
            i.interview_groups,
        )
        for i in tool.items.select_related("sub_section__element").order_by("order")
    ]


def test_export_then_import_gives_the_same_tool(cast):
    demo = AuditTool.objects.get(is_demo=True)
    data = export_tool_csv(demo)
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines()[0] == (
        "element,element_title,sub_section,sub_section_title,item_number,text,points,"
        "legislated,techniques"
    )
    copy = audit_tool_import(
        name="COR 2020", version="from-demo", data=data, filename="demo.csv", by=cast.admin
    )
    assert _shape(copy) == _shape(demo)
    assert not copy.is_demo


def test_techniques_text():
    assert (
        techniques_text(
            documentation=True, interview=True, observation=False, groups=["workers", "management"]
        )
        == "Documentation and Interview – Management, Workers"
    )
    assert techniques_text(documentation=False, interview=True, observation=True, groups=[]) == (
        "Interview and Observation"
    )


def test_withdraw_and_publish_again_record_typed_history(cast):
    demo = AuditTool.objects.get(is_demo=True)
    assert demo.status == ToolStatus.PUBLISHED  # the only version when the database was made
    audit_tool_withdraw(tool=demo, by=cast.admin)
    demo.refresh_from_db()
    assert demo.status == ToolStatus.WITHDRAWN
    with pytest.raises(DomainError) as exc:
        audit_tool_withdraw(tool=demo, by=cast.admin)
    assert exc.value.field == "status"
    assert "is not the published version" in exc.value.message
    audit_tool_publish(tool=demo, by=cast.admin)
    assert [(h.action, h.from_state, h.to_state) for h in history_of(demo)] == [
        (AuditAction.TOOL_WITHDRAWN, ToolStatus.PUBLISHED, ToolStatus.WITHDRAWN),
        (AuditAction.TOOL_PUBLISHED, ToolStatus.WITHDRAWN, ToolStatus.PUBLISHED),
    ]


def test_admin_export_and_withdraw_action(client, cast):
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.force_login(cast.admin)
    demo = AuditTool.objects.get(is_demo=True)
    page = client.get(f"/admin/audits/audittool/{demo.pk}/change/")
    assert "Download as CSV (import format)" in page.content.decode()
    response = client.get(f"/admin/audits/audittool/{demo.pk}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"1.1.2" in response.content
    client.post(
        "/admin/audits/audittool/",
        {"action": "withdraw_versions", "_selected_action": [demo.pk]},
    )
    demo.refresh_from_db()
    assert demo.status == ToolStatus.WITHDRAWN
