"""Deadline services, one module each: a single deadline (`deadline`), the sweep (`sweep`),
who is told (`recipients`), the sweep's messages (`digest`) and closure dates (`closures`).
The sweep lives in `sweeper`. The public names are importable from here."""

from .calendar_feed import calendar_feed_renew, calendar_feed_revoke
from .closures import closure_date_add, closure_date_remove, closure_dates, due_in_business_days
from .deadline import (
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadline_reassign,
    deadlines_cancel_for,
    deadlines_cancel_of,
    open_deadline_of,
)
from .recipients import recipients_of
from .results import ClaimedDeadline, SweepResult
from .sweeper import SWEEP_LOCK_KEY, sweep

__all__ = [
    "SWEEP_LOCK_KEY",
    "ClaimedDeadline",
    "SweepResult",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "closure_date_add",
    "closure_date_remove",
    "closure_dates",
    "deadline_cancel",
    "deadline_meet",
    "deadline_open",
    "deadline_reassign",
    "deadlines_cancel_for",
    "deadlines_cancel_of",
    "due_in_business_days",
    "open_deadline_of",
    "recipients_of",
    "sweep",
]
