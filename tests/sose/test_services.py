"""The action plan's transitions end to end through the services [SPEC §6]: the SOSE path
from pre-filled objectives to a 100 % verification and the Ministry package; the ACSA path
from proposal to the QA score; refusals with nothing changed."""

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.models import HistoryEntry
from sose.enums import PlanKind, PlanStatus
from sose.models import ActionPlan, Milestone
from sose.services import plan as s
from sose.services.package import ministry_package, submission_zip
from tests.audits.conftest import PDF
from tests.sose.conftest import passed_external

pytestmark = pytest.mark.django_db

TODAY = date.today


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _fill_sose(plan, by):
    for objective in plan.objectives.order_by("order"):
        s.objective_save(
            plan=plan,
            by=by,
            objective=objective,
            measure="Audit of the register",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=90),
        )
        for i in range(2):
            s.milestone_save(
                objective=objective,
                by=by,
                description=f"Step {i + 1}",
                assignee="H&S coordinator",
                target_date=timezone.localdate() + timedelta(days=30 * (i + 1)),
            )


def _sose_started(sose):
    cast = sose.cast
    return s.plan_start(kind=PlanKind.SOSE_SAP, wsib_account=cast.wsib_account, by=cast.smr)


def test_sose_plan_prefilled_from_every_cap_item(sose):
    plan = _sose_started(sose)
    statements = list(plan.objectives.order_by("order").values_list("statement", flat=True))
    assert statements == ["Update the hazard register", "Train JHSC"]
    assert plan.associate_auditor == sose.extras["engagement"].auditor
    d12 = Deadline.objects.get(kind="D12", subject_id=plan.pk)
    engagement = sose.extras["engagement"]
    assert d12.due_on == engagement.report_approved_on.replace(
        year=engagement.report_approved_on.year + 1
    )


def test_sose_submission_refused_while_a_cap_item_is_uncovered(sose):
    cast = sose.cast
    plan = _sose_started(sose)
    _fill_sose(plan, cast.smr)
    last = plan.objectives.order_by("order").last()
    s.objective_remove(objective=last, by=cast.smr)
    with pytest.raises(DomainError) as refused:
        s.proposal_submit(plan=plan, by=cast.smr)
    assert refused.value.problems[0].rule == "cap_item_uncovered"
    assert "“Train JHSC”" in refused.value.message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_sose_ineligible_rules_named(external):
    cast = external.cast
    with pytest.raises(DomainError) as refused:
        s.plan_start(kind=PlanKind.SOSE_SAP, wsib_account=cast.wsib_account, by=cast.smr)
    assert [p.rule for p in refused.value.problems] == ["cor2020_external_audit"]
    assert ActionPlan.objects.count() == 0


def test_sose_already_ready_at_100(external):
    passed_external(external, points={}, findings=())
    cast = external.cast
    with pytest.raises(DomainError) as refused:
        s.plan_start(kind=PlanKind.SOSE_SAP, wsib_account=cast.wsib_account, by=cast.smr)
    assert [p.rule for p in refused.value.problems] == ["not_already_sose_ready"]


def test_only_the_smr_starts(sose):
    with pytest.raises(NotAllowed):
        s.plan_start(
            kind=PlanKind.SOSE_SAP,
            wsib_account=sose.cast.wsib_account,
            by=sose.cast.internal_auditor,
        )


def _sose_to_final(sose, lead):
    cast = sose.cast
    plan = _sose_started(sose)
    _fill_sose(plan, cast.smr)
    s.proposal_submit(plan=plan, by=cast.smr)
    with pytest.raises(NotAllowed):
        s.plan_approve(plan=plan, by=cast.reviewer)  # the Lead Auditor approves a SAP
    s.plan_approve(plan=plan, by=lead)
    auditor = sose.extras["engagement"].auditor.user
    with pytest.raises(DomainError) as refused:
        s.verification_plan_record(plan=plan, by=auditor, scope="All objectives", cost="-1")
    assert refused.value.field == "cost"
    s.verification_plan_record(plan=plan, by=auditor, scope="All objectives", cost="2400.00")
    for milestone in Milestone.objects.filter(objective__plan=plan):
        s.milestone_complete(milestone=milestone, by=cast.smr, completed_on=timezone.localdate())
        s.deliverable_attach(
            milestone=milestone,
            by=cast.internal_auditor,
            upload=pdf(),
            title="Register",
            document_date=timezone.localdate(),
        )
    s.final_submit(plan=plan, by=cast.smr, signed_name="Sam Smr")
    plan.refresh_from_db()
    return plan, auditor


