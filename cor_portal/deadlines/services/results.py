"""What a sweep claimed and did."""

import dataclasses
import functools
import json
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..titles import DeadlineTitle


@dataclass
class SweepResult:
    as_of: date
    missed: int = 0
    reminded: int = 0
    notified_users: int = 0
    missed_by_kind: dict[str, int] = field(default_factory=dict)
    reminded_by_offset: dict[int, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"Sweep {self.as_of.isoformat()}: {self.missed} missed, {self.reminded} "
            f"reminders, {self.notified_users} people notified"
        )


@dataclass(frozen=True, slots=True)
class ClaimedDeadline:
    """A deadline the sweep just claimed, as the rules' on_miss and recipients hooks see it:
    the Deadline fields they need, without building 100,000 model instances."""

    id: int
    kind: str
    subject_type_id: int
    subject_id: str
    organization_id: int | None
    wsib_account_id: int | None
    binds: str
    assignee_id: int | None
    title: str
    url: str
    opened_on: date
    due_on: date
    # What renders the title in a reader's language (titles.render_title); `display_title`
    # is it in the language active when read, as Deadline.display_title.
    title_msgid: str = ""
    title_params: dict = field(default_factory=dict)

    @property
    def pk(self) -> int:
        return self.id

    @property
    def display_title(self) -> DeadlineTitle:
        return DeadlineTitle(self.title, self.title_msgid, self.title_params)


CLAIMED_FIELDS: list[str] = [f.name for f in dataclasses.fields(ClaimedDeadline)]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)  # SQLite: text


def _as_params(value) -> dict:
    """title_params as a dict: a raw cursor returns the JSON text (Django leaves decoding
    jsonb to JSONField), the ORM's values() the decoded value."""
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _light_title(row) -> DeadlineTitle:
    return DeadlineTitle(row.title, row.title_msgid, row.title_params)


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "opened_on": _as_date,
    "due_on": _as_date,
    "title_params": _as_params,
}


@functools.cache
def row_factory(fields: tuple[str, ...] | None) -> Callable[[Mapping[str, Any]], Any]:
    """How a claimed row reaches a rule's on_miss: a ClaimedDeadline (every field) when the
    rule names no `miss_fields`, else a light named tuple of `id` (also `pk`) and those."""
    if fields is None:

        def claimed(row: Mapping[str, Any]) -> ClaimedDeadline:
            values = {
                name: _CONVERT[name](row[name]) if name in _CONVERT else row[name]
                for name in CLAIMED_FIELDS
            }
            return ClaimedDeadline(**values)

        return claimed
    names = tuple(sorted({"id", *fields}, key=CLAIMED_FIELDS.index))
    base = namedtuple("MissedDeadline", names)  # type: ignore[misc]  # names are dynamic
    attrs: dict[str, Any] = {"__slots__": (), "pk": property(lambda s: s.id)}
    if {"title", "title_msgid", "title_params"} <= set(names):
        attrs["display_title"] = property(_light_title)
    row_type = type("MissedDeadline", (base,), attrs)
    convert = {n: _CONVERT[n] for n in names if n in _CONVERT}

    def light(row: Mapping[str, Any]) -> Any:
        return row_type(*(convert[n](row[n]) if n in convert else row[n] for n in names))

    return light
