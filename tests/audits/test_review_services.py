"""The certifying body's side: pre-assessment, reviewer assignment, desk review, outcome,
review report context — every transition and refusal."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from audits.enums import CapItemSource, CapPurpose, InternalReviewStatus
from audits.models import PreAssessment, Review, ReviewFinding, ReviewItemScore
from audits.selectors import review_report_context
from audits.services.review import (
    FindingInput,
    desk_review_save_item,
    pre_assessment_record,
    review_complete,
    reviewer_assign,
)
from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage
from tests.audits.conftest import db_state, qa_cleared
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def at(y, m, d):
    return time_machine.travel(timezone.make_aware(timezone.datetime(y, m, d, 12, 0)), tick=False)


# --- pre-assessment --------------------------------------------------------------------------


def test_pre_assessment_accepts_a_complete_submission(flow):
    audit = flow.submitted()
    assessment = pre_assessment_record(
        audit=audit, by=flow.cast.reviewer, complete=True, declared_score_meets_benchmarks=True
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.ACCEPTED
    assert (assessment.outcome, assessment.submission, assessment.reasons) == ("accepted", 1, "")
    assert Deadline.objects.get(kind="D1").state == "open"  # the clock keeps running
    assert InboxMessage.objects.filter(user=flow.cast.smr, kind="audit_pre_assessed").exists()


def test_pre_assessment_returns_with_reasons_and_tells_the_smr(flow):
    audit = flow.submitted()
    pre_assessment_record(
        audit=audit,
        by=flow.cast.admin,
        complete=True,
        declared_score_meets_benchmarks=False,
        reasons="Element 5 is below 65 %.",
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.RETURNED
    message = InboxMessage.objects.get(user=flow.cast.smr, kind="audit_pre_assessed")
    assert "Element 5 is below 65 %." in message.body
    entry = next(
        h for h in history_of(audit.internal_review) if h.action == "pre_assessment_returned"
    )
    assert (entry.from_state, entry.to_state, entry.reason) == (
        "submitted",
        "returned",
        "Element 5 is below 65 %.",
    )


def test_returning_without_reasons_is_refused(flow):
    audit = flow.submitted()
    before = db_state()
    with pytest.raises(DomainError) as exc:
        pre_assessment_record(
            audit=audit,
            by=flow.cast.reviewer,
            complete=False,
            declared_score_meets_benchmarks=True,
            reasons="  ",
        )
    assert exc.value.field == "reasons"
    assert db_state() == before


@pytest.mark.parametrize("who", ["smr", "internal_auditor", "viewer", "outsider", "auditor"])
def test_only_certifying_body_staff_pre_assess(flow, who):
    audit = flow.submitted()
    before = db_state()
    with pytest.raises(NotAllowed):
        pre_assessment_record(
            audit=audit,
            by=getattr(flow.cast, who),
            complete=True,
            declared_score_meets_benchmarks=True,
        )
    assert db_state() == before


def test_an_accepted_audit_cannot_be_pre_assessed_again(flow):
    audit = flow.accepted()
    before = db_state()
    with pytest.raises(DomainError, match="already pre-assessed and accepted"):
        pre_assessment_record(
            audit=audit, by=flow.cast.reviewer, complete=True, declared_score_meets_benchmarks=True
        )
    assert db_state() == before
    assert PreAssessment.objects.count() == 1


def test_an_audit_in_progress_cannot_be_pre_assessed(flow):
    audit = flow.start()
    with pytest.raises(DomainError, match="has not been submitted"):
        pre_assessment_record(
            audit=audit, by=flow.cast.reviewer, complete=True, declared_score_meets_benchmarks=True
        )


# --- reviewer ------------------------------------------------------------------------------


def test_assigning_a_reviewer_starts_the_review_and_assigns_d1(flow):
    audit = flow.accepted()
    audit = reviewer_assign(audit=audit, reviewer=flow.cast.reviewer, by=flow.cast.admin)
    assert audit.internal_review.status == InternalReviewStatus.UNDER_REVIEW
    assert audit.internal_review.reviewer == flow.cast.reviewer
    review = Review.objects.get(audit=audit)
    assert (review.round, review.reviewer, review.completed_at) == (1, flow.cast.reviewer, None)
    assert Deadline.objects.get(kind="D1").assignee == flow.cast.reviewer
    assert InboxMessage.objects.filter(user=flow.cast.reviewer, kind="review_assigned").exists()


def test_reassigning_keeps_the_round_and_moves_it(flow):
    audit = flow.under_review()
    other = UserFactory(role=UserRole.REVIEWER)
    reviewer_assign(audit=audit, reviewer=other, by=flow.cast.admin)
    review = Review.objects.get(audit=audit)
    assert review.reviewer == other
    assert Deadline.objects.get(kind="D1").assignee == other


@pytest.mark.parametrize(
    "role", [UserRole.EMPLOYER, UserRole.ADMINISTRATOR, UserRole.EXTERNAL_AUDITOR]
)
def test_only_a_reviewer_can_be_assigned(flow, role):
    audit = flow.accepted()
    # Made before the snapshot: an external auditor's roster entry is written with the user.
    candidate = UserFactory(role=role)
    before = db_state()
    with pytest.raises(DomainError) as exc:
        reviewer_assign(audit=audit, reviewer=candidate, by=flow.cast.admin)
    assert exc.value.field == "reviewer"
    assert db_state() == before


def test_a_reviewer_is_assigned_only_after_acceptance(flow):
    audit = flow.submitted()
    before = db_state()
    with pytest.raises(DomainError, match="after the pre-assessment accepts"):
        reviewer_assign(audit=audit, reviewer=flow.cast.reviewer, by=flow.cast.admin)
    assert db_state() == before


@pytest.mark.parametrize("who", ["smr", "viewer", "outsider", "auditor"])
def test_only_staff_assign_reviewers(flow, who):
    audit = flow.accepted()
    with pytest.raises(NotAllowed):
        reviewer_assign(audit=audit, reviewer=flow.cast.reviewer, by=getattr(flow.cast, who))


# --- desk review ---------------------------------------------------------------------------


def test_a_reviewer_not_assigned_cannot_review(flow):
    audit = flow.under_review()
    stranger = UserFactory(role=UserRole.REVIEWER)
    before = db_state()
    with pytest.raises(NotAllowed, match="not assigned to you"):
        desk_review_save_item(
            audit=audit,
            item=flow.items["1.1"],
            points_earned=5,
            not_applicable=False,
            note="",
            by=stranger,
        )
    with pytest.raises(NotAllowed, match="not assigned to you"):
        review_complete(audit=audit, by=stranger)
    with pytest.raises(NotAllowed, match="not assigned to you"):
        review_complete(audit=audit, by=flow.cast.admin)
    assert db_state() == before


def test_desk_review_scores_are_validated_like_the_employers(flow):
    audit = flow.under_review()
    before = db_state()
    with pytest.raises(DomainError) as exc:
        desk_review_save_item(
            audit=audit,
            item=flow.items["2.1"],
            points_earned=12,
            not_applicable=False,
            note="",
            by=flow.cast.reviewer,
        )
    assert exc.value.message == "Item 2.1: points earned (12) cannot exceed the item's 10 points."
    with pytest.raises(DomainError, match="needs a note"):
        desk_review_save_item(
            audit=audit,
            item=flow.items["2.1"],
            points_earned=None,
            not_applicable=True,
            note="",
            by=flow.cast.reviewer,
        )
    assert db_state() == before


def test_confirmed_review_moves_to_the_external_stage_with_a_continual_improvement_cap(flow):
    with at(2026, 11, 2):
        audit = flow.under_review()
        desk_review_save_item(
            audit=audit,
            item=flow.items["2.1"],
            points_earned=7,
            not_applicable=False,
            note="Two inspections missing",
            by=flow.cast.reviewer,
        )
        qa_cleared(audit, by=flow.cast.admin)
        done = review_complete(
            audit=audit,
            by=flow.cast.reviewer,
            findings=[FindingInput("Keep inspection records together.", element_number=2)],
        )
    audit = done.audit
    assert audit.internal_review.status == InternalReviewStatus.CONFIRMED
    assert audit.internal_review.report_issued_on == date(2026, 11, 2)
    assert audit.internal_review.correction_due_on is None
    assert done.score.passed and done.score.points_earned == 37
    assert done.review.outcome == "confirmed" and done.review.completed_at is not None
    assert Deadline.objects.get(kind="D1").state == "met"
    assert not Deadline.objects.filter(kind="D2").exists()
    assert done.plan.purpose == CapPurpose.CONTINUAL_IMPROVEMENT
    assert [(i.source, i.description, i.element.number) for i in done.plan.items.all()] == [
        (CapItemSource.FINDING, "Keep inspection records together.", 2)
    ]
    assert InboxMessage.objects.filter(user=flow.cast.smr, kind="review_completed").exists()


def test_not_confirmed_review_opens_d2_six_months_out_and_a_deficiencies_cap(flow):
    with at(2026, 8, 31):
        done = flow.reviewed(
            reviewer_points={"1.1": 9, "2.1": 3, "2.2": 3},
            findings=[FindingInput("No evidence of worker interviews.", item_number="2.2")],
        )
    audit = done.audit
    assert audit.internal_review.status == InternalReviewStatus.NOT_CONFIRMED
    assert audit.internal_review.report_issued_on == date(2026, 8, 31)
    assert audit.internal_review.correction_due_on == date(2027, 2, 28)
    d2 = Deadline.objects.get(kind="D2")
    assert (d2.state, d2.due_on, d2.binds) == ("open", date(2027, 2, 28), "organization")
    assert [str(f.kind) for f in done.score.failures] == ["overall", "element", "legislated_item"]
    plan = done.plan
    assert plan.purpose == CapPurpose.DEFICIENCIES
    rows = [(i.order, i.source, i.failure_kind, i.description) for i in plan.items.all()]
    assert rows == [
        (1, "failed_benchmark", "overall", "Overall score 62.50 % is below the required 80.00 %."),
        (2, "failed_benchmark", "element", "Element 2 scored 30.00 %, below the required 65.00 %."),
        (
            3,
            "failed_benchmark",
            "legislated_item",
            "Legislated item 1.1 (element 1) scored 90.00 %; it needs 100.00 %.",
        ),
        (4, "finding", "", "No evidence of worker interviews."),
    ]
    assert plan.items.get(order=3).item == flow.items["1.1"]
    assert plan.items.get(order=4).item == flow.items["2.2"]


def test_cap_deficiencies_follow_the_readers_language_not_the_writers(flow):
    """A plan made while the reviewer used English reads in French for a French reader: the
    failed benchmarks' sentences are rebuilt from their stored facts (decimal comma, French
    words); the reviewer's own finding stays as written."""
    from django.utils import translation

    with at(2026, 8, 31), translation.override("en"):
        done = flow.reviewed(
            reviewer_points={"1.1": 9, "2.1": 3, "2.2": 3},
            findings=[FindingInput("No evidence of worker interviews.", item_number="2.2")],
        )
    items = list(done.plan.items.order_by("order"))
    assert items[0].failure_facts == {
        "kind": "overall",
        "element": None,
        "item": None,
        "required": "80.00",
        "actual": "125/2",
    }
    with translation.override("fr-ca"):
        french = [i.deficiency for i in items]
    with translation.override("en"):
        english = [i.deficiency for i in items]
    assert english[0] == "Overall score 62.50 % is below the required 80.00 %."
    assert "62,50" in french[0] and "80,00" in french[0] and french[0] != english[0]
    assert "30,00" in french[1] and "65,00" in french[1]
    assert "1.1" in french[2] and "90,00" in french[2]
    assert french[3] == english[3] == "No evidence of worker interviews."
    assert items[3].failure_facts is None


