"""CAP pages: detail for each role, editing an action, adding one, submitting (SMR only),
approving or returning with reasons (staff only); bad input changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.enums import CapStatus
from tests.audits.conftest import Flow, db_state

pytestmark = pytest.mark.django_db

DETAIL = {
    "smr": (200, True, True, False),
    "internal_auditor": (200, True, False, False),
    "viewer": (200, False, False, False),
    "outsider": (404, False, False, False),
    "auditor": (404, False, False, False),
    "reviewer": (200, False, False, False),
    "admin": (200, False, False, False),
}


@pytest.fixture
def plan(flow: Flow):
    completion = flow.reviewed(reviewer_points={"1.1": 5})
    return completion.plan


@pytest.mark.parametrize("role", DETAIL)
def test_cap_detail_per_role(client, flow: Flow, plan, role):
    status, can_edit, can_submit, _decide = DETAIL[role]
    client.force_login(getattr(flow.cast, role))
    response = client.get(reverse("audits:cap_detail", args=[plan.pk]))
    assert response.status_code == status
    if status != 200:
        return
    html = response.content.decode()
    assert "Legislated item 1.1 (element 1) scored 50.00 %" in html
    assert ("Edit action 1" in html) is can_edit
    assert (f'action="/audits/caps/{plan.pk}/submit/"' in html) is can_submit


def test_edit_submit_return_approve(client, flow: Flow, plan):
    item = plan.items.get(order=1)
    client.force_login(flow.cast.internal_auditor)
    target = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("audits:cap_item_edit", args=[item.pk]),
        {"action": "Re-train supervisors", "owner": "Ira Auditor", "target_date": target},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.action, item.owner, item.target_date) == (
        "Re-train supervisors",
        "Ira Auditor",
        target,
    )
    client.force_login(flow.cast.smr)
    client.post(reverse("audits:cap_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == CapStatus.SUBMITTED
    client.force_login(flow.cast.reviewer)
    before = db_state()
    response = client.post(reverse("audits:cap_return", args=[plan.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert db_state() == before
    client.post(reverse("audits:cap_return", args=[plan.pk]), {"reason": "Owner is vague."})
    plan.refresh_from_db()
    assert plan.status == CapStatus.RETURNED and plan.return_reason == "Owner is vague."
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:cap_detail", args=[plan.pk])).content.decode()
    assert "Owner is vague." in html
    client.post(reverse("audits:cap_submit", args=[plan.pk]))
    client.force_login(flow.cast.admin)
    response = client.post(reverse("audits:cap_approve", args=[plan.pk]), follow=True)
    assert "The corrective action plan was approved." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == CapStatus.APPROVED


def test_submit_incomplete_plan_lists_problems(client, flow: Flow, plan):
    client.force_login(flow.cast.smr)
    before = db_state()
    response = client.post(reverse("audits:cap_submit", args=[plan.pk]), follow=True)
    assert "needs an owner and a target date" in response.content.decode()
    assert db_state() == before


def test_target_after_window_is_refused(client, flow: Flow, plan):
    item = plan.items.get(order=1)
    client.force_login(flow.cast.smr)
    before = db_state()
    late = plan.audit.internal_review.correction_due_on + timedelta(days=1)
    response = client.post(
        reverse("audits:cap_item_edit", args=[item.pk]),
        {"action": "x", "owner": "y", "target_date": late},
    )
    assert response.status_code == 400
    assert "must be on or before" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize(
    "role, submit, decide", [("internal_auditor", 403, 403), ("viewer", 403, 403)]
)
def test_refusals(client, flow: Flow, plan, role, submit, decide):
    client.force_login(getattr(flow.cast, role))
    before = db_state()
    assert client.post(reverse("audits:cap_submit", args=[plan.pk])).status_code == submit
    assert client.post(reverse("audits:cap_approve", args=[plan.pk])).status_code == decide
    assert db_state() == before


def test_add_action(client, flow: Flow, plan):
    client.force_login(flow.cast.smr)
    count = plan.items.count()
    response = client.post(reverse("audits:cap_item_add", args=[plan.pk]), {"description": ""})
    assert response.status_code == 400
    assert plan.items.count() == count
    client.post(reverse("audits:cap_item_add", args=[plan.pk]), {"description": "New signage"})
    assert plan.items.count() == count + 1
