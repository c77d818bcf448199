"""The shipped demo tool and the database constraints of tool versions."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from audits.models import AuditTool, Element, Item, SubSection
from audits.scoring import Benchmarks, ItemScore, score

DEMO = {"name": "COR 2020 (demo sample)", "version": "demo-1"}


@pytest.fixture
def demo(db):
    return AuditTool.objects.get(**DEMO)


def test_the_demo_tool_ships_the_14_elements_with_labelled_samples(demo):
    assert demo.is_demo
    assert "DEMO SAMPLE" in demo.description
    elements = list(demo.elements.all())
    assert [e.number for e in elements] == list(range(1, 15))
    assert elements[0].title == "Health and Safety Policy and Document and Record Control"
    assert elements[13].title == "Management Review and Management of Change"
    for element in elements:
        count = Item.objects.filter(sub_section__element=element).count()
        assert 2 <= count <= 3, element
    items = list(demo.items.all())
    assert all(i.points == 2 for i in items)
    assert all(i.text.startswith("[Demo sample] ") for i in items)
    assert all(i.techniques for i in items)
    assert 3 <= sum(i.legislated for i in items) <= 10
    assert demo.benchmarks == Benchmarks(Decimal("80"), Decimal("65"), Decimal("100"))


def test_the_demo_tool_can_be_scored(demo):
    items = demo.items.select_related("sub_section__element")
    result = score(
        [
            ItemScore(
                element_number=i.element_number,
                item_number=i.number,
                points_possible=i.points,
                points_earned=i.points,
                legislated=i.legislated,
            )
            for i in items
        ],
        demo.benchmarks,
    )
    assert result.passed and result.overall_pct == 100
    assert sorted(result.element_pcts) == list(range(1, 15))


def _fails(**create):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditTool.objects.create(**create)


@pytest.mark.django_db
def test_tool_constraints():
    AuditTool.objects.create(name="X", version="1")
    _fails(name="X", version="1")
    _fails(name="", version="2")
    _fails(name="X", version="")
    _fails(name="X", version="3", benchmark_overall_pct=Decimal("0"))
    _fails(name="X", version="4", benchmark_element_pct=Decimal("100.01"))
    _fails(name="X", version="5", benchmark_legislated_pct=Decimal("-1"))


def test_item_constraints(demo):
    element = Element.objects.create(tool=demo, number=99, title="Test", order=99)
    sub = SubSection.objects.create(element=element, number="99.1", order=1)
    base = {"tool": demo, "sub_section": sub, "text": "T", "points": 2, "order": 999}

    def fails(**values):
        with pytest.raises(IntegrityError), transaction.atomic():
            Item.objects.create(**(base | values))

    fails(number="99.1.1", points=0)
    fails(number="99.1.2")  # no technique
    fails(number="99.1.3", by_documentation=True, interview_workers=True)  # group, no interview
    fails(number="1.1.1", by_documentation=True)  # number already in this version
    Item.objects.create(number="99.1.4", by_interview=True, interview_workers=True, **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Element.objects.create(tool=demo, number=1, title="Again", order=100)
