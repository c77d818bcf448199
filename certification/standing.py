"""A WSIB account's COR standing [SPEC §4; 001 §2.4, §2.5]: one pure function over plain
values, used by every page, the API, the public registry and the verification page.

    not registered → registered → in initial cycle → certified (year 1/2/3) → pending → lapsed
    (+ equivalent (1 year) and reciprocity (bidding only))

- *not registered*: no registration, or only a draft.
- *registered*: a registration submitted and not yet confirmed.
- *in initial cycle*: registration confirmed, no certificate in force.
- *certified (year N)*: an active certificate; year 1 from its anniversary date, 2 and 3
  from the next anniversaries.
- *pending*: still certified for every purpose [001 §2.4 "Pending"], shown on the registry:
  the Letter of Good Standing of year 2 or 3 not obtained within 30 days after that year's
  anniversary, or — after the three years — no new certificate within 30 days after the
  anniversary [001 §2.5].
- *lapsed*: the same, 90 days after the anniversary: the certification is lost.

"Within 30 days after the anniversary date" counts the 30th day as within: pending from day
31, lapsed from day 91.

Issue 11: the deadline sweep applies pending and lapse (D6, D7, D8) and STORES the outcome on
the account (WsibAccount.cor_hold, certification/services/maintenance.py). When it is tracked
(`StandingFacts.hold` is not None) the stored hold decides — "" certified, "pending",
"lapsed" — so every page, the API, the registry and the verification page say what the last
sweep applied, exactly once. Untracked (legacy) accounts keep the date rules below:
`good_standing_years` None means LGS are not tracked and their rule is not applied;
recertification's rule reads the certificate's dates. A revoked certificate is no
certificate: the account falls back to its registration's standing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from certification.enums import (
    CERTIFIED_STANDINGS,
    RegistrationStatus,
    Standing,
    VerificationStatus,
)

CERTIFICATE_YEARS = 3
# [001 §2.4, §2.5]: "within 30 days after the anniversary date" → pending; 90 → lapsed.
PENDING_AFTER_DAYS = 30
LAPSED_AFTER_DAYS = 90


def expiry_of(anniversary_date: date) -> date:
    """The day a certificate issued on `anniversary_date` stops covering: 3 years later
    (29 February → 28 February). It is the anniversary of the next cycle."""
    return anniversary_date + relativedelta(years=CERTIFICATE_YEARS)


def anniversary_in_year(anniversary_date: date, year: int) -> date:
    """The anniversary that starts certificate year `year` (1, 2, 3, or 4 = the next cycle)."""
    return anniversary_date + relativedelta(years=year - 1)


def certificate_year(anniversary_date: date, today: date) -> int:
    """Which year of its cycle a certificate is in on `today` (1-based; beyond 3 after expiry,
    0 before its anniversary)."""
    if today < anniversary_date:
        return 0
    return relativedelta(today, anniversary_date).years + 1


@dataclass(frozen=True)
class CertificateFacts:
    """The active certificate of an account, as plain values."""

    anniversary_date: date
    expiry_date: date


@dataclass(frozen=True)
class StandingFacts:
    """What the standing of one WSIB account is computed from."""

    # The status of its latest registration (None: never registered).
    registration_status: str | None = None
    # Its active certificate (None: none, or only superseded/revoked ones).
    certificate: CertificateFacts | None = None
    # Certificate years (2, 3) whose Letter of Good Standing was obtained; None while LGS are
    # not tracked (issue 11), in which case their rule is not applied.
    good_standing_years: frozenset[int] | None = None
    # An ISO 45001 / MLTSD equivalency COR valid through this day [001 §6] (issue 11+).
    equivalent_until: date | None = None
    # Out-of-province reciprocity for bidding [001 §5] (issue 11+).
    reciprocity: bool = False
    # The stored outcome of the sweep (WsibAccount.cor_hold): None untracked; "" clear;
    # "pending"; "lapsed" — and the day it began.
    hold: str | None = None
    hold_since: date | None = None


@dataclass(frozen=True)
class StandingResult:
    standing: Standing
    # The certificate year (1-3) when certified or pending; else None.
    year: int | None = None
    # The day the present standing began to apply, when the rule that set it knows it.
    since: date | None = None

    @property
    def is_certified(self) -> bool:
        return self.standing in CERTIFIED_STANDINGS

    @property
    def label(self) -> str:
        if self.standing == Standing.CERTIFIED and self.year:
            return _("Certified (year %(year)d)") % {"year": self.year}
        return str(self.standing.label)


def _overdue(anniversary: date, today: date) -> StandingResult | None:
    """Pending or lapsed when `today` is past the grace days after `anniversary`."""
    if today > anniversary + timedelta(days=LAPSED_AFTER_DAYS):
        return StandingResult(Standing.LAPSED, since=anniversary + timedelta(LAPSED_AFTER_DAYS + 1))
    if today > anniversary + timedelta(days=PENDING_AFTER_DAYS):
        return StandingResult(
            Standing.PENDING, since=anniversary + timedelta(days=PENDING_AFTER_DAYS + 1)
        )
    return None


def _certified(cert: CertificateFacts, facts: StandingFacts, today: date) -> StandingResult:
    year = certificate_year(cert.anniversary_date, today)
    if today >= cert.expiry_date:
        # Recertification [001 §2.5]: the next anniversary is the expiry day.
        overdue = _overdue(cert.expiry_date, today)
        if overdue is None:
            return StandingResult(Standing.CERTIFIED, year=CERTIFICATE_YEARS)
        if overdue.standing == Standing.PENDING:
            return StandingResult(Standing.PENDING, year=CERTIFICATE_YEARS, since=overdue.since)
        return overdue
    if facts.good_standing_years is not None:
        # Years 2 and 3 each need their Letter of Good Standing [001 §2.4].
        for lgs_year in range(2, year + 1):
            if lgs_year in facts.good_standing_years:
                continue
            overdue = _overdue(anniversary_in_year(cert.anniversary_date, lgs_year), today)
            if overdue is not None:
                if overdue.standing == Standing.PENDING:
                    return StandingResult(Standing.PENDING, year=year, since=overdue.since)
                return overdue
    return StandingResult(Standing.CERTIFIED, year=year, since=cert.anniversary_date)


def _stored(cert: CertificateFacts, facts: StandingFacts, today: date) -> StandingResult:
    """A tracked account with an active certificate: the sweep's stored hold decides."""
    year = min(certificate_year(cert.anniversary_date, today), CERTIFICATE_YEARS)
    if facts.hold == "pending":
        return StandingResult(Standing.PENDING, year=year, since=facts.hold_since)
    if facts.hold == "lapsed":  # not reached: a lapsed certificate is no longer active
        return StandingResult(Standing.LAPSED, since=facts.hold_since)
    return StandingResult(Standing.CERTIFIED, year=year, since=cert.anniversary_date)


