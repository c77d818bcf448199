"""Demo external audits: one Maple Ridge account per external stage, on the demo auditors."""

from io import StringIO

import pytest
from django.core.management import call_command

from audits.demo_external import EXTERNAL_STAGES
from audits.enums import AuditorStatus, EngagementStatus, PlanStatus
from audits.models import ExternalAuditor, ExternalEngagement
from certification.models import Certificate
from cor_portal.deadlines.models import Deadline

pytestmark = pytest.mark.django_db

EXPECTED = {
    "chosen": (EngagementStatus.CHOSEN, None),
    "plan_submitted": (EngagementStatus.ACCEPTED, PlanStatus.SUBMITTED),
    "plan_approved": (EngagementStatus.ACCEPTED, PlanStatus.APPROVED),
    "report_submitted": (EngagementStatus.REPORT_SUBMITTED, PlanStatus.APPROVED),
    "certified": (EngagementStatus.PASSED, PlanStatus.APPROVED),
    "failed": (EngagementStatus.FAILED, PlanStatus.APPROVED),
}


def test_demo_has_every_external_stage():
    call_command("seed_demo", stdout=StringIO())
    assert set(
        ExternalAuditor.objects.filter(user__username__in=["auditor", "auditor2"]).values_list(
            "status", flat=True
        )
    ) == {AuditorStatus.APPROVED}
    for number, _firm, stage, auditor in EXTERNAL_STAGES:
        engagement = ExternalEngagement.objects.select_related("auditor__user").get(
            wsib_account__account_number=number
        )
        status, plan_status = EXPECTED[stage]
        assert engagement.status == status, stage
        assert engagement.auditor.user.username == auditor
        if plan_status is not None:
            assert engagement.plan.status == plan_status, stage
    assert Certificate.objects.filter(wsib_account__account_number="4810025").exists()
    # Every decided report went through desktop QA first (the demo's release helper,
    # audits.services.qa_gate.demo_report_release): a full QA review, released.
    from oversight.enums import QaStatus
    from oversight.models import QaReview

    decided = ExternalEngagement.objects.filter(
        status__in=[EngagementStatus.PASSED, EngagementStatus.FAILED]
    )
    assert decided.count() >= 2
    for engagement in decided:
        assert engagement.report_qa_cleared_at is not None
        assert QaReview.objects.filter(
            engagement=engagement,
            status=QaStatus.RELEASED,
            report_submitted_at=engagement.report_submitted_at,
        ).exists(), engagement.wsib_account.account_number
    failed = ExternalEngagement.objects.get(wsib_account__account_number="4810026")
    assert Deadline.objects.get(kind="D4", subject_id=str(failed.pk)).state == "open"
    assert Deadline.objects.filter(kind="D3", state="open").count() == 1
    before = ExternalEngagement.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert ExternalEngagement.objects.count() == before
