"""seed_demo's SOSE step: one SAP in progress and one verified at 100 % (idempotent)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from sose.enums import PlanStatus
from sose.models import ActionPlan


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
    call_command("seed_demo")
    assert ActionPlan.objects.count() == 2
