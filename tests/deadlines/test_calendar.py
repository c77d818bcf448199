"""Day arithmetic [SPEC §5]: calendar days, calendar months (clamped), Ontario business days."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cor_portal.deadlines.calendar import (
    add_business_days,
    add_calendar_days,
    add_months,
    business_days_between,
    days_left,
    is_business_day,
    ontario_holidays,
)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 1, 1), 29, date(2026, 1, 30)),
        (date(2026, 1, 1), 30, date(2026, 1, 31)),
        (date(2026, 1, 1), 31, date(2026, 2, 1)),
        (date(2026, 1, 1), 59, date(2026, 3, 1)),
        (date(2026, 1, 1), 60, date(2026, 3, 2)),
        (date(2028, 1, 1), 60, date(2028, 3, 1)),  # leap year: Feb has 29 days
        (date(2026, 1, 1), 61, date(2026, 3, 3)),
        (date(2026, 1, 1), 89, date(2026, 3, 31)),
        (date(2026, 1, 1), 90, date(2026, 4, 1)),
        (date(2026, 1, 1), 91, date(2026, 4, 2)),
        (date(2026, 12, 15), 21, date(2027, 1, 5)),  # across the year end
    ],
)
def test_calendar_days(start, days, expected):
    assert add_calendar_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 5, 15), 12, date(2027, 5, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_calendar_months_clamp_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_ontario_public_holidays_are_the_nine_plus_observed():
    days = ontario_holidays(2026)
    assert date(2026, 4, 3) in days  # Good Friday
    assert date(2026, 2, 16) in days  # Family Day
    assert date(2026, 12, 28) in days  # Boxing Day observed (26th is a Saturday)
    assert date(2026, 4, 6) not in days  # Easter Monday is not an Ontario public holiday
    assert date(2026, 8, 3) not in days  # Civic Holiday neither
    assert date(2026, 11, 11) not in days  # nor Remembrance Day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 20), 5, date(2026, 11, 27)),  # Fri + 5 = next Fri
        (date(2026, 11, 23), 2, date(2026, 11, 25)),  # Mon + 2 = Wed
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # from a Saturday
        (date(2026, 4, 2), 1, date(2026, 4, 6)),  # Thu before Good Friday -> Mon
        (date(2026, 12, 23), 5, date(2027, 1, 4)),  # Christmas, Boxing (observed 28), New Year
        (date(2026, 2, 13), 1, date(2026, 2, 17)),  # Family Day Monday
        (date(2026, 6, 30), 1, date(2026, 7, 2)),  # Canada Day
        (date(2026, 10, 9), 1, date(2026, 10, 13)),  # Thanksgiving
        (date(2026, 7, 31), 1, date(2026, 8, 3)),  # Civic Holiday is a business day
    ],
)
def test_business_days_skip_weekends_and_ontario_holidays(start, days, expected):
    assert add_business_days(start, days) == expected


def test_business_days_skip_configured_closures():
    closures = {date(2026, 12, 24), date(2026, 12, 29)}
    # 23rd + 3: 24 closed, 25/26/27/28 holidays or weekend, 29 closed -> 30, 31, Jan 4
    assert add_business_days(date(2026, 12, 23), 3, closures) == date(2027, 1, 4)
    assert business_days_between(date(2026, 12, 23), date(2027, 1, 4), closures) == 3


def test_zero_and_negative_business_days():
    assert add_business_days(date(2026, 11, 21), 0) == date(2026, 11, 23)  # Sat -> Mon
    assert add_business_days(date(2026, 11, 23), 0) == date(2026, 11, 23)
    assert add_business_days(date(2026, 11, 23), -1) == date(2026, 11, 20)


def test_business_days_between():
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5
    assert business_days_between(date(2026, 11, 27), date(2026, 11, 20)) == -5
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 20)) == 0
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 22)) == 0


def test_days_left():
    assert days_left(date(2026, 11, 22), date(2026, 11, 22)) == 0
    assert days_left(date(2026, 11, 25), date(2026, 11, 22)) == 3
    assert days_left(date(2026, 11, 20), date(2026, 11, 22)) == -2


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=1, max_value=40),
)
def test_business_days_roundtrip(start, n):
    end = add_business_days(start, n)
    assert business_days_between(start, end) == n
    assert is_business_day(end)
    assert end - start >= timedelta(days=n)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=1, max_value=24),
)
def test_months_never_overflow_into_next_month(start, n):
    end = add_months(start, n)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == n
    assert end.day <= start.day
