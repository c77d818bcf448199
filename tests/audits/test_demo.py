"""Demo internal audits: one account per stage, idempotent, and `sweep_deadlines --as-of`
moves demo accounts through D1 (missed → SLA breach) and D2 (missed → cycle restarted)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from audits.demo import STAGES, UNDER_REVIEW_RECEIVED_DAYS_AGO
from audits.enums import CapPurpose, CapStatus, InternalReviewStatus
from audits.models import Audit
from audits.reports import REVIEW_REPORT_KIND
from cor_portal.deadlines.models import Deadline
from cor_portal.documents.models import GeneratedDocument
from cor_portal.history.models import HistoryEntry

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", stdout=StringIO())


def _audit(number: str) -> Audit:
    return Audit.objects.get(wsib_account__account_number=number)


def _snapshot():
    return (
        sorted(
            Audit.objects.values_list(
                "pk", "internal_review__status", "internal_review__received_on"
            )
        ),
        sorted(Deadline.objects.values_list("pk", "kind", "state", "due_on")),
        HistoryEntry.objects.count(),
        GeneratedDocument.objects.count(),
    )


def test_demo_has_every_stage_and_is_idempotent():
    _seed()
    today = timezone.localdate()
    expected = {
        "in_progress": InternalReviewStatus.IN_PROGRESS,
        "submitted": InternalReviewStatus.SUBMITTED,
        "returned": InternalReviewStatus.RETURNED,
        "under_review": InternalReviewStatus.UNDER_REVIEW,
        "confirmed": InternalReviewStatus.CONFIRMED,
        "not_confirmed": InternalReviewStatus.NOT_CONFIRMED,
    }
    audits = {stage: _audit(number) for number, _firm, stage in STAGES}
    assert {stage: a.internal_review.status for stage, a in audits.items()} == expected
    assert audits["in_progress"].responses.exists() and audits["in_progress"].evidence.exists()
    assert "element 4" in audits["returned"].internal_review.pre_assessments.get().reasons
    under = audits["under_review"]
    assert under.internal_review.received_on == today - timedelta(
        days=UNDER_REVIEW_RECEIVED_DAYS_AGO
    )
    d1 = Deadline.objects.get(kind="D1", subject_id=str(under.pk), state="open")
    assert d1.due_on == today + timedelta(days=60 - UNDER_REVIEW_RECEIVED_DAYS_AGO)
    confirmed = audits["confirmed"]
    assert confirmed.cap.purpose == CapPurpose.CONTINUAL_IMPROVEMENT
    assert confirmed.cap.status == CapStatus.SUBMITTED
    not_confirmed = audits["not_confirmed"]
    assert not_confirmed.cap.purpose == CapPurpose.DEFICIENCIES
    assert not_confirmed.cap.items.filter(source="failed_benchmark").exists()
    d2 = Deadline.objects.get(kind="D2", subject_id=str(not_confirmed.pk), state="open")
    assert d2.due_on == not_confirmed.internal_review.correction_due_on
    # One per reviewed internal-audit stage, plus one per external-stage account (each
    # account's internal audit is confirmed before its external audit, audits/demo_external.py),
    # and one for every other desk review the later demo steps complete (maintenance audits):
    # one report per completed review round, none missing.
    from audits.demo_external import EXTERNAL_STAGES
    from audits.models import Review

    reports = GeneratedDocument.objects.filter(kind=REVIEW_REPORT_KIND).count()
    assert reports == Review.objects.filter(completed_at__isnull=False).count()
    assert reports >= 2 + len(EXTERNAL_STAGES)
    # Each completed round went through desktop QA first, done by the demo's release helper
    # (audits.services.qa_gate.demo_review_release): a full QA review, released, by someone
    # other than the desk reviewer.
    from oversight.enums import QaStatus
    from oversight.models import QaReview

    for review in Review.objects.filter(completed_at__isnull=False):
        assert review.qa_cleared_at is not None and review.qa_cleared_at <= review.completed_at
        qa = QaReview.objects.get(review=review, status=QaStatus.RELEASED)
        assert qa.qa_reviewer_id != review.reviewer_id
    before = _snapshot()
    _seed()
    assert _snapshot() == before


def test_sweep_moves_demo_accounts_through_d1_and_d2():
    _seed()
    under = _audit("4810014")
    not_confirmed = _audit("4810016")
    d1 = Deadline.objects.get(kind="D1", subject_id=str(under.pk), state="open")
    d2 = Deadline.objects.get(kind="D2", subject_id=str(not_confirmed.pk), state="open")

    # The day after D1's due date: the review is late — an SLA breach, recorded once.
    call_command(
        "sweep_deadlines", "--as-of", (d1.due_on + timedelta(days=1)).isoformat(), stdout=StringIO()
    )
    d1.refresh_from_db()
    assert d1.state == Deadline.State.MISSED
    under.refresh_from_db()
    assert (
        under.internal_review.status == InternalReviewStatus.UNDER_REVIEW
    )  # the review still has to be done

    # The day after D2: the 6-month window closed — the cycle restarts.
    as_of = (d2.due_on + timedelta(days=1)).isoformat()
    call_command("sweep_deadlines", "--as-of", as_of, stdout=StringIO())
    d2.refresh_from_db()
    not_confirmed.refresh_from_db()
    assert d2.state == Deadline.State.MISSED
    assert not_confirmed.internal_review.status == InternalReviewStatus.CYCLE_RESTARTED
    # Idempotent: a second sweep of the same date changes nothing.
    before = _snapshot()
    call_command("sweep_deadlines", "--as-of", as_of, stdout=StringIO())
    assert _snapshot() == before
