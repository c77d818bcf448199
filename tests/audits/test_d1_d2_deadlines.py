"""D1 (60-day desk review) and D2 (6 months to correct and complete the external audit)
through the real sweep and the sweep_deadlines command, with time travel at the edges."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from audits.enums import AuditAction, AuditKind, CapStatus, InternalReviewStatus
from audits.models import Audit, InternalReview
from audits.services.review import review_complete
from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.services import deadline_open, sweep
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage
from tests.audits.conftest import qa_cleared
from tests.factories import UserFactory, WsibAccountFactory, member

pytestmark = pytest.mark.django_db


def at(day: date):
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12, 0))
    return time_machine.travel(moment, tick=False)


def d(kind: str) -> Deadline:
    return Deadline.objects.get(kind=kind)


# --- D1 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sweep_on", "state"),
    [
        (date(2026, 10, 30), "open"),  # day 59
        (date(2026, 10, 31), "open"),  # day 60: the due date itself still counts
        (date(2026, 11, 1), "missed"),  # day 61
    ],
)
def test_d1_at_day_59_60_61(flow, sweep_on, state):
    with at(date(2026, 9, 1)):
        audit = flow.submitted()
    assert d("D1").due_on == date(2026, 10, 31)
    manager = UserFactory(role=UserRole.PROGRAM_MANAGER)
    sweep(sweep_on)
    assert d("D1").state == state
    audit.refresh_from_db()
    assert (
        audit.internal_review.status == InternalReviewStatus.SUBMITTED
    )  # an SLA breach changes nothing else
    breach = InboxMessage.objects.filter(user=manager, kind="sla_breach")
    assert breach.exists() is (state == "missed")
    again = sweep(sweep_on)
    assert again.missed == 0 and d("D1").state == state  # idempotent


def test_a_review_completed_on_day_60_meets_d1(flow):
    with at(date(2026, 9, 1)):
        audit = flow.under_review()
    with at(date(2026, 10, 31)):
        qa_cleared(audit, by=flow.cast.admin)
        review_complete(audit=audit, by=flow.cast.reviewer)
    assert d("D1").state == "met"
    sweep(date(2026, 11, 1))
    assert d("D1").state == "met"


def test_a_late_review_leaves_d1_missed_and_still_completes(flow):
    with at(date(2026, 9, 1)):
        audit = flow.under_review()
    sweep(date(2026, 11, 1))
    assert d("D1").state == "missed"
    with at(date(2026, 11, 2)):
        qa_cleared(audit, by=flow.cast.admin)
        done = review_complete(audit=audit, by=flow.cast.reviewer)
    assert done.audit.internal_review.status == InternalReviewStatus.CONFIRMED
    assert d("D1").state == "missed"


def test_d1_reminders_go_to_the_assigned_reviewer(flow):
    with at(date(2026, 9, 1)):
        flow.under_review()
    sweep(date(2026, 10, 28))  # 3 days before
    reminder = InboxMessage.objects.get(kind="deadline_reminder")
    assert reminder.user == flow.cast.reviewer
    assert "2026-10-31" in reminder.subject


def test_sweep_deadlines_command_moves_d1(flow, capsys):
    with at(date(2026, 9, 1)):
        flow.submitted()
    call_command("sweep_deadlines", "--as-of", "2026-11-01")
    assert d("D1").state == "missed"
    assert "missed D1: 1" in capsys.readouterr().out


def test_d1_and_d2_titles_are_stored_in_english_and_read_in_french(flow):
    """The reviewer and the employer act in French: the deadlines keep their English title
    (API, admin search) and read in the reader's language (issue 8)."""
    n = flow.cast.wsib_account.account_number
    with translation.override("fr-ca"):
        flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0})
    d1 = Deadline.objects.get(kind="D1")
    assert d1.title == f"Review internal audit of WSIB account {n}"
    assert d("D2").title == f"Correct the gaps and complete the external audit: WSIB account {n}"
    with translation.override("fr-ca"):
        assert d1.display_title == f"Examiner la vérification interne de Compte de la CSPAAT {n}"
        assert d("D2").display_title == (
            f"Corrigez les lacunes et réalisez la vérification externe : Compte de la CSPAAT {n}"
        )