def standing(facts: StandingFacts, today: date) -> StandingResult:
    """The one COR standing of a WSIB account on `today`."""
    cert = facts.certificate
    if cert is not None and today >= cert.anniversary_date:
        if facts.hold is not None:
            result = _stored(cert, facts, today)
        else:
            result = _certified(cert, facts, today)
        if result.standing != Standing.LAPSED:
            return result
        lapsed: StandingResult | None = result
    else:
        lapsed = None
    if facts.equivalent_until is not None and today <= facts.equivalent_until:
        return StandingResult(Standing.EQUIVALENT)
    if lapsed is not None:
        return lapsed
    if facts.hold == "lapsed" and cert is None:
        # The sweep ended its certificate (D7/D8); until a new one is issued.
        return StandingResult(Standing.LAPSED, since=facts.hold_since)
    if facts.reciprocity:
        return StandingResult(Standing.RECIPROCITY)
    status = facts.registration_status
    if status == RegistrationStatus.CONFIRMED:
        return StandingResult(Standing.IN_INITIAL_CYCLE)
    if status is None or status == RegistrationStatus.DRAFT:
        return StandingResult(Standing.NOT_REGISTERED)
    return StandingResult(Standing.REGISTERED)


def verification_status(
    *, certificate_status: str, facts: StandingFacts, today: date
) -> VerificationStatus:
    """What the public verification page says of one certificate today: revoked and
    superseded by their status; an active one by its account's standing (valid while
    certified, then pending, then lapsed; expired once its cycle ended and the account
    holds no standing from it)."""
    if certificate_status == "revoked":
        return VerificationStatus.REVOKED
    if certificate_status == "superseded":
        return VerificationStatus.SUPERSEDED
    if certificate_status == "lapsed":
        return VerificationStatus.LAPSED
    result = standing(facts, today)
    if result.standing == Standing.CERTIFIED:
        return VerificationStatus.VALID
    if result.standing == Standing.PENDING:
        return VerificationStatus.PENDING
    if result.standing == Standing.LAPSED:
        return VerificationStatus.LAPSED
    if facts.certificate is not None and today < facts.certificate.anniversary_date:
        # Issued with a future anniversary (not allowed by certificate_issue, but possible
        # in imported data): not valid yet.
        return VerificationStatus.PENDING
    return VerificationStatus.EXPIRED
