"""Day arithmetic for deadlines [SPEC §5]. Pure functions: no ORM, no clock.

- "N days" are calendar days.
- "N months" are calendar months (relativedelta): Aug 31 + 6 months is the last day of
  February (28th, or 29th in a leap year) — the day is clamped to the month's end.
- "N business days" skip Saturdays, Sundays, Ontario public holidays (the `holidays`
  package, Canada, subdivision ON, category `public`, including "(observed)" days) and any
  extra closure dates the certifying body configures (passed in as a set of dates).
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

SATURDAY = 5


def add_calendar_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def add_months(start: date, months: int) -> date:
    """`start` plus calendar months; a day past the target month's end is clamped to it."""
    return start + relativedelta(months=months)


@lru_cache(maxsize=64)
def ontario_holidays(year: int) -> frozenset[date]:
    """Ontario public holidays of `year` (the 9 ESA holidays plus observed days)."""
    return frozenset(holidays.country_holidays("CA", subdiv="ON", years=year).keys())


def is_business_day(day: date, closures: Iterable[date] = frozenset()) -> bool:
    if day.weekday() >= SATURDAY:
        return False
    if day in ontario_holidays(day.year):
        return False
    return day not in closures


def add_business_days(start: date, days: int, closures: Iterable[date] = frozenset()) -> date:
    """The `days`-th business day after `start` (before it when negative); `start` itself is
    never counted, so "within 5 business days of Friday" ends on the following Friday.
    With days == 0, `start` if it is a business day, else the next business day."""
    closures = frozenset(closures)
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    current = start
    if remaining == 0:
        while not is_business_day(current, closures):
            current += timedelta(days=1)
        return current
    while remaining:
        current += timedelta(days=step)
        if is_business_day(current, closures):
            remaining -= 1
    return current


def business_days_between(start: date, end: date, closures: Iterable[date] = frozenset()) -> int:
    """Business days in (start, end]: how many business days after `start` `end` falls.
    business_days_between(d, add_business_days(d, n)) == n for every n >= 1; negative when
    `end` is before `start`."""
    closures = frozenset(closures)
    if end == start:
        return 0
    if end < start:
        return -business_days_between(end, start, closures)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current, closures):
            count += 1
    return count


def days_left(due_on: date, today: date) -> int:
    """Calendar days from `today` to the due date; 0 on the due date, negative when late."""
    return (due_on - today).days
