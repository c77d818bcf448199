"""The desktop QA rules (oversight.qa): pure functions."""

from decimal import Decimal

import pytest

from oversight.enums import QaCheckAnswer
from oversight.qa import (
    DEFAULT_CHECKLIST,
    CheckLine,
    answer_problems,
    independent,
    qa_coverage_pct,
    release_problems,
)

OK = QaCheckAnswer.NO_CONCERN


def test_the_default_checklist_is_the_six_checks_of_mandate_5():
    assert [code for code, _en, _fr in DEFAULT_CHECKLIST] == [
        "errors_of_fact",
        "arithmetic_errors",
        "internal_inconsistencies",
        "lack_of_detail",
        "protocol_failures",
        "suspected_plagiarism",
    ]


def test_release_needs_every_line_checked_without_concern():
    assert release_problems([CheckLine("Facts", OK), CheckLine("Sums", OK)]) == []


def test_release_refuses_an_unchecked_line_and_a_concern_each_named():
    problems = release_problems(
        [
            CheckLine("Facts", QaCheckAnswer.UNCHECKED),
            CheckLine("Sums", QaCheckAnswer.CONCERN, "2 + 2 = 5"),
            CheckLine("Detail", OK),
        ]
    )
    assert problems == [
        "Check “Facts” before releasing.",
        "“Sums”: a concern was found; return the audit to the auditor or require a "
        "verification audit.",
    ]


def test_release_refuses_an_empty_checklist():
    assert release_problems([]) == ["The QA review has no checklist; it cannot be released."]


@pytest.mark.parametrize(
    ("answer", "comment", "expected"),
    [
        ("no_concern", "", []),
        ("unchecked", "", []),
        ("concern", "Copied from another report", []),
        ("concern", "   ", ["Say what the concern is."]),
        ("maybe", "", ["Answer with one of: unchecked, no_concern, concern."]),
    ],
)
def test_answer_problems(answer, comment, expected):
    assert answer_problems(answer, comment) == expected


@pytest.mark.parametrize(
    ("released", "after_qa", "expected"),
    [
        (0, 0, None),
        (1, 1, Decimal("100.0")),
        (3, 2, Decimal("66.7")),
        (3, 1, Decimal("33.3")),
        (8, 1, Decimal("12.5")),
        (16, 1, Decimal("6.3")),  # 6.25 rounds half up
        (10, 0, Decimal("0.0")),
    ],
)
def test_qa_coverage_pct(released, after_qa, expected):
    assert qa_coverage_pct(released=released, released_after_qa=after_qa) == expected


@pytest.mark.parametrize(("released", "after_qa"), [(1, 2), (-1, 0), (1, -1)])
def test_qa_coverage_refuses_impossible_counts(released, after_qa):
    with pytest.raises(ValueError):
        qa_coverage_pct(released=released, released_after_qa=after_qa)


def test_qa_is_done_by_someone_other_than_the_worker():
    assert independent(qa_reviewer_id=1, worker_ids=[2, None])
    assert not independent(qa_reviewer_id=2, worker_ids=[2])
