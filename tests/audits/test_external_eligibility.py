"""audits.eligibility: who may be chosen as an account's external auditor (pure, every rule
and every combination of facts)."""

import itertools
from datetime import date

import pytest

from audits.eligibility import AuditorFacts, PreviousAudit, Rule, eligibility_problems

STATUSES = ["pending", "approved", "suspended", "removed"]


def facts(**overrides) -> AuditorFacts:
    values = dict(
        auditor_id=1,
        name="Alex External",
        status="approved",
        company_id=10,
        company_name="Northern Audit Co.",
        status_since=date(2026, 1, 5),
        status_reason="",
        signed_code_of_ethics=True,
        conflicts_with_organization=frozenset(),
    )
    values.update(overrides)
    return AuditorFacts(**values)


PREVIOUS_OTHER = PreviousAudit(2, "Jordan Second", 20, "Lakeshore Safety Audits", date(2023, 5, 1))


def test_an_approved_auditor_without_conflicts_may_be_chosen():
    assert eligibility_problems(facts(), None) == []
    assert eligibility_problems(facts(), PREVIOUS_OTHER) == []


@pytest.mark.parametrize(
    "status,rule",
    [("pending", Rule.NOT_APPROVED), ("suspended", Rule.SUSPENDED), ("removed", Rule.REMOVED)],
)
def test_only_approved_auditors(status, rule):
    [refusal] = eligibility_problems(facts(status=status, status_reason="Complaint"), None)
    assert refusal.rule == rule
    assert "Alex External" in refusal.message
    if status != "pending":
        assert "Complaint" in refusal.message and "2026-01-05" in refusal.message


def test_unknown_status_is_not_approved():
    [refusal] = eligibility_problems(facts(status="???"), None)
    assert refusal.rule == Rule.NOT_APPROVED


def test_code_of_ethics_required():
    [refusal] = eligibility_problems(facts(signed_code_of_ethics=False), None)
    assert refusal.rule == Rule.NO_CODE_OF_ETHICS


def test_never_the_previous_auditor():
    previous = PreviousAudit(1, "Alex External", 10, "Northern Audit Co.", date(2023, 5, 1))
    [refusal] = eligibility_problems(facts(), previous)
    assert refusal.rule == Rule.SAME_AUDITOR
    assert "2023-05-01" in refusal.message


def test_never_a_colleague_of_the_same_company():
    previous = PreviousAudit(3, "Casey Colleague", 10, "Northern Audit Co.", date(2023, 5, 1))
    [refusal] = eligibility_problems(facts(), previous)
    assert refusal.rule == Rule.SAME_COMPANY
    assert "Northern Audit Co." in refusal.message and "Casey Colleague" in refusal.message


def test_independent_auditors_are_never_the_same_company():
    previous = PreviousAudit(3, "Casey Solo", None, "", date(2023, 5, 1))
    assert eligibility_problems(facts(company_id=None, company_name=""), previous) == []


def test_consulting_and_other_conflicts():
    [c] = eligibility_problems(facts(conflicts_with_organization=frozenset({"consulting"})), None)
    assert c.rule == Rule.CONSULTED
    [o] = eligibility_problems(facts(conflicts_with_organization=frozenset({"other"})), None)
    assert o.rule == Rule.CONFLICT


@pytest.mark.parametrize(
    "status,ethics,same,conflicts",
    list(
        itertools.product(
            STATUSES,
            [True, False],
            ["none", "auditor", "company"],
            [
                frozenset(),
                frozenset({"consulting"}),
                frozenset({"other"}),
                frozenset({"consulting", "other"}),
            ],
        )
    ),
)
def test_every_combination_names_exactly_the_rules_broken(status, ethics, same, conflicts):
    previous = {
        "none": PREVIOUS_OTHER,
        "auditor": PreviousAudit(1, "Alex External", 10, "Northern Audit Co.", None),
        "company": PreviousAudit(3, "Casey", 10, "Northern Audit Co.", None),
    }[same]
    got = {
        r.rule
        for r in eligibility_problems(
            facts(
                status=status, signed_code_of_ethics=ethics, conflicts_with_organization=conflicts
            ),
            previous,
        )
    }
    expected = set()
    if status != "approved":
        expected.add(
            {"pending": Rule.NOT_APPROVED, "suspended": Rule.SUSPENDED, "removed": Rule.REMOVED}[
                status
            ]
        )
    if not ethics:
        expected.add(Rule.NO_CODE_OF_ETHICS)
    if same == "auditor":
        expected.add(Rule.SAME_AUDITOR)
    if same == "company":
        expected.add(Rule.SAME_COMPANY)
    if "consulting" in conflicts:
        expected.add(Rule.CONSULTED)
    if "other" in conflicts:
        expected.add(Rule.CONFLICT)
    assert got == expected


# --- audits.planning ----------------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from audits.planning import (  # noqa: E402
    PlanFacts,
    latest_start_to_finish_by,
    plan_approval_due,
    plan_problems,
    reaudit_due,
)


def test_plan_approval_due_is_21_days():
    assert plan_approval_due(date(2026, 3, 1)) == date(2026, 3, 22)


@pytest.mark.parametrize(
    "received,due",
    [
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2028, 2, 29), date(2028, 8, 29)),
        (date(2026, 1, 15), date(2026, 7, 15)),
    ],
)
def test_reaudit_due_six_calendar_months(received, due):
    assert reaudit_due(received) == due


def test_advisory_start_by_october_1():
    assert latest_start_to_finish_by(date(2027, 1, 1)) == date(2026, 10, 1)
    assert latest_start_to_finish_by(date(2026, 6, 1)) == date(2026, 10, 1)


def test_plan_problems_name_each_field():
    empty = PlanFacts("", "", None, None, None, 0, 0, 0)
    assert set(plan_problems(empty)) == {
        "scope",
        "sites",
        "starts_on",
        "ends_on",
        "audit_days",
        "interviews",
    }
    backwards = PlanFacts("All", "HQ", date(2026, 5, 2), date(2026, 5, 1), Decimal("2"), 1, 1, 1)
    assert set(plan_problems(backwards)) == {"ends_on"}
    good = PlanFacts("All", "HQ", date(2026, 5, 1), date(2026, 5, 2), Decimal("2"), 1, 2, 3)
    assert plan_problems(good) == {}
