"""The business rules of spot checks, equivalency and reciprocity as pure functions (no ORM)
[001 §4.4, §5, §6; SPEC §5 D9-D11]. Dates are America/Toronto calendar dates.

D9  — spot-check letter "corrective action required": the CAP is fully implemented within 90
      days of the letter (due = letter date + 90; implementing on the due day is in time).
D10 — equivalency request submitted: the Lead Auditor decides within 30 days (due = submitted
      on + 30).
D11 — equivalency certificate issued: valid one year. It covers its issue day through the day
      before its first anniversary (Feb 29 → Feb 28 of the next year); the expiry date is the
      first day it no longer covers, and the D11 deadline is due on the last day it covers.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .enums import DocumentKind, EquivalencyKind, EquivalencyOutcome, EquivalencyStatus

SPOT_CHECK_CAP_DAYS = 90  # D9
EQUIVALENCY_REVIEW_DAYS = 30  # D10
EQUIVALENCY_CERTIFICATE_YEARS = 1  # D11

REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    EquivalencyKind.ISO_45001: (
        DocumentKind.ISO_FORM,
        DocumentKind.ISO_AUDIT_REPORT,
        DocumentKind.ISO_CERTIFICATE,
    ),
    EquivalencyKind.MLTSD: (
        DocumentKind.MLTSD_AUDIT_REPORT,
        DocumentKind.MLTSD_ACCREDITATION,
        DocumentKind.MLTSD_AUDIT_ACTION_PLAN,
        DocumentKind.OHSMS_MANUAL,
        DocumentKind.MANAGEMENT_REVIEW,
        DocumentKind.MANAGEMENT_REVIEW_ACTION_PLAN,
        DocumentKind.MASTER_HAZARD_REGISTRY,
    ),
}


def cap_due(letter_on: date) -> date:
    """D9: the last day the spot check's CAP may be implemented."""
    return letter_on + timedelta(days=SPOT_CHECK_CAP_DAYS)


def review_due(submitted_on: date) -> date:
    """D10: the last day the Lead Auditor's decision is in time."""
    return submitted_on + timedelta(days=EQUIVALENCY_REVIEW_DAYS)


def certificate_expiry(issued_on: date) -> date:
    """D11: the first day an equivalency certificate issued on `issued_on` no longer covers."""
    return issued_on + relativedelta(years=EQUIVALENCY_CERTIFICATE_YEARS)


def certificate_last_day(issued_on: date) -> date:
    """The last day an equivalency certificate covers (its D11 due date)."""
    return certificate_expiry(issued_on) - timedelta(days=1)


def covers(issued_on: date, today: date) -> bool:
    return issued_on <= today < certificate_expiry(issued_on)


def allowed_documents(kind: str) -> tuple[str, ...]:
    return REQUIRED_DOCUMENTS[kind]


def missing_documents(kind: str, present: Iterable[str]) -> list[str]:
    """The required documents of `kind` not among `present`, in the seed's order."""
    have = set(present)
    return [d for d in REQUIRED_DOCUMENTS[kind] if d not in have]


@dataclass(frozen=True)
class Decision:
    status: EquivalencyStatus
    # Why it went to reciprocity or was refused (English msgid keys; the service words it).
    reasons: tuple[str, ...] = ()


NO_WSIB_ACCOUNT = "no_wsib_account"
NO_ONTARIO_WORK = "no_ontario_work"


def equivalency_decision(
    *, kind: str, outcome: str, has_wsib_account: bool, ontario_work_in_scope: bool
) -> Decision:
    """What an equivalency request becomes [001 §6.1 NOTE]: an ISO 45001 request the Lead
    Auditor approves is a 1-year COR only with a valid Ontario WSIB account and representative
    Ontario work in its audit scope; otherwise reciprocity for bidding only, with each reason.
    An MLTSD request needs its WSIB account at submission, so approval is a COR."""
    if outcome == EquivalencyOutcome.REFUSE:
        return Decision(EquivalencyStatus.REFUSED)
    if kind == EquivalencyKind.ISO_45001:
        reasons = []
        if not has_wsib_account:
            reasons.append(NO_WSIB_ACCOUNT)
        if not ontario_work_in_scope:
            reasons.append(NO_ONTARIO_WORK)
        if reasons:
            return Decision(EquivalencyStatus.RECIPROCITY, tuple(reasons))
    return Decision(EquivalencyStatus.APPROVED)
