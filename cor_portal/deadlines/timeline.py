"""The deadlines of an account on its timeline (cor_portal.timeline): each one met (the day it
was closed), missed (the day it was missed) or still open (what comes next, by its due date).
Cancelled deadlines are left out: nothing was owed in the end. Two queries for any number of
accounts (the deadlines, and the content types' cache on the first call)."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.utils import timezone

from cor_portal.access import visible
from cor_portal.timeline import Event, EventKind, Outcome, register_timeline_source

from .models import Deadline
from .registry import rule_title

FIELDS = (
    "kind",
    "wsib_account_id",
    "state",
    "due_on",
    "closed_at",
    "missed_on",
    "title",
    "title_msgid",
    "title_params",
    "url",
)


def deadline_key(kind: str, due_on: date) -> str:
    """The timeline key of an open deadline (another source's forecast may be `covered_by`
    it)."""
    return f"deadline:{kind}:{due_on.isoformat()}"


def deadline_events(user, account_ids: Sequence[int], today: date) -> Iterable[Event]:
    rows = (
        visible(Deadline, user)
        .filter(
            wsib_account_id__in=account_ids,
            state__in=[Deadline.State.OPEN, Deadline.State.MET, Deadline.State.MISSED],
        )
        .only(*FIELDS)
    )
    for d in rows:
        title = f"{d.kind} {rule_title(d.kind)}"
        if d.state == Deadline.State.OPEN:
            yield Event(
                account_id=d.wsib_account_id,
                on=d.due_on,
                kind=EventKind.DEADLINE,
                title=title,
                detail=d.display_title,
                outcome=Outcome.OPEN,
                url=d.url,
                upcoming=True,
                key=deadline_key(d.kind, d.due_on),
            )
        elif d.state == Deadline.State.MET:
            closed = timezone.localdate(d.closed_at) if d.closed_at else d.due_on
            yield Event(
                account_id=d.wsib_account_id,
                on=closed,
                kind=EventKind.DEADLINE,
                title=title,
                detail=d.display_title,
                outcome=Outcome.MET,
                url=d.url,
                upcoming=False,
                at=d.closed_at,
            )
        else:
            yield Event(
                account_id=d.wsib_account_id,
                on=d.missed_on or d.due_on,
                kind=EventKind.DEADLINE,
                title=title,
                detail=d.display_title,
                outcome=Outcome.MISSED,
                url=d.url,
                upcoming=False,
                # Before the cycle restart or standing turn it caused on the same day.
                order=-1,
            )


def register() -> None:
    register_timeline_source("deadlines.deadlines", deadline_events)