def test_the_d1_breach_notice_reads_each_managers_language(flow):
    """The SLA-breach notice lists each missed desk review by its title in the program
    manager's language, not the stored English title (issue 8)."""
    n = flow.cast.wsib_account.account_number
    with at(date(2026, 9, 1)):
        flow.submitted()
    french = UserFactory(role=UserRole.PROGRAM_MANAGER, language="fr-ca")
    english = UserFactory(role=UserRole.PROGRAM_MANAGER, language="en-ca")
    with translation.override("en-ca"):  # the worker's language does not decide
        sweep(date(2026, 11, 1))
    fr = InboxMessage.objects.get(user=french, kind="sla_breach")
    en = InboxMessage.objects.get(user=english, kind="sla_breach")
    assert fr.body == (
        f"Examiner la vérification interne de Compte de la CSPAAT {n} — échéance le 2026-10-31"
    )
    assert fr.subject.startswith("Délai de l'examen documentaire dépassé")
    assert en.body == f"Review internal audit of WSIB account {n} — due 2026-10-31"


# --- D2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "due"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), date(2028, 8, 29)),
        (date(2026, 3, 31), date(2026, 9, 30)),
    ],
)
def test_d2_is_six_calendar_months_from_the_report(flow, reported, due):
    with at(reported):
        done = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0})
    assert done.audit.internal_review.report_issued_on == reported
    assert done.audit.internal_review.correction_due_on == due
    assert (d("D2").opened_on, d("D2").due_on) == (reported, due)


@pytest.mark.parametrize(
    ("sweep_on", "status"),
    [
        (date(2027, 2, 27), InternalReviewStatus.NOT_CONFIRMED),
        (date(2027, 2, 28), InternalReviewStatus.NOT_CONFIRMED),
        (date(2027, 3, 1), InternalReviewStatus.CYCLE_RESTARTED),
    ],
)
def test_d2_missed_restarts_the_cycle(flow, sweep_on, status):
    with at(date(2026, 8, 31)):
        audit = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}).audit
    sweep(sweep_on)
    audit.refresh_from_db()
    assert audit.internal_review.status == status
    restarted = status == InternalReviewStatus.CYCLE_RESTARTED
    assert d("D2").state == ("missed" if restarted else "open")
    notice = InboxMessage.objects.filter(user=flow.cast.smr, kind="cycle_restarted")
    assert notice.exists() is restarted
    if restarted:
        entry = next(h for h in history_of(audit.internal_review) if h.action == "cycle_restarted")
        assert (entry.from_state, entry.to_state, entry.actor) == (
            "not_confirmed",
            "cycle_restarted",
            None,
        )
        assert "Start a new internal audit" in notice.get().body
        history_count = history_of(audit.internal_review).count()
        assert sweep(sweep_on).missed == 0  # idempotent
        assert history_of(audit.internal_review).count() == history_count
        # The account may now start a new initial internal audit.
        with at(date(2027, 3, 2)):
            fresh = flow.start()
        assert fresh.internal_review.status == InternalReviewStatus.IN_PROGRESS


def test_d2_reminders_go_to_the_organizations_smrs(flow):
    with at(date(2026, 8, 31)):
        flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0})
    sweep(date(2027, 2, 14))
    users = set(
        InboxMessage.objects.filter(kind="deadline_reminder").values_list("user", flat=True)
    )
    assert users == {flow.cast.smr.pk}


def test_sweep_deadlines_command_moves_an_audit_through_d2(flow):
    with at(date(2026, 8, 31)):
        audit = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}).audit
    call_command("sweep_deadlines", "--as-of", "2027-02-28")
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.NOT_CONFIRMED
    call_command("sweep_deadlines", "--as-of", "2027-03-01")
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.CYCLE_RESTARTED


