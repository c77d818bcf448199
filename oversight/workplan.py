"""The certifying partner's annual workplan [seed 004] as pure functions: no ORM, no request.

- A workplan covers one program year, April to March (as oversight.program does): program
  year 2026 runs from 2026-04-01 to 2027-03-31, its quarters Q1 April–June … Q4 January–March.
- A KPI the portal counts itself (a *measure*) is measured live from the start of the program
  year to the end of the quarter asked for (or today, whichever comes first); a KPI the portal
  cannot count is entered per quarter with its evidence, and its result for a quarter is the
  latest entry up to that quarter (entries are cumulative, as a progress report is).
- Progress against the target is oversight.figures.progress (one arithmetic for the portal).
- The board chair's approval needs a printed name, a signature and a date not in the future;
  a workplan is approved once.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from oversight import figures

QUARTERS = (1, 2, 3, 4)
NAME_MAX = 200
SIGNATURE_MAX = 200
TEXT_MAX = 4000


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # inclusive


def program_year_of(day: date) -> int:
    """The program year a day falls in (April to March)."""
    return day.year if day.month >= 4 else day.year - 1


def year_window(year: int) -> Window:
    return Window(date(year, 4, 1), date(year + 1, 3, 31))


def quarter_window(year: int, quarter: int) -> Window:
    """Quarter `quarter` (1–4) of program year `year`."""
    if quarter not in QUARTERS:
        raise ValueError("A quarter is 1, 2, 3 or 4.")
    starts = {1: (year, 4), 2: (year, 7), 3: (year, 10), 4: (year + 1, 1)}
    ends = {1: (year, 6, 30), 2: (year, 9, 30), 3: (year, 12, 31), 4: (year + 1, 3, 31)}
    y, m = starts[quarter]
    return Window(date(y, m, 1), date(*ends[quarter]))


def current_quarter(year: int, today: date) -> int | None:
    """The quarter of `year` that `today` is in; 4 once the year is over, None before it."""
    if today < year_window(year).start:
        return None
    for q in QUARTERS:
        if today <= quarter_window(year, q).end:
            return q
    return 4


def measured_window(year: int, quarter: int | None, today: date) -> Window | None:
    """Year to date up to the end of `quarter` (None: the whole year), never past today; None
    when the window has not begun."""
    start = year_window(year).start
    end = year_window(year).end if quarter is None else quarter_window(year, quarter).end
    end = min(end, today)
    if end < start:
        return None
    return Window(start, end)


def entered_result(entries: Mapping[int, Decimal], quarter: int | None) -> Decimal | None:
    """An entered KPI's result at the end of `quarter` (None: the latest): the entry of the
    latest quarter reported up to it."""
    upto = 4 if quarter is None else quarter
    reported = [q for q in entries if q <= upto]
    return entries[max(reported)] if reported else None


@dataclass(frozen=True)
class KpiProgress:
    actual: Decimal | None
    target: Decimal | None
    percent: Decimal | None  # of the target, may exceed 100
    met: bool


def kpi_progress(actual: int | Decimal | None, target: Decimal | None) -> KpiProgress:
    actual_d = None if actual is None else Decimal(actual)
    percent = figures.progress(actual_d, target)
    met = actual_d is not None and target is not None and actual_d >= target
    return KpiProgress(actual_d, target, percent, met)


def result_problems(*, quarter, value, evidence: str) -> list[tuple[str, str]]:
    """An entered result: a quarter 1–4, a value not negative, the evidence described."""
    problems = []
    if quarter not in QUARTERS:
        problems.append(("quarter", _("Choose a quarter from 1 to 4.")))
    if not isinstance(value, Decimal) or not value.is_finite():
        problems.append(("value", _("Give the result as a number.")))
    elif value < 0:
        problems.append(("value", _("A result cannot be negative.")))
    if not (evidence or "").strip():
        problems.append(("evidence", _("Say what the evidence is (a report, a list, a count).")))
    elif len(evidence) > TEXT_MAX:
        problems.append(("evidence", _("Keep the evidence to 4000 characters.")))
    return problems


def approval_problems(
    *, chair_name: str, signature: str, approved_on, today: date, mandates: int
) -> list[tuple[str, str]]:
    """The board chair's approval: printed name, signature, a date not in the future, and a
    workplan with at least one mandate."""
    problems = []
    if not (chair_name or "").strip():
        problems.append(("chair_name", _("Print the board chair's name.")))
    elif len(chair_name) > NAME_MAX:
        problems.append(("chair_name", _("Keep the name to 200 characters.")))
    if not (signature or "").strip():
        problems.append(("signature", _("The board chair signs the workplan.")))
    elif len(signature) > SIGNATURE_MAX:
        problems.append(("signature", _("Keep the signature to 200 characters.")))
    if not isinstance(approved_on, date):
        problems.append(("approved_on", _("Give the date approved (YYYY-MM-DD).")))
    elif approved_on > today:
        problems.append(("approved_on", _("The date approved is in the future.")))
    if mandates == 0:
        problems.append(("workplan", _("A workplan with no mandate cannot be approved.")))
    return problems
