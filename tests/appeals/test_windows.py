"""Appeal windows on Ontario business days (appeals/windows.py): weekends, ESA holidays with
their observed days, the days that are NOT holidays, closure days."""

from datetime import date

import pytest
from django.utils import translation

from appeals import windows


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Friday + 5 business days: the next Friday (the weekend is not counted)
        (date(2026, 3, 6), 5, date(2026, 3, 13)),
        # Good Friday 2026-04-03 is not counted
        (date(2026, 3, 30), 5, date(2026, 4, 7)),
        # Easter Monday 2026-04-06 IS a business day in Ontario
        (date(2026, 4, 2), 2, date(2026, 4, 7)),
        # Christmas 2026 (Fri) and Boxing Day (Sat, observed Mon 28): Dec 24 + 2 → Dec 30
        (date(2026, 12, 24), 2, date(2026, 12, 30)),
        # Christmas 2027 is a Saturday (observed Mon 27), Boxing Day Sunday (observed Tue 28):
        # Thu Dec 23 + 2 → Fri 24 (1), Wed 29 (2)
        (date(2027, 12, 23), 2, date(2027, 12, 29)),
        # New Year's Day 2027 (Fri): Dec 31 2026 + 1 → Mon Jan 4
        (date(2026, 12, 31), 1, date(2027, 1, 4)),
        # New Year's Day 2028 is a Saturday, observed Monday Jan 3
        (date(2027, 12, 31), 1, date(2028, 1, 4)),
        # Family Day 2026-02-16 (third Monday of February)
        (date(2026, 2, 13), 1, date(2026, 2, 17)),
        # Civic Holiday 2026-08-03 is a business day
        (date(2026, 7, 31), 1, date(2026, 8, 3)),
        # Remembrance Day 2026-11-11 (Wed) is a business day
        (date(2026, 11, 10), 1, date(2026, 11, 11)),
    ],
)
def test_due_on_business_days(start, days, due):
    assert windows.due_on(start, days) == due


def test_closure_day_moves_the_due_date():
    assert windows.due_on(date(2026, 3, 6), 5) == date(2026, 3, 13)
    assert windows.due_on(date(2026, 3, 6), 5, {date(2026, 3, 10)}) == date(2026, 3, 16)


def test_explain_names_the_holidays_not_counted():
    with translation.override("en"):
        assert windows.explain(date(2026, 3, 30), 5) == (
            "5 business days: Good Friday is not counted"
        )
        assert windows.explain(date(2026, 3, 2), 5) == (
            "5 business days (weekends are not counted)"
        )
        text = windows.explain(date(2026, 12, 24), 2)
        assert text == ("2 business days: Christmas Day, Boxing Day (observed) are not counted")
        closure = windows.explain(date(2026, 3, 6), 5, {date(2026, 3, 10): "Staff day"})
        assert closure == "5 business days: Staff day (closure day, March 10, 2026) is not counted"


def test_explain_in_french():
    with translation.override("fr-ca"):
        assert "Vendredi saint" in windows.explain(date(2026, 3, 30), 5)


def test_business_days_left():
    assert windows.business_days_left(date(2026, 3, 30), date(2026, 4, 7)) == 5
    assert windows.business_days_left(date(2026, 4, 7), date(2026, 4, 7)) == 0
    assert windows.business_days_left(date(2026, 4, 8), date(2026, 4, 7)) == -1
