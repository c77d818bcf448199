"""The database itself refuses what the services refuse (constraints), so no code path can
store an invalid audit row."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from audits.enums import AuditKind, CapStatus, InternalReviewStatus
from audits.models import (
    Audit,
    CorrectiveActionPlan,
    Evidence,
    InternalReview,
    ItemResponse,
    PreAssessment,
    Review,
)

pytestmark = pytest.mark.django_db


def refused(**_kw):
    return pytest.raises(IntegrityError)


def _create(model, **values):
    with transaction.atomic():
        return model.objects.create(**values)


def test_item_response_constraints(flow):
    audit = flow.start()
    item = flow.items["1.1"]
    base = {"audit": audit, "item": item, "updated_by": flow.cast.smr}
    with refused():
        _create(ItemResponse, **base, not_applicable=True, points_earned=3, note="why")
    with refused():
        _create(ItemResponse, **base, not_applicable=True, note="")
    with refused():
        _create(ItemResponse, **base, points_earned=-1)
    _create(ItemResponse, **base, points_earned=4)
    with refused():
        _create(ItemResponse, **base, points_earned=5)  # one answer per item


def _audit_with_review(flow, kind: str) -> InternalReview:
    audit = _create(
        Audit,
        kind=kind,
        wsib_account=flow.cast.wsib_account,
        tool=flow.tool,
        prepared_by=flow.cast.smr,
    )
    return _create(InternalReview, audit=audit, wsib_account=flow.cast.wsib_account, kind=kind)


def test_one_open_initial_internal_audit_per_account(flow):
    flow.start()
    with refused():
        _audit_with_review(flow, AuditKind.INITIAL_INTERNAL)
    # Another kind is not limited by this rule.
    _audit_with_review(flow, AuditKind.INTERNAL_MAINTENANCE)


def test_audit_status_facts_must_agree(flow):
    audit = flow.start()
    rows = InternalReview.objects.filter(audit=audit)
    with refused(), transaction.atomic():
        rows.update(status=InternalReviewStatus.SUBMITTED)  # no receipt
    with refused(), transaction.atomic():
        rows.update(status="bogus")
    now = timezone.now()
    rows.update(
        status=InternalReviewStatus.ACCEPTED,
        submitted_at=now,
        received_on=date(2026, 1, 1),
        submission_count=1,
    )
    with refused(), transaction.atomic():
        rows.update(status=InternalReviewStatus.UNDER_REVIEW)  # no reviewer
    rows.update(status=InternalReviewStatus.UNDER_REVIEW, reviewer=flow.cast.reviewer)
    with refused(), transaction.atomic():
        rows.update(status=InternalReviewStatus.NOT_CONFIRMED, report_issued_on=date(2026, 2, 1))
    with refused(), transaction.atomic():
        rows.update(
            status=InternalReviewStatus.NOT_CONFIRMED,
            report_issued_on=date(2026, 2, 1),
            correction_due_on=date(2026, 1, 1),
        )


def test_pre_assessment_review_cap_and_evidence_constraints(flow):
    audit = flow.submitted()
    by = flow.cast.reviewer
    with refused():
        _create(
            PreAssessment,
            internal_review=audit.internal_review,
            submission=1,
            by=by,
            outcome="returned",
            complete=False,
            declared_score_meets_benchmarks=True,
            reasons="",
        )
    with refused():
        _create(
            PreAssessment,
            internal_review=audit.internal_review,
            submission=1,
            by=by,
            outcome="accepted",
            complete=False,
            declared_score_meets_benchmarks=True,
        )
    _create(Review, audit=audit, round=1, reviewer=by)
    with refused():
        _create(Review, audit=audit, round=2, reviewer=by)  # one open review
    with refused():
        _create(Review, audit=audit, round=3, reviewer=by, completed_at=timezone.now())
    with refused():
        _create(
            CorrectiveActionPlan, audit=audit, purpose="deficiencies", status=CapStatus.RETURNED
        )
    with refused():
        _create(
            Evidence,
            audit=audit,
            file="evidence/x",
            original_name="x.pdf",
            content_type="application/pdf",
            size=10,
            sha256="not-a-hash",
            document_date=date(2026, 1, 1),
            uploaded_by=by,
        )
