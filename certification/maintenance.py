"""Keeping COR after the certificate [SPEC §4.2, §4.3, §5 D5–D8; 001 §2.4, §2.5]: the pure
date rules of the maintenance plan (no ORM; certification/services/maintenance.py stores them).

When a certificate is issued its WSIB account's plan holds three *maintenance years*:

    year 2, year 3 — the internal maintenance audit and its Letter of Good Standing (LGS);
    year 4         — recertification: the anniversary that ends the 3-year cycle, met by the
                     next certificate (a passing recertification external audit).

Each year's anniversary A (29 February → 28 February in common years: relativedelta) gives:

    D5  A - 60 days  the maintenance audit is submitted (year 4: the recertification external
                     audit should have started — reminders from A - 90, "60–90 days before");
                     missed → the year is flagged late (and reminded), nothing else.
    D6  A + 30 days  LGS (years 2, 3) / new certificate (year 4) obtained; missed → `pending`.
    D7  A + 90 days  same; missed → `lapsed`: the certificate ends, the account starts over.
    D8  A + 90 days  opened only by a failed maintenance review: its deficiencies corrected;
                     missed → lapsed (as D7).

A due date is the last day that counts ("within 30 days after the anniversary": day 30 is in
time; pending from day 31, lapsed from day 91), as everywhere in the deadline sweep.

A back-dated certificate (imported history, an anniversary already behind) is planned only
for the years whose lapse day (A + 90) is not yet past on the day it is issued: obligations
that ended before the portal knew of the certificate are taken as met outside it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

LGS_YEARS = (2, 3)
RECERTIFICATION_YEAR = 4
PLAN_YEARS = (*LGS_YEARS, RECERTIFICATION_YEAR)
AUDIT_DAYS_BEFORE = 60  # D5 [001 §2.4: "at least 60 days prior to the anniversary date"]
PENDING_AFTER_DAYS = 30  # D6
LAPSED_AFTER_DAYS = 90  # D7, D8
RECERTIFICATION_REMINDER_DAYS = (30, 14, 3)  # before A - 60: i.e. 90, 74, 63 days before A


@dataclass(frozen=True)
class YearPlan:
    """The dates of one maintenance year."""

    year: int
    anniversary: date
    audit_due_on: date  # D5
    pending_due_on: date  # D6: the last day an LGS / certificate keeps the account clear
    lapse_due_on: date  # D7 (and D8): the last day before the certification is lost

    @property
    def is_recertification(self) -> bool:
        return self.year == RECERTIFICATION_YEAR


def year_plan(certificate_anniversary: date, year: int) -> YearPlan:
    if year not in PLAN_YEARS:
        raise ValueError(f"A maintenance year is one of {PLAN_YEARS}, not {year}.")
    anniversary = certificate_anniversary + relativedelta(years=year - 1)
    return YearPlan(
        year=year,
        anniversary=anniversary,
        audit_due_on=anniversary - timedelta(days=AUDIT_DAYS_BEFORE),
        pending_due_on=anniversary + timedelta(days=PENDING_AFTER_DAYS),
        lapse_due_on=anniversary + timedelta(days=LAPSED_AFTER_DAYS),
    )


def reregistration_window(certificate_anniversary: date) -> tuple[date, date]:
    """The days a certified account may re-register for recertification [001 §2.5: "the end
    of the third year ... re-register"]: from the start of the certificate's third year to
    the recertification year's lapse day (A4 + 90), after which the certification is lost
    and the account starts the COR process from the beginning."""
    recert = year_plan(certificate_anniversary, RECERTIFICATION_YEAR)
    return year_plan(certificate_anniversary, 3).anniversary, recert.lapse_due_on


def recertification_reminder_days(anniversary: date) -> tuple[date, ...]:
    """The days the reminders to start the recertification external audit go out: the D5
    row of year 4 (due A - 60) is reminded 30, 14 and 3 days ahead, i.e. A - 90, A - 74 and
    A - 63 — the "60 to 90 days before the anniversary" window [001 §2.5]."""
    due = anniversary - timedelta(days=AUDIT_DAYS_BEFORE)
    return tuple(due - timedelta(days=d) for d in RECERTIFICATION_REMINDER_DAYS)


def maintenance_plan(certificate_anniversary: date, issued_on: date) -> list[YearPlan]:
    """The years to plan for a certificate with `certificate_anniversary` issued on
    `issued_on`: years 2, 3 and 4 (recertification), less those already lapsed then."""
    plans = [year_plan(certificate_anniversary, y) for y in PLAN_YEARS]
    return [p for p in plans if p.lapse_due_on >= issued_on]


def hold_of(year_states: list[str]) -> str:
    """The account's stored hold from the states of its current certificate's years:
    "lapsed" if any lapsed, else "pending" if any pending, else "" (clear)."""
    if "lapsed" in year_states:
        return "lapsed"
    if "pending" in year_states:
        return "pending"
    return ""