def test_sose_end_to_end_100_and_the_ministry_package(sose, lead):
    plan, auditor = _sose_to_final(sose, lead)
    milestones = Milestone.objects.filter(objective__plan=plan)
    s.plan_score(
        plan=plan,
        by=auditor,
        scores={m.pk: 1 for m in milestones},
        objective_notes={o.pk: "Done" for o in plan.objectives.all()},
        results="Every objective implemented",
        strengths="Leadership",
    )
    plan.refresh_from_db()
    assert (plan.status, plan.score_pct) == (PlanStatus.PASSED, Decimal("100.00"))
    content = ministry_package(plan=plan, by=sose.cast.smr)
    assert content.startswith(b"%PDF")
    built = HistoryEntry.objects.filter(action="package_built", object_id=str(plan.pk)).get()
    assert built.changes["pages"][1] >= 3
    assert Deadline.objects.get(kind="D12", subject_id=plan.pk).state == "met"
    actions = list(
        HistoryEntry.objects.filter(object_id=str(plan.pk), content_type__model="actionplan")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    for expected in (
        "plan_created",
        "proposal_submitted",
        "plan_approved",
        "verification_planned",
        "final_submitted",
        "scored_passed",
        "package_built",
    ):
        assert expected in actions


def test_sose_one_milestone_short_is_not_eligible(sose, lead):
    plan, auditor = _sose_to_final(sose, lead)
    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    scores = {m.pk: 1 for m in milestones}
    scores[milestones[0].pk] = 0
    s.plan_score(plan=plan, by=auditor, scores=scores, results="One milestone not evidenced")
    plan.refresh_from_db()
    assert (plan.status, plan.score_pct) == (PlanStatus.NOT_PASSED, Decimal("75.00"))
    with pytest.raises(DomainError):
        ministry_package(plan=plan, by=sose.cast.smr)
    assert not Deadline.objects.filter(kind="D19").exists()


# --- ACSA -----------------------------------------------------------------------------------


def _acsa_plan(cast, weights=((20, 20), (15, 15), (15, 15))):
    plan = s.plan_start(kind=PlanKind.ACSA_MAINTENANCE, wsib_account=cast.wsib_account, by=cast.smr)
    for i, pair in enumerate(weights):
        objective = s.objective_save(
            plan=plan,
            by=cast.smr,
            statement=f"Objective {i + 1}",
            measure="Count",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=100),
            from_recommendation=i == 0,
        )
        for w in pair:
            s.milestone_save(
                objective=objective,
                by=cast.smr,
                description="Drill",
                assignee="Crew leads",
                target_date=timezone.localdate() + timedelta(days=50),
                deliverable="Drill log",
                weight=str(w),
            )
    return plan


def test_acsa_proposal_refusals_then_qa_score(acsa):
    cast = acsa
    plan = _acsa_plan(cast, weights=((20, 20), (15, 15), (15, 14)))
    with pytest.raises(DomainError) as refused:
        s.proposal_submit(plan=plan, by=cast.smr, participants="", organization_chart="")
    assert [p.rule for p in refused.value.problems] == [
        "weight_total",
        "proposal_participants",
        "proposal_org_chart",
    ]
    milestone = Milestone.objects.filter(objective__plan=plan).order_by("pk").last()
    s.milestone_save(objective=milestone.objective, by=cast.smr, milestone=milestone, weight="15")
    s.proposal_submit(
        plan=plan, by=cast.smr, participants="Ada (COR auditor)", organization_chart="CEO > Ops"
    )
    s.plan_return(plan=plan, by=cast.reviewer, reason="Objective 2 is not measurable")
    s.proposal_submit(plan=plan, by=cast.smr)
    s.plan_approve(plan=plan, by=cast.reviewer)
    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    for m in milestones:
        s.deliverable_attach(
            milestone=m, by=cast.smr, upload=pdf(), title="Drill log", document_date=TODAY()
        )
    with pytest.raises(DomainError) as refused:
        s.self_score_record(plan=plan, by=cast.smr, scores={milestones[0].pk: "20.01"})
    assert refused.value.problems[0].rule == "score_above_weight"
    with pytest.raises(DomainError) as refused:
        s.self_score_record(plan=plan, by=cast.smr, scores={milestones[0].pk: "-1"})
    assert refused.value.problems[0].rule == "score_negative"
    s.self_score_record(
        plan=plan,
        by=cast.smr,
        scores={m.pk: str(m.weight) for m in milestones} | {milestones[0].pk: "10.5"},
        notes={o.pk: "Two of four drills" for o in plan.objectives.all()},
    )
    plan.refresh_from_db()
    assert plan.self_score_pct == Decimal("90.50")
    s.final_submit(plan=plan, by=cast.smr, signed_name="Sam Smr", results="Done")
    # QA: 59.99 % → below the pass mark, D19 by December 31
    scores = {m.pk: Decimal(0) for m in milestones}
    scores[milestones[0].pk] = Decimal(20)
    scores[milestones[1].pk] = Decimal(20)
    scores[milestones[2].pk] = Decimal("15")
    scores[milestones[3].pk] = Decimal("4.99")
    s.plan_score(plan=plan, by=cast.reviewer, scores=scores)
    plan.refresh_from_db()
    assert (plan.status, plan.score_pct) == (PlanStatus.NOT_PASSED, Decimal("59.99"))
    d19 = Deadline.objects.get(kind="D19", subject_id=plan.pk)
    # The plan's program year (the next one once this year's proposal deadline passed).
    assert d19.due_on == date(plan.program_year, 12, 31)
    content = submission_zip(plan=plan, by=cast.reviewer)
    names = sorted(zipfile.ZipFile(io.BytesIO(content)).namelist())
    assert names[0].startswith("Objective-01/O01-M01-01_")
    assert len(names) == len(set(names)) == 7
    assert "summary.csv" in names


