"""A WSIB account's lifecycle as one timeline [issue 11 item 4]: its cycles, audits, decisions,
certificates, Letters of Good Standing and deadlines met and missed, and what comes next with
its date and the days left, in plain words.

The platform never imports the domain apps, so the timeline is a registry of *sources*. Each
app registers, from its AppConfig.ready(), one function per area that returns the events of a
set of accounts:

    from cor_portal.timeline import Event, EventKind, register_timeline_source

    def _certificates(user, account_ids, today):
        for c in visible(Certificate, user).filter(wsib_account_id__in=account_ids):
            yield Event(account_id=c.wsib_account_id, on=c.anniversary_date,
                        kind=EventKind.CERTIFICATE, title=_("Certificate %(n)s issued") % …)

    register_timeline_source("certification.certificates", _certificates)

Rules every source keeps:

- **Access**: it reads through `cor_portal.access.visible(Model, user)` (or an equally scoped
  query), so a timeline never shows what its reader could not open on its own page.
- **Queries**: a fixed number, whatever the number of accounts and events (one query per
  model, filtered by `account_ids`); never one per account or per row.
- **Dates**: `date`s in America/Toronto (`timezone.localdate(dt)` for a datetime).
- **Words**: titles in the active language (call `gettext`, not `gettext_lazy`, inside the
  source); future events (`on > today`, or `upcoming=True`) are "what comes next".

`timelines(user, account_ids, today)` runs every source once for all the accounts and hands
back one `Timeline` per account. The ordering, grouping into cycles and the plain-words
sentences are pure functions below (no ORM), tested on their own.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


class EventKind(models.TextChoices):
    """What an event is about. Shared by every source, so the page and the API can show and
    filter them alike; an area that needs a new kind adds it here (a small additive edit)."""

    CYCLE = "cycle", gettext_lazy("Cycle")
    REGISTRATION = "registration", gettext_lazy("Registration")
    AUDIT = "audit", gettext_lazy("Audit")
    REVIEW = "review", gettext_lazy("Review")
    DECISION = "decision", gettext_lazy("Decision")
    CERTIFICATE = "certificate", gettext_lazy("Certificate")
    LETTER = "letter", gettext_lazy("Letter of Good Standing")
    ANNIVERSARY = "anniversary", gettext_lazy("Anniversary")
    DEADLINE = "deadline", gettext_lazy("Deadline")
    STANDING = "standing", gettext_lazy("Standing")
    SPOT_CHECK = "spot_check", gettext_lazy("Spot check")
    EQUIVALENCY = "equivalency", gettext_lazy("Equivalency or reciprocity")
    APPEAL = "appeal", gettext_lazy("Appeal")
    ACTION_PLAN = "action_plan", gettext_lazy("Action plan")


class Outcome(models.TextChoices):
    """How an event ended, when that matters to the reader (shown beside its title)."""

    DONE = "done", gettext_lazy("Done")
    PASSED = "passed", gettext_lazy("Passed")
    FAILED = "failed", gettext_lazy("Failed")
    MET = "met", gettext_lazy("Met")
    MISSED = "missed", gettext_lazy("Missed")
    OPEN = "open", gettext_lazy("Open")
    ENDED = "ended", gettext_lazy("Ended")


@dataclass(frozen=True)
class Event:
    """One line of an account's timeline."""

    account_id: int
    on: date
    kind: str
    title: str
    detail: str = ""
    outcome: str = ""
    url: str = ""
    # A future obligation or milestone ("what comes next"); by default, any event after today.
    upcoming: bool | None = None
    # Starts a cycle section on the page (an initial cycle, a certificate's 3 years, a restart).
    starts_cycle: bool = False
    # Ties on the same day: lower `order` first (a deadline missed before the cycle restart it
    # caused), then a cycle start, then by `at` (when the source knows the time), then title.
    order: int = 0
    at: datetime | None = None
    # The registered source's name (filled in by `timelines`).
    source: str = ""
    # What this event stands for, for `covered_by` of another source ("deadline:D6:2027-03-31").
    key: str = ""
    # A forecast line that says again what an upcoming event with one of these keys already
    # says (the standing's turn to pending is the consequence of the open D6 due the day
    # before): left out of what comes next while that event is there.
    covered_by: tuple[str, ...] = ()

    def is_upcoming(self, today: date) -> bool:
        return self.upcoming if self.upcoming is not None else self.on > today

    @property
    def kind_label(self) -> str:
        try:
            return str(EventKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def outcome_label(self) -> str:
        if not self.outcome:
            return ""
        try:
            return str(Outcome(self.outcome).label)
        except ValueError:
            return self.outcome


# source(user, account_ids, today) -> the events of those accounts the user may see.
TimelineSource = Callable[[Any, Sequence[int], date], Iterable[Event]]

_sources: dict[str, TimelineSource] = {}


def register_timeline_source(name: str, source: TimelineSource) -> TimelineSource:
    """Register `source` under `name` ("<app>.<area>"); registering the same name again
    replaces it (AppConfig.ready() may run twice in tests)."""
    if not name or "." not in name:
        raise ValueError("A timeline source is named '<app>.<area>'.")
    _sources[name] = source
    return source


def unregister_timeline_source(name: str) -> None:
    _sources.pop(name, None)


def timeline_sources() -> list[str]:
    return list(_sources)


# --- pure: ordering, cycles, what comes next, plain words --------------------------------


def days_phrase(on: date, today: date) -> str:
    """ "today", "tomorrow", "30 days from today", "yesterday", "3 days ago"."""
    days = (on - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    if days > 0:
        return ngettext("%(n)d day from today", "%(n)d days from today", days) % {"n": days}
    return ngettext("%(n)d day ago", "%(n)d days ago", -days) % {"n": -days}


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Oldest first; same day by `order`, then a cycle start first, then by time, then by
    title (an event without a time first)."""
    return sorted(
        events,
        key=lambda e: (
            e.on,
            e.order,
            not e.starts_cycle,
            e.at is not None,
            e.at.timestamp() if e.at is not None else 0.0,
            e.title,
        ),
    )


@dataclass(frozen=True)
class CycleSection:
    """The events between one cycle start and the next (the first section may have no start:
    what happened before any cycle began, e.g. the registration)."""

    start: Event | None
    events: tuple[Event, ...]

    @property
    def title(self) -> str:
        return self.start.title if self.start is not None else _("Before the first cycle")


def cycle_sections(past: Sequence[Event]) -> list[CycleSection]:
    """Group past events (sorted) into cycle sections, newest section first; each section's
    events stay oldest first so a cycle reads top to bottom."""
    sections: list[CycleSection] = []
    start: Event | None = None
    current: list[Event] = []
    for event in past:
        if event.starts_cycle:
            if start is not None or current:
                sections.append(CycleSection(start, tuple(current)))
            start, current = event, []
        else:
            current.append(event)
    if start is not None or current:
        sections.append(CycleSection(start, tuple(current)))
    return list(reversed(sections))


@dataclass(frozen=True)
class Timeline:
    account_id: int
    today: date
    past: tuple[Event, ...] = ()
    upcoming: tuple[Event, ...] = ()
    sections: tuple[CycleSection, ...] = ()
    summary: str = ""
    next_steps: tuple[tuple[Event, str], ...] = field(default_factory=tuple)


def next_sentence(event: Event, today: date) -> str:
    """ "Maintenance audit due: 2026-12-31, 30 days from today"."""
    return _("%(what)s: %(date)s, %(days)s") % {
        "what": event.title,
        "date": event.on.isoformat(),
        "days": days_phrase(event.on, today),
    }


def summary_of(upcoming: Sequence[Event], today: date) -> str:
    """What comes next in one plain sentence: the next anniversary, then the next obligation
    (the earliest upcoming event that is not an anniversary).

    "Your anniversary is 2027-03-01; next: Maintenance audit due, 2026-12-31, 30 days from
    today." — or, with nothing ahead, that nothing is due."""
    anniversary = next((e for e in upcoming if e.kind == EventKind.ANNIVERSARY), None)
    step = next((e for e in upcoming if e.kind != EventKind.ANNIVERSARY), None)
    parts = []
    if anniversary is not None:
        parts.append(
            _("Your anniversary is %(date)s (%(days)s)")
            % {"date": anniversary.on.isoformat(), "days": days_phrase(anniversary.on, today)}
        )
    if step is not None:
        parts.append(
            _("next: %(what)s, %(date)s, %(days)s")
            % {
                "what": step.title,
                "date": step.on.isoformat(),
                "days": days_phrase(step.on, today),
            }
        )
    if not parts:
        return _("Nothing is due for this account.")
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def without_covered(events: Iterable[Event], today: date) -> list[Event]:
    """The events less each upcoming one `covered_by` another upcoming event's key: the same
    thing ahead is shown once (pure)."""
    events = list(events)
    keys = {e.key for e in events if e.key and e.is_upcoming(today)}
    return [
        e
        for e in events
        if not (e.covered_by and e.is_upcoming(today) and keys.intersection(e.covered_by))
    ]


def build_timeline(account_id: int, events: Iterable[Event], today: date) -> Timeline:
    """One account's timeline from its events (pure)."""
    ordered = sort_events(without_covered(events, today))
    past = tuple(e for e in ordered if not e.is_upcoming(today))
    upcoming = tuple(e for e in ordered if e.is_upcoming(today))
    return Timeline(
        account_id=account_id,
        today=today,
        past=past,
        upcoming=upcoming,
        sections=tuple(cycle_sections(past)),
        summary=summary_of(upcoming, today),
        next_steps=tuple((e, days_phrase(e.on, today)) for e in upcoming),
    )


# --- the one entry point -----------------------------------------------------------------


def timelines(user, account_ids: Iterable[int], today: date) -> dict[int, Timeline]:
    """The timeline of each account id, every registered source run once for all of them.
    The caller has already checked that `user` may see these accounts."""
    ids = sorted(set(account_ids))
    found: dict[int, list[Event]] = {pk: [] for pk in ids}
    if ids:
        for name, source in _sources.items():
            for event in source(user, ids, today):
                if event.account_id in found:
                    found[event.account_id].append(_named(event, name))
    return {pk: build_timeline(pk, events, today) for pk, events in found.items()}


def timeline_of(user, account_id: int, today: date) -> Timeline:
    return timelines(user, [account_id], today)[account_id]


def _named(event: Event, name: str) -> Event:
    return event if event.source == name else replace(event, source=name)
