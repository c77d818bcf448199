"""What the appeal pages say about a due date: the day with its weekday, the business days
left, and the rule in words ("5 business days: Good Friday is not counted"), derived from the
holidays and closure days actually inside the window (appeals.windows). Pure: the stages, the
closure days and today are passed in; no ORM, no clock."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import windows
from .enums import AppealStatus


def with_weekday(day: date) -> str:
    """ "Tuesday, 7 Apr 2026" (in the reader's language)."""
    return f"{date_format(day, 'l')}, {date_format(day, 'DATE_FORMAT')}"


@dataclass(frozen=True)
class Due:
    """One due date of an appeal, as a page shows it."""

    what: str
    day: date
    shown: str  # the day with its weekday
    rule: str  # the rule, with what was not counted
    days_left: int  # business days from today: 0 on the day, negative when late

    @property
    def late(self) -> bool:
        return self.days_left < 0

    @property
    def left_text(self) -> str:
        from django.utils.translation import ngettext

        if self.days_left < 0:
            n = -self.days_left
            return ngettext("%(n)s business day late", "%(n)s business days late", n) % {"n": n}
        if self.days_left == 0:
            return _("due today")
        return ngettext("%(n)s business day left", "%(n)s business days left", self.days_left) % {
            "n": self.days_left
        }


def due(
    what: str, start: date, days: int, day: date, closures: Mapping[date, str], today: date
) -> Due:
    return Due(
        what=what,
        day=day,
        shown=with_weekday(day),
        rule=windows.explain(start, days, dict(closures)),
        days_left=windows.business_days_left(today, day, closures.keys()),
    )


def filing_due(received_on: date, closures: Mapping[date, str], today: date) -> Due:
    """D13: the level-1 appeal is filed within 5 business days of receiving the report."""
    day = windows.due_on(received_on, windows.FILE_DAYS, closures.keys())
    return due(_("File a level-1 appeal by"), received_on, windows.FILE_DAYS, day, closures, today)


def stage_dues(stage, level2_decided_on: date | None, closures, today: date) -> list[Due]:
    """Every due date of one level (D14, D15 or D17, D16 after a denial)."""
    out = [
        due(
            _("Acknowledgement due"),
            stage.filed_on,
            windows.ACKNOWLEDGE_DAYS,
            stage.acknowledge_due_on,
            closures,
            today,
        )
    ]
    if stage.level == 3 and level2_decided_on is not None:
        start, days = level2_decided_on, windows.REVIEW_DAYS
    else:
        start, days = stage.filed_on, windows.DECIDE_DAYS
    out.append(_decision_due(stage, start, days, closures, today))
    if stage.escalate_due_on and stage.decided_on:
        out.append(
            due(
                _("Next level filed by"),
                stage.decided_on,
                windows.FILE_DAYS,
                stage.escalate_due_on,
                closures,
                today,
            )
        )
    return out


def _decision_due(stage, start, days, closures, today) -> Due:
    return due(_("Decision due"), start, days, stage.decide_due_on, closures, today)


def current_due(appeal, stages: Sequence, closures: Mapping[date, str], today: date) -> Due | None:
    """The due date the appeal waits on now (for queues and the board), or None when it is
    finished."""
    by_level = {s.level: s for s in stages}
    stage = by_level.get(appeal.level)
    if stage is None:
        return None
    level2 = by_level.get(2)
    dues = stage_dues(stage, level2.decided_on if level2 else None, closures, today)
    if appeal.status == AppealStatus.FILED:
        return dues[0]
    if appeal.status == AppealStatus.ACKNOWLEDGED:
        return dues[1]
    if appeal.status == AppealStatus.DENIED and len(dues) > 2:
        return dues[2]
    return None
