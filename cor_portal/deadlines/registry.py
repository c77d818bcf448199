"""The deadline rules each domain app declares [SPEC §5, ARCHITECTURE "Deadlines"].

A domain app registers each of its rules once, in its `deadlines.py`, imported from its
AppConfig.ready():

    register_rule(DeadlineRule(
        kind="D1",
        title=_("Internal audit review"),
        binds=Binds.CERTIFYING_BODY,
        on_miss=record_sla_breach,   # receives the claimed deadlines, due-date order
    ))

The platform never imports the domain apps: it only calls what they registered.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_REMINDER_OFFSETS: tuple[int, ...] = (30, 14, 3)
# The fields of a claimed deadline a rule's on_miss may ask for (services.ClaimedDeadline).
MISS_FIELDS = (
    "id",
    "kind",
    "subject_type_id",
    "subject_id",
    "organization_id",
    "wsib_account_id",
    "binds",
    "assignee_id",
    "title",
    "url",
    "opened_on",
    "due_on",
    "title_msgid",
    "title_params",
)


class Binds(models.TextChoices):
    """Who must act to meet a deadline (and who is reminded and told when it is missed)."""

    CERTIFYING_BODY = "certifying_body", _("Certifying body")
    ORGANIZATION = "organization", _("Organization")
    EXTERNAL_AUDITOR = "external_auditor", _("External auditor")


# on_miss(deadlines): act on a set of just-missed deadlines of one kind, all due the same
# day, in one go. Each item is a services.ClaimedDeadline (id/pk, kind, subject_type_id,
# subject_id, organization_id, wsib_account_id, binds, assignee_id, title, url, opened_on,
# due_on, title_msgid, title_params; `display_title` renders the title in the active
# language — use it, not `title`, in anything a person reads), oldest first (set-based: a
# few queries, not one per deadline). Runs inside the sweep's transaction: if it raises,
# the claim rolls back and the next sweep tries again.
# A rule that needs fewer fields names them in `miss_fields` (e.g. ("subject_type_id",
# "subject_id")): it then receives light named tuples of `id`/`pk` and those fields, and the
# sweep reads only those columns.
OnMiss = Callable[[Sequence[Any]], Any]
# recipients(deadlines) -> {deadline id: users}: who is reminded / told, when the default
# (assignee, else everyone `binds` names) is not right for the rule. Set-based too.
Recipients = Callable[[Sequence[Any]], Mapping[int, Iterable[Any]]]


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    title: str
    binds: str = Binds.CERTIFYING_BODY
    on_miss: OnMiss | None = None
    reminder_offsets: tuple[int, ...] = DEFAULT_REMINDER_OFFSETS
    recipients: Recipients | None = None
    description: str = ""
    miss_fields: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not self.kind or len(self.kind) > 16:
            raise ValueError("A deadline kind is a short code such as 'D1'.")
        if any(o < 0 for o in self.reminder_offsets):
            raise ValueError("Reminder offsets are days before the due date (>= 0).")
        if self.binds not in Binds.values:
            raise ValueError(f"Unknown binds value {self.binds!r}.")
        unknown = set(self.miss_fields or ()) - set(MISS_FIELDS)
        if unknown:
            raise ValueError(f"miss_fields names no claimed field: {sorted(unknown)}.")


_rules: dict[str, DeadlineRule] = {}


def register_rule(rule: DeadlineRule, *, replace: bool = False) -> DeadlineRule:
    """Register a rule. Registering the same kind twice is a programming error unless
    `replace` (tests)."""
    if rule.kind in _rules and not replace and _rules[rule.kind] != rule:
        raise ValueError(f"Deadline rule {rule.kind} is already registered.")
    _rules[rule.kind] = rule
    return rule


def unregister_rule(kind: str) -> None:
    _rules.pop(kind, None)


def get_rule(kind: str) -> DeadlineRule | None:
    return _rules.get(kind)


def all_rules() -> list[DeadlineRule]:
    """Rules in registration order (the order consequences are applied within a day)."""
    return list(_rules.values())


def rule_title(kind: str) -> str:
    rule = _rules.get(kind)
    return str(rule.title) if rule else kind
