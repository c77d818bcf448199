"""Pure rules of people, training and readiness for the initial internal audit.

Plain values in, plain values out: no ORM, no request. The selector
(`certification.selectors.readiness_for_accounts`) gathers the facts; pages, the API and
the home page render the checks.

Readiness of one WSIB account for its initial internal audit [001 §1.2, §2.2, §2.4; SPEC §4.1]:
1. its registration is confirmed;
2. an active Senior Management Representative has completed COR™ Essentials;
3. at least one active, permanent full-time internal auditor has completed all four courses;
4. the OHSMS has been in place for at least one year;
5. those active SMRs and internal auditors have signed the current Code of Ethics [001 §4.5].

Periods in years are counted *backward from the date the rule is evaluated at* (the request
date, today), with `dateutil.relativedelta`: when that day does not exist in the target year
(Feb 29), the period ends on the last day of the month (Feb 28) — the convention Canadian
statutes use for periods in months and years. Consequences, tested in
tests/certification/test_readiness_rules.py:

- exemption window: a request on 2028-02-29 accepts a course completed on 2025-02-28 (exactly
  three years before) and refuses 2025-02-27; a course completed on 2024-02-29 is accepted
  up to a request on 2027-02-28 and refused from 2027-03-01;
- OHSMS year: a system in place since 2024-02-29 is one year old on 2025-03-01, not on
  2025-02-28 (one year before 2025-02-28 is 2024-02-28, the day before it started) — the
  conservative reading of "at least one year".
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.enums import (
    EXEMPTABLE_COURSES,
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    SMR_REQUIRED_COURSES,
    Course,
    EmploymentStatus,
    RegistrationStatus,
)

EXEMPTION_WINDOW_YEARS = 3
OHSMS_MINIMUM_YEARS = 1


# --- dates ---------------------------------------------------------------------------------


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; Feb 29 becomes Feb 28 in a common year."""
    return day - relativedelta(years=years)


def exemption_completion_problem(*, completed_on: date, requested_on: date) -> str | None:
    """Why a course completed on `completed_on` cannot support an exemption requested on
    `requested_on`, or None. Courses must have been completed within three years prior to the
    request [001 §2.2]; exactly three years before is still within."""
    if completed_on > requested_on:
        return _("The completion date cannot be after the date of the request.")
    earliest = years_before(requested_on, EXEMPTION_WINDOW_YEARS)
    if completed_on < earliest:
        return _(
            "The course was completed on %(completed)s, more than three years before this "
            "request; only courses completed on or after %(earliest)s are accepted."
        ) % {"completed": completed_on.isoformat(), "earliest": earliest.isoformat()}
    return None


def is_exemptable(course: str) -> bool:
    """Only COR™ Essentials and Basic Auditing Principles may be exempted [001 §2.2]."""
    return course in EXEMPTABLE_COURSES


def ohsms_year_met(*, since: date | None, today: date) -> bool:
    """The OHSMS has been in place for at least one year on `today` [001 §1.2]."""
    return since is not None and since <= years_before(today, OHSMS_MINIMUM_YEARS)


def ohsms_year_reached_on(since: date) -> date:
    """The first day on which `ohsms_year_met(since=since, today=…)` is true."""
    candidate = since + relativedelta(years=OHSMS_MINIMUM_YEARS)
    # Feb 29 + 1 year is Feb 28, but one year before Feb 28 is Feb 28 — still short a day.
    while not ohsms_year_met(since=since, today=candidate):
        candidate += relativedelta(days=1)
    return candidate


# --- readiness -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    name: str
    is_smr: bool
    is_internal_auditor: bool
    active: bool
    employment_status: str
    courses: frozenset[str] = frozenset()
    signed_current_ethics: bool = False

    def missing(self, required: Iterable[str]) -> list[str]:
        return [c for c in required if c not in self.courses]


@dataclass(frozen=True)
class ReadinessFacts:
    today: date
    registration_status: str | None  # the most recent registration's status, None if none
    people: tuple[PersonFacts, ...] = ()
    ohsms_in_place_since: date | None = None


@dataclass(frozen=True)
class Check:
    key: str
    met: bool
    text: str
    details: tuple[str, ...] = field(default_factory=tuple)


CHECK_KEYS = ("registration", "smr_trained", "internal_auditor_trained", "ohsms_year", "ethics")


def _course_names(courses: Iterable[str]) -> str:
    return ", ".join(str(Course(c).label) for c in courses)


