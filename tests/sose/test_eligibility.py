"""Eligibility by rule name, and the D12/D19 dates [SPEC §5, §6]."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sose.dates import d12_due, d19_due
from sose.eligibility import EligibilityFacts, eligibility_problems
from sose.kinds import ACSA_MAINTENANCE, SOSE_SAP

TODAY = date(2027, 3, 1)
SOSE_OK = EligibilityFacts(
    today=TODAY,
    external_audit_passed=True,
    external_audit_tool="COR 2020 (demo sample)",
    external_audit_pct=Decimal("92.50"),
    sose_window_ends_on=date(2027, 6, 1),
)
ACSA_OK = EligibilityFacts(
    today=TODAY, certified=True, certified_auditor_on_staff=True, full_cycle_completed=True
)


def rules(config, facts):
    return [p.rule for p in eligibility_problems(config, facts)]


def test_eligible():
    assert rules(SOSE_SAP, SOSE_OK) == []
    assert rules(ACSA_MAINTENANCE, ACSA_OK) == []


@pytest.mark.parametrize(
    "change,rule",
    [
        ({"external_audit_passed": False}, "cor2020_external_audit"),
        ({"external_audit_tool": "COR 2014"}, "cor2020_external_audit"),
        ({"external_audit_pct": Decimal(100)}, "not_already_sose_ready"),
        ({"sose_window_ends_on": date(2027, 2, 28)}, "sose_window_open"),
        ({"open_plan_exists": True}, "one_open_plan"),
    ],
)
def test_sose_rules_by_name(change, rule):
    assert rules(SOSE_SAP, replace(SOSE_OK, **change)) == [rule]


def test_sose_window_last_day_still_open():
    assert rules(SOSE_SAP, replace(SOSE_OK, sose_window_ends_on=TODAY)) == []


def test_re_audit_at_100_still_needs_a_plan():
    facts = replace(SOSE_OK, external_audit_pct=Decimal(100), external_audit_initial=False)
    assert rules(SOSE_SAP, facts) == []


@pytest.mark.parametrize(
    "change,rule",
    [
        ({"certified": False}, "certified"),
        ({"certified_auditor_on_staff": False}, "certified_auditor_on_staff"),
        ({"full_cycle_completed": False}, "full_cycle_completed"),
        ({"open_plan_exists": True}, "one_open_plan"),
    ],
)
def test_acsa_rules_by_name(change, rule):
    assert rules(ACSA_MAINTENANCE, replace(ACSA_OK, **change)) == [rule]


@pytest.mark.parametrize(
    "pct,ok", [(Decimal("80"), False), (Decimal("80.01"), True), (None, False)]
)
def test_second_consecutive_plan_needs_over_80(pct, ok):
    facts = replace(ACSA_OK, previous_plan_consecutive=True, previous_plan_pct=pct)
    assert rules(ACSA_MAINTENANCE, facts) == ([] if ok else ["second_plan_over_80"])


def test_second_plan_message_names_the_rule():
    facts = replace(ACSA_OK, previous_plan_consecutive=True, previous_plan_pct=Decimal("80.00"))
    [p] = eligibility_problems(ACSA_MAINTENANCE, facts)
    assert p.message == (
        "Not eligible (second consecutive plan): the previous action plan scored 80.00 %; a "
        "second consecutive plan needs more than 80 %."
    )


def test_everything_missing_lists_every_rule():
    assert rules(ACSA_MAINTENANCE, EligibilityFacts(today=TODAY)) == [
        "certified",
        "certified_auditor_on_staff",
        "full_cycle_completed",
    ]


@pytest.mark.parametrize(
    "done,due",
    [
        (date(2026, 12, 2), date(2027, 12, 2)),
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2027, 1, 31), date(2028, 1, 31)),
    ],
)
def test_d12_twelve_calendar_months(done, due):
    assert d12_due(done) == due


def test_d19_december_31():
    assert d19_due(2027) == date(2027, 12, 31)
    assert d19_due(2027, date(2027, 12, 15)) == date(2027, 12, 15)
