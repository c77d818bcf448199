"""External- and internal-auditor quality rules [001 §4.3, §4.5; 004 mandates 3-5] as plain
functions: no ORM, no request."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

# EAQA: at least 10 % of the active roster a year [004 mandate 5: "1 EAQA (>10% of current
# roster)"], so at least one whenever anyone is on the roster.
EAQA_SHARE_PCT = 10
# An internal auditor's training is current when the COR Internal Auditor course was
# completed within this many years (the program's exemption window [001 §2.2]; the seed sets
# no refresher period, so the one window the program names is used).
TRAINING_CURRENCY_YEARS = 3


def eaqa_required(active_roster: int) -> int:
    """How many EAQAs a year: ceil(10 % of the active roster); 0 for an empty roster."""
    if active_roster < 0:
        raise ValueError("a roster size is never negative")
    return math.ceil(active_roster * EAQA_SHARE_PCT / 100)


@dataclass(frozen=True)
class RotationCandidate:
    auditor_id: int
    last_eaqa_on: date | None  # the last completed EAQA; None: never audited


def eaqa_rotation(candidates: Sequence[RotationCandidate], count: int) -> list[int]:
    """Pick `count` auditors by rotation: never audited first, then longest since their last
    EAQA; ties in roster order (id), so the pick is the same every time."""
    if count < 0:
        raise ValueError("count is never negative")
    ordered = sorted(
        candidates,
        key=lambda c: (c.last_eaqa_on is not None, c.last_eaqa_on or date.min, c.auditor_id),
    )
    return [c.auditor_id for c in ordered[:count]]


@dataclass(frozen=True)
class InternalAuditorFacts:
    organization_id: int
    courses: dict[str, date]  # course -> latest completion


def is_trained(courses: dict[str, date], required: Iterable[str]) -> bool:
    return all(course in courses for course in required)


def training_current(
    courses: dict[str, date], *, required: Iterable[str], key_course: str, today: date
) -> bool:
    """Trained, and the key course (COR Internal Auditor) taken within the currency window."""
    if not is_trained(courses, required):
        return False
    return courses[key_course] >= today - relativedelta(years=TRAINING_CURRENCY_YEARS)


def employers_with_more_than_one(
    auditors: Iterable[InternalAuditorFacts], *, required: Iterable[str]
) -> int:
    """The number of employers with more than one trained internal auditor [004 mandate 3]."""
    required = tuple(required)
    per_org: dict[int, int] = {}
    for auditor in auditors:
        if is_trained(auditor.courses, required):
            per_org[auditor.organization_id] = per_org.get(auditor.organization_id, 0) + 1
    return sum(1 for n in per_org.values() if n > 1)


def rating_problems(rating: str, findings: str, ratings: Iterable[str]) -> list[str]:
    from django.utils.translation import gettext as _

    problems = []
    if rating not in tuple(ratings):
        problems.append(_("Choose a rating."))
    if not findings.strip():
        problems.append(_("Write the evaluation's findings."))
    return problems
