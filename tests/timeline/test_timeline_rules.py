"""The pure parts of the account timeline (cor_portal/timeline.py): the days in words, the
order of events, cycle sections, the "what comes next" sentence and the source registry."""

from datetime import date

import pytest
from django.utils import translation

from cor_portal import timeline as tl
from cor_portal.timeline import Event, EventKind, Outcome

TODAY = date(2026, 12, 1)


def ev(on, title="x", kind=EventKind.AUDIT, **kw):
    return Event(account_id=1, on=on, kind=kind, title=title, **kw)


@pytest.mark.parametrize(
    ("on", "words"),
    [
        (date(2026, 12, 1), "today"),
        (date(2026, 12, 2), "tomorrow"),
        (date(2026, 11, 30), "yesterday"),
        (date(2026, 12, 31), "30 days from today"),
        (date(2026, 11, 28), "3 days ago"),
    ],
)
def test_days_phrase_says_the_days_in_words(on, words):
    assert tl.days_phrase(on, TODAY) == words


def test_days_phrase_in_french():
    with translation.override("fr-ca"):
        assert tl.days_phrase(date(2026, 12, 31), TODAY) == "dans 30 jours"
        assert tl.days_phrase(TODAY, TODAY) == "aujourd’hui"


def test_summary_names_the_anniversary_and_the_next_obligation():
    upcoming = [
        ev(date(2026, 12, 31), "D5 Maintenance audit due", kind=EventKind.DEADLINE),
        ev(date(2027, 3, 1), "Anniversary", kind=EventKind.ANNIVERSARY),
    ]
    assert tl.summary_of(upcoming, TODAY) == (
        "Your anniversary is 2027-03-01 (90 days from today); "
        "next: D5 Maintenance audit due, 2026-12-31, 30 days from today."
    )


def test_summary_without_an_anniversary_or_with_nothing_ahead():
    step = ev(date(2026, 12, 6), "D1 Internal audit desk review", kind=EventKind.DEADLINE)
    assert tl.summary_of([step], TODAY) == (
        "Next: D1 Internal audit desk review, 2026-12-06, 5 days from today."
    )
    assert tl.summary_of([], TODAY) == "Nothing is due for this account."


def test_events_sort_by_day_then_order_then_cycle_start_first():
    a = ev(date(2026, 1, 5), "b")
    b = ev(date(2026, 1, 5), "a", starts_cycle=True)
    c = ev(date(2026, 1, 5), "z", order=-1)
    d = ev(date(2025, 1, 1), "old")
    assert tl.sort_events([a, b, c, d]) == [d, c, b, a]


def test_cycle_sections_newest_first_events_oldest_first():
    registered = ev(date(2025, 1, 1), "registered")
    cycle1 = ev(date(2025, 2, 1), "cycle 1", starts_cycle=True)
    audit = ev(date(2025, 3, 1), "audit")
    restart = ev(date(2025, 9, 1), "restart", starts_cycle=True)
    audit2 = ev(date(2025, 10, 1), "audit 2")
    sections = tl.cycle_sections([registered, cycle1, audit, restart, audit2])
    assert [(s.start, s.events) for s in sections] == [
        (restart, (audit2,)),
        (cycle1, (audit,)),
        (None, (registered,)),
    ]
    assert sections[-1].title == "Before the first cycle"
    assert tl.cycle_sections([]) == []


def test_build_timeline_splits_past_and_upcoming():
    done = ev(date(2026, 11, 1), "done")
    ahead = ev(date(2027, 1, 1), "ahead")
    open_overdue = ev(date(2026, 11, 20), "overdue", upcoming=True, outcome=Outcome.OPEN)
    result = tl.build_timeline(1, [ahead, done, open_overdue], TODAY)
    assert result.past == (done,)
    assert result.upcoming == (open_overdue, ahead)
    assert result.next_steps == ((open_overdue, "11 days ago"), (ahead, "31 days from today"))


def test_a_forecast_covered_by_an_upcoming_event_is_shown_once():
    deadline = ev(date(2027, 3, 31), "D6", kind=EventKind.DEADLINE, key="deadline:D6:2027-03-31")
    turn = ev(
        date(2027, 4, 1),
        "pending",
        kind=EventKind.STANDING,
        covered_by=("deadline:D6:2027-03-31",),
    )
    other = ev(date(2027, 6, 1), "lapsed", kind=EventKind.STANDING, covered_by=("deadline:D7:x",))
    result = tl.build_timeline(1, [turn, deadline, other], TODAY)
    assert result.upcoming == (deadline, other)
    # Without the deadline (met, cancelled, never opened) the forecast stays.
    assert tl.build_timeline(1, [turn], TODAY).upcoming == (turn,)
    # A past event with the key does not hide a forecast ahead, nor a past line a key ahead.
    past_deadline = ev(date(2026, 11, 1), "D6", key="deadline:D6:2027-03-31", upcoming=False)
    assert tl.build_timeline(1, [turn, past_deadline], TODAY).upcoming == (turn,)
    past_turn = ev(date(2026, 11, 2), "was", covered_by=("deadline:D6:2027-03-31",))
    assert tl.build_timeline(1, [past_turn, deadline], TODAY).past == (past_turn,)


def test_registry_runs_every_source_once_for_all_accounts():
    calls = []

    def source(user, ids, today):
        calls.append(list(ids))
        return [Event(account_id=i, on=today, kind=EventKind.AUDIT, title=f"e{i}") for i in ids]

    saved = dict(tl._sources)
    tl._sources.clear()
    try:
        tl.register_timeline_source("tests.one", source)
        found = tl.timelines(None, [3, 2, 3], TODAY)
    finally:
        tl._sources.clear()
        tl._sources.update(saved)
    assert calls == [[2, 3]]
    assert [e.title for e in found[2].past] == ["e2"]
    assert found[3].past[0].source == "tests.one"


def test_a_source_needs_a_dotted_name():
    with pytest.raises(ValueError, match="named"):
        tl.register_timeline_source("bad", lambda u, i, t: [])


def test_every_app_registers_its_sources():
    assert {
        "deadlines.deadlines",
        "certification.registrations",
        "certification.certificates",
        "audits.internal_reviews",
        "audits.external_audits",
    } <= set(tl.timeline_sources())
