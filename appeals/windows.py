"""The appeal windows on Ontario business days [001 §7; SPEC §5 D13-D17]. Pure functions: no
ORM, no clock. Closure dates (configured by an administrator) are passed in.

D13  report received            -> level 1 filed within 5 business days
D14  appeal filed (any level)   -> acknowledged within 2 business days
D15  appeal filed (level 1, 2)  -> decided within 5 business days
D16  level-1/2 decision denied  -> next level filed within 5 business days
D17  level-2 decision           -> level-3 review within 5 business days

"Within N business days of X" ends on the N-th business day after X (X itself is never
counted): a business day is a weekday that is not an Ontario public holiday under the
Employment Standards Act (the `holidays` package, observed days included) and not a closure
date. Easter Monday, the Civic Holiday and Remembrance Day are business days.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cor_portal.deadlines import calendar

FILE_DAYS = 5  # D13 (level 1) and D16 (levels 2 and 3)
ACKNOWLEDGE_DAYS = 2  # D14
DECIDE_DAYS = 5  # D15
REVIEW_DAYS = 5  # D17


@dataclass(frozen=True)
class Skipped:
    """A weekday inside a window that was not counted, and why."""

    day: date
    name: str  # the holiday's name, or the closure's reason
    closure: bool = False


@lru_cache(maxsize=64)
def _names(year: int, language: str) -> dict[date, str]:
    lang = "fr" if language.startswith("fr") else "en_CA"
    return dict(holidays.country_holidays("CA", subdiv="ON", years=year, language=lang))


def holiday_name(day: date, language: str | None = None) -> str | None:
    """The Ontario public holiday on `day` (in the reader's language), or None."""
    return _names(day.year, language or get_language() or "en").get(day)


def due_on(start: date, days: int, closures: Iterable[date] = frozenset()) -> date:
    return calendar.add_business_days(start, days, frozenset(closures))


def skipped(
    start: date,
    end: date,
    closures: dict[date, str] | Iterable[date] = frozenset(),
    language: str | None = None,
) -> list[Skipped]:
    """Weekdays in (start, end] that are not business days: holidays and closure dates."""
    reasons = closures if isinstance(closures, dict) else dict.fromkeys(closures, "")
    out: list[Skipped] = []
    day = start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() >= calendar.SATURDAY:
            continue
        name = holiday_name(day, language)
        if name is not None:
            out.append(Skipped(day, name))
        elif day in reasons:
            out.append(Skipped(day, reasons[day] or _("office closed"), closure=True))
    return out


def explain(
    start: date,
    days: int,
    closures: dict[date, str] | Iterable[date] = frozenset(),
    language: str | None = None,
) -> str:
    """The rule of a window in words: "5 business days: Good Friday is not counted"."""
    reasons = closures if isinstance(closures, dict) else dict.fromkeys(closures, "")
    end = due_on(start, days, reasons.keys())
    head = ngettext("%(n)s business day", "%(n)s business days", days) % {"n": days}
    missed = skipped(start, end, reasons, language)
    if not missed:
        return _("%(rule)s (weekends are not counted)") % {"rule": head}
    names = [
        (_("%(reason)s (closure day, %(day)s)") if s.closure else _("%(reason)s"))
        % {"reason": s.name, "day": date_format(s.day, "DATE_FORMAT")}
        for s in missed
    ]
    return ngettext(
        "%(rule)s: %(names)s is not counted",
        "%(rule)s: %(names)s are not counted",
        len(names),
    ) % {"rule": head, "names": ", ".join(names)}


def business_days_left(today: date, due: date, closures: Iterable[date] = frozenset()) -> int:
    """Business days from `today` to `due`: 0 on the due day, negative when late."""
    return calendar.business_days_between(today, due, frozenset(closures))


def within(due: date, today: date) -> bool:
    """Acting on the due day still counts."""
    return today <= due
