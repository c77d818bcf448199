"""Two programs side by side [SPEC §6.3]: an Ontario (IHSA) and an Alberta (ACSA) employer
answer the same audit the same way; each account's audit uses its own program's published
tool version, and each is scored with that program's benchmarks (IHSA 80 / 65 / 100, ACSA
80 / 50 / 100). Element 1 at 60 % fails Ontario's 65 % and passes Alberta's 50 %."""

from decimal import Decimal

import pytest

from audits.enums import AuditKind, FailureKind
from audits.models import AuditTool, Element, Item, SubSection
from audits.scoring import ItemScore, score
from audits.services.audit import audit_start, employer_score
from audits.services.tool import audit_tool_publish, published_tool
from certification.models import Program
from cor_portal.errors import DomainError
from tests.audits.conftest import db_state, make_ready
from tests.factories import make_cast


def _copy_tool(tool: AuditTool, program: Program, by) -> AuditTool:
    """The same items as `tool`, as a version of `program` with the program's benchmarks."""
    copy = AuditTool.objects.create(
        name=f"{tool.name} ({program.code})",
        version="1",
        program=program,
        **program.benchmark_values(),
    )
    for element in tool.elements.all():
        new_element = Element.objects.create(
            tool=copy, number=element.number, title=element.title, order=element.order
        )
        for sub in element.sub_sections.all():
            new_sub = SubSection.objects.create(element=new_element, number=sub.number, order=1)
            for item in sub.items.all():
                Item.objects.create(
                    tool=copy,
                    sub_section=new_sub,
                    number=item.number,
                    text=item.text,
                    points=item.points,
                    legislated=item.legislated,
                    by_documentation=True,
                    order=item.order,
                )
    audit_tool_publish(tool=copy, by=by)
    return copy


@pytest.fixture
def alberta(flow):
    """The flow's cast moved to ACSA is the Alberta employer; a second cast stays on IHSA."""
    acsa = Program.objects.get(code="acsa")
    acsa_tool = _copy_tool(flow.tool, acsa, flow.cast.admin)
    return acsa, acsa_tool


POINTS = {"1.1": 10, "1.2": 2, "2.1": 10, "2.2": 10}  # element 1: 12/20 = 60 %; overall 80 %


@pytest.mark.django_db
def test_the_shipped_programs_carry_their_benchmarks():
    ihsa, acsa = Program.objects.get(code="ihsa"), Program.objects.get(code="acsa")
    assert (
        ihsa.benchmark_overall_pct,
        ihsa.benchmark_element_pct,
        ihsa.benchmark_legislated_pct,
    ) == (Decimal(80), Decimal(65), Decimal(100))
    assert (acsa.benchmark_overall_pct, acsa.benchmark_element_pct) == (Decimal(80), Decimal(50))
    assert Program.default() == ihsa


@pytest.mark.django_db
def test_the_same_audit_scores_differently_under_each_programs_benchmarks():
    ihsa = Program.objects.get(code="ihsa")
    acsa = Program.objects.get(code="acsa")
    items = [
        ItemScore(element_number=1, item_number="1.1", points_possible=10, points_earned=10),
        ItemScore(element_number=1, item_number="1.2", points_possible=10, points_earned=2),
        ItemScore(element_number=2, item_number="2.1", points_possible=10, points_earned=10),
        ItemScore(element_number=2, item_number="2.2", points_possible=10, points_earned=10),
    ]
    on = score(items, AuditTool(program=ihsa, **ihsa.benchmark_values()).benchmarks)
    ab = score(items, AuditTool(program=acsa, **acsa.benchmark_values()).benchmarks)
    assert on.overall_pct == ab.overall_pct == 80
    assert not on.passed
    assert [(f.kind, f.element, f.required) for f in on.failures] == [
        (FailureKind.ELEMENT, 1, Decimal(65))
    ]
    assert ab.passed and ab.failures == ()


@pytest.mark.django_db
@pytest.mark.parametrize(("earned", "passes"), [(5, True), (4, False)])
def test_alberta_per_element_benchmark_at_its_edge(earned, passes):
    acsa = Program.objects.get(code="acsa")
    items = [
        ItemScore(element_number=1, item_number="1.1", points_possible=10, points_earned=earned),
        ItemScore(element_number=2, item_number="2.1", points_possible=30, points_earned=30),
    ]
    result = score(items, AuditTool(program=acsa, **acsa.benchmark_values()).benchmarks)
    # 35/40 = 87.5 % overall either way; element 1 at 50 % passes, 40 % fails.
    assert result.passed is passes


def test_each_account_audits_on_its_own_programs_tool_and_benchmarks(flow, alberta):
    acsa, acsa_tool = alberta
    ontario = flow.start()  # the cast's organization is on IHSA (the default)
    assert ontario.tool == flow.tool == published_tool("ihsa")
    flow.answer(ontario, POINTS)

    other = make_cast()
    other.organization.program = acsa
    other.organization.save(update_fields=["program"])
    _smr, ia = make_ready(other)
    alberta_audit = audit_start(
        wsib_account=other.wsib_account,
        kind=AuditKind.INITIAL_INTERNAL,
        internal_auditor=ia,
        by=other.internal_auditor,
    )
    assert alberta_audit.tool == acsa_tool == published_tool(acsa)
    alberta_flow = type(flow)(
        cast=other, tool=acsa_tool, items={i.number: i for i in acsa_tool.items.all()}, ia=ia
    )
    alberta_flow.answer(alberta_audit, POINTS)

    on, ab = employer_score(ontario).result, employer_score(alberta_audit).result
    assert on is not None and ab is not None
    assert on.overall_pct == ab.overall_pct == 80
    assert not on.passed and ab.passed


def test_an_audit_refuses_a_tool_of_another_program(flow, alberta):
    _acsa, acsa_tool = alberta
    before = db_state()
    with pytest.raises(DomainError) as exc:
        audit_start(
            wsib_account=flow.cast.wsib_account,
            kind=AuditKind.INITIAL_INTERNAL,
            internal_auditor=flow.ia,
            by=flow.cast.internal_auditor,
            tool=acsa_tool,
        )
    assert exc.value.field == "tool"
    assert "belongs to another program" in exc.value.message
    assert db_state() == before


def test_an_import_takes_its_programs_benchmarks_unless_given(cast):
    from audits.services.tool import audit_tool_import

    csv = (
        b"element,sub_section,item_number,text,points,legislated,techniques\n"
        b"1. Policy,1.1 Policy,1.1.1,Is there a policy?,10,no,Documentation\n"
    )
    tool = audit_tool_import(
        name="ACSA COR",
        version="2026",
        data=csv,
        filename="t.csv",
        by=cast.admin,
        program="acsa",
    )
    assert (tool.program_id, tool.benchmark_element_pct) == ("acsa", Decimal(50))
    with pytest.raises(DomainError) as exc_info:
        audit_tool_import(
            name="X", version="1", data=csv, filename="t.csv", by=cast.admin, program="nope"
        )
    assert exc_info.value.field == "program"
