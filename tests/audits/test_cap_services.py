"""Corrective action plans: generated once, completed by the employer, submitted by the SMR,
approved or returned with reasons by the certifying body."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.enums import CapStatus
from audits.models import CapItem, CorrectiveActionPlan, Evidence
from audits.services.cap import (
    cap_approve,
    cap_generate,
    cap_item_add,
    cap_item_update,
    cap_return,
    cap_submit,
)
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage
from tests.audits.conftest import PDF, db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(flow):
    done = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}, findings=["Records missing."])
    return done.plan


def fill(plan, by):
    for item in plan.items.all():
        cap_item_update(
            cap_item=item,
            by=by,
            owner="Pat Lee",
            target_date=timezone.localdate() + timedelta(days=30),
        )


def test_cap_generate_is_idempotent(flow, plan):
    again = cap_generate(audit=plan.audit, by=flow.cast.reviewer)
    assert again.pk == plan.pk
    assert CorrectiveActionPlan.objects.count() == 1
    assert CapItem.objects.count() == 3  # overall, element 2, the finding


def test_cap_generate_refuses_an_audit_not_reviewed(flow):
    audit = flow.under_review()
    with pytest.raises(DomainError, match="follows the desk review"):
        cap_generate(audit=audit, by=flow.cast.reviewer)
    assert not CorrectiveActionPlan.objects.exists()


def test_cap_item_update_records_owner_dates_and_evidence(flow, plan):
    item = plan.items.get(order=1)
    today = timezone.localdate()
    updated = cap_item_update(
        cap_item=item,
        by=flow.cast.internal_auditor,
        action="Retrain supervisors on inspections",
        owner="Pat Lee",
        target_date=today + timedelta(days=60),
        implementation_date=today,
        evidence_file=SimpleUploadedFile("training-log.pdf", PDF),
    )
    assert (updated.owner, updated.target_date, updated.implementation_date) == (
        "Pat Lee",
        today + timedelta(days=60),
        today,
    )
    assert updated.evidence.original_name == "training-log.pdf"
    assert updated.evidence.audit == plan.audit
    entry = next(h for h in history_of(plan) if h.action == "cap_item_updated")
    assert entry.changes["item 1 owner"] == ["", "Pat Lee"]


def test_cap_dates_are_checked(flow, plan):
    item = plan.items.get(order=1)
    before = db_state()
    with pytest.raises(DomainError) as exc:
        cap_item_update(cap_item=item, by=flow.cast.smr, target_date=date(2099, 1, 1))
    assert exc.value.field == "target_date"
    assert "6-month window" in exc.value.message
    with pytest.raises(DomainError) as exc:
        cap_item_update(
            cap_item=item,
            by=flow.cast.smr,
            implementation_date=timezone.localdate() + timedelta(days=1),
        )
    assert exc.value.field == "implementation_date"
    assert db_state() == before


def test_cap_evidence_of_a_disallowed_type_is_refused(flow, plan, settings):
    item = plan.items.get(order=1)
    before = db_state()
    with pytest.raises(DomainError) as exc:
        cap_item_update(
            cap_item=item,
            by=flow.cast.smr,
            owner="Pat",
            evidence_file=SimpleUploadedFile("proof.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        )
    assert exc.value.field == "evidence"
    assert db_state() == before
    assert not Evidence.objects.exists()


def test_submit_needs_an_owner_and_target_date_on_every_item(flow, plan):
    cap_item_update(cap_item=plan.items.get(order=1), by=flow.cast.smr, owner="Pat Lee")
    before = db_state()
    with pytest.raises(DomainError) as exc:
        cap_submit(plan=plan, by=flow.cast.smr)
    assert exc.value.field == "items"
    assert exc.value.message.startswith("Action 1 (Overall score 50.00 % is below the required")
    assert "needs a target date." in exc.value.message
    assert "Action 3 (Records missing.) needs an owner and a target date." in exc.value.message
    assert db_state() == before


def test_only_the_smr_submits_the_plan(flow, plan):
    fill(plan, flow.cast.internal_auditor)
    for who in ("internal_auditor", "viewer", "reviewer"):
        with pytest.raises(NotAllowed):
            cap_submit(plan=plan, by=getattr(flow.cast, who))
    with pytest.raises(NotAllowed):
        cap_submit(plan=plan, by=flow.cast.outsider)
    plan.refresh_from_db()
    assert plan.status == CapStatus.DRAFT


def test_submit_approve(flow, plan):
    fill(plan, flow.cast.smr)
    plan = cap_submit(plan=plan, by=flow.cast.smr)
    assert plan.status == CapStatus.SUBMITTED and plan.submitted_by == flow.cast.smr
    assert InboxMessage.objects.filter(user=flow.cast.reviewer, kind="cap_submitted").exists()
    with pytest.raises(DomainError, match="already submitted"):
        cap_submit(plan=plan, by=flow.cast.smr)
    with pytest.raises(DomainError, match="can no longer be changed"):
        cap_item_update(cap_item=plan.items.first(), by=flow.cast.smr, owner="Someone else")
    with pytest.raises(NotAllowed):
        cap_approve(plan=plan, by=flow.cast.smr)
    plan = cap_approve(plan=plan, by=flow.cast.reviewer)
    assert plan.status == CapStatus.APPROVED
    assert plan.decided_by == flow.cast.reviewer
    assert InboxMessage.objects.filter(user=flow.cast.smr, kind="cap_decided").exists()
    with pytest.raises(DomainError, match="Only a submitted plan"):
        cap_approve(plan=plan, by=flow.cast.reviewer)


def test_return_needs_a_reason_then_the_smr_resubmits(flow, plan):
    fill(plan, flow.cast.smr)
    plan = cap_submit(plan=plan, by=flow.cast.smr)
    before = db_state()
    with pytest.raises(DomainError) as exc:
        cap_return(plan=plan, by=flow.cast.reviewer, reason=" ")
    assert exc.value.field == "reason"
    assert db_state() == before
    plan = cap_return(plan=plan, by=flow.cast.reviewer, reason="Target dates are too late.")
    assert (plan.status, plan.return_reason) == (CapStatus.RETURNED, "Target dates are too late.")
    cap_item_update(cap_item=plan.items.first(), by=flow.cast.smr, owner="New owner")
    plan = cap_submit(plan=plan, by=flow.cast.smr)
    assert plan.status == CapStatus.SUBMITTED
    actions = [h.action for h in history_of(plan)]
    assert actions.count("cap_submitted") == 2 and "cap_returned" in actions


def test_the_employer_adds_continual_improvement_actions(flow):
    done = flow.reviewed()
    plan = done.plan
    assert plan.items.count() == 0
    with pytest.raises(DomainError) as exc:
        cap_submit(plan=plan, by=flow.cast.smr)
    assert exc.value.message == "Add at least one action to the plan."
    cap_item = cap_item_add(
        plan=plan,
        description="Move inspection forms to tablets.",
        element=flow.items["2.1"].sub_section.element,
        by=flow.cast.internal_auditor,
    )
    assert (cap_item.order, cap_item.element.number) == (1, 2)
    with pytest.raises(DomainError) as exc:
        cap_item_add(plan=plan, description="", by=flow.cast.smr)
    assert exc.value.field == "description"
    with pytest.raises(NotAllowed):
        cap_item_add(plan=plan, description="x", by=flow.cast.viewer)
