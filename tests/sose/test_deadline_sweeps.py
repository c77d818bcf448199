"""D18 and D19 through `sweep_deadlines --as-of`, with time travel, at their edges [SPEC §5,
§6.2]: the ACSA program year 2026's proposal is due April 30 and its final submission
October 31 (a plan missing either lapses); a plan scored below 60 % owes a maintenance audit
by December 31 (D19: missed on January 1, the plan's record unchanged, the program managers
told). The due date itself still counts."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.models import Deadline
from cor_portal.notifications.models import InboxMessage
from sose.enums import PlanKind, PlanStatus
from sose.models import ActionPlan, Milestone
from sose.services import plan as s
from tests.audits.conftest import PDF
from tests.factories import UserFactory
from tests.sose.conftest import make_acsa_eligible

pytestmark = pytest.mark.django_db


def at(day: date):
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12, 0))
    return time_machine.travel(moment, tick=False)


def sweep(day: date) -> None:
    call_command("sweep_deadlines", "--as-of", day.isoformat())


def _started(cast) -> ActionPlan:
    """On 2026-03-02: a complete ACSA draft of program year 2026 (3 × 2 milestones, 100)."""
    with at(date(2026, 3, 2)):
        make_acsa_eligible(cast)
        plan = s.plan_start(
            kind=PlanKind.ACSA_MAINTENANCE, wsib_account=cast.wsib_account, by=cast.smr
        )
        for i, weights in enumerate(((20, 20), (15, 15), (15, 15))):
            objective = s.objective_save(
                plan=plan,
                by=cast.smr,
                statement=f"Objective {i + 1}",
                measure="Count",
                starts_on=date(2026, 5, 1),
                ends_on=date(2026, 10, 1),
                from_recommendation=i == 0,
            )
            for w in weights:
                s.milestone_save(
                    objective=objective,
                    by=cast.smr,
                    description="Drill",
                    assignee="Crew leads",
                    target_date=date(2026, 9, 1),
                    deliverable="Drill log",
                    weight=str(w),
                )
    assert plan.program_year == 2026
    return plan


def _approved(cast, on: date = date(2026, 4, 30)) -> ActionPlan:
    plan = _started(cast)
    with at(on):
        s.proposal_submit(plan=plan, by=cast.smr, participants="Ada", organization_chart="CEO")
        s.plan_approve(plan=plan, by=cast.reviewer)
    return plan


def _final(cast, plan, on: date) -> None:
    with at(on):
        milestones = list(Milestone.objects.filter(objective__plan=plan))
        for m in milestones:
            s.deliverable_attach(
                milestone=m,
                by=cast.smr,
                upload=SimpleUploadedFile("log.pdf", PDF, content_type="application/pdf"),
                title="Drill log",
                document_date=on,
            )
        s.self_score_record(
            plan=plan,
            by=cast.smr,
            scores={m.pk: m.weight for m in milestones},
            notes={o.pk: "All" for o in plan.objectives.all()},
        )
        s.final_submit(plan=plan, by=cast.smr, signed_name="Sam", results="Done")


def _d18(plan) -> list[tuple[date, str]]:
    return sorted(
        Deadline.objects.filter(kind="D18", subject_id=plan.pk).values_list("due_on", "state")
    )


@pytest.mark.parametrize(
    ("sweep_on", "state", "status"),
    [
        (date(2026, 4, 29), "open", PlanStatus.DRAFT),
        (date(2026, 4, 30), "open", PlanStatus.DRAFT),  # the due date itself still counts
        (date(2026, 5, 1), "missed", PlanStatus.LAPSED),
    ],
)
def test_d18_spring_proposal_at_its_edge(cast, sweep_on, state, status):
    plan = _started(cast)
    assert _d18(plan) == [(date(2026, 4, 30), "open")]
    with at(sweep_on):
        sweep(sweep_on)
    plan.refresh_from_db()
    assert _d18(plan) == [(date(2026, 4, 30), state)]
    assert plan.status == status


def test_d18_a_proposal_approved_on_the_due_date_meets_it_and_opens_the_fall_deadline(cast):
    plan = _approved(cast, on=date(2026, 4, 30))
    with at(date(2026, 5, 1)):
        sweep(date(2026, 5, 1))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert _d18(plan) == [(date(2026, 4, 30), "met"), (date(2026, 10, 31), "open")]


@pytest.mark.parametrize(
    ("sweep_on", "state", "status"),
    [
        (date(2026, 10, 31), "open", PlanStatus.APPROVED),
        (date(2026, 11, 1), "missed", PlanStatus.LAPSED),
    ],
)
def test_d18_fall_final_submission_at_its_edge(cast, sweep_on, state, status):
    plan = _approved(cast)
    with at(sweep_on):
        sweep(sweep_on)
    plan.refresh_from_db()
    assert _d18(plan)[-1] == (date(2026, 10, 31), state)
    assert plan.status == status


def test_d18_a_final_submission_on_october_31_is_in_time(cast):
    plan = _approved(cast)
    _final(cast, plan, on=date(2026, 10, 31))
    with at(date(2026, 11, 1)):
        sweep(date(2026, 11, 1))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FINAL_SUBMITTED
    assert _d18(plan)[-1] == (date(2026, 10, 31), "met")


@pytest.mark.parametrize(
    ("sweep_on", "state"),
    [(date(2026, 12, 31), "open"), (date(2027, 1, 1), "missed")],
)
def test_d19_maintenance_audit_after_a_plan_below_60_at_its_edge(cast, sweep_on, state):
    plan = _approved(cast)
    _final(cast, plan, on=date(2026, 10, 15))
    manager = UserFactory(role=UserRole.PROGRAM_MANAGER)
    with at(date(2026, 11, 16)):
        milestones = list(Milestone.objects.filter(objective__plan=plan))
        # 59.99 % of the weight: below the pass mark by the smallest step
        scores = {m.pk: Decimal(0) for m in milestones}
        weighted = sorted(milestones, key=lambda m: (-m.weight, m.pk))
        scores[weighted[0].pk] = Decimal(20)
        scores[weighted[1].pk] = Decimal(20)
        scores[weighted[2].pk] = Decimal(15)
        scores[weighted[3].pk] = Decimal("4.99")
        s.plan_score(plan=plan, by=cast.reviewer, scores=scores)
    plan.refresh_from_db()
    assert (plan.status, plan.score_pct) == (PlanStatus.NOT_PASSED, Decimal("59.99"))
    assert Deadline.objects.get(kind="D19", subject_id=plan.pk).due_on == date(2026, 12, 31)
    with at(sweep_on):
        sweep(sweep_on)
    plan.refresh_from_db()
    assert Deadline.objects.get(kind="D19", subject_id=plan.pk).state == state
    assert plan.status == PlanStatus.NOT_PASSED  # the record stays; staff act on the breach
    told = InboxMessage.objects.filter(user=manager, kind="sla_breach").exists()
    assert told is (state == "missed")


def test_d19_not_opened_at_60_exactly(cast):
    plan = _approved(cast)
    _final(cast, plan, on=date(2026, 10, 15))
    with at(date(2026, 11, 16)):
        milestones = sorted(
            Milestone.objects.filter(objective__plan=plan), key=lambda m: (-m.weight, m.pk)
        )
        scores = {m.pk: Decimal(0) for m in milestones}
        scores.update({milestones[0].pk: 20, milestones[1].pk: 20, milestones[2].pk: 15})
        scores[milestones[3].pk] = Decimal(5)
        s.plan_score(plan=plan, by=cast.reviewer, scores=scores)
    plan.refresh_from_db()
    assert (plan.status, plan.score_pct) == (PlanStatus.PASSED, Decimal("60.00"))
    with at(date(2027, 1, 1)):
        sweep(date(2027, 1, 1))
    assert not Deadline.objects.filter(kind="D19", subject_id=plan.pk).exists()