def test_acsa_60_exactly_passes(acsa):
    cast = acsa
    plan = _acsa_plan(cast)
    s.proposal_submit(plan=plan, by=cast.smr, participants="Ada", organization_chart="CEO")
    s.plan_approve(plan=plan, by=cast.reviewer)
    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    for m in milestones:
        s.deliverable_attach(
            milestone=m, by=cast.smr, upload=pdf(), title="Log", document_date=TODAY()
        )
    s.self_score_record(
        plan=plan,
        by=cast.smr,
        scores={m.pk: str(m.weight) for m in milestones},
        notes={o.pk: "All" for o in plan.objectives.all()},
    )
    s.final_submit(plan=plan, by=cast.smr, signed_name="Sam", results="Done")
    scores = {m.pk: Decimal(0) for m in milestones}
    scores[milestones[0].pk] = Decimal(20)
    scores[milestones[1].pk] = Decimal(20)
    scores[milestones[2].pk] = Decimal(15)
    scores[milestones[3].pk] = Decimal(5)
    with pytest.raises(DomainError):
        s.plan_score(plan=plan, by=cast.reviewer, scores={milestones[0].pk: 1})  # not all
    s.plan_score(plan=plan, by=cast.reviewer, scores=scores)
    plan.refresh_from_db()
    assert (plan.status, plan.score_pct) == (PlanStatus.PASSED, Decimal("60.00"))
    assert not Deadline.objects.filter(kind="D19").exists()


def test_acsa_ineligible_without_a_certificate(cast):
    with pytest.raises(DomainError) as refused:
        s.plan_start(kind=PlanKind.ACSA_MAINTENANCE, wsib_account=cast.wsib_account, by=cast.smr)
    assert [p.rule for p in refused.value.problems] == [
        "certified",
        "certified_auditor_on_staff",
        "full_cycle_completed",
    ]


def test_acsa_second_consecutive_plan_after_80_exactly(acsa):
    cast = acsa
    ActionPlan.objects.create(
        kind=PlanKind.ACSA_MAINTENANCE,
        wsib_account=cast.wsib_account,
        program_year=timezone.localdate().year - 1,
        status=PlanStatus.PASSED,
        approved_on=TODAY(),
        decided_by=cast.reviewer,
        score_pct=Decimal("80.00"),
        scored_by=cast.reviewer,
        scored_on=TODAY(),
        created_by=cast.smr,
    )
    with pytest.raises(DomainError) as refused:
        s.plan_start(kind=PlanKind.ACSA_MAINTENANCE, wsib_account=cast.wsib_account, by=cast.smr)
    assert [p.rule for p in refused.value.problems] == ["second_plan_over_80"]


def test_deliverable_must_be_dated(acsa):
    cast = acsa
    plan = _acsa_plan(cast)
    s.proposal_submit(plan=plan, by=cast.smr, participants="Ada", organization_chart="CEO")
    s.plan_approve(plan=plan, by=cast.reviewer)
    milestone = Milestone.objects.filter(objective__plan=plan).first()
    with pytest.raises(DomainError) as refused:
        s.deliverable_attach(
            milestone=milestone, by=cast.smr, upload=pdf(), title="Log", document_date=None
        )
    assert refused.value.problems[0].rule == "deliverable_undated"
    assert not milestone.deliverables.exists()


def test_objective_and_milestone_bounds_in_the_service(acsa):
    cast = acsa
    plan = _acsa_plan(cast)
    objective = plan.objectives.first()
    for _ in range(3):
        s.milestone_save(
            objective=objective, by=cast.smr, description="x", assignee="y", weight="1"
        )
    with pytest.raises(DomainError) as refused:
        s.milestone_save(objective=objective, by=cast.smr, description="sixth", weight="1")
    assert refused.value.field == "milestones"
    assert objective.milestones.count() == 5
