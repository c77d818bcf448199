"""Program figures as pure functions over plain values (no ORM, no request) [SPEC §8; 003; 004].

Exact arithmetic: every rate and share is a `Decimal` computed from integers (or Decimal
hours) and rounded once, half up, at the end; a figure whose denominator is zero is `None`
("no data"), never 0 and never a division error.

- Percentiles (cycle-time median and 90th percentile) are the *linear interpolation between
  closest ranks* definition (PostgreSQL's `percentile_cont`, Excel's `PERCENTILE.INC`,
  NumPy's default), computed from a histogram `{value: count}` so the database hands over one
  row per distinct number of days, not one per audit.
- SLA compliance of a deadline kind: deadlines met on or before their due date over those
  decided (met, missed, or still open past their due date); cancelled and open-not-yet-due
  deadlines are not counted.
- OHS performance [003]: one person-year is 2,000 hours worked;
  LTC rate = lost-time claims ÷ person-years × 100,
  DIR = (lost-time + modified-work claims) ÷ person-years × 100.
  A group's rate is computed from the group's summed claims and hours (not an average of
  the members' rates). Zero hours: no rate.
- Retention of certified employers: of the accounts certified at the start of a period,
  the share still certified at its end.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_PERSON_YEAR = 2000
RATE_PLACES = Decimal("0.01")
SHARE_PLACES = Decimal("0.1")
PERCENTILE_PLACES = Decimal("0.1")

Number = int | Decimal


def _round(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` as a percentage with one decimal (None when `whole` is 0)."""
    if part < 0 or whole < 0:
        raise ValueError("Counts cannot be negative.")
    if part > whole:
        raise ValueError("A part cannot exceed its whole.")
    if whole == 0:
        return None
    return _round(Decimal(part) * 100 / Decimal(whole), SHARE_PLACES)


# --- percentiles -------------------------------------------------------------------------


def percentile_from_counts(counts: Mapping[int, int], p: int | Decimal) -> Decimal | None:
    """The p-th percentile (0–100) of the multiset where value v occurs counts[v] times;
    linear interpolation between closest ranks (percentile_cont). None for no values."""
    p = Decimal(p)
    if not 0 <= p <= 100:
        raise ValueError("A percentile is between 0 and 100.")
    items = sorted((v, n) for v, n in counts.items() if n)
    if any(n < 0 for _v, n in items):
        raise ValueError("Counts cannot be negative.")
    total = sum(n for _v, n in items)
    if total == 0:
        return None
    # 0-based fractional rank of the percentile among `total` sorted values.
    rank = p * (total - 1) / 100
    low = int(rank)  # floor: rank >= 0
    fraction = rank - low
    low_value = _nth(items, low)
    if fraction == 0:
        return _round(Decimal(low_value), PERCENTILE_PLACES)
    high_value = _nth(items, low + 1)
    value = Decimal(low_value) + (Decimal(high_value) - Decimal(low_value)) * fraction
    return _round(value, PERCENTILE_PLACES)


def _nth(items: list[tuple[int, int]], index: int) -> int:
    """The value at 0-based `index` of the sorted multiset given as (value, count) pairs."""
    seen = 0
    for value, count in items:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


