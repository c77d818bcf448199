"""The internal maintenance audit [SPEC §4.2; 001 §2.4]: the same scored audit and review
lifecycle, for a certified account in year 2 or 3; a passing review issues the Letter of Good
Standing, a failing one opens D8 and a CAP whose approval corrects the deficiencies."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audits.enums import AuditKind
from audits.services.audit import audit_start
from audits.services.cap import cap_approve, cap_item_update, cap_submit
from certification.models import LetterOfGoodStanding, MaintenanceYear
from certification.services.certificates import certificate_issue
from certification.services.maintenance import lgs_pdf
from certification.standing_facts import lgs_verification
from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError
from tests.audits.conftest import Flow, db_state
from tests.maintenance.helpers import on, sweep_on

pytestmark = pytest.mark.django_db
A = date(2026, 3, 1)
A2 = date(2027, 3, 1)


class MaintenanceFlow(Flow):
    def start(self):
        return audit_start(
            wsib_account=self.cast.wsib_account,
            kind=AuditKind.INTERNAL_MAINTENANCE,
            internal_auditor=self.ia,
            by=self.cast.internal_auditor,
        )


@pytest.fixture
def mflow(flow):
    with on(A):
        certificate_issue(
            wsib_account=flow.cast.wsib_account, anniversary_date=A, by=flow.cast.reviewer
        )
    return MaintenanceFlow(cast=flow.cast, tool=flow.tool, items=flow.items, ia=flow.ia)


def test_not_certified_account_is_refused(flow):
    mflow = MaintenanceFlow(cast=flow.cast, tool=flow.tool, items=flow.items, ia=flow.ia)
    before = db_state()
    with pytest.raises(DomainError, match="no maintenance year open"):
        mflow.start()
    assert db_state() == before


def test_passing_review_issues_the_lgs_and_meets_d5_d6_d7(mflow):
    with on(A2 - timedelta(days=90)):
        done = mflow.reviewed()
        assert done.review.outcome == "confirmed"
        letter = LetterOfGoodStanding.objects.get()
        assert letter.year == 2 and letter.source_audit_id == done.audit.pk
        assert letter.number.startswith("LGS-2026-")
        year = MaintenanceYear.objects.get(year=2)
        assert year.state == "met" and year.audit_id == done.audit.pk
        kinds = dict(
            Deadline.objects.filter(
                subject_id=str(year.pk), kind__in=["D5", "D6", "D7"]
            ).values_list("kind", "state")
        )
        assert kinds == {"D5": "met", "D6": "met", "D7": "met"}
        document = lgs_pdf(letter=letter)
        assert document.number
        verification = lgs_verification(letter.number, timezone.localdate())
        assert verification is not None and verification.status == "valid"
    # A second maintenance audit for the same year is refused; the next one is for year 3.
    with on(A2 + timedelta(days=1)):
        audit = mflow.start()
        assert MaintenanceYear.objects.get(audit_id=audit.pk).year == 3


def test_one_maintenance_audit_per_year(mflow):
    with on(A2 - timedelta(days=90)):
        mflow.start()
        before = db_state()
        with pytest.raises(DomainError, match="already has its maintenance audit"):
            mflow.start()
        assert db_state() == before


def test_late_submission_is_flagged(mflow):
    sweep_on(A2 - timedelta(days=59))
    assert MaintenanceYear.objects.get(year=2).late


def test_failing_review_opens_d8_then_the_approved_cap_issues_the_lgs(mflow):
    with on(A2 - timedelta(days=70)):
        done = mflow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}, findings=["Records missing."])
        assert done.review.outcome == "not_confirmed"
        year = MaintenanceYear.objects.get(year=2)
        assert year.deficiencies_open
        assert Deadline.objects.get(kind="D8").due_on == A2 + timedelta(days=90)
        assert not LetterOfGoodStanding.objects.exists()
        plan = done.plan
        for item in plan.items.all():
            cap_item_update(
                cap_item=item,
                by=mflow.cast.smr,
                owner="Pat Lee",
                target_date=timezone.localdate() + timedelta(days=30),
            )
        plan = cap_submit(plan=plan, by=mflow.cast.smr)
    sweep_on(A2 + timedelta(days=31))
    assert MaintenanceYear.objects.get(year=2).state == "pending"
    with on(A2 + timedelta(days=40)):
        cap_approve(plan=plan, by=mflow.cast.reviewer)
    year = MaintenanceYear.objects.get(year=2)
    assert year.state == "met" and not year.deficiencies_open
    assert LetterOfGoodStanding.objects.count() == 1
    assert Deadline.objects.get(kind="D8").state == "met"
    assert year.wsib_account.cor_hold == ""


def test_failing_review_not_corrected_lapses(mflow):
    with on(A2 - timedelta(days=70)):
        mflow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}, findings=["Records missing."])
    sweep_on(A2 + timedelta(days=91))
    year = MaintenanceYear.objects.get(year=2)
    assert year.state == "lapsed"
    assert year.certificate.status == "lapsed"


def test_api_refuses_a_maintenance_audit_of_an_uncertified_account(flow, api_client):
    api_client.force_authenticate(flow.cast.smr)
    before = db_state()
    response = api_client.post(
        "/api/v1/audits/",
        {
            "wsib_account": flow.cast.wsib_account.pk,
            "kind": AuditKind.INTERNAL_MAINTENANCE,
            "internal_auditor": flow.ia.pk,
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "no maintenance year open" in str(response.json())
    assert db_state() == before


def test_recertification_internal_audit_is_not_submitted_for_review(mflow):
    from audits.services.audit import audit_submit

    with on(date(2029, 3, 1) - timedelta(days=80)):
        audit = audit_start(
            wsib_account=mflow.cast.wsib_account,
            kind=AuditKind.RECERTIFICATION_INTERNAL,
            internal_auditor=mflow.ia,
            by=mflow.cast.internal_auditor,
        )
        mflow.answer(audit)
        before = db_state()
        with pytest.raises(DomainError, match="not submitted for review"):
            audit_submit(audit=audit, by=mflow.cast.smr, signed_off=True)
        assert db_state() == before
        with pytest.raises(DomainError, match="in progress"):
            audit_start(
                wsib_account=mflow.cast.wsib_account,
                kind=AuditKind.RECERTIFICATION_INTERNAL,
                internal_auditor=mflow.ia,
                by=mflow.cast.internal_auditor,
            )


def test_recertification_internal_audit_needs_a_certified_account(flow):
    with pytest.raises(DomainError, match="no recertification open"):
        audit_start(
            wsib_account=flow.cast.wsib_account,
            kind=AuditKind.RECERTIFICATION_INTERNAL,
            internal_auditor=flow.ia,
            by=flow.cast.internal_auditor,
        )
