"""The QA gate: nothing of an audit's result reaches the employer before desktop QA released
it [004 mandate 5] — desk reviews (review_complete) and external reports (report_approve)."""

import pytest

from audits.enums import EngagementStatus, InternalReviewStatus
from audits.models import EngagementFinding, Review
from audits.selectors import open_review
from audits.services.engagement import report_approve, report_submit
from audits.services.review import desk_review_save_item, review_complete
from certification.models import Certificate
from cor_portal.access import visible
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.notifications.models import InboxMessage
from cor_portal.workflow import Conflict
from oversight.enums import QaStatus
from oversight.models import QaCheck, QaReview
from oversight.selectors import qa_coverage
from oversight.services.qa import (
    qa_checks_record,
    qa_release,
    qa_return,
    qa_review_open,
    qa_verification_audit,
)
from tests.audits.conftest import db_state
from tests.audits.external import make_external


def _all_clear(qa_review, by):
    answers = [
        {"code": c.item.code, "answer": "no_concern"}
        for c in qa_review.checks.select_related("item")
    ]
    return qa_checks_record(qa_review=qa_review, by=by, answers=answers)


@pytest.mark.django_db
def test_a_desk_review_is_not_released_to_the_employer_before_qa(flow):
    audit = flow.under_review()
    before = db_state()

    with pytest.raises(Conflict, match="Desktop QA has not cleared this desk review yet"):
        review_complete(audit=audit, by=flow.cast.reviewer)

    assert db_state() == before
    assert not visible(Review, flow.cast.smr).exists()


@pytest.mark.django_db
def test_qa_release_lets_the_reviewer_release_the_desk_review(flow):
    audit = flow.under_review()
    qa = qa_review_open(by=flow.cast.admin, review=open_review(audit))
    assert QaCheck.objects.filter(qa_review=qa).count() == 6
    _all_clear(qa, flow.cast.admin)

    qa_release(qa_review=qa, by=flow.cast.admin)
    done = review_complete(audit=audit, by=flow.cast.reviewer)

    qa.refresh_from_db()
    assert qa.status == QaStatus.RELEASED
    assert done.audit.internal_review.status == InternalReviewStatus.CONFIRMED
    assert visible(Review, flow.cast.smr).count() == 1
    cov = qa_coverage(start=done.review.completed_at.date(), end=done.review.completed_at.date())
    assert (cov["released"], cov["released_after_qa"], cov["coverage_pct"]) == (1, 1, 100)


@pytest.mark.django_db
def test_the_desk_reviewer_does_not_qa_their_own_review(flow):
    audit = flow.under_review()
    with pytest.raises(DomainError, match="someone other than the desk reviewer"):
        qa_review_open(by=flow.cast.reviewer, review=open_review(audit))
    assert not QaReview.objects.exists()


@pytest.mark.django_db
def test_only_staff_do_qa(flow):
    audit = flow.under_review()
    with pytest.raises(NotAllowed):
        qa_review_open(by=flow.cast.smr, review=open_review(audit))


@pytest.mark.django_db
def test_a_concern_blocks_release_and_a_return_goes_back_to_the_reviewer(flow):
    audit = flow.under_review()
    qa = qa_review_open(by=flow.cast.admin, review=open_review(audit))
    _all_clear(qa, flow.cast.admin)
    qa_checks_record(
        qa_review=qa,
        by=flow.cast.admin,
        answers=[{"code": "arithmetic_errors", "answer": "concern", "comment": "Element 2 sum"}],
    )
    with pytest.raises(DomainError, match="Arithmetic errors"):
        qa_release(qa_review=qa, by=flow.cast.admin)
    with pytest.raises(DomainError, match="Write the comments"):
        qa_return(qa_review=qa, by=flow.cast.admin, comments=" ")

    qa_return(qa_review=qa, by=flow.cast.admin, comments="Re-add element 2.")

    qa.refresh_from_db()
    assert qa.status == QaStatus.RETURNED
    assert InboxMessage.objects.filter(user=flow.cast.reviewer, kind="qa_returned").count() == 1
    with pytest.raises(Conflict):
        review_complete(audit=audit, by=flow.cast.reviewer)
    # The corrected round is QA'd again.
    again = qa_review_open(by=flow.cast.admin, review=open_review(audit))
    assert again.status == QaStatus.OPEN