def _registration_check(facts: ReadinessFacts) -> Check:
    status = facts.registration_status
    if status == RegistrationStatus.CONFIRMED:
        return Check("registration", True, _("The registration is confirmed."))
    if status is None:
        text = _("This account is not registered in COR™ yet: submit an application.")
    elif status == RegistrationStatus.REREGISTRATION_REQUESTED:
        text = _("The certifying body asked for the application to be corrected and resubmitted.")
    elif status == RegistrationStatus.DRAFT:
        text = _("The application is a draft: submit it to the certifying body.")
    else:
        text = _("The application is waiting for the certifying body to verify it.")
    return Check("registration", False, text)


def _smr_check(facts: ReadinessFacts) -> Check:
    smrs = [p for p in facts.people if p.active and p.is_smr]
    if not smrs:
        return Check(
            "smr_trained",
            False,
            _("No active Senior Management Representative is designated."),
        )
    trained = [p for p in smrs if not p.missing(SMR_REQUIRED_COURSES)]
    if trained:
        return Check(
            "smr_trained",
            True,
            _("A Senior Management Representative has completed COR™ Essentials: %(names)s.")
            % {"names": ", ".join(p.name for p in trained)},
        )
    return Check(
        "smr_trained",
        False,
        _("No active Senior Management Representative has completed COR™ Essentials."),
        tuple(
            _("%(name)s still needs: %(courses)s.")
            % {"name": p.name, "courses": _course_names(p.missing(SMR_REQUIRED_COURSES))}
            for p in smrs
        ),
    )


def _internal_auditor_check(facts: ReadinessFacts) -> Check:
    auditors = [p for p in facts.people if p.active and p.is_internal_auditor]
    if not auditors:
        return Check(
            "internal_auditor_trained",
            False,
            _("No active internal auditor is designated."),
        )
    qualified = [
        p
        for p in auditors
        if p.employment_status == EmploymentStatus.PERMANENT_FULL_TIME
        and not p.missing(INTERNAL_AUDITOR_REQUIRED_COURSES)
    ]
    if qualified:
        return Check(
            "internal_auditor_trained",
            True,
            _("A permanent full-time internal auditor has completed all four courses: %(names)s.")
            % {"names": ", ".join(p.name for p in qualified)},
        )
    details = []
    for p in auditors:
        if p.employment_status != EmploymentStatus.PERMANENT_FULL_TIME:
            details.append(_("%(name)s is not a permanent full-time employee.") % {"name": p.name})
        missing = p.missing(INTERNAL_AUDITOR_REQUIRED_COURSES)
        if missing:
            details.append(
                _("%(name)s still needs: %(courses)s.")
                % {"name": p.name, "courses": _course_names(missing)}
            )
    return Check(
        "internal_auditor_trained",
        False,
        _("No permanent full-time internal auditor has completed all four required courses."),
        tuple(details),
    )


def _ohsms_check(facts: ReadinessFacts) -> Check:
    since = facts.ohsms_in_place_since
    if since is None:
        return Check(
            "ohsms_year",
            False,
            _("Enter the date your health and safety management system was put in place."),
        )
    if ohsms_year_met(since=since, today=facts.today):
        return Check(
            "ohsms_year",
            True,
            _("The health and safety management system has been in place since %(since)s.")
            % {"since": date_format(since, "Y-m-d")},
        )
    return Check(
        "ohsms_year",
        False,
        _(
            "The health and safety management system has been in place since %(since)s; it "
            "must be in place for one year, which it will be on %(on)s."
        )
        % {
            "since": date_format(since, "Y-m-d"),
            "on": date_format(ohsms_year_reached_on(since), "Y-m-d"),
        },
    )


def _ethics_check(facts: ReadinessFacts) -> Check:
    signers = [p for p in facts.people if p.active and (p.is_smr or p.is_internal_auditor)]
    unsigned = [p for p in signers if not p.signed_current_ethics]
    if not signers:
        return Check(
            "ethics",
            False,
            _("The SMR and internal auditors must sign the COR™ Program Code of Ethics."),
        )
    if unsigned:
        return Check(
            "ethics",
            False,
            _("Not everyone has signed the current COR™ Program Code of Ethics."),
            tuple(_("%(name)s has not signed it.") % {"name": p.name} for p in unsigned),
        )
    return Check(
        "ethics",
        True,
        _("Every SMR and internal auditor has signed the current COR™ Program Code of Ethics."),
    )


def readiness_checks(facts: ReadinessFacts) -> list[Check]:
    """The checklist for one WSIB account, in the order the program asks for them."""
    return [
        _registration_check(facts),
        _smr_check(facts),
        _internal_auditor_check(facts),
        _ohsms_check(facts),
        _ethics_check(facts),
    ]


def is_ready(checks: Iterable[Check]) -> bool:
    return all(c.met for c in checks)
