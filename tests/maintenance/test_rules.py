"""The pure maintenance date rules [SPEC §4.2, §4.3, §5 D5–D8]."""

from datetime import date

import pytest

from certification.maintenance import hold_of, maintenance_plan, year_plan


def test_year_dates():
    plan = year_plan(date(2026, 3, 1), 2)
    assert plan.anniversary == date(2027, 3, 1)
    assert plan.audit_due_on == date(2026, 12, 31)
    assert plan.pending_due_on == date(2027, 3, 31)
    assert plan.lapse_due_on == date(2027, 5, 30)


def test_feb_29_anniversary_falls_on_feb_28():
    assert year_plan(date(2028, 2, 29), 2).anniversary == date(2029, 2, 28)
    assert year_plan(date(2028, 2, 29), 4).anniversary == date(2031, 2, 28)
    assert year_plan(date(2028, 2, 29), 2).pending_due_on == date(2029, 3, 30)


def test_dec_31_anniversary_crosses_the_year():
    plan = year_plan(date(2026, 12, 31), 3)
    assert plan.anniversary == date(2028, 12, 31)
    assert plan.audit_due_on == date(2028, 11, 1)
    assert plan.pending_due_on == date(2029, 1, 30)
    assert plan.lapse_due_on == date(2029, 3, 31)


def test_plan_years_and_back_dated_certificate():
    assert [p.year for p in maintenance_plan(date(2026, 3, 1), date(2026, 3, 1))] == [2, 3, 4]
    # Issued after year 2's lapse day: only year 3 and recertification are planned.
    assert [p.year for p in maintenance_plan(date(2025, 1, 1), date(2026, 4, 2))] == [3, 4]
    # On the lapse day itself the year is still planned.
    assert [p.year for p in maintenance_plan(date(2025, 1, 1), date(2026, 4, 1))] == [2, 3, 4]


def test_year_out_of_range():
    with pytest.raises(ValueError):
        year_plan(date(2026, 1, 1), 1)


def test_hold_of():
    assert hold_of([]) == ""
    assert hold_of(["planned", "met"]) == ""
    assert hold_of(["pending", "planned"]) == "pending"
    assert hold_of(["pending", "lapsed"]) == "lapsed"
