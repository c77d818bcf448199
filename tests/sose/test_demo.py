"""seed_demo's action plans: one SAP in progress and one verified at 100 % (Ontario), and the
Alberta employer's maintenance plans at every stage, on the pages (idempotent)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from cor_portal.deadlines.models import Deadline
from sose.enums import PlanStatus
from sose.models import ActionPlan

User = get_user_model()


@pytest.mark.django_db
def test_demo_sose_plans():
    call_command("seed_demo")
    plans = {
        p.wsib_account.account_number: p for p in ActionPlan.objects.select_related("wsib_account")
    }
    assert plans["4810031"].status == PlanStatus.VERIFICATION_PLANNED
    assert plans["4810031"].objectives.count() == 2
    assert (plans["4810032"].status, plans["4810032"].score_pct) == (
        PlanStatus.PASSED,
        Decimal("100.00"),
    )
    # The Alberta employer's maintenance plans, one per stage (sose.demo_acsa)
    acsa = {n: p for n, p in plans.items() if n.startswith("63001")}
    assert {n: p.status for n, p in acsa.items()} == {
        "6300111": PlanStatus.DRAFT,
        "6300112": PlanStatus.SUBMITTED,
        "6300113": PlanStatus.APPROVED,
        "6300114": PlanStatus.FINAL_SUBMITTED,
        "6300115": PlanStatus.PASSED,
        "6300116": PlanStatus.NOT_PASSED,
    }
    assert acsa["6300114"].self_score_pct == Decimal("100.00")
    assert acsa["6300115"].score_pct == Decimal("75.00")
    assert acsa["6300116"].score_pct == Decimal("45.00")
    assert Deadline.objects.filter(kind="D19", subject_id=acsa["6300116"].pk).exists()
    assert not Deadline.objects.filter(kind="D19", subject_id=acsa["6300115"].pk).exists()
    # every plan is on the pages: the Alberta SMR's list, the QA reviewer's queue
    client = Client()
    client.force_login(User.objects.get(username="absmr"))
    listed = client.get("/action-plans/").content.decode()
    assert all(n in listed for n in acsa) and "4810031" not in listed
    for plan in acsa.values():
        assert client.get(f"/action-plans/{plan.pk}/").status_code == 200
    client.force_login(User.objects.get(username="reviewer"))
    queue = client.get("/action-plans/?status=submitted").content.decode()
    assert "6300112" in queue and "6300111" not in queue
    client.force_login(User.objects.get(username="smr"))
    page = client.get(f"/action-plans/{plans['4810032'].pk}/").content.decode()
    assert "Download the Ministry package (PDF)" in page
    call_command("seed_demo")
    assert ActionPlan.objects.count() == 8
