"""The internal review's stored D1 due date (review_due_on) follows the D1 deadline through
the services: set on submit and re-submit, cleared when D1 is cancelled (returned at
pre-assessment) or met (review completed in time), kept when D1 is missed (the review is
overdue). The queue and home pages sort on it and the API shows it."""

from datetime import timedelta

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from audits.models import Audit, InternalReview
from audits.services.audit import audit_submit
from audits.services.review import pre_assessment_record, review_complete
from cor_portal.deadlines.models import Deadline
from tests.audits.conftest import Flow, qa_cleared


def _d1(audit) -> Deadline:
    return (
        Deadline.objects.filter(
            kind="D1",
            subject_type=ContentType.objects.get_for_model(Audit),
            subject_id=str(audit.pk),
        )
        .order_by("-opened_on", "-id")
        .first()
    )


def _stored(audit):
    return InternalReview.objects.get(audit=audit).review_due_on


def test_submit_stores_d1_due_and_a_return_clears_it(flow: Flow):
    audit = flow.submitted()
    assert _stored(audit) == _d1(audit).due_on == timezone.localdate() + timedelta(days=60)
    pre_assessment_record(
        audit=audit,
        by=flow.cast.reviewer,
        complete=False,
        declared_score_meets_benchmarks=True,
        reasons="Missing evidence.",
    )
    assert _d1(audit).state == Deadline.State.CANCELLED
    assert _stored(audit) is None
    later = timezone.now() + timedelta(days=10)
    with time_machine.travel(later, tick=False):
        audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
        assert _stored(audit) == _d1(audit).due_on == timezone.localdate() + timedelta(days=60)


def test_review_in_time_clears_it(flow: Flow):
    completion = flow.reviewed()
    assert _d1(completion.audit).state == Deadline.State.MET
    assert _stored(completion.audit) is None


def test_a_missed_d1_keeps_its_date_in_the_queue_and_after_a_late_review(client, flow: Flow):
    from cor_portal.deadlines.services import sweep

    audit = flow.under_review()
    due = _stored(audit)
    late = timezone.now() + timedelta(days=62)
    with time_machine.travel(late, tick=False):
        sweep(timezone.localdate())
        assert _d1(audit).state == Deadline.State.MISSED
        assert _stored(audit) == due
        client.force_login(flow.cast.reviewer)
        html = client.get("/audits/reviews/").content.decode()
        assert "days overdue" in html
        api = client.get(f"/api/v1/audits/{audit.pk}/").json()
        assert api["review_due_on"] == due.isoformat()
        qa_cleared(audit, by=flow.cast.admin)
        review_complete(audit=audit, by=flow.cast.reviewer)
        # The late review leaves D1 missed (the SLA record): the date stays with it.
        assert _d1(audit).state == Deadline.State.MISSED
        assert _stored(audit) == due
