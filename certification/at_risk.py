"""The accounts that will go pending or lapse soon [issue 11 item 7; SPEC §5 D6, D7, D8]: read
from the open D6/D7/D8 deadlines (one row each, due within the window), whose miss the sweep
turns into `pending` (D6) or `lapsed` (D7, D8) from the day after the due date. Open deadlines
already past due (the sweep has not run for that day yet) are listed first, with negative days.
Three queries for a page of any size (the count, the deadlines, their accounts)."""

from dataclasses import dataclass
from datetime import date, timedelta

from certification.enums import Standing
from certification.models import WsibAccount
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.registry import rule_title

WINDOW_DAYS = 30
# The rule whose miss makes the standing … (certification/deadlines.py).
BECOMES = {"D6": Standing.PENDING, "D7": Standing.LAPSED, "D8": Standing.LAPSED}


@dataclass(frozen=True)
class AtRisk:
    deadline_id: int
    kind: str
    rule: str
    wsib_account_id: int
    account_number: str
    organization: str
    due_on: date
    becomes: Standing
    on: date  # the first day of the new standing
    days_left: int  # until `on`


def at_risk_deadlines(today: date, *, within_days: int = WINDOW_DAYS):
    """The open D6/D7/D8 deadlines whose miss takes effect within `within_days` of today."""
    return (
        Deadline.objects.filter(
            kind__in=list(BECOMES),
            state=Deadline.State.OPEN,
            wsib_account_id__isnull=False,
            due_on__lt=today + timedelta(days=within_days),
        )
        .order_by("due_on", "id")
        .values("id", "kind", "wsib_account_id", "due_on")
    )


def at_risk_rows(deadlines, today: date) -> list[AtRisk]:
    """Rows for a page of `at_risk_deadlines` (a slice or list of its dicts): one query for
    their accounts."""
    items = list(deadlines)
    accounts = {
        a["pk"]: a
        for a in WsibAccount.objects.filter(pk__in={d["wsib_account_id"] for d in items}).values(
            "pk", "account_number", "organization__legal_name"
        )
    }
    rows = []
    for d in items:
        account = accounts.get(d["wsib_account_id"])
        if account is None:
            continue
        on = d["due_on"] + timedelta(days=1)
        rows.append(
            AtRisk(
                deadline_id=d["id"],
                kind=d["kind"],
                rule=rule_title(d["kind"]),
                wsib_account_id=d["wsib_account_id"],
                account_number=account["account_number"],
                organization=account["organization__legal_name"],
                due_on=d["due_on"],
                becomes=BECOMES[d["kind"]],
                on=on,
                days_left=(on - today).days,
            )
        )
    return rows
