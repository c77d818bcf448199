"""D4 missed while a re-audit is still open: the failed external audit's cycle restarts and
the open re-audit ends with it (history, its plan's D3 cancelled), so it cannot proceed —
with time travel at 6 months across Aug 31 and Feb 29."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from audits.enums import AuditAction, AuditKind, EngagementStatus
from audits.models import ExternalEngagement
from audits.selectors import plan_queue
from audits.services import engagement as svc
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.services import sweep
from cor_portal.errors import DomainError
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage
from tests.audits.external import External, make_external


def noon(day: date) -> datetime:
    return datetime.combine(day, time(17, 0), tzinfo=UTC)  # midday in Toronto


@pytest.fixture
def ext(flow) -> External:
    return make_external(flow)


CASES = [
    # report approved (received) → D4 due: Aug 31 + 6 months is Feb 29 in a leap year,
    # Feb 29 + 6 months is Aug 29.
    (date(2027, 8, 31), date(2028, 2, 29)),
    (date(2028, 2, 29), date(2028, 8, 29)),
]


@pytest.mark.parametrize("report_day,due", CASES)
def test_open_reaudit_with_submitted_plan_is_cancelled_when_d4_is_missed(ext, report_day, due):
    ext.confirmed()
    with time_machine.travel(noon(report_day), tick=False):
        failed = ext.decided(points={"1.1": 5})
    assert failed.reaudit_due_on == due
    with time_machine.travel(noon(due - timedelta(days=5)), tick=False):
        reaudit = ext.plan_submitted()
    assert reaudit.kind == AuditKind.RE_AUDIT and reaudit.reaudit_of_id == failed.pk
    d3 = Deadline.objects.get(kind="D3", subject_id=str(reaudit.plan.pk))
    assert d3.state == "open"

    sweep(due)  # the due day itself still counts
    reaudit.refresh_from_db()
    assert reaudit.status == EngagementStatus.ACCEPTED

    with time_machine.travel(noon(due + timedelta(days=1)), tick=False):
        sweep(due + timedelta(days=1))
        failed.refresh_from_db()
        reaudit.refresh_from_db()
        assert failed.status == EngagementStatus.CYCLE_RESTARTED
        assert reaudit.status == EngagementStatus.CANCELLED
        last = list(history_of(reaudit))[-1]
        assert last.action == AuditAction.REAUDIT_CANCELLED
        assert last.from_state == EngagementStatus.ACCEPTED
        assert "D4" in last.reason
        d3.refresh_from_db()
        assert d3.state == "cancelled"
        # Nobody can carry it on: the plan is off the queue and cannot be decided; the
        # audit cannot start.
        assert not plan_queue(ext.cast.reviewer).exists()
        before = ExternalEngagement.objects.values_list("pk", "status").order_by("pk")
        before = list(before)
        with pytest.raises(DomainError):
            svc.plan_approve(plan=reaudit.plan, by=ext.cast.reviewer)
        with pytest.raises(DomainError):
            svc.external_audit_start(engagement=reaudit, by=reaudit.auditor.user)
        assert list(ExternalEngagement.objects.values_list("pk", "status").order_by("pk")) == (
            before
        )
        # The re-audit's auditor is told it ended, naming the account, once.
        told = InboxMessage.objects.filter(user=reaudit.auditor.user, kind="reaudit_cancelled")
        assert told.count() == 1
        assert told[0].subject.startswith("Re-audit cancelled: ")
        assert reaudit.wsib_account.account_number in told[0].subject
        assert "D4" in told[0].body and told[0].url
        # Idempotent: sweeping again moves nothing more and tells no one again.
        sweep(due + timedelta(days=1))
        assert (
            len([h for h in history_of(reaudit) if h.action == AuditAction.REAUDIT_CANCELLED]) == 1
        )
        assert told.count() == 1


@pytest.mark.parametrize("report_day,due", CASES)
def test_reaudit_with_report_submitted_is_cancelled_too(ext, report_day, due):
    ext.confirmed()
    with time_machine.travel(noon(report_day), tick=False):
        failed = ext.decided(points={"1.1": 5})
    with time_machine.travel(noon(due - timedelta(days=2)), tick=False):
        reaudit = ext.reported()
    assert reaudit.status == EngagementStatus.REPORT_SUBMITTED
    sweep(due + timedelta(days=1))
    reaudit.refresh_from_db()
    failed.refresh_from_db()
    assert (failed.status, reaudit.status) == (
        EngagementStatus.CYCLE_RESTARTED,
        EngagementStatus.CANCELLED,
    )
    with pytest.raises(DomainError):
        svc.report_approve(engagement=reaudit, by=ext.cast.reviewer)
    reaudit.refresh_from_db()
    assert reaudit.status == EngagementStatus.CANCELLED
    from certification.models import Certificate

    assert not Certificate.objects.filter(wsib_account=reaudit.wsib_account).exists()


def test_a_passed_reaudit_is_left_alone(ext):
    ext.confirmed()
    with time_machine.travel(noon(date(2027, 8, 31)), tick=False):
        ext.decided(points={"1.1": 5})
    with time_machine.travel(noon(date(2028, 2, 1)), tick=False):
        reaudit = ext.decided()
    assert reaudit.status == EngagementStatus.PASSED
    sweep(date(2028, 3, 1))
    reaudit.refresh_from_db()
    assert reaudit.status == EngagementStatus.PASSED
