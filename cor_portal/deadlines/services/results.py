"""What a sweep claimed and did."""

from dataclasses import dataclass, field
from datetime import date


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
