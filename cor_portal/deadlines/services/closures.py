"""Closure dates: days the certifying body is closed, skipped by business-day deadlines."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cor_portal.errors import DomainError
from cor_portal.history.services import record

from .. import calendar
from ..enums import DeadlineAction
from ..models import ClosureDate


def closure_dates() -> frozenset[date]:
    return frozenset(ClosureDate.objects.values_list("date", flat=True))


def due_in_business_days(start: date, days: int) -> date:
    """`days` Ontario business days after `start`, skipping the configured closure dates."""
    return calendar.add_business_days(start, days, closure_dates())


@transaction.atomic
def closure_date_add(*, day: date, reason: str, actor) -> ClosureDate:
    """Add a day the certifying body is closed. Deadlines already open keep their due dates;
    business-day deadlines opened from now on skip it."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the office is closed that day."), field="reason")
    if day.weekday() >= calendar.SATURDAY:
        raise DomainError(
            _("%(day)s is a weekend day; weekends are never business days.")
            % {"day": day.isoformat()},
            field="date",
        )
    if day in calendar.ontario_holidays(day.year):
        raise DomainError(
            _("%(day)s is already an Ontario public holiday.") % {"day": day.isoformat()},
            field="date",
        )
    if ClosureDate.objects.filter(date=day).exists():
        raise DomainError(
            _("%(day)s is already a closure date.") % {"day": day.isoformat()}, field="date"
        )
    closure = ClosureDate.objects.create(date=day, reason=reason[:200])
    record(
        subject=closure,
        actor=actor,
        action=DeadlineAction.CLOSURE_ADDED,
        changes={"date": (None, day)},
        reason=reason,
    )
    return closure


@transaction.atomic
def closure_date_remove(*, closure_id: int, actor) -> None:
    closure = ClosureDate.objects.filter(pk=closure_id).first()
    if closure is None:
        raise DomainError(_("That closure date no longer exists."), field="date")
    record(
        subject=closure,
        actor=actor,
        action=DeadlineAction.CLOSURE_REMOVED,
        changes={"date": (closure.date, None)},
        reason=closure.reason,
    )
    closure.delete()
