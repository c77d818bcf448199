"""Fixtures of the internal-audit workflow tests (test_audit_*, test_review_*, test_cap_*,
test_evidence_*, test_d1_d2_*): a small audit tool whose scores are easy to work by hand,
a WSIB account ready for its initial internal audit, and helpers that walk an audit along.

The tool: element 1 = items 1.1 (10 points, legislated) and 1.2 (10); element 2 = items
2.1 (10) and 2.2 (10). Full marks: 40 points."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from audits.enums import AuditKind
from audits.models import Audit, AuditTool, Element, Item, SubSection
from certification.enums import (
    CODE_OF_ETHICS_CURRENT_VERSION,
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    EmploymentStatus,
    RegistrationStatus,
)
from certification.models import CodeOfEthicsSignature, Person, Registration, TrainingRecord
from tests.factories import Cast, make_cast

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def make_tool(
    name: str = "Test tool", version: str = "1", *, publish_by=None
) -> tuple[AuditTool, dict[str, Item]]:
    """A draft version; published (so new audits use it) when `publish_by` is given."""
    tool = AuditTool.objects.create(name=name, version=version)
    items = {}
    order = 0
    for number, spec in ((1, ("1.1", "1.2")), (2, ("2.1", "2.2"))):
        element = Element.objects.create(
            tool=tool, number=number, title=f"Element {number}", order=number
        )
        sub = SubSection.objects.create(element=element, number=f"{number}.0", order=1)
        for item_number in spec:
            order += 1
            items[item_number] = Item.objects.create(
                tool=tool,
                sub_section=sub,
                number=item_number,
                text=f"Question {item_number}",
                points=10,
                legislated=item_number == "1.1",
                by_documentation=True,
                order=order,
            )
    if publish_by is not None:
        from audits.services.tool import audit_tool_publish

        audit_tool_publish(tool=tool, by=publish_by)
    return tool, items


def make_ready(cast: Cast) -> tuple[Person, Person]:
    """Confirmed registration, trained SMR and internal auditor who signed the Code."""
    Registration.objects.create(
        wsib_account=cast.wsib_account,
        status=RegistrationStatus.CONFIRMED,
        applicant_name="Pat",
        applicant_email="pat@example.test",
        declaration_accepted=True,
        created_by=cast.smr,
        submitted_at=timezone.now(),
        received_on=date(2025, 1, 10),
        confirmed_at=timezone.now(),
        confirmed_by=cast.admin,
    )
    org = cast.organization
    smr = Person.objects.create(
        organization=org,
        user=cast.smr,
        first_name="Sam",
        last_name="Senior",
        is_smr=True,
        employment_status=EmploymentStatus.PERMANENT_FULL_TIME,
    )
    ia = Person.objects.create(
        organization=org,
        user=cast.internal_auditor,
        first_name="Ida",
        last_name="Auditor",
        is_internal_auditor=True,
        employment_status=EmploymentStatus.PERMANENT_FULL_TIME,
    )
    TrainingRecord.objects.create(
        person=smr, course="cor_essentials", completed_on=date(2025, 3, 1)
    )
    for course in INTERNAL_AUDITOR_REQUIRED_COURSES:
        TrainingRecord.objects.create(person=ia, course=course, completed_on=date(2025, 3, 1))
    for person in (smr, ia):
        CodeOfEthicsSignature.objects.create(
            person=person,
            user=person.user,
            signed_name=str(person),
            version=CODE_OF_ETHICS_CURRENT_VERSION,
        )
    return smr, ia


@dataclass
class Flow:
    cast: Cast
    tool: AuditTool
    items: dict[str, Item]
    ia: Person

    def start(self) -> Audit:
        from audits.services.audit import audit_start

        return audit_start(
            wsib_account=self.cast.wsib_account,
            kind=AuditKind.INITIAL_INTERNAL,
            internal_auditor=self.ia,
            by=self.cast.internal_auditor,
        )

    def answer(self, audit: Audit, points: dict[str, int | None] | None = None) -> None:
        """Answer every item (default full marks); None in `points` = N/A with a note."""
        from audits.services.audit import response_save

        points = {**dict.fromkeys(self.items, 10), **(points or {})}
        for number, item in self.items.items():
            value = points[number]
            response_save(
                audit=audit,
                item=item,
                points_earned=value,
                not_applicable=value is None,
                note="Not done here" if value is None else "",
                by=self.cast.internal_auditor,
            )

    def submitted(self, points=None) -> Audit:
        from audits.services.audit import audit_submit

        audit = self.start()
        self.answer(audit, points)
        return audit_submit(audit=audit, by=self.cast.smr, signed_off=True)

    def accepted(self, points=None) -> Audit:
        from audits.services.review import pre_assessment_record

        audit = self.submitted(points)
        pre_assessment_record(
            audit=audit, by=self.cast.reviewer, complete=True, declared_score_meets_benchmarks=True
        )
        audit.refresh_from_db()
        return audit

    def under_review(self, points=None) -> Audit:
        from audits.services.review import reviewer_assign

        audit = self.accepted(points)
        return reviewer_assign(audit=audit, reviewer=self.cast.reviewer, by=self.cast.admin)

    def reviewed(self, points=None, reviewer_points=None, findings=()):
        from audits.services.review import desk_review_save_item, review_complete

        audit = self.under_review(points)
        for number, value in (reviewer_points or {}).items():
            desk_review_save_item(
                audit=audit,
                item=self.items[number],
                points_earned=value,
                not_applicable=False,
                note="Reviewer re-scored",
                by=self.cast.reviewer,
            )
        qa_cleared(audit, by=self.cast.admin)
        return review_complete(audit=audit, by=self.cast.reviewer, findings=list(findings))


def qa_cleared(audit, *, by, rescored=None, reviewer=None) -> None:
    """Desktop QA clears the open desk-review round (the gate of review_complete): the QA
    review itself is oversight's, tested in tests/oversight. `rescored` ({number: (item,
    points, note)}) are the reviewer's scores QA saw (a request repeating them unchanged
    keeps the clearance)."""
    from audits.selectors import open_review
    from audits.services.qa_gate import qa_clear
    from audits.services.review import desk_review_save_item

    for item, points, note in (rescored or {}).values():
        desk_review_save_item(
            audit=audit,
            item=item,
            points_earned=points,
            not_applicable=False,
            note=note,
            by=reviewer,
        )
    qa_clear(by=by, review=open_review(audit))


@pytest.fixture
def flow(db) -> Flow:
    cast = make_cast()
    tool, items = make_tool(publish_by=cast.admin)
    _smr, ia = make_ready(cast)
    return Flow(cast=cast, tool=tool, items=items, ia=ia)


def db_state() -> dict:
    """Everything the workflow writes, to assert that a refused action changed nothing."""
    from audits.models import (
        CapItem,
        CorrectiveActionPlan,
        Evidence,
        ItemResponse,
        PreAssessment,
        Review,
        ReviewFinding,
        ReviewItemScore,
    )
    from cor_portal.deadlines.models import Deadline
    from cor_portal.history.models import HistoryEntry
    from cor_portal.notifications.models import InboxMessage

    return {
        "audits": sorted(
            Audit.objects.values_list(
                "pk",
                "internal_review__status",
                "internal_review__submission_count",
                "internal_review__reviewer_id",
                "internal_review__received_on",
                "signed_off_by",
            )
        ),
        "responses": sorted(
            ItemResponse.objects.values_list("pk", "points_earned", "not_applicable", "note")
        ),
        "evidence": Evidence.objects.count(),
        "pre_assessments": PreAssessment.objects.count(),
        "reviews": sorted(Review.objects.values_list("pk", "reviewer_id", "completed_at")),
        "review_scores": sorted(ReviewItemScore.objects.values_list("pk", "points_earned")),
        "findings": ReviewFinding.objects.count(),
        "caps": sorted(CorrectiveActionPlan.objects.values_list("pk", "status")),
        "cap_items": sorted(
            CapItem.objects.values_list("pk", "owner", "target_date", "implementation_date")
        ),
        "deadlines": sorted(Deadline.objects.values_list("pk", "kind", "state", "due_on")),
        "history": HistoryEntry.objects.count(),
        "inbox": InboxMessage.objects.count(),
    }