def _not_confirmed(flow, n: int) -> list[Audit]:
    audits = []
    for _ in range(n):
        account = WsibAccountFactory()
        member(account.organization, "smr")
        audit = Audit.objects.create(
            kind=AuditKind.INITIAL_INTERNAL,
            wsib_account=account,
            tool=flow.tool,
            prepared_by=flow.cast.smr,
            signed_off_by=flow.cast.smr,
            signed_off_at=timezone.now(),
        )
        InternalReview.objects.create(
            audit=audit,
            wsib_account=account,
            kind=AuditKind.INITIAL_INTERNAL,
            status=InternalReviewStatus.NOT_CONFIRMED,
            submitted_at=timezone.now(),
            received_on=date(2026, 6, 1),
            submission_count=1,
            reviewer=flow.cast.reviewer,
            report_issued_on=date(2026, 8, 31),
            correction_due_on=date(2027, 2, 28),
        )
        deadline_open(
            kind="D2",
            subject=audit,
            due_on=date(2027, 2, 28),
            opened_on=date(2026, 8, 31),
            title="D2",
            organization_id=account.organization_id,
            wsib_account_id=account.pk,
        )
        audits.append(audit)
    return audits


def _sweep_queries(day: date) -> int:
    with CaptureQueriesContext(connection) as queries:
        sweep(day)
    return len(queries)


def test_d2_consequence_is_set_based(flow):
    _not_confirmed(flow, 1)
    one = _sweep_queries(date(2027, 3, 1))
    Deadline.objects.all().delete()
    _not_confirmed(flow, 6)
    six = _sweep_queries(date(2027, 3, 1))
    assert one == six
    assert InternalReview.objects.filter(status=InternalReviewStatus.CYCLE_RESTARTED).count() == 7
    assert InboxMessage.objects.filter(kind="cycle_restarted").count() == 7


# --- bug d: the deficiency CAP ends with the cycle ---------------------------------------


def _filled_plan(flow):
    from audits.services.cap import cap_item_update

    with at(date(2026, 8, 31)):
        done = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0})
        for item in done.plan.items.all():
            cap_item_update(
                cap_item=item, by=flow.cast.smr, owner="Pat Lee", target_date=date(2026, 12, 1)
            )
    return done.plan


def test_d2_missed_closes_a_draft_plan_and_the_smr_cannot_submit_it(flow):
    from audits.services.cap import cap_submit
    from cor_portal.errors import DomainError
    from tests.audits.conftest import db_state

    plan = _filled_plan(flow)
    sweep(date(2027, 3, 1))
    plan.refresh_from_db()
    assert plan.status == CapStatus.CLOSED
    entry = next(h for h in history_of(plan) if h.action == AuditAction.CAP_CLOSED)
    assert (entry.from_state, entry.to_state, entry.actor) == ("draft", "closed", None)
    before = db_state()
    with at(date(2027, 3, 2)), pytest.raises(DomainError, match="COR process restarted"):
        cap_submit(plan=plan, by=flow.cast.smr)
    assert db_state() == before


def test_d2_missed_closes_a_submitted_plan_staff_cannot_approve_nobody_told_to_schedule(flow):
    from audits.services.cap import cap_approve, cap_submit
    from cor_portal.errors import DomainError
    from tests.audits.conftest import db_state

    plan = _filled_plan(flow)
    with at(date(2026, 9, 1)):
        cap_submit(plan=plan, by=flow.cast.smr)
    sweep(date(2027, 3, 1))
    plan.refresh_from_db()
    assert plan.status == CapStatus.CLOSED
    before = db_state()
    with at(date(2027, 3, 2)), pytest.raises(DomainError, match="closed"):
        cap_approve(plan=plan, by=flow.cast.reviewer)
    assert db_state() == before
    assert not InboxMessage.objects.filter(kind="cap_decided").exists()
    assert not InboxMessage.objects.filter(body__icontains="schedule your external audit").exists()


def test_d2_missed_leaves_an_approved_plan_approved(flow):
    from audits.services.cap import cap_approve, cap_submit

    plan = _filled_plan(flow)
    with at(date(2026, 9, 1)):
        cap_submit(plan=plan, by=flow.cast.smr)
        cap_approve(plan=plan, by=flow.cast.reviewer)
    sweep(date(2027, 3, 1))
    plan.refresh_from_db()
    assert plan.status == CapStatus.APPROVED
