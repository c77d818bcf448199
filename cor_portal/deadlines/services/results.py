"""What a sweep claimed and did."""

import dataclasses
import functools
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


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

    @property
    def pk(self) -> int:
        return self.id


CLAIMED_FIELDS: list[str] = [f.name for f in dataclasses.fields(ClaimedDeadline)]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)  # SQLite: text


@functools.cache
def row_factory(fields: tuple[str, ...] | None) -> Callable[[Mapping[str, Any]], Any]:
    """How a claimed row reaches a rule's on_miss: a ClaimedDeadline (every field) when the
    rule names no `miss_fields`, else a light named tuple of `id` (also `pk`) and those."""
    if fields is None:

        def claimed(row: Mapping[str, Any]) -> ClaimedDeadline:
            values = {name: row[name] for name in CLAIMED_FIELDS}
            values["opened_on"] = _as_date(values["opened_on"])
            values["due_on"] = _as_date(values["due_on"])
            return ClaimedDeadline(**values)

        return claimed
    names = tuple(sorted({"id", *fields}, key=CLAIMED_FIELDS.index))
    base = namedtuple("MissedDeadline", names)  # type: ignore[misc]  # names are dynamic
    row_type = type("MissedDeadline", (base,), {"__slots__": (), "pk": property(lambda s: s.id)})
    dates = {"opened_on", "due_on"} & set(names)

    def light(row: Mapping[str, Any]) -> Any:
        return row_type(*(_as_date(row[n]) if n in dates else row[n] for n in names))

    return light
