"""The pure rules of certification.readiness: exemption window, OHSMS year, the checklist."""

from datetime import date, timedelta
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certification.enums import (
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    Course,
    EmploymentStatus,
    RegistrationStatus,
)
from certification.readiness import (
    CHECK_KEYS,
    PersonFacts,
    ReadinessFacts,
    exemption_completion_problem,
    is_exemptable,
    is_ready,
    ohsms_year_met,
    ohsms_year_reached_on,
    readiness_checks,
    years_before,
)

ALL_FOUR = frozenset(INTERNAL_AUDITOR_REQUIRED_COURSES)
PFT = EmploymentStatus.PERMANENT_FULL_TIME


# --- exemption window: completed within three years prior to the request [001 §2.2] -------


@pytest.mark.parametrize(
    ("completed_on", "requested_on", "accepted"),
    [
        (date(2023, 11, 22), date(2026, 11, 22), True),  # exactly three years before
        (date(2023, 11, 21), date(2026, 11, 22), False),  # one day earlier
        (date(2026, 11, 22), date(2026, 11, 22), True),  # same day
        (date(2025, 2, 28), date(2028, 2, 29), True),  # Feb 29 request: 3 years back = Feb 28
        (date(2025, 2, 27), date(2028, 2, 29), False),
        (date(2024, 2, 29), date(2027, 2, 28), True),  # Feb 29 course, last accepted day
        (date(2024, 2, 29), date(2027, 3, 1), False),  # and the first refused day
        (date(2024, 3, 1), date(2027, 3, 1), True),
        (date(2026, 11, 23), date(2026, 11, 22), False),  # after the request
    ],
)
def test_exemption_window_edges(completed_on, requested_on, accepted):
    problem = exemption_completion_problem(completed_on=completed_on, requested_on=requested_on)
    assert (problem is None) is accepted


def test_exemption_window_message_names_the_earliest_date():
    problem = exemption_completion_problem(
        completed_on=date(2023, 11, 21), requested_on=date(2026, 11, 22)
    )
    assert problem == (
        "The course was completed on 2023-11-21, more than three years before this request; "
        "only courses completed on or after 2023-11-22 are accepted."
    )


@given(
    requested_on=st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)),
    days_back=st.integers(min_value=0, max_value=2000),
)
def test_exemption_window_is_a_single_cutoff(requested_on, days_back):
    completed_on = requested_on - timedelta(days=days_back)
    accepted = exemption_completion_problem(completed_on=completed_on, requested_on=requested_on)
    assert (accepted is None) == (completed_on >= years_before(requested_on, 3))
    # 1095 days is always within three years; 1097 never is.
    if days_back <= 1095:
        assert accepted is None
    if days_back >= 1097:
        assert accepted is not None


def test_only_cor_essentials_and_basic_auditing_principles_are_exemptable():
    assert [c for c in Course.values if is_exemptable(c)] == [
        Course.COR_ESSENTIALS,
        Course.BASIC_AUDITING_PRINCIPLES,
    ]


# --- OHSMS in place for at least one year [001 §1.2] -------------------------------------


@pytest.mark.parametrize(
    ("since", "today", "met"),
    [
        (date(2025, 11, 22), date(2026, 11, 22), True),  # exactly one year
        (date(2025, 11, 23), date(2026, 11, 22), False),  # one day short
        (date(2024, 2, 29), date(2025, 2, 28), False),  # Feb 29: not yet on Feb 28 …
        (date(2024, 2, 29), date(2025, 3, 1), True),  # … but on Mar 1 (decided; see module)
        (date(2027, 2, 28), date(2028, 2, 29), True),
        (date(2027, 3, 1), date(2028, 2, 29), False),
        (None, date(2026, 11, 22), False),
        (date(2026, 11, 22), date(2026, 11, 22), False),
    ],
)
def test_ohsms_year_edges(since, today, met):
    assert ohsms_year_met(since=since, today=today) is met


def test_ohsms_year_reached_on_feb_29_is_mar_1():
    assert ohsms_year_reached_on(date(2024, 2, 29)) == date(2025, 3, 1)
    assert ohsms_year_reached_on(date(2023, 6, 15)) == date(2024, 6, 15)


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)))
def test_ohsms_year_reached_on_is_the_first_day_met(since):
    first = ohsms_year_reached_on(since)
    assert ohsms_year_met(since=since, today=first)
    assert not ohsms_year_met(since=since, today=first - timedelta(days=1))
    assert 365 <= (first - since).days <= 366


# --- the checklist ------------------------------------------------------------------------


def smr(name="Sam Senior", courses=(Course.COR_ESSENTIALS,), active=True, signed=True):
    return PersonFacts(
        name=name,
        is_smr=True,
        is_internal_auditor=False,
        active=active,
        employment_status=PFT,
        courses=frozenset(courses),
        signed_current_ethics=signed,
    )


def ia(name="Ira Auditor", courses=ALL_FOUR, status=PFT, active=True, signed=True):
    return PersonFacts(
        name=name,
        is_smr=False,
        is_internal_auditor=True,
        active=active,
        employment_status=status,
        courses=frozenset(courses),
        signed_current_ethics=signed,
    )


def facts(**overrides):
    values = dict(
        today=date(2026, 11, 22),
        registration_status=RegistrationStatus.CONFIRMED,
        people=(smr(), ia()),
        ohsms_in_place_since=date(2025, 1, 1),
    )
    values.update(overrides)
    return ReadinessFacts(**values)


