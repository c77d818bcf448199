"""The one standing function [SPEC §4; 001 §2.4, §2.5]: pure, over plain values."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certification.enums import CERTIFIED_STANDINGS, RegistrationStatus, Standing
from certification.standing import (
    CertificateFacts,
    StandingFacts,
    certificate_year,
    expiry_of,
    standing,
)

ANNIVERSARY = date(2026, 3, 2)
CERT = CertificateFacts(ANNIVERSARY, expiry_of(ANNIVERSARY))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (None, Standing.NOT_REGISTERED),
        (RegistrationStatus.DRAFT, Standing.NOT_REGISTERED),
        (RegistrationStatus.SUBMITTED, Standing.REGISTERED),
        (RegistrationStatus.REREGISTRATION_REQUESTED, Standing.REGISTERED),
        (RegistrationStatus.RESUBMITTED, Standing.REGISTERED),
        (RegistrationStatus.CONFIRMED, Standing.IN_INITIAL_CYCLE),
    ],
)
def test_standing_before_certification_follows_the_registration(status, expected):
    assert (
        standing(StandingFacts(registration_status=status), date(2026, 6, 1)).standing == expected
    )


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 3, 2), 1),
        (date(2027, 3, 1), 1),
        (date(2027, 3, 2), 2),
        (date(2028, 3, 2), 3),
        (date(2029, 3, 1), 3),
    ],
)
def test_certified_year_counts_from_the_anniversary(today, year):
    result = standing(StandingFacts(certificate=CERT), today)
    assert (result.standing, result.year) == (Standing.CERTIFIED, year)


@pytest.mark.parametrize(
    ("days_after_expiry", "expected"),
    [
        (0, Standing.CERTIFIED),
        (30, Standing.CERTIFIED),
        (31, Standing.PENDING),
        (90, Standing.PENDING),
        (91, Standing.LAPSED),
    ],
)
def test_no_new_certificate_after_three_years_is_pending_then_lapsed(days_after_expiry, expected):
    today = CERT.expiry_date + timedelta(days=days_after_expiry)
    assert standing(StandingFacts(certificate=CERT), today).standing == expected


@pytest.mark.parametrize(
    ("days_after_year2", "lgs", "expected"),
    [
        (30, frozenset(), Standing.CERTIFIED),
        (31, frozenset(), Standing.PENDING),
        (91, frozenset(), Standing.LAPSED),
        (91, frozenset({2}), Standing.CERTIFIED),
    ],
)
def test_letter_of_good_standing_rule_when_letters_are_tracked(days_after_year2, lgs, expected):
    today = date(2027, 3, 2) + timedelta(days=days_after_year2)
    facts = StandingFacts(certificate=CERT, good_standing_years=lgs)
    assert standing(facts, today).standing == expected


def test_letters_not_tracked_yet_do_not_make_a_certificate_pending():
    today = date(2027, 3, 2) + timedelta(days=200)
    assert standing(StandingFacts(certificate=CERT), today).standing == Standing.CERTIFIED


def test_equivalency_and_reciprocity():
    today = date(2026, 6, 1)
    assert standing(StandingFacts(equivalent_until=today), today).standing == Standing.EQUIVALENT
    assert (
        standing(StandingFacts(equivalent_until=today - timedelta(1)), today).standing
        == Standing.NOT_REGISTERED
    )
    assert standing(StandingFacts(reciprocity=True), today).standing == Standing.RECIPROCITY


def test_certified_standings_are_the_registry_ones():
    assert set(CERTIFIED_STANDINGS) == {Standing.CERTIFIED, Standing.PENDING, Standing.EQUIVALENT}


def test_leap_day_certificate_expires_on_28_february():
    assert expiry_of(date(2028, 2, 29)) == date(2031, 2, 28)
    assert certificate_year(date(2028, 2, 29), date(2029, 2, 28)) == 2


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=0, max_value=2000),
)
def test_standing_is_certified_pending_or_lapsed_once_certified(anniversary, days):
    cert = CertificateFacts(anniversary, expiry_of(anniversary))
    result = standing(
        StandingFacts(registration_status=RegistrationStatus.CONFIRMED, certificate=cert),
        anniversary + timedelta(days=days),
    )
    assert result.standing in (Standing.CERTIFIED, Standing.PENDING, Standing.LAPSED)
    # Lapsed exactly from 91 days after the expiry (the next anniversary) onwards.
    lapsed = anniversary + timedelta(days=days) > cert.expiry_date + timedelta(days=90)
    assert (result.standing == Standing.LAPSED) == lapsed
