"""External- and internal-auditor quality rules (oversight.auditor_quality): pure functions."""

from datetime import date

import pytest

from oversight.auditor_quality import (
    InternalAuditorFacts,
    RotationCandidate,
    eaqa_required,
    eaqa_rotation,
    employers_with_more_than_one,
    training_current,
)


@pytest.mark.parametrize(
    ("roster", "required"), [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (20, 2), (21, 3)]
)
def test_at_least_ten_percent_of_the_roster(roster, required):
    assert eaqa_required(roster) == required


def test_a_negative_roster_is_refused():
    with pytest.raises(ValueError):
        eaqa_required(-1)


def test_rotation_never_audited_first_then_longest_since_ties_by_id():
    candidates = [
        RotationCandidate(1, date(2024, 5, 1)),
        RotationCandidate(2, None),
        RotationCandidate(3, date(2022, 1, 1)),
        RotationCandidate(4, None),
        RotationCandidate(5, date(2022, 1, 1)),
    ]
    assert eaqa_rotation(candidates, 5) == [2, 4, 3, 5, 1]
    assert eaqa_rotation(candidates, 2) == [2, 4]
    assert eaqa_rotation(candidates, 3) == [2, 4, 3]
    assert eaqa_rotation(candidates, 0) == []
    assert eaqa_rotation([], 3) == []


def test_rotation_refuses_a_negative_count():
    with pytest.raises(ValueError):
        eaqa_rotation([], -1)


REQUIRED = ("a", "b", "key")


def test_training_currency_edges():
    today = date(2026, 12, 2)
    courses = {"a": date(2020, 1, 1), "b": date(2020, 1, 1), "key": date(2023, 12, 2)}
    assert training_current(courses, required=REQUIRED, key_course="key", today=today)
    courses["key"] = date(2023, 12, 1)
    assert not training_current(courses, required=REQUIRED, key_course="key", today=today)
    del courses["a"]
    courses["key"] = today
    assert not training_current(courses, required=REQUIRED, key_course="key", today=today)


def test_employers_with_more_than_one_trained_internal_auditor():
    full = dict.fromkeys(REQUIRED, date(2025, 1, 1))
    partial = {"a": date(2025, 1, 1)}
    auditors = [
        InternalAuditorFacts(1, full),
        InternalAuditorFacts(1, full),
        InternalAuditorFacts(2, full),
        InternalAuditorFacts(2, partial),
        InternalAuditorFacts(3, full),
        InternalAuditorFacts(3, full),
        InternalAuditorFacts(3, full),
    ]
    assert employers_with_more_than_one(auditors, required=REQUIRED) == 2
    assert employers_with_more_than_one([], required=REQUIRED) == 0
