"""What an upheld appeal changes, through the owning apps' services [001 §7; SPEC §7]: a
failed maintenance review overturned issues the year's Letter of Good Standing (D8 cancelled,
D6/D7 met), with history naming the appeal; a denied final appeal leaves the outcome and
says so."""

from datetime import date, timedelta

import pytest

from appeals.enums import AppealStatus, DecisionKind, Verdict
from appeals.services import appeal_decide, appeal_file
from audits.enums import InternalReviewStatus
from certification.models import LetterOfGoodStanding, MaintenanceYear
from cor_portal.deadlines.models import Deadline
from cor_portal.history.models import HistoryEntry
from tests.audits.test_maintenance_audit import A2, mflow  # noqa: F401 - the fixture
from tests.maintenance.helpers import on

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_review(mflow):  # noqa: F811
    # Mon Dec 21 2026: the appeal window runs over Christmas (Fri 25) and Boxing Day (Sat 26,
    # observed Mon 28): 22, 23, 24, 29, 30 → it closes Wed Dec 30.
    with on(A2 - timedelta(days=70)):
        done = mflow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}, findings=["Records missing."])
    review = done.audit.internal_review
    assert review.status == InternalReviewStatus.NOT_CONFIRMED
    assert review.report_issued_on == date(2026, 12, 21)
    return mflow, review


def test_an_upheld_appeal_of_a_failed_maintenance_review_issues_the_lgs(failed_review):
    flow_, review = failed_review
    year = MaintenanceYear.objects.get(year=2)
    assert year.deficiencies_open and not LetterOfGoodStanding.objects.exists()
    with on(date(2026, 12, 30)):
        appeal = appeal_file(
            kind=DecisionKind.INTERNAL_REVIEW,
            decision=review,
            by=flow_.cast.smr,
            grounds="Element 2 was documented in the evidence given.",
        )
    assert appeal.decision_maker == flow_.cast.reviewer
    with on(date(2026, 12, 31)):
        appeal = appeal_decide(
            appeal=appeal,
            by=flow_.cast.reviewer,
            verdict=Verdict.UPHELD,
            reasons="The training records were in the evidence.",
        )
    assert appeal.status == AppealStatus.UPHELD
    review.refresh_from_db()
    assert review.status == InternalReviewStatus.CONFIRMED
    letter = LetterOfGoodStanding.objects.get()
    assert (letter.year, letter.source_audit_id) == (2, review.audit_id)
    assert letter.issued_on == date(2026, 12, 31)
    year.refresh_from_db()
    assert year.state == "met" and not year.deficiencies_open
    states = dict(
        Deadline.objects.filter(subject_id=str(year.pk), kind__in=["D6", "D7", "D8"]).values_list(
            "kind", "state"
        )
    )
    assert states == {"D6": "met", "D7": "met", "D8": "cancelled"}
    reason = f"Appeal {appeal.number}, level 1: Upheld"
    actions = set(HistoryEntry.objects.filter(reason=reason).values_list("action", flat=True))
    assert {"review_overturned", "maintenance_corrected", "lgs_issued"} <= actions


def test_a_denied_appeal_of_a_maintenance_review_leaves_the_deficiencies(failed_review):
    flow_, review = failed_review
    with on(date(2026, 12, 22)):
        appeal = appeal_file(
            kind=DecisionKind.INTERNAL_REVIEW, decision=review, by=flow_.cast.smr, grounds="g"
        )
        appeal_decide(appeal=appeal, by=flow_.cast.reviewer, verdict=Verdict.DENIED, reasons="No")
    review.refresh_from_db()
    assert review.status == InternalReviewStatus.NOT_CONFIRMED
    assert MaintenanceYear.objects.get(year=2).deficiencies_open
    assert Deadline.objects.get(kind="D8").state == "open"
    assert not LetterOfGoodStanding.objects.exists()
    # Denied Tue Dec 22: 23, 24, 29, 30, 31 (Christmas, Boxing Day observed skipped).
    assert Deadline.objects.get(kind="D16").due_on == date(2026, 12, 31)
