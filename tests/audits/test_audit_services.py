"""Employer side of the internal audit: start, answer, sign off and submit — every
transition and every refusal (clear message, nothing changed)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from audits.enums import AuditKind, InternalReviewStatus
from audits.models import Audit, Evidence, ItemResponse
from audits.services.audit import (
    SubmissionRefused,
    audit_start,
    audit_submit,
    employer_score,
    evidence_attach,
    response_save,
)
from audits.services.review import pre_assessment_record
from certification.models import Person, Registration, TrainingRecord
from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage
from tests.audits.conftest import PDF, db_state

pytestmark = pytest.mark.django_db


def pdf(name="evidence.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# --- start ---------------------------------------------------------------------------------


def test_the_internal_auditor_starts_an_audit_on_the_active_tool(flow):
    audit = flow.start()
    assert audit.internal_review.status == InternalReviewStatus.IN_PROGRESS
    assert audit.kind == AuditKind.INITIAL_INTERNAL
    assert audit.tool == flow.tool
    assert audit.internal_auditor == flow.ia
    assert audit.prepared_by == flow.cast.internal_auditor
    assert [h.action for h in history_of(audit)] == ["started"]
    assert audit.internal_review.wsib_account == audit.wsib_account
    assert audit.internal_review.kind == audit.kind


def test_start_refuses_an_account_that_is_not_ready_listing_what_is_missing(flow):
    Registration.objects.all().delete()
    TrainingRecord.objects.filter(person=flow.ia, course="cor_internal_auditor").delete()
    before = db_state()
    with pytest.raises(DomainError) as exc:
        flow.start()
    assert exc.value.field == "wsib_account"
    assert "not ready for its initial internal audit" in exc.value.message
    assert "not registered in COR™ yet" in exc.value.message
    assert "COR™ Internal Auditor" in exc.value.message
    assert db_state() == before


def test_start_refuses_a_second_open_initial_internal_audit(flow):
    flow.start()
    before = db_state()
    with pytest.raises(DomainError, match="already has an initial internal audit in progress"):
        flow.start()
    assert db_state() == before


@pytest.mark.parametrize(
    "kind",
    [
        AuditKind.EXTERNAL,
        AuditKind.SAP_VERIFICATION,
    ],
)
def test_start_refuses_a_kind_whose_lifecycle_does_not_exist_yet(flow, kind):
    """Bug c: only LIFECYCLE_KINDS can be started (the maintenance review comes next)."""
    flow.start()  # an open initial internal audit: a maintenance one skipped this rule
    before = db_state()
    with pytest.raises(DomainError) as exc:
        audit_start(
            wsib_account=flow.cast.wsib_account,
            kind=kind,
            internal_auditor=flow.ia,
            by=flow.cast.smr,
        )
    assert exc.value.field == "kind"
    assert db_state() == before


def test_start_refuses_an_internal_auditor_of_another_organization(flow):
    stranger = Person.objects.create(
        organization=flow.cast.other_organization,
        first_name="Other",
        last_name="Auditor",
        is_internal_auditor=True,
        employment_status="permanent_full_time",
    )
    with pytest.raises(DomainError) as exc:
        audit_start(
            wsib_account=flow.cast.wsib_account,
            kind=AuditKind.INITIAL_INTERNAL,
            internal_auditor=stranger,
            by=flow.cast.smr,
        )
    assert exc.value.field == "internal_auditor"
    assert not Audit.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "outsider", "reviewer", "admin", "auditor"])
def test_only_the_smr_or_internal_auditor_of_the_organization_starts(flow, who):
    with pytest.raises(NotAllowed):
        audit_start(
            wsib_account=flow.cast.wsib_account,
            kind=AuditKind.INITIAL_INTERNAL,
            internal_auditor=flow.ia,
            by=getattr(flow.cast, who),
        )
    assert not Audit.objects.exists()


# --- responses -----------------------------------------------------------------------------


def test_response_save_creates_then_replaces_with_history(flow):
    audit = flow.start()
    item = flow.items["1.2"]
    response_save(
        audit=audit, item=item, points_earned=7, not_applicable=False, note="", by=flow.cast.smr
    )
    response_save(
        audit=audit,
        item=item,
        points_earned=None,
        not_applicable=True,
        note="No such work",
        by=flow.cast.internal_auditor,
    )
    row = ItemResponse.objects.get(audit=audit, item=item)
    assert (row.points_earned, row.not_applicable, row.note) == (None, True, "No such work")
    saved = [h for h in history_of(audit) if h.action == "response_saved"]
    assert [h.changes for h in saved] == [
        {"item 1.2": [None, "7"]},
        {"item 1.2": ["7", "N/A (No such work)"]},
    ]


@pytest.mark.parametrize(
    ("points", "na", "note", "field", "message"),
    [
        (
            11,
            False,
            "",
            "points_earned",
            "Item 1.1: points earned (11) cannot exceed the item's 10 points.",
        ),
        (-1, False, "", "points_earned", "Item 1.1: points earned cannot be negative (got -1)."),
        (None, True, "   ", "note", "Item 1.1: a not-applicable item needs a note saying why."),
        (
            None,
            False,
            "",
            "points_earned",
            "Item 1.1: not scored yet; enter the points earned or mark it N/A.",
        ),
    ],
)
def test_response_save_refuses_bad_scores_naming_the_item(flow, points, na, note, field, message):
    audit = flow.start()
    response_save(
        audit=audit,
        item=flow.items["1.1"],
        points_earned=5,
        not_applicable=False,
        note="",
        by=flow.cast.smr,
    )
    before = db_state()
    with pytest.raises(DomainError) as exc:
        response_save(
            audit=audit,
            item=flow.items["1.1"],
            points_earned=points,
            not_applicable=na,
            note=note,
            by=flow.cast.internal_auditor,
        )
    assert exc.value.field == field
    assert exc.value.message == message
    assert db_state() == before


def test_response_save_refuses_an_item_of_another_tool(flow):
    from tests.audits.conftest import make_tool

    audit = flow.start()
    _other_tool, other_items = make_tool(name="Other", version="9")
    with pytest.raises(DomainError) as exc:
        response_save(
            audit=audit,
            item=other_items["1.1"],
            points_earned=1,
            not_applicable=False,
            note="",
            by=flow.cast.smr,
        )
    assert exc.value.field == "item"
    assert not ItemResponse.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "reviewer", "admin"])
def test_viewers_and_staff_cannot_fill_in_the_audit(flow, who):
    audit = flow.start()
    with pytest.raises(NotAllowed):
        response_save(
            audit=audit,
            item=flow.items["1.1"],
            points_earned=1,
            not_applicable=False,
            note="",
            by=getattr(flow.cast, who),
        )
    assert not ItemResponse.objects.exists()


def test_responses_cannot_change_after_submission(flow):
    audit = flow.submitted()
    before = db_state()
    with pytest.raises(DomainError, match="it can no longer be changed"):
        response_save(
            audit=audit,
            item=flow.items["1.1"],
            points_earned=1,
            not_applicable=False,
            note="",
            by=flow.cast.smr,
        )
    assert db_state() == before


def test_the_live_score_counts_answered_items_only(flow):
    audit = flow.start()
    response_save(
        audit=audit,
        item=flow.items["1.1"],
        points_earned=10,
        not_applicable=False,
        note="",
        by=flow.cast.smr,
    )
    response_save(
        audit=audit,
        item=flow.items["2.1"],
        points_earned=5,
        not_applicable=False,
        note="",
        by=flow.cast.smr,
    )
    live = employer_score(audit)
    assert (live.answered, live.total, live.complete) == (2, 4, False)
    assert live.result.points_earned == 15
    assert live.result.element_pcts == {1: 100, 2: 50}


# --- sign off and submit ---------------------------------------------------------------------


def test_the_smr_signs_off_and_submits_recording_receipt_and_opening_d1(flow):
    audit = flow.start()
    flow.answer(audit, {"2.2": None})
    with time_machine.travel(
        timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 0)), tick=False
    ):
        audit = audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
    assert audit.internal_review.status == InternalReviewStatus.SUBMITTED
    assert audit.signed_off_by == flow.cast.smr
    assert audit.signed_off_at is not None
    assert audit.internal_review.received_on == date(2026, 11, 20)
    assert audit.internal_review.submission_count == 1
    d1 = Deadline.objects.get(kind="D1")
    assert (d1.state, d1.opened_on, d1.due_on) == ("open", date(2026, 11, 20), date(2027, 1, 19))
    assert d1.organization_id == flow.cast.organization.pk
    told = set(InboxMessage.objects.filter(kind="audit_submitted").values_list("user", flat=True))
    assert told == {flow.cast.reviewer.pk, flow.cast.admin.pk}
    entry = next(h for h in history_of(audit.internal_review) if h.action == "submitted")
    assert (entry.from_state, entry.to_state, entry.actor) == (
        "in_progress",
        "submitted",
        flow.cast.smr,
    )


def test_the_internal_auditor_cannot_submit(flow):
    audit = flow.start()
    flow.answer(audit)
    before = db_state()
    with pytest.raises(NotAllowed, match="Senior Management Representative signs off"):
        audit_submit(audit=audit, by=flow.cast.internal_auditor, signed_off=True)
    assert db_state() == before


def test_submit_lists_every_missing_item_and_stale_evidence(flow):
    audit = flow.start()
    response_save(
        audit=audit,
        item=flow.items["1.1"],
        points_earned=10,
        not_applicable=False,
        note="",
        by=flow.cast.smr,
    )
    response_save(
        audit=audit,
        item=flow.items["1.2"],
        points_earned=10,
        not_applicable=False,
        note="",
        by=flow.cast.smr,
    )
    today = timezone.localdate()
    old = today - timedelta(days=400)
    evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=pdf("old-policy.pdf"),
        document_date=old,
        by=flow.cast.smr,
    )
    before = db_state()
    with pytest.raises(SubmissionRefused) as exc:
        audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
    problems = exc.value.problems
    assert problems[:2] == [
        "Item 2.1: not answered yet; enter the points earned or mark it N/A.",
        "Item 2.2: not answered yet; enter the points earned or mark it N/A.",
    ]
    assert len(problems) == 3
    assert problems[2].startswith(f"Evidence old-policy.pdf (item 1.1) is dated {old.isoformat()}")
    assert exc.value.as_dict() == {"audit": problems}
    assert db_state() == before


def test_submitting_twice_is_refused(flow):
    audit = flow.submitted()
    before = db_state()
    with pytest.raises(DomainError, match="already submitted on"):
        audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
    assert db_state() == before


def test_a_returned_audit_is_resubmitted_and_d1_restarts(flow):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 9, 1, 10, 0)), tick=False):
        audit = flow.submitted()
    with time_machine.travel(
        timezone.make_aware(timezone.datetime(2026, 9, 10, 10, 0)), tick=False
    ):
        pre_assessment_record(
            audit=audit,
            by=flow.cast.reviewer,
            complete=False,
            declared_score_meets_benchmarks=True,
            reasons="The training records are missing.",
        )
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.RETURNED
    assert list(Deadline.objects.values_list("kind", "state")) == [("D1", "cancelled")]
    response_save(
        audit=audit,
        item=flow.items["1.2"],
        points_earned=9,
        not_applicable=False,
        note="",
        by=flow.cast.smr,
    )
    with time_machine.travel(
        timezone.make_aware(timezone.datetime(2026, 10, 5, 10, 0)), tick=False
    ):
        audit = audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
    assert audit.internal_review.status == InternalReviewStatus.RESUBMITTED
    assert audit.internal_review.received_on == date(2026, 10, 5)
    assert audit.internal_review.submission_count == 2
    rows = list(Deadline.objects.order_by("pk").values_list("state", "due_on"))
    assert rows == [("cancelled", date(2026, 10, 31)), ("open", date(2026, 12, 4))]


def test_resubmitting_an_accepted_audit_is_refused(flow):
    audit = flow.accepted()
    before = db_state()
    with pytest.raises(
        DomainError, match="accepted at pre-assessment; it cannot be submitted again"
    ):
        audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
    assert db_state() == before


def test_evidence_is_attached_with_its_facts(flow):
    audit = flow.start()
    evidence = evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=pdf("Policy 2026.pdf"),
        document_date=date(2026, 1, 5),
        by=flow.cast.internal_auditor,
    )
    import hashlib

    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.size == len(PDF)
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "Policy 2026.pdf"
    assert "Policy" not in evidence.file.name and evidence.file.name.startswith("evidence/")
    assert evidence.file.read() == PDF
    assert Evidence.objects.count() == 1


def test_evidence_needs_a_document_date_not_in_the_future(flow):
    audit = flow.start()
    for value, message in (
        (None, "Enter the date the document was created."),
        (timezone.localdate() + timedelta(days=1), "The document date cannot be in the future."),
    ):
        with pytest.raises(DomainError) as exc:
            evidence_attach(
                audit=audit, item=None, uploaded_file=pdf(), document_date=value, by=flow.cast.smr
            )
        assert (exc.value.field, exc.value.message) == ("document_date", message)
    assert not Evidence.objects.exists()
