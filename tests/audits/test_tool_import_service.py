"""The import service: a valid file becomes a new tool version; a bad one changes nothing."""

from decimal import Decimal

import pytest

from audits.enums import AuditAction, ToolStatus
from audits.models import AuditTool, Element, Item, SubSection
from audits.services.tool import audit_tool_import
from audits.tool_io.parse import ToolImportError
from cor_portal.errors import DomainError
from cor_portal.history.services import history_of
from tests.factories import UserFactory

HEADER = "element,sub_section,item_number,text,points,legislated,techniques\n"
ROWS = (
    "1 Policy,1.1 Statement,1.1.1,Signed policy,2,no,Documentation\n"
    '1,1.1,1.1.2,Reviewed yearly,2,yes,"Documentation and Interview – Management, Workers"\n'
    "2 Hazards,2.1,2.1.1,Assessed,4,no,Observation\n"
)


@pytest.fixture
def admin(db):
    from cor_portal.accounts.enums import UserRole

    return UserFactory(role=UserRole.ADMINISTRATOR)


def counts():
    return (
        AuditTool.objects.count(),
        Element.objects.count(),
        SubSection.objects.count(),
        Item.objects.count(),
    )


def test_import_creates_a_new_version_with_its_structure(admin):
    tool = audit_tool_import(
        name="COR 2020",
        version="2020.1",
        data=(HEADER + ROWS).encode(),
        filename="cor2020.csv",
        by=admin,
        benchmark_element_pct=Decimal("50"),
    )
    tool.refresh_from_db()
    assert (tool.name, tool.version, tool.is_demo, tool.created_by) == (
        "COR 2020",
        "2020.1",
        False,
        admin,
    )
    assert tool.source_filename == "cor2020.csv"
    assert (
        tool.benchmark_overall_pct,
        tool.benchmark_element_pct,
        tool.benchmark_legislated_pct,
    ) == (Decimal("80"), Decimal("50"), Decimal("100"))
    assert [(e.number, e.title, e.order) for e in tool.elements.all()] == [
        (1, "Policy", 1),
        (2, "Hazards", 2),
    ]
    assert [
        (s.element.number, s.number, s.title) for s in SubSection.objects.filter(element__tool=tool)
    ] == [
        (1, "1.1", "Statement"),
        (2, "2.1", ""),
    ]
    items = list(tool.items.select_related("sub_section__element"))
    assert [(i.number, i.points, i.legislated, i.element_number) for i in items] == [
        ("1.1.1", 2, False, 1),
        ("1.1.2", 2, True, 1),
        ("2.1.1", 4, False, 2),
    ]
    assert items[1].techniques == ["documentation", "interview"]
    assert items[1].interview_groups == ["management", "workers"]
    assert items[1].techniques_label == "Documentation and Interview – Management, Workers"
    assert items[2].techniques_label == "Observation"
    assert tool.status == ToolStatus.DRAFT
    (entry,) = history_of(tool)
    assert (entry.action, entry.to_state, entry.actor) == (
        AuditAction.TOOL_IMPORTED,
        ToolStatus.DRAFT,
        admin,
    )
    assert entry.changes["items"] == [None, 3]


def test_a_bad_file_reports_every_row_and_imports_nothing(admin):
    before = counts()
    bad = HEADER + ROWS + "2,2.1,2.1.2,x,zero,no,Observation\n2,2.1,2.1.1,dup,2,no,Observation\n"
    with pytest.raises(ToolImportError) as exc:
        audit_tool_import(
            name="COR 2020", version="v2", data=bad.encode(), filename="t.csv", by=admin
        )
    assert [(e.line, e.message) for e in exc.value.errors] == [
        (5, "points “zero” is not a number."),
        (6, "item number 2.1.1 is duplicated (lines 4 and 6)."),
    ]
    assert exc.value.field == "file"
    assert counts() == before


def test_a_duplicate_version_is_refused(admin):
    audit_tool_import(
        name="COR 2020", version="v1", data=(HEADER + ROWS).encode(), filename="a.csv", by=admin
    )
    before = counts()
    with pytest.raises(DomainError) as exc:
        audit_tool_import(
            name="COR 2020", version="v1", data=(HEADER + ROWS).encode(), filename="a.csv", by=admin
        )
    assert exc.value.field == "version"
    assert "already has a version “v1”" in exc.value.message
    assert counts() == before
    # Another label is a new version beside the first.
    audit_tool_import(
        name="COR 2020", version="v2", data=(HEADER + ROWS).encode(), filename="a.csv", by=admin
    )
    assert AuditTool.objects.filter(name="COR 2020").count() == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": " "}, "name"),
        ({"version": ""}, "version"),
        ({"benchmark_overall_pct": Decimal("0")}, "benchmark_overall_pct"),
        ({"benchmark_element_pct": Decimal("100.5")}, "benchmark_element_pct"),
        ({"benchmark_legislated_pct": Decimal("99.999")}, "benchmark_legislated_pct"),
        ({"benchmark_legislated_pct": "abc"}, "benchmark_legislated_pct"),
    ],
)
def test_bad_name_version_or_benchmarks_are_named(admin, kwargs, field):
    before = counts()
    arguments = {
        "name": "COR 2020",
        "version": "v9",
        "data": (HEADER + ROWS).encode(),
        "filename": "a.csv",
        "by": admin,
    }
    with pytest.raises(DomainError) as exc:
        audit_tool_import(**(arguments | kwargs))
    assert exc.value.field == field
    assert counts() == before