def counts_of(values: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts


@dataclass(frozen=True)
class CycleTimes:
    """Receipt → decision, in calendar days."""

    count: int
    median: Decimal | None
    p90: Decimal | None


def cycle_times(counts: Mapping[int, int]) -> CycleTimes:
    if any(days < 0 for days, n in counts.items() if n):
        raise ValueError("A decision cannot come before its receipt.")
    return CycleTimes(
        count=sum(counts.values()),
        median=percentile_from_counts(counts, 50),
        p90=percentile_from_counts(counts, 90),
    )


# --- SLA compliance -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineOutcome:
    """One deadline, as the SLA figure needs it."""

    state: str  # open / met / missed / cancelled
    due_on: date
    closed_on: date | None = None  # the day it was met (America/Toronto)


@dataclass(frozen=True)
class SlaCompliance:
    on_time: int
    late: int  # met after its due date (before the sweep claimed it)
    missed: int  # claimed missed, or open past its due date
    decided: int
    compliance: Decimal | None  # on_time / decided, percent


def sla_tally(*, on_time: int, late: int, missed: int) -> SlaCompliance:
    decided = on_time + late + missed
    return SlaCompliance(
        on_time=on_time,
        late=late,
        missed=missed,
        decided=decided,
        compliance=share(on_time, decided),
    )


def sla_compliance(outcomes: Iterable[DeadlineOutcome], today: date) -> SlaCompliance:
    on_time = late = missed = 0
    for o in outcomes:
        if o.state == "met":
            if o.closed_on is None:
                raise ValueError("A met deadline has the day it was met.")
            if o.closed_on <= o.due_on:
                on_time += 1
            else:
                late += 1
        elif o.state == "missed" or (o.state == "open" and o.due_on < today):
            missed += 1
    return sla_tally(on_time=on_time, late=late, missed=missed)


# --- OHS performance [003] ------------------------------------------------------------------


def person_years(hours: Number) -> Decimal:
    if hours < 0:
        raise ValueError("Hours worked cannot be negative.")
    return Decimal(hours) / HOURS_PER_PERSON_YEAR


def ltc_rate(lost_time_claims: int, hours: Number) -> Decimal | None:
    """Lost-time claims per 100 person-years (None when no hours were worked)."""
    if lost_time_claims < 0:
        raise ValueError("Claims cannot be negative.")
    years = person_years(hours)
    if years == 0:
        return None
    return _round(Decimal(lost_time_claims) * 100 / years, RATE_PLACES)


def dir_rate(lost_time_claims: int, modified_work_claims: int, hours: Number) -> Decimal | None:
    """Disabling injury rate: (lost-time + modified-work claims) per 100 person-years."""
    if modified_work_claims < 0:
        raise ValueError("Claims cannot be negative.")
    return ltc_rate(lost_time_claims + modified_work_claims, hours)


@dataclass(frozen=True)
class PerformanceTotals:
    """Summed claims and hours of a group of accounts for one year."""

    accounts: int
    hours: Decimal
    lost_time_claims: int
    modified_work_claims: int

    @property
    def person_years(self) -> Decimal:
        return _round(person_years(self.hours), RATE_PLACES)

    @property
    def ltc_rate(self) -> Decimal | None:
        return ltc_rate(self.lost_time_claims, self.hours)

    @property
    def dir_rate(self) -> Decimal | None:
        return dir_rate(self.lost_time_claims, self.modified_work_claims, self.hours)


def performance_totals(rows: Iterable[tuple[Number, int, int]]) -> PerformanceTotals:
    """Totals of (hours, lost-time claims, modified-work claims) rows."""
    accounts = lost = modified = 0
    hours = Decimal(0)
    for h, lt, mw in rows:
        accounts += 1
        hours += Decimal(h)
        lost += lt
        modified += mw
    return PerformanceTotals(accounts, hours, lost, modified)


# --- retention ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    at_start: int
    retained: int
    rate: Decimal | None


def retention(certified_at_start: Iterable[int], certified_at_end: Iterable[int]) -> Retention:
    start = set(certified_at_start)
    kept = start & set(certified_at_end)
    return Retention(at_start=len(start), retained=len(kept), rate=share(len(kept), len(start)))


# --- KPI progress (workplan) ------------------------------------------------------------------


def progress(actual: Number | None, target: Number | None) -> Decimal | None:
    """Actual against target as a percentage (may exceed 100); None without both."""
    if actual is None or target is None or target == 0:
        return None
    if target < 0 or actual < 0:
        raise ValueError("Targets and results cannot be negative.")
    return _round(Decimal(actual) * 100 / Decimal(target), SHARE_PLACES)
