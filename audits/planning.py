"""Pure rules of the external audit's plan and timing [001 §2.4 "External Audit"; SPEC §4.1,
§5]. No ORM, no request.

- D3: the certifying body approves a submitted plan within 21 days (due = submitted + 21;
  approving on the due day counts).
- D4: after a failed external audit, the re-audit is completed within 6 calendar months of
  receiving the report (the day it was approved and sent): relativedelta, so Aug 31 → Feb 28
  (Feb 29 in a leap year), and Feb 29 → Aug 29.
- Advisory: to finish by January 1, the external audit must start by October 1 of the year
  before.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

PLAN_APPROVAL_DAYS = 21
REAUDIT_MONTHS = 6
AUDIT_DAYS_MAX = Decimal("365")


def plan_approval_due(submitted_on: date) -> date:
    return submitted_on + timedelta(days=PLAN_APPROVAL_DAYS)


def reaudit_due(report_received_on: date) -> date:
    return report_received_on + relativedelta(months=REAUDIT_MONTHS)


def latest_start_to_finish_by(finish_by: date) -> date:
    """The advisory start date for an external audit to finish by January 1 of
    `finish_by`'s year (or of the next year when `finish_by` is after January 1): October 1
    of the year before."""
    year = finish_by.year if (finish_by.month, finish_by.day) == (1, 1) else finish_by.year + 1
    return date(year - 1, 10, 1)


@dataclass(frozen=True)
class PlanFacts:
    scope: str
    sites: str
    starts_on: date | None
    ends_on: date | None
    audit_days: Decimal | None
    interviews_management: int
    interviews_supervisors: int
    interviews_workers: int


def plan_problems(plan: PlanFacts) -> dict[str, str]:
    """field -> why the plan cannot be submitted (empty: it can)."""
    problems: dict[str, str] = {}
    if not plan.scope.strip():
        problems["scope"] = _("Describe the audit's scope.")
    if not plan.sites.strip():
        problems["sites"] = _("List the sites the audit visits.")
    if plan.starts_on is None:
        problems["starts_on"] = _("Enter the day the audit starts.")
    if plan.ends_on is None:
        problems["ends_on"] = _("Enter the day the audit ends.")
    elif plan.starts_on is not None and plan.ends_on < plan.starts_on:
        problems["ends_on"] = _("The audit cannot end before it starts.")
    if plan.audit_days is None or plan.audit_days <= 0:
        problems["audit_days"] = _("Enter the number of audit days (more than 0).")
    elif plan.audit_days > AUDIT_DAYS_MAX:
        problems["audit_days"] = _("Enter at most %(max)s audit days.") % {"max": AUDIT_DAYS_MAX}
    if plan.interviews_management + plan.interviews_supervisors + plan.interviews_workers <= 0:
        problems["interviews"] = _(
            "Enter the interview sample: how many managers, supervisors and workers."
        )
    if any(
        n < 0
        for n in (plan.interviews_management, plan.interviews_supervisors, plan.interviews_workers)
    ):
        problems["interviews"] = _("Interview counts cannot be negative.")
    return problems
