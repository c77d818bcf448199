"""The action-plan engine's pure rules at every bound [SPEC §6; seeds 000, 002]."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sose.engine import (
    MilestoneProgress,
    MilestoneScore,
    MilestoneShape,
    ObjectiveShape,
    deliverable_problems,
    export_name,
    pct_as_decimal,
    plan_problems,
    progress,
    score_problems,
    weighted_score,
)
from sose.kinds import ACSA_MAINTENANCE, KINDS, SOSE_SAP, config_of

D = Decimal


def milestone(label="1.1", weight=None, **kw):
    values = dict(
        label=label,
        description="Train supervisors",
        assignee="H&S committee",
        target_date=date(2027, 5, 1),
        deliverable="Training records",
        weight=weight,
    )
    values.update(kw)
    return MilestoneShape(**values)


def objective(label="1", n_milestones=2, weights=None, **kw):
    weights = weights or [None] * n_milestones
    values = dict(
        label=label,
        statement="Reduce slips",
        measure="Incident count",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 10, 1),
        milestones=tuple(milestone(f"{label}.{i + 1}", w) for i, w in enumerate(weights)),
    )
    values.update(kw)
    return ObjectiveShape(**values)


def acsa_plan(n_objectives=3, weights_per_objective=None, recommendation=True):
    """n objectives of 2 milestones whose weights total 100 (the last takes the rest)."""
    weights_per_objective = weights_per_objective or _even(n_objectives)
    return [
        objective(str(i + 1), weights=w, from_recommendation=recommendation and i == 0)
        for i, w in enumerate(weights_per_objective)
    ]


def _even(n):
    share = D(100) / (2 * n)
    share = share.quantize(D("0.01"), rounding="ROUND_DOWN")
    rows = [[share, share] for _ in range(n)]
    rows[-1][-1] = D(100) - share * (2 * n - 1)
    return rows


def rules(problems):
    return [p.rule for p in problems]


# --- kinds -----------------------------------------------------------------------------------


def test_kinds_configuration():
    assert config_of("sose_sap") is SOSE_SAP
    assert config_of("acsa_maintenance") is ACSA_MAINTENANCE
    assert set(KINDS) == {"sose_sap", "acsa_maintenance"}
    assert (SOSE_SAP.milestones_min, SOSE_SAP.milestones_max) == (2, 5)
    assert (ACSA_MAINTENANCE.milestones_min, ACSA_MAINTENANCE.milestones_max) == (2, 5)
    assert (ACSA_MAINTENANCE.objectives_min, ACSA_MAINTENANCE.objectives_max) == (3, 7)
    assert SOSE_SAP.pass_mark_pct == D(100)
    assert ACSA_MAINTENANCE.pass_mark_pct == D(60)
    assert SOSE_SAP.approver == "lead_auditor"
    assert ACSA_MAINTENANCE.approver == ACSA_MAINTENANCE.scorer == "qa_reviewer"
    assert SOSE_SAP.deadlines == ("D12",)
    assert ACSA_MAINTENANCE.deadlines == ("D18", "D19")
    with pytest.raises(LookupError):
        config_of("bogus")


# --- objective counts ------------------------------------------------------------------------


@pytest.mark.parametrize("n,ok", [(2, False), (3, True), (5, True), (7, True), (8, False)])
def test_acsa_objective_count_bounds(n, ok):
    problems = plan_problems(ACSA_MAINTENANCE, acsa_plan(n))
    assert ("objective_count" not in rules(problems)) is ok
    if not ok:
        assert problems[0].message == f"A plan needs 3 to 7 objectives; it has {n}."


def test_sose_needs_one_objective_at_least():
    assert rules(plan_problems(SOSE_SAP, [])) == ["objective_count"]
    assert plan_problems(SOSE_SAP, [objective()]) == []
    assert plan_problems(SOSE_SAP, [objective(str(i)) for i in range(1, 21)]) == []


# --- milestones per objective ----------------------------------------------------------------


@pytest.mark.parametrize("m,ok", [(1, False), (2, True), (3, True), (5, True), (6, False)])
@pytest.mark.parametrize("config", [SOSE_SAP, ACSA_MAINTENANCE])
def test_milestones_per_objective_bounds(config, m, ok):
    if config.weights_required:
        # objective 1 has m milestones, 2 and 3 have two of 0.5: the total stays 100
        plan = [
            objective(
                "1", weights=[D(100) - (m - 1) - 2] + [D(1)] * (m - 1), from_recommendation=True
            ),
            *(objective(str(i), weights=[D("0.5"), D("0.5")]) for i in (2, 3)),
        ]
    else:
        plan = [objective("1", n_milestones=m)]
    problems = plan_problems(config, plan)
    assert ("milestone_count" in rules(problems)) is (not ok)
    assert "weight_total" not in rules(problems)
    if not ok:
        [problem] = [p for p in problems if p.rule == "milestone_count"]
        assert problem.message == f"Objective 1 needs 2 to 5 milestones; it has {m}."


# --- weights ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "last,ok", [(D("49"), False), (D("50"), True), (D("51"), False), (D("49.99"), False)]
)
def test_weights_total_exactly_100(last, ok):
    # 3 objectives: weights 10+10, 10+10, 10+last → 50 + last
    plan = acsa_plan(3, [[D(10), D(10)], [D(10), D(10)], [D(10), last]])
    problems = plan_problems(ACSA_MAINTENANCE, plan)
    assert rules(problems) == ([] if ok else ["weight_total"])
    if not ok:
        assert problems[0].message == (
            f"The milestones' weights total {50 + last}; they must total exactly 100."
        )


def test_weights_99_and_101_named():
    for total, last in ((99, D(49)), (101, D(51))):
        plan = acsa_plan(3, [[D(10), D(10)], [D(10), D(10)], [D(10), last]])
        [problem] = plan_problems(ACSA_MAINTENANCE, plan)
        assert problem.message == (
            f"The milestones' weights total {total}; they must total exactly 100."
        )


def test_partial_decimal_weights_total_100():
    plan = acsa_plan(3, [[D("33.33"), D("0.01")], [D("33.33"), D("0.01")], [D("33.31"), D("0.01")]])
    assert plan_problems(ACSA_MAINTENANCE, plan) == []


@pytest.mark.parametrize("bad", [None, D(0), D(-5), D("1.005"), 1.5, "x"])
def test_weight_required_each_milestone(bad):
    plan = acsa_plan(3, [[D(10), bad], [D(10), D(10)], [D(10), D(60)]])
    assert "milestone_weight" in rules(plan_problems(ACSA_MAINTENANCE, plan))


def test_sose_refuses_weights():
    plan = [objective(weights=[D(50), D(50)])]
    assert rules(plan_problems(SOSE_SAP, plan)) == ["weight_not_used", "weight_not_used"]


# --- milestone fields ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field,value,rule",
    [
        ("assignee", " ", "milestone_assignee"),
        ("target_date", None, "milestone_target_date"),
        ("deliverable", "", "milestone_deliverable"),
        ("description", "", "milestone_description"),
    ],
)
def test_milestone_without_a_field(field, value, rule):
    plan = acsa_plan(3)
    first = plan[0]
    broken = replace(first.milestones[0], **{field: value})
    plan[0] = replace(first, milestones=(broken, first.milestones[1]))
    assert rules(plan_problems(ACSA_MAINTENANCE, plan)) == [rule]


def test_sose_milestone_needs_no_deliverable_at_planning():
    plan = [objective()]
    plan[0] = replace(
        plan[0], milestones=tuple(replace(m, deliverable="") for m in plan[0].milestones)
    )
    assert plan_problems(SOSE_SAP, plan) == []


@pytest.mark.parametrize(
    "field,value,rule",
    [
        ("statement", "", "objective_statement"),
        ("measure", "", "objective_measure"),
        ("starts_on", None, "objective_dates"),
        ("ends_on", date(2027, 2, 28), "objective_dates"),
    ],
)
def test_objective_smart_fields(field, value, rule):
    assert rules(plan_problems(SOSE_SAP, [replace(objective(), **{field: value})])) == [rule]


def test_objective_may_end_the_day_it_starts():
    o = replace(objective(), ends_on=date(2027, 3, 1))
    assert plan_problems(SOSE_SAP, [o]) == []


# --- CAP coverage and recommendations --------------------------------------------------------


def test_sose_every_cap_item_covered_and_named():
    caps = {11: "Element 3 below 65 %", 12: "Item 5.2 legislated"}
    covered = [objective("1", cap_item_id=11), objective("2", cap_item_id=12)]
    assert plan_problems(SOSE_SAP, covered, cap_items=caps) == []
    [problem] = plan_problems(SOSE_SAP, covered[:1], cap_items=caps)
    assert problem.rule == "cap_item_uncovered"
    assert (
        problem.message == "No objective covers the corrective action item “Item 5.2 legislated”."
    )


def test_acsa_needs_an_objective_from_recommendations():
    assert rules(plan_problems(ACSA_MAINTENANCE, acsa_plan(3, recommendation=False))) == [
        "objective_from_recommendations"
    ]


# --- scores ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "score,rule",
    [
        (D("-0.01"), "score_negative"),
        (D("0"), None),
        (D("7.5"), None),
        (D("10"), None),
        (D("10.01"), "score_above_weight"),
        (D("1.005"), "score_format"),
        (None, "score_missing"),
        (2.5, "score_format"),
    ],
)
def test_score_bounds(score, rule):
    problems = score_problems(score, weight=D(10), label="2.1")
    assert rules(problems) == ([rule] if rule else [])


def test_score_above_weight_message():
    [p] = score_problems(D(11), weight=D(10), label="2.1")
    assert p.message == "Milestone 2.1: the score cannot exceed its weight (10)."


def _scores(points_for_last):
    # 4 milestones of weight 25: 25 + 25 + 9.99 + x
    return [
        MilestoneScore("1", D(25), D(25)),
        MilestoneScore("1", D(25), D(25)),
        MilestoneScore("2", D(25), D("9.99")),
        MilestoneScore("2", D(25), points_for_last),
    ]


@pytest.mark.parametrize(
    "last,pct,passed", [(D(0), "59.99", False), (D("0.01"), "60.00", True), (D(25), "84.99", True)]
)
def test_acsa_60_mark_at_its_edge(last, pct, passed):
    score = weighted_score(ACSA_MAINTENANCE, _scores(last))
    assert (score.display, score.passed) == (pct, passed)
    assert pct_as_decimal(score.pct) == D(pct)


def test_weighted_partial_points_exact():
    score = weighted_score(
        ACSA_MAINTENANCE,
        [
            MilestoneScore("1", D("33.33"), D("16.66")),
            MilestoneScore("1", D("33.33"), D("33.33")),
            MilestoneScore("2", D("33.34"), None),
        ],
    )
    assert score.earned == Fraction(4999, 100)
    assert score.pct == Fraction(4999, 100)
    assert score.per_objective == {"1": Fraction(4999, 6666) * 100, "2": Fraction(0)}
    assert not score.passed


@pytest.mark.parametrize("achieved,passed", [(99, False), (100, True)])
def test_sose_100_mark_at_its_edge(achieved, passed):
    milestones = [
        MilestoneScore(str(i // 2), D(1), D(1 if i < achieved else 0)) for i in range(100)
    ]
    score = weighted_score(SOSE_SAP, milestones)
    assert score.passed is passed
    assert score.display == f"{achieved}.00"


def test_sose_one_milestone_short_of_100_fails():
    score = weighted_score(
        SOSE_SAP, [MilestoneScore("1", D(1), D(1))] * 299 + [MilestoneScore("2", D(1), D(0))]
    )
    assert score.display == "99.66" and not score.passed


def test_scoring_refuses_points_outside_the_weight():
    with pytest.raises(ValueError):
        weighted_score(ACSA_MAINTENANCE, [MilestoneScore("1", D(10), D(11))])
    with pytest.raises(ValueError):
        weighted_score(ACSA_MAINTENANCE, [MilestoneScore("1", D(10), D(-1))])


def test_no_milestones_no_percentage():
    score = weighted_score(ACSA_MAINTENANCE, [])
    assert score.pct is None and not score.passed and score.display == "N/A"


@given(
    st.lists(
        st.tuples(st.integers(1, 5000), st.integers(0, 100)),
        min_size=1,
        max_size=30,
    )
)
def test_weighted_score_is_exact_sum(rows):
    # weight w hundredths, points = share% of it (hundredths, floor)
    milestones = [MilestoneScore("1", D(w) / 100, D(w * share // 100) / 100) for w, share in rows]
    score = weighted_score(ACSA_MAINTENANCE, milestones)
    earned = sum(Fraction(w * share // 100, 100) for w, share in rows)
    possible = sum(Fraction(w, 100) for w, _ in rows)
    assert score.pct == earned * 100 / possible
    assert score.passed is (earned * 100 / possible >= 60)


# --- progress --------------------------------------------------------------------------------


def test_progress_weighted_and_per_objective():
    overall, per = progress(
        [
            MilestoneProgress("1", D(30), True),
            MilestoneProgress("1", D(20), False),
            MilestoneProgress("2", D(50), True),
        ]
    )
    assert overall == Fraction(80)
    assert per == {"1": Fraction(60), "2": Fraction(100)}


# --- deliverables and the export's names -----------------------------------------------------


def test_deliverable_dated_and_labelled():
    assert deliverable_problems(document_date=date(2027, 1, 1), milestone_label="1.2") == []
    assert rules(deliverable_problems(document_date=None, milestone_label="")) == [
        "deliverable_undated",
        "deliverable_unlabelled",
    ]


def test_export_names_follow_the_convention_without_collisions():
    taken: set[str] = set()
    first = export_name(
        objective=1, milestone=2, index=1, title="Drill log: Q1", extension="PDF", taken=taken
    )
    again = export_name(
        objective=1, milestone=2, index=1, title="Drill log: Q1", extension="pdf", taken=taken
    )
    third = export_name(
        objective=1, milestone=2, index=1, title="drill log: q1", extension="pdf", taken=taken
    )
    odd = export_name(objective=3, milestone=1, index=4, title="../../", extension="", taken=taken)
    assert first == "Objective-01/O01-M02-01_Drill-log-Q1.pdf"
    assert again == "Objective-01/O01-M02-01_Drill-log-Q1-2.pdf"
    assert third == "Objective-01/O01-M02-01_drill-log-q1-3.pdf"
    assert odd == "Objective-03/O03-M01-04_document"
