"""When a standing turns (certification/standing_forecast.py), at the edges of 30 and 90 days."""

from datetime import date

from certification.enums import Standing
from certification.standing import CertificateFacts, StandingFacts
from certification.standing_forecast import next_risk, standing_turns


def facts(anniversary: date, expiry: date, **kw) -> StandingFacts:
    return StandingFacts(
        registration_status="confirmed", certificate=CertificateFacts(anniversary, expiry), **kw
    )


def test_recertification_turns_pending_on_day_31_and_lapsed_on_day_91():
    f = facts(date(2024, 3, 1), date(2027, 3, 1))
    turns = [(d, r.standing) for d, r in standing_turns(f, date(2026, 1, 1))]
    assert turns == [(date(2027, 4, 1), Standing.PENDING), (date(2027, 5, 31), Standing.LAPSED)]


def test_next_risk_within_the_window_edges():
    f = facts(date(2024, 3, 1), date(2027, 3, 1))
    # Pending from 2027-04-01: 30 days ahead on 2027-03-02 is inside, on 2027-03-01 outside.
    assert next_risk(f, date(2027, 3, 2), within_days=30)[0] == date(2027, 4, 1)
    assert next_risk(f, date(2027, 3, 1), within_days=30) is None
    # Already pending: the next risk is the lapse, 2027-05-31.
    assert next_risk(f, date(2027, 5, 1), within_days=30)[1].standing == Standing.LAPSED
    assert next_risk(f, date(2027, 4, 30), within_days=30) is None


def test_letters_of_good_standing_years_turn_when_tracked():
    f = facts(date(2024, 2, 29), date(2027, 2, 28), good_standing_years=frozenset())
    first = standing_turns(f, date(2024, 3, 1))[0]
    # Year 2's anniversary is 2025-02-28 (29 Feb → 28 Feb): pending from day 31.
    assert first[0] == date(2025, 3, 31) and first[1].standing == Standing.PENDING


def test_no_certificate_no_turns():
    assert standing_turns(StandingFacts(registration_status="confirmed"), date(2026, 1, 1)) == []
