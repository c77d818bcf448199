"""The external audit's services: roster, choosing the auditor, acceptance, the plan and D3,
the scored external audit, the report, outcomes and D4 — every refusal with nothing
changed."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from audits.eligibility import Rule
from audits.enums import (
    AuditKind,
    AuditorStatus,
    CapPurpose,
    ConflictKind,
    EngagementStatus,
    PlanStatus,
)
from audits.models import AuditPlan, CorrectiveActionPlan, ExternalEngagement
from audits.services import engagement as svc
from audits.services.audit import response_save
from audits.services.roster import auditor_remove, auditor_suspend, conflict_declare
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.services import sweep
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.workflow import Conflict
from tests.audits.external import PLAN, External, approved_auditor, make_external


def noon(day: date) -> datetime:
    return datetime.combine(day, time(17, 0), tzinfo=UTC)  # midday in Toronto


@pytest.fixture
def ext(flow) -> External:
    return make_external(flow)


def _state():
    return (
        list(ExternalEngagement.objects.values_list("pk", "status").order_by("pk")),
        list(AuditPlan.objects.values_list("pk", "status").order_by("pk")),
    )


# --- roster -------------------------------------------------------------------------------


def test_external_auditor_user_gets_a_pending_roster_entry(db, flow):
    from cor_portal.accounts.enums import UserRole
    from tests.factories import UserFactory

    user = UserFactory(role=UserRole.EXTERNAL_AUDITOR, auditing_company="Acme Audits")
    entry = user.auditor_profile
    assert entry.status == AuditorStatus.PENDING and entry.company.name == "Acme Audits"


def test_approval_needs_the_code_of_ethics(db, flow):
    from audits.services.roster import auditor_approve
    from cor_portal.accounts.enums import UserRole
    from tests.factories import UserFactory

    user = UserFactory(role=UserRole.EXTERNAL_AUDITOR)
    with pytest.raises(DomainError) as err:
        auditor_approve(auditor=user.auditor_profile, by=flow.cast.admin)
    assert err.value.field == "code_of_ethics"
    user.auditor_profile.refresh_from_db()
    assert user.auditor_profile.status == AuditorStatus.PENDING


def test_only_administrators_manage_the_roster(ext):
    with pytest.raises(NotAllowed):
        auditor_suspend(auditor=ext.auditor, by=ext.cast.reviewer, reason="x")
    with pytest.raises(DomainError):
        auditor_suspend(auditor=ext.auditor, by=ext.cast.admin, reason="  ")
    suspended = auditor_suspend(auditor=ext.auditor, by=ext.cast.admin, reason="Complaint")
    assert suspended.status == AuditorStatus.SUSPENDED and suspended.status_changed_on
    removed = auditor_remove(auditor=suspended, by=ext.cast.admin, reason="Left")
    assert removed.status == AuditorStatus.REMOVED
    with pytest.raises(DomainError):
        auditor_remove(auditor=removed, by=ext.cast.admin, reason="Again")


# --- choosing ----------------------------------------------------------------------------


def test_choose_needs_a_reviewed_internal_audit(ext):
    with pytest.raises(DomainError) as err:
        ext.chosen()
    assert err.value.field == "wsib_account"
    assert not ExternalEngagement.objects.exists()


def test_only_the_smr_chooses(ext):
    ext.confirmed()
    for user in (ext.cast.internal_auditor, ext.cast.viewer, ext.cast.outsider, ext.cast.reviewer):
        with pytest.raises(NotAllowed):
            svc.auditor_choose(wsib_account=ext.cast.wsib_account, auditor=ext.auditor, by=user)
    assert not ExternalEngagement.objects.exists()


def test_suspended_auditor_refused(ext):
    ext.confirmed()
    auditor_suspend(auditor=ext.auditor, by=ext.cast.admin, reason="Quality review")
    with pytest.raises(svc.AuditorRefused) as err:
        ext.chosen()
    assert [r.rule for r in err.value.refusals] == [Rule.SUSPENDED]
    assert "Quality review" in err.value.message
    assert not ExternalEngagement.objects.exists()


def test_consultant_refused(ext):
    ext.confirmed()
    conflict_declare(
        auditor=ext.auditor,
        organization=ext.cast.organization,
        kind=ConflictKind.CONSULTING,
        by=ext.auditor.user,
    )
    with pytest.raises(svc.AuditorRefused) as err:
        ext.chosen()
    assert [r.rule for r in err.value.refusals] == [Rule.CONSULTED]
    # another organization's consultant is fine here
    assert ext.chosen(ext.other).status == EngagementStatus.CHOSEN


def test_one_open_engagement_per_account(ext):
    ext.confirmed()
    ext.chosen()
    with pytest.raises(DomainError):
        ext.chosen(ext.other)
    assert ExternalEngagement.objects.count() == 1


def test_accept_declares_no_conflict_and_decline_needs_a_reason(ext):
    ext.confirmed()
    engagement = ext.chosen()
    with pytest.raises(NotAllowed):
        svc.engagement_accept(engagement=engagement, by=ext.other.user, no_conflict=True)
    with pytest.raises(DomainError) as err:
        svc.engagement_accept(engagement=engagement, by=ext.auditor.user)
    assert err.value.field == "no_conflict"
    with pytest.raises(DomainError):
        svc.engagement_decline(engagement=engagement, by=ext.auditor.user, reason="")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CHOSEN
    declined = svc.engagement_decline(engagement=engagement, by=ext.auditor.user, reason="Busy")
    assert declined.status == EngagementStatus.DECLINED
    with pytest.raises(Conflict):
        svc.engagement_accept(engagement=declined, by=ext.auditor.user, no_conflict=True)
    # the SMR chooses another auditor
    assert ext.chosen(ext.other).status == EngagementStatus.CHOSEN


def test_accept_refuses_an_auditor_suspended_since_chosen(ext):
    ext.confirmed()
    engagement = ext.chosen()
    auditor_suspend(auditor=ext.auditor, by=ext.cast.admin, reason="Complaint")
    with pytest.raises(svc.AuditorRefused):
        svc.engagement_accept(engagement=engagement, by=ext.auditor.user, no_conflict=True)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CHOSEN


# --- plan and D3 -----------------------------------------------------------------------


def test_plan_submit_refuses_an_incomplete_plan(ext):
    ext.confirmed()
    engagement = ext.accepted()
    with pytest.raises(DomainError) as err:
        svc.plan_submit(plan=engagement.plan, by=ext.auditor.user)
    assert set(err.value.as_dict()) >= {"scope", "sites", "audit_days"}
    assert AuditPlan.objects.get().status == PlanStatus.DRAFT
    with pytest.raises(NotAllowed):
        svc.plan_save(plan=engagement.plan, by=ext.other.user, **PLAN)


def test_audit_cannot_start_before_the_plan_is_approved(ext):
    ext.confirmed()
    engagement = ext.plan_submitted()
    with pytest.raises(DomainError) as err:
        svc.external_audit_start(engagement=engagement, by=ext.auditor.user)
    assert err.value.field == "plan" and "approves the audit plan" in err.value.message
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACCEPTED and engagement.audit_id is None


def test_plan_return_needs_reasons_and_resubmission(ext):
    ext.confirmed()
    engagement = ext.plan_submitted()
    plan = engagement.plan
    with pytest.raises(NotAllowed):
        svc.plan_approve(plan=plan, by=ext.cast.smr)
    with pytest.raises(DomainError):
        svc.plan_return(plan=plan, by=ext.cast.reviewer, reason=" ")
    plan = svc.plan_return(plan=plan, by=ext.cast.reviewer, reason="Add the yard")
    assert plan.status == PlanStatus.RETURNED
    svc.plan_submit(plan=plan, by=ext.auditor.user)
    approved = svc.plan_approve(plan=plan, by=ext.cast.reviewer)
    assert approved.status == PlanStatus.APPROVED
    with pytest.raises(Conflict) as err:
        svc.plan_approve(plan=plan, by=ext.cast.reviewer)
    assert "already approved" in err.value.message


@pytest.mark.parametrize("day,missed", [(20, False), (21, False), (22, True)])
def test_d3_twenty_one_days(ext, day, missed):
    ext.confirmed()
    with time_machine.travel(noon(date(2026, 3, 2)), tick=False):
        engagement = ext.plan_submitted()
    d3 = Deadline.objects.get(kind="D3")
    assert d3.due_on == date(2026, 3, 23)
    sweep(date(2026, 3, 2) + timedelta(days=day))
    d3.refresh_from_db()
    assert d3.state == ("missed" if missed else "open")
    with time_machine.travel(noon(date(2026, 3, 2) + timedelta(days=day)), tick=False):
        svc.plan_approve(plan=engagement.plan, by=ext.cast.reviewer)
    d3.refresh_from_db()
    assert d3.state == ("missed" if missed else "met")


# --- the external audit, report and outcomes ---------------------------------------------


def test_only_the_auditor_scores_the_external_audit(ext):
    ext.confirmed()
    engagement = ext.started()
    assert engagement.audit.kind == AuditKind.EXTERNAL
    item = ext.flow.items["1.1"]
    for user in (ext.cast.smr, ext.cast.internal_auditor, ext.other.user):
        with pytest.raises(NotAllowed):
            response_save(
                audit=engagement.audit,
                item=item,
                points_earned=5,
                not_applicable=False,
                note="",
                by=user,
            )
    response_save(
        audit=engagement.audit,
        item=item,
        points_earned=5,
        not_applicable=False,
        note="",
        by=ext.auditor.user,
    )


def test_report_needs_every_item(ext):
    ext.confirmed()
    engagement = ext.started()
    with pytest.raises(DomainError):
        svc.report_submit(engagement=engagement, by=ext.auditor.user)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.AUDIT_IN_PROGRESS


def test_pass_meets_d2_and_asks_for_improvement_plan(ext):
    ext.flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0})  # not confirmed: D2 open
    assert Deadline.objects.get(kind="D2").state == "open"
    engagement = ext.decided()
    assert engagement.status == EngagementStatus.PASSED
    assert engagement.report_approved_on is not None
    from certification.models import Certificate

    certificate = Certificate.objects.get(wsib_account=engagement.wsib_account)
    assert certificate.anniversary_date == engagement.report_approved_on
    assert certificate.source_audit_id == engagement.audit_id
    assert Deadline.objects.get(kind="D2").state == "met"
    cap = CorrectiveActionPlan.objects.get(audit=engagement.audit)
    assert cap.purpose == CapPurpose.CONTINUAL_IMPROVEMENT
    with pytest.raises(Conflict) as err:
        svc.report_approve(engagement=engagement, by=ext.cast.reviewer)
    assert "already approved" in err.value.message


def test_report_return_and_resubmit(ext):
    ext.confirmed()
    engagement = ext.reported()
    with pytest.raises(NotAllowed):
        svc.report_approve(engagement=engagement, by=ext.auditor.user)
    returned = svc.report_return(engagement=engagement, by=ext.cast.reviewer, reason="Notes")
    assert returned.status == EngagementStatus.REPORT_RETURNED
    again = svc.report_submit(engagement=returned, by=ext.auditor.user)
    assert again.status == EngagementStatus.REPORT_SUBMITTED


def test_fail_opens_d4_cap_comment_and_reaudit_by_same_auditor(ext):
    ext.confirmed()
    with time_machine.travel(noon(date(2026, 8, 31)), tick=False):
        failed = ext.decided(points={"1.1": 5})  # legislated item short: fail
    assert failed.status == EngagementStatus.FAILED
    assert failed.reaudit_due_on == date(2027, 2, 28)
    assert Deadline.objects.get(kind="D4").due_on == date(2027, 2, 28)
    cap = CorrectiveActionPlan.objects.get(audit=failed.audit)
    assert cap.purpose == CapPurpose.DEFICIENCIES and cap.items.exists()
    with pytest.raises(NotAllowed):
        svc.cap_comment(engagement=failed, by=ext.other.user, comment="x")
    svc.cap_comment(engagement=failed, by=ext.auditor.user, comment="Dates are realistic.")
    with time_machine.travel(noon(date(2026, 10, 1)), tick=False):
        reaudit = ext.decided()  # the same auditor re-audits
    assert reaudit.kind == AuditKind.RE_AUDIT and reaudit.reaudit_of_id == failed.pk
    assert reaudit.status == EngagementStatus.PASSED
    assert Deadline.objects.get(kind="D4").state == "met"
    from certification.models import Certificate

    assert Certificate.objects.get(wsib_account=reaudit.wsib_account).anniversary_date == date(
        2026, 10, 1
    )


@pytest.mark.parametrize(
    "report_day,due",
    [(date(2027, 8, 31), date(2028, 2, 29)), (date(2028, 2, 29), date(2028, 8, 29))],
)
def test_d4_missed_restarts_the_cycle(ext, report_day, due):
    ext.confirmed()
    with time_machine.travel(noon(report_day), tick=False):
        failed = ext.decided(points={"1.1": 5})
    assert failed.reaudit_due_on == due
    sweep(due)
    failed.refresh_from_db()
    assert failed.status == EngagementStatus.FAILED
    sweep(due + timedelta(days=1))
    failed.refresh_from_db()
    assert failed.status == EngagementStatus.CYCLE_RESTARTED


def test_next_cycle_never_the_same_auditor_or_company(ext):
    from dateutil.relativedelta import relativedelta

    from audits.services.audit import audit_start
    from audits.services.recertification import recertification_audit_complete
    from certification.services.registration import (
        registration_confirm,
        registration_start,
        registration_submit,
    )

    ext.confirmed()
    ext.decided()
    # The next cycle is the recertification: re-registered, its year-1 internal audit done.
    cast = ext.cast
    later = timezone_today() + relativedelta(years=2, months=10)
    with time_machine.travel(noon(later), tick=False):
        registration = registration_start(
            wsib_account=cast.wsib_account,
            facts={
                "applicant_name": "Sam",
                "applicant_email": "sam@example.com",
                "workers": 3,
                "declaration_accepted": True,
            },
            by=cast.smr,
        )
        registration_submit(registration=registration, by=cast.smr)
        registration_confirm(registration=registration, by=cast.admin)
        audit = audit_start(
            wsib_account=cast.wsib_account,
            kind=AuditKind.RECERTIFICATION_INTERNAL,
            internal_auditor=ext.flow.ia,
            by=cast.internal_auditor,
        )
        ext.flow.answer(audit)
        recertification_audit_complete(audit=audit, by=cast.smr, signed_off=True)
        for auditor, rule in (
            (ext.auditor, Rule.SAME_AUDITOR),
            (ext.colleague, Rule.SAME_COMPANY),
        ):
            with pytest.raises(svc.AuditorRefused) as err:
                ext.chosen(auditor)
            assert [r.rule for r in err.value.refusals] == [rule]
        assert ext.chosen(ext.other).status == EngagementStatus.CHOSEN


def test_a_certified_account_has_no_external_audit_outside_its_recertification(ext):
    ext.confirmed()
    ext.decided()
    before = _state()
    with pytest.raises(DomainError, match="renewed through a new application"):
        ext.chosen(ext.other)
    assert _state() == before


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_database_refuses_the_previous_auditor(ext):
    ext.confirmed()
    done = ext.decided()
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalEngagement.objects.create(
            wsib_account=done.wsib_account,
            auditor=ext.colleague,
            company=ext.colleague.company,
            previous_auditor=done.auditor,
            previous_company=done.company,
            internal_audit=done.internal_audit,
            chosen_by=ext.cast.smr,
        )


def test_meeting_forms_signed_by_the_three(ext, django_capture_on_commit_callbacks):
    from audits.enums import MeetingKind
    from audits.external_documents import meeting_form_document

    ext.confirmed()
    engagement = ext.accepted()
    with pytest.raises(NotAllowed):
        svc.meeting_sign(
            engagement=engagement, meeting=MeetingKind.PRE_AUDIT, by=ext.cast.viewer, typed_name="V"
        )
    for user, name in ((ext.cast.smr, "Sam"), (ext.cast.internal_auditor, "Ida")):
        svc.meeting_sign(
            engagement=engagement, meeting=MeetingKind.PRE_AUDIT, by=user, typed_name=name
        )
    with pytest.raises(DomainError):
        svc.meeting_sign(
            engagement=engagement, meeting=MeetingKind.PRE_AUDIT, by=ext.cast.smr, typed_name="Sam"
        )
    with pytest.raises(DomainError):
        svc.meeting_sign(
            engagement=engagement, meeting=MeetingKind.POST_AUDIT, by=ext.cast.smr, typed_name="Sam"
        )
    assert meeting_form_document(engagement, MeetingKind.PRE_AUDIT) is None
    with django_capture_on_commit_callbacks(execute=True):
        svc.meeting_sign(
            engagement=engagement,
            meeting=MeetingKind.PRE_AUDIT,
            by=ext.auditor.user,
            typed_name="Alex",
        )
    doc = meeting_form_document(engagement, MeetingKind.PRE_AUDIT)
    assert doc is not None and doc.number.startswith("PREM-")


def test_two_accounts_each_its_own_external_audit_and_certificate(ext):
    import dataclasses

    from certification.models import Certificate
    from tests.audits.conftest import Flow
    from tests.factories import WsibAccountFactory
    from tests.security.matrix import _confirmed_account

    ext.confirmed()
    first = ext.chosen()
    second_account = WsibAccountFactory(organization=ext.cast.organization)
    with pytest.raises(DomainError):  # no reviewed internal audit of its own yet
        svc.auditor_choose(wsib_account=second_account, auditor=ext.other, by=ext.cast.smr)
    second_account.delete()
    second_account = _confirmed_account(ext.cast.organization, ext.cast.smr, ext.cast.admin)
    flow2 = Flow(
        cast=dataclasses.replace(ext.cast, wsib_account=second_account),
        tool=ext.flow.tool,
        items=ext.flow.items,
        ia=ext.flow.ia,
    )
    ext2 = External(flow=flow2, auditor=ext.other, colleague=ext.colleague, other=ext.auditor)
    ext2.confirmed()
    passed = ext2.decided()
    assert passed.wsib_account_id == second_account.pk and passed.status == "passed"
    first.refresh_from_db()
    assert first.status == EngagementStatus.CHOSEN
    assert list(Certificate.objects.values_list("wsib_account_id", flat=True)) == [
        second_account.pk
    ]


_ = approved_auditor
