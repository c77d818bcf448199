"""Pure submission readiness rules (audits/submission.py): every problem listed, the
12-month evidence edge inclusive, Feb 29 clamped to Feb 28."""

from datetime import date

import pytest

from audits.submission import (
    EvidenceFacts,
    ItemFacts,
    earliest_evidence_date,
    evidence_problem,
    submission_problems,
)


def item(number="1.1", **kw) -> ItemFacts:
    values = {"element_number": 1, "item_number": number, "points_possible": 10, "answered": True}
    values.update(kw)
    return ItemFacts(**values)


def test_a_complete_audit_with_fresh_evidence_has_no_problems():
    problems = submission_problems(
        items=[item(points_earned=10), item("1.2", not_applicable=True, note="No cranes")],
        evidence=[EvidenceFacts("policy.pdf", date(2026, 1, 1), "1.1")],
        submitted_on=date(2026, 11, 22),
    )
    assert problems == []


def test_every_problem_is_listed_naming_the_item_or_file():
    problems = submission_problems(
        items=[
            item("1.1", answered=False),
            item("1.2", points_earned=None),
            item("1.3", not_applicable=True, note="  "),
            item("1.4", points_earned=11),
            item("1.5", points_earned=-1),
        ],
        evidence=[
            EvidenceFacts("old.pdf", date(2025, 11, 21), "1.4"),
            EvidenceFacts("future.pdf", date(2026, 11, 23)),
        ],
        submitted_on=date(2026, 11, 22),
    )
    assert problems == [
        "Item 1.1: not answered yet; enter the points earned or mark it N/A.",
        "Item 1.2: not scored yet; enter the points earned or mark it N/A.",
        "Item 1.3: a not-applicable item needs a note saying why.",
        "Item 1.4: points earned (11) cannot exceed the item's 10 points.",
        "Item 1.5: points earned cannot be negative (got -1).",
        "Evidence old.pdf (item 1.4) is dated 2025-11-21, more than 12 months before the "
        "submission date 2026-11-22; only documents dated 2025-11-22 or later count.",
        "Evidence future.pdf is dated 2026-11-23, after the submission date 2026-11-22.",
    ]


@pytest.mark.parametrize(
    ("submitted", "document", "stale"),
    [
        (date(2026, 11, 22), date(2025, 11, 22), False),  # exactly 12 months: accepted
        (date(2026, 11, 22), date(2025, 11, 21), True),
        (date(2026, 11, 22), date(2026, 11, 22), False),  # same day
        (date(2028, 2, 29), date(2027, 2, 28), False),  # Feb 29 - 12 months = Feb 28
        (date(2028, 2, 29), date(2027, 2, 27), True),
        (date(2027, 2, 28), date(2026, 2, 28), False),
        (date(2026, 3, 31), date(2025, 3, 31), False),
        (date(2026, 3, 31), date(2025, 3, 30), True),
    ],
)
def test_the_12_month_edge(submitted, document, stale):
    problem = evidence_problem(EvidenceFacts("doc.pdf", document), submitted)
    assert (problem is not None) is stale


def test_earliest_evidence_date_clamps_to_month_end():
    assert earliest_evidence_date(date(2028, 2, 29)) == date(2027, 2, 28)
    assert earliest_evidence_date(date(2026, 11, 22)) == date(2025, 11, 22)


def test_a_tool_without_items_cannot_be_submitted():
    assert submission_problems(items=[], evidence=[], submitted_on=date(2026, 1, 1)) == [
        "The audit tool has no items to answer."
    ]