@pytest.mark.django_db
def test_a_bad_checklist_answer_saves_nothing(flow):
    audit = flow.under_review()
    qa = qa_review_open(by=flow.cast.admin, review=open_review(audit))
    with pytest.raises(DomainError) as caught:
        qa_checks_record(
            qa_review=qa,
            by=flow.cast.admin,
            answers=[
                {"code": "errors_of_fact", "answer": "no_concern"},
                {"code": "nope", "answer": "no_concern"},
                {"code": "lack_of_detail", "answer": "concern", "comment": ""},
            ],
        )
    assert caught.value.message == (
        "Line 2: “nope” is not on this review's checklist. Line 3: Say what the concern is."
    )
    assert set(qa.checks.values_list("answer", flat=True)) == {"unchecked"}


@pytest.mark.django_db
def test_a_rescore_after_clearance_withdraws_it(flow):
    audit = flow.under_review()
    qa = qa_review_open(by=flow.cast.admin, review=open_review(audit))
    _all_clear(qa, flow.cast.admin)
    qa_release(qa_review=qa, by=flow.cast.admin)

    item = next(iter(flow.items.values()))
    desk_review_save_item(
        audit=audit,
        item=item,
        points_earned=0,
        not_applicable=False,
        note="changed",
        by=flow.cast.reviewer,
    )

    with pytest.raises(Conflict, match="Desktop QA has not cleared"):
        review_complete(audit=audit, by=flow.cast.reviewer)


@pytest.mark.django_db
def test_an_external_report_is_not_approved_before_qa_and_qa_release_releases_it(flow):
    ext = make_external(flow)
    ext.confirmed()
    engagement = ext.reported()
    before = db_state()
    with pytest.raises(Conflict, match="external audit report yet"):
        report_approve(engagement=engagement, by=flow.cast.reviewer)
    assert db_state() == before
    assert not visible(EngagementFinding, flow.cast.smr).exists()

    qa = qa_review_open(by=flow.cast.admin, engagement=engagement)
    _all_clear(qa, flow.cast.admin)
    qa_release(qa_review=qa, by=flow.cast.admin)

    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.PASSED
    assert Certificate.objects.filter(wsib_account=engagement.wsib_account).count() == 1


@pytest.mark.django_db
def test_qa_returns_an_external_report_to_its_auditor_and_the_resubmission_is_qad_again(flow):
    ext = make_external(flow)
    ext.confirmed()
    engagement = ext.reported()
    qa = qa_review_open(by=flow.cast.admin, engagement=engagement)

    qa_return(qa_review=qa, by=flow.cast.admin, comments="Element 3 findings lack detail.")

    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.REPORT_RETURNED
    assert engagement.return_reason == "Element 3 findings lack detail."
    report_submit(engagement=engagement, by=engagement.auditor.user)
    engagement.refresh_from_db()
    assert engagement.report_qa_cleared_at is None
    with pytest.raises(Conflict):
        report_approve(engagement=engagement, by=flow.cast.reviewer)
    second = qa_review_open(by=flow.cast.admin, engagement=engagement)
    assert second.report_submitted_at == engagement.report_submitted_at


@pytest.mark.django_db
def test_a_verification_audit_holds_the_result_until_released(flow):
    ext = make_external(flow)
    ext.confirmed()
    engagement = ext.reported()
    qa = qa_review_open(by=flow.cast.admin, engagement=engagement)
    with pytest.raises(DomainError, match="verification audit is required"):
        qa_verification_audit(qa_review=qa, by=flow.cast.admin, comments="")

    qa_verification_audit(qa_review=qa, by=flow.cast.admin, comments="Suspected plagiarism.")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.REPORT_SUBMITTED
    with pytest.raises(Conflict):
        qa_verification_audit(qa_review=qa, by=flow.cast.admin, comments="again")

    _all_clear(qa, flow.cast.admin)
    qa_release(qa_review=qa, by=flow.cast.admin)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.PASSED


@pytest.mark.django_db
def test_a_result_has_one_qa_review_at_a_time(flow):
    ext = make_external(flow)
    ext.confirmed()
    engagement = ext.reported()
    qa_review_open(by=flow.cast.admin, engagement=engagement)
    with pytest.raises(Conflict, match="already has a QA review"):
        qa_review_open(by=flow.cast.admin, engagement=engagement)