def by_key(checks):
    return {c.key: c for c in checks}


def test_all_met_is_ready():
    checks = readiness_checks(facts())
    assert [c.key for c in checks] == list(CHECK_KEYS)
    assert [c.met for c in checks] == [True] * 5
    assert is_ready(checks)
    assert by_key(checks)["smr_trained"].text == (
        "A Senior Management Representative has completed COR™ Essentials: Sam Senior."
    )


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (None, "This account is not registered in COR™ yet: submit an application."),
        (RegistrationStatus.DRAFT, "The application is a draft: submit it to the certifying body."),
        (
            RegistrationStatus.SUBMITTED,
            "The application is waiting for the certifying body to verify it.",
        ),
        (
            RegistrationStatus.RESUBMITTED,
            "The application is waiting for the certifying body to verify it.",
        ),
        (
            RegistrationStatus.REREGISTRATION_REQUESTED,
            "The certifying body asked for the application to be corrected and resubmitted.",
        ),
    ],
)
def test_registration_not_confirmed(status, text):
    check = by_key(readiness_checks(facts(registration_status=status)))["registration"]
    assert (check.met, check.text) == (False, text)


def test_smr_missing_cases():
    no_smr = by_key(readiness_checks(facts(people=(ia(),))))["smr_trained"]
    assert (no_smr.met, no_smr.text) == (
        False,
        "No active Senior Management Representative is designated.",
    )
    untrained = by_key(readiness_checks(facts(people=(smr(courses=()), ia()))))["smr_trained"]
    assert untrained.met is False
    assert untrained.details == ("Sam Senior still needs: COR™ Essentials.",)
    # A trained SMR who was replaced does not count.
    inactive = by_key(readiness_checks(facts(people=(smr(active=False), ia()))))["smr_trained"]
    assert inactive.met is False


def test_an_internal_auditor_who_is_also_smr_counts_for_both():
    both = PersonFacts(
        name="Bo Both",
        is_smr=True,
        is_internal_auditor=True,
        active=True,
        employment_status=PFT,
        courses=ALL_FOUR,
        signed_current_ethics=True,
    )
    assert is_ready(readiness_checks(facts(people=(both,))))


def test_internal_auditor_missing_courses_listed():
    partial = ia(courses=(Course.COR_ESSENTIALS, Course.COR_INTERNAL_AUDITOR))
    check = by_key(readiness_checks(facts(people=(smr(), partial))))["internal_auditor_trained"]
    assert check.met is False
    assert check.details == (
        "Ira Auditor still needs: Basic Auditing Principles, "
        "Introduction to Hazard & Risk Management.",
    )


def test_internal_auditor_must_be_permanent_full_time():
    contract = ia(status=EmploymentStatus.CONTRACT)
    check = by_key(readiness_checks(facts(people=(smr(), contract))))["internal_auditor_trained"]
    assert check.met is False
    assert check.details == ("Ira Auditor is not a permanent full-time employee.",)


def test_one_qualified_internal_auditor_is_enough():
    people = (smr(), ia(name="A", courses=()), ia(name="B"))
    check = by_key(readiness_checks(facts(people=people)))["internal_auditor_trained"]
    assert check.met is True
    assert check.text.endswith(": B.")


def test_no_internal_auditor():
    check = by_key(readiness_checks(facts(people=(smr(),))))["internal_auditor_trained"]
    assert (check.met, check.text) == (False, "No active internal auditor is designated.")


def test_ohsms_checks_text():
    missing = by_key(readiness_checks(facts(ohsms_in_place_since=None)))["ohsms_year"]
    assert missing.text == (
        "Enter the date your health and safety management system was put in place."
    )
    young = by_key(
        readiness_checks(facts(today=date(2025, 2, 28), ohsms_in_place_since=date(2024, 2, 29)))
    )["ohsms_year"]
    assert young.met is False
    assert young.text == (
        "The health and safety management system has been in place since 2024-02-29; it must "
        "be in place for one year, which it will be on 2025-03-01."
    )


def test_ethics_unsigned_listed():
    check = by_key(readiness_checks(facts(people=(smr(signed=False), ia()))))["ethics"]
    assert check.met is False
    assert check.details == ("Sam Senior has not signed it.",)


@pytest.mark.parametrize(
    ("registered", "smr_ok", "ia_ok", "ohsms_ok", "signed"),
    list(product([True, False], repeat=5)),
)
def test_ready_exactly_when_every_condition_holds(registered, smr_ok, ia_ok, ohsms_ok, signed):
    people = (
        smr(courses=(Course.COR_ESSENTIALS,) if smr_ok else (), signed=signed),
        ia(courses=ALL_FOUR if ia_ok else (Course.COR_ESSENTIALS,), signed=signed),
    )
    f = facts(
        registration_status=RegistrationStatus.CONFIRMED if registered else None,
        people=people,
        ohsms_in_place_since=date(2025, 11, 22) if ohsms_ok else date(2025, 11, 23),
    )
    checks = by_key(readiness_checks(f))
    assert checks["registration"].met is registered
    assert checks["smr_trained"].met is smr_ok
    assert checks["internal_auditor_trained"].met is ia_ok
    assert checks["ohsms_year"].met is ohsms_ok
    assert checks["ethics"].met is signed
    assert is_ready(checks.values()) is all((registered, smr_ok, ia_ok, ohsms_ok, signed))