def test_review_complete_refuses_findings_about_unknown_items_and_changes_nothing(flow):
    audit = flow.under_review()
    qa_cleared(audit, by=flow.cast.admin)
    before = db_state()
    with pytest.raises(DomainError) as exc:
        review_complete(
            audit=audit,
            by=flow.cast.reviewer,
            findings=[FindingInput(""), FindingInput("x", item_number="9.9")],
        )
    assert exc.value.field == "findings"
    assert exc.value.message == (
        "Finding 1: write what the concern is. Finding 2: item 9.9 is not in this audit's tool."
    )
    assert db_state() == before


def test_a_completed_review_cannot_be_completed_again(flow):
    done = flow.reviewed()
    before = db_state()
    with pytest.raises(DomainError, match="not under desk review"):
        review_complete(audit=done.audit, by=flow.cast.reviewer)
    assert db_state() == before


def test_review_report_context_lists_every_element_and_failure(flow):
    done = flow.reviewed(
        reviewer_points={"2.1": 0, "2.2": 5},
        findings=[{"text": "Records incomplete.", "element_number": 2}],
    )
    context = review_report_context(done.audit)
    assert context["elements"] == [
        {
            "number": 1,
            "title": "Element 1",
            "employer_pct": "100.00",
            "reviewer_pct": "100.00",
            "meets_benchmark": True,
        },
        {
            "number": 2,
            "title": "Element 2",
            "employer_pct": "100.00",
            "reviewer_pct": "25.00",
            "meets_benchmark": False,
        },
    ]
    assert context["overall"] == {"employer_pct": "100.00", "reviewer_pct": "62.50"}
    assert [f["description"] for f in context["failures"]] == [
        "Overall score 62.50 % is below the required 80.00 %.",
        "Element 2 scored 25.00 %, below the required 65.00 %.",
    ]
    assert context["findings"] == [
        {"element": 2, "element_title": "Element 2", "item": None, "text": "Records incomplete."}
    ]
    assert context["outcome"] == "not_confirmed" and context["confirmed"] is False
    assert context["correction_due_on"] == done.audit.internal_review.correction_due_on
    assert ReviewItemScore.objects.count() == 2
    assert ReviewFinding.objects.count() == 1


def test_review_complete_stores_the_review_report_after_commit(
    flow, django_capture_on_commit_callbacks
):
    from cor_portal.documents.services import document_for

    with django_capture_on_commit_callbacks(execute=True):
        done = flow.reviewed()

    report = document_for(done.audit, "internal_audit_review_report")
    assert report is not None
    assert report.number.startswith("IRR-")
    assert len(report.sha256) == 64
