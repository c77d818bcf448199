"""Who may start an action plan of a kind [SPEC §6.1, §6.2; seeds 000, 002]. Pure rules over
the facts the service gathers; every refusal names its rule.

SOSE Action Plan:
- cor2020_external_audit: the account is COR 2020 certified through an external audit that
  met the scoring benchmarks (its most recent successful external audit is on a COR 2020 tool);
- not_already_sose_ready: an initial external audit of exactly 100 % is SOSE-ready directly
  (no plan needed);
- sose_window_open: the SAP verification and SOSE application are due within 12 months of
  that external audit's completion (D12): no plan is started after the window closed;
- one_open_plan: no other plan of the kind is open for the account.

ACSA maintenance action plan:
- certified: the account holds a current certificate;
- certified_auditor_on_staff: a certified (trained, permanent full-time) auditor on staff;
- full_cycle_completed: at least one full 3-year certification cycle completed;
- second_plan_over_80: after a maintenance plan in the previous program year, its score of
  record must be over 80 % (80 % exactly is refused);
- one_open_plan.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from . import kinds
from .engine import KindConfig, Problem

OVER_FOR_SECOND_PLAN = Decimal("80")


@dataclass(frozen=True)
class EligibilityFacts:
    today: date
    # SOSE
    external_audit_passed: bool = False  # a successful external audit exists
    external_audit_tool: str = ""  # its tool's name, e.g. "COR 2020"
    external_audit_pct: Decimal | None = None
    external_audit_initial: bool = True  # not a re-audit
    sose_window_ends_on: date | None = None  # D12's due date
    # ACSA
    certified: bool = False
    certified_auditor_on_staff: bool = False
    full_cycle_completed: bool = False
    previous_plan_pct: Decimal | None = None  # last program year's plan, if any
    previous_plan_consecutive: bool = False
    # both
    open_plan_exists: bool = False


def is_cor2020(tool_name: str) -> bool:
    return "cor 2020" in tool_name.lower() or "cor® 2020" in tool_name.lower()


def eligibility_problems(config: KindConfig, facts: EligibilityFacts) -> list[Problem]:
    problems: list[Problem] = []
    for rule in config.eligibility_rules:
        message = _CHECKS[rule](facts)
        if message:
            problems.append(Problem(rule, message, "wsib_account"))
    return problems


def _cor2020(f: EligibilityFacts) -> str | None:
    if not f.external_audit_passed:
        return _(
            "Not eligible (COR 2020 external audit): the account has no successful external "
            "audit that met the scoring benchmarks."
        )
    if not is_cor2020(f.external_audit_tool):
        return _(
            "Not eligible (COR 2020 external audit): the last successful external audit was "
            "on %(tool)s, not COR 2020."
        ) % {"tool": f.external_audit_tool}
    return None


def _not_ready(f: EligibilityFacts) -> str | None:
    if f.external_audit_initial and f.external_audit_pct == Decimal(100):
        return _(
            "No action plan needed (already SOSE-ready): the initial external audit scored "
            "%(pct)s %%."
        ) % {"pct": "100"}
    return None


def _window(f: EligibilityFacts) -> str | None:
    if f.sose_window_ends_on is not None and f.today > f.sose_window_ends_on:
        return _(
            "Not eligible (SOSE window): the SAP verification and SOSE application were due "
            "by %(due)s, 12 months after the external audit."
        ) % {"due": f.sose_window_ends_on.isoformat()}
    return None


def _certified(f: EligibilityFacts) -> str | None:
    if not f.certified:
        return _("Not eligible (certified): the account holds no current certificate.")
    return None


def _auditor(f: EligibilityFacts) -> str | None:
    if not f.certified_auditor_on_staff:
        return _(
            "Not eligible (certified auditor on staff): the organization has no trained, "
            "permanent full-time auditor."
        )
    return None


def _cycle(f: EligibilityFacts) -> str | None:
    if not f.full_cycle_completed:
        return _(
            "Not eligible (full cycle completed): the account has not completed a full "
            "certification cycle yet."
        )
    return None


def _second(f: EligibilityFacts) -> str | None:
    if not f.previous_plan_consecutive:
        return None
    if f.previous_plan_pct is None or f.previous_plan_pct <= OVER_FOR_SECOND_PLAN:
        shown = "—" if f.previous_plan_pct is None else f"{f.previous_plan_pct}"
        return _(
            "Not eligible (second consecutive plan): the previous action plan scored "
            "%(pct)s %%; a second consecutive plan needs more than 80 %%."
        ) % {"pct": shown}
    return None


def _open(f: EligibilityFacts) -> str | None:
    if f.open_plan_exists:
        return _("Not eligible (one plan at a time): this account already has a plan open.")
    return None


_CHECKS = {
    kinds.COR2020_EXTERNAL_AUDIT: _cor2020,
    kinds.NOT_ALREADY_SOSE_READY: _not_ready,
    kinds.SOSE_WINDOW_OPEN: _window,
    kinds.CERTIFIED: _certified,
    kinds.CERTIFIED_AUDITOR_ON_STAFF: _auditor,
    kinds.FULL_CYCLE_COMPLETED: _cycle,
    kinds.SECOND_PLAN_OVER_80: _second,
    kinds.ONE_OPEN_PLAN: _open,
}
