"""When a WSIB account's standing will turn (pure, no ORM): the days on which
certification.standing.standing() gives another answer than the day before, found by asking
it on the only days a rule can change its answer — each anniversary of the certificate, the
first day after its 30 and 90 days of grace, and the day after an equivalency ends. Reading the
one standing function keeps the forecast, the timeline and the at-risk dashboard in step with
whatever that function decides."""

from datetime import date, timedelta

from certification.standing import (
    CERTIFICATE_YEARS,
    LAPSED_AFTER_DAYS,
    PENDING_AFTER_DAYS,
    StandingFacts,
    StandingResult,
    anniversary_in_year,
    standing,
)


def candidate_days(facts: StandingFacts) -> list[date]:
    """Every day on which the standing of `facts` may change, ascending."""
    days: set[date] = set()
    if facts.certificate is not None:
        for year in range(1, CERTIFICATE_YEARS + 2):
            anniversary = anniversary_in_year(facts.certificate.anniversary_date, year)
            days.add(anniversary)
            days.add(anniversary + timedelta(days=PENDING_AFTER_DAYS + 1))
            days.add(anniversary + timedelta(days=LAPSED_AFTER_DAYS + 1))
        days.add(facts.certificate.expiry_date)
    if facts.equivalent_until is not None:
        days.add(facts.equivalent_until + timedelta(days=1))
    return sorted(days)


def standing_turns(facts: StandingFacts, since: date) -> list[tuple[date, StandingResult]]:
    """(day, new standing) for each day after `since` on which the standing changes (a change
    of certificate year alone is not a turn)."""
    turns: list[tuple[date, StandingResult]] = []
    before = standing(facts, since).standing
    for day in candidate_days(facts):
        if day <= since:
            continue
        result = standing(facts, day)
        if result.standing != before:
            turns.append((day, result))
            before = result.standing
    return turns


def next_risk(
    facts: StandingFacts, today: date, *, within_days: int
) -> tuple[date, StandingResult] | None:
    """The first turn to pending or lapsed after `today` and at most `within_days` ahead."""
    horizon = today + timedelta(days=within_days)
    for day, result in standing_turns(facts, today):
        if day > horizon:
            return None
        if result.standing in ("pending", "lapsed"):
            return day, result
    return None
