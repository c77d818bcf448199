"""The appeal deadlines as rows of the deadline table (SPEC §5 D13-D17), so the sweep and the
deadline dashboard see them: D13 opened with the unfavourable report and met by the filing;
each level's SLA clocks at their edges, with time travel — Ontario business days (weekends,
Good Friday, Christmas and Boxing Day observed, New Year's Day, Family Day not counted; Civic
Holiday, Easter Monday, Remembrance Day counted) and an administrator's closure day."""

from datetime import date

import pytest
import time_machine

from appeals.enums import AppealStatus, DecisionKind, Verdict
from appeals.services import appeal_decide, appeal_escalate, appeal_file
from audits.enums import InternalReviewStatus
from cor_portal.deadlines.models import ClosureDate, Deadline
from cor_portal.deadlines.services import sweep
from cor_portal.errors import DomainError

from .conftest import noon

pytestmark = pytest.mark.django_db


def _at(day, fn, **kw):
    with time_machine.travel(noon(day), tick=False):
        return fn(**kw)


def _failed_on(ext, day):
    ext.confirmed()
    with time_machine.travel(noon(day), tick=False):
        return ext.decided(points={"1.1": 5})


def _state(kind):
    return dict(Deadline.objects.filter(kind=kind).values_list("due_on", "state"))


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Mon Mar 30 2026: Good Friday (Apr 3) not counted, Easter Monday (Apr 6) counted
        (date(2026, 3, 30), date(2026, 4, 7)),
        # Fri Feb 13 2026: Family Day (Mon Feb 16) not counted
        (date(2026, 2, 13), date(2026, 2, 23)),
        # Fri Jul 31 2026: the Civic Holiday (Mon Aug 3) is a business day
        (date(2026, 7, 31), date(2026, 8, 7)),
        # Mon Nov 9 2026: Remembrance Day (Wed Nov 11) is a business day
        (date(2026, 11, 9), date(2026, 11, 16)),
        # Wed Dec 23 2026: Christmas (Fri), Boxing Day (Sat, observed Mon 28), New Year's Day
        (date(2026, 12, 23), date(2027, 1, 4)),
    ],
)
def test_d13_opens_with_the_failed_report(ext, received, due):
    engagement = _failed_on(ext, received)
    row = Deadline.objects.get(kind="D13")
    assert (row.subject_id, row.opened_on, row.due_on, row.state) == (
        str(engagement.pk),
        received,
        due,
        "open",
    )
    assert row.organization_id == ext.cast.organization.pk


def test_d13_is_met_by_the_filing_on_its_last_day(ext):
    engagement = _failed_on(ext, date(2026, 3, 30))
    sweep(date(2026, 4, 7))  # the due day itself: still open
    assert _state("D13") == {date(2026, 4, 7): "open"}
    _at(
        date(2026, 4, 7),
        appeal_file,
        kind=DecisionKind.EXTERNAL_REPORT,
        decision=engagement,
        by=ext.cast.smr,
        grounds="Scored against evidence we gave.",
    )
    assert _state("D13") == {date(2026, 4, 7): "met"}


def test_d13_missed_the_day_after_and_the_filing_refused(ext):
    engagement = _failed_on(ext, date(2026, 3, 30))
    sweep(date(2026, 4, 8))
    assert _state("D13") == {date(2026, 4, 7): "missed"}
    with pytest.raises(DomainError, match="window to appeal closed"):
        _at(
            date(2026, 4, 8),
            appeal_file,
            kind=DecisionKind.EXTERNAL_REPORT,
            decision=engagement,
            by=ext.cast.smr,
            grounds="Late.",
        )
    sweep(date(2026, 4, 9))  # idempotent
    assert Deadline.objects.filter(kind="D13").count() == 1


def test_a_closure_day_moves_d13(ext):
    ClosureDate.objects.create(date=date(2026, 4, 7), reason="Office move")
    _failed_on(ext, date(2026, 3, 30))
    assert Deadline.objects.get(kind="D13").due_on == date(2026, 4, 8)


def test_no_d13_for_an_initial_internal_audit(ext):
    review = ext.flow.reviewed(points={"1.1": 5}).audit.internal_review
    assert review.status == InternalReviewStatus.NOT_CONFIRMED
    assert not Deadline.objects.filter(kind="D13").exists()


def test_each_levels_sla_at_its_edges(ext, failed, manager, director):
    """Filed Tue Mar 31: D14 due Thu Apr 2, D15 due Wed Apr 8 (Good Friday skipped, Easter
    Monday counted). Neither is missed on its due day; both the day after."""
    appeal = _at(
        date(2026, 3, 31),
        appeal_file,
        kind=DecisionKind.EXTERNAL_REPORT,
        decision=failed,
        by=ext.cast.smr,
        grounds="g",
    )
    assert _state("D14") == {date(2026, 4, 2): "open"}
    assert _state("D15") == {date(2026, 4, 8): "open"}
    sweep(date(2026, 4, 2))
    assert _state("D14") == {date(2026, 4, 2): "open"}
    sweep(date(2026, 4, 3))
    assert _state("D14") == {date(2026, 4, 2): "missed"}
    sweep(date(2026, 4, 8))
    assert _state("D15") == {date(2026, 4, 8): "open"}
    # Decided (late is still allowed: the SLA breach is the record) on Thu Apr 9.
    appeal = _at(
        date(2026, 4, 9),
        appeal_decide,
        appeal=appeal,
        by=ext.auditor.user,
        verdict=Verdict.DENIED,
        reasons="No",
    )
    sweep(date(2026, 4, 9))
    assert _state("D15") == {date(2026, 4, 8): "missed"}
    # D16: denied Thu Apr 9 → Thu Apr 16; escalated on its last day, D16 met.
    assert _state("D16") == {date(2026, 4, 16): "open"}
    appeal = _at(date(2026, 4, 16), appeal_escalate, appeal=appeal, by=ext.cast.smr, grounds="2")
    assert _state("D16") == {date(2026, 4, 16): "met"}
    # Level 2 filed Thu Apr 16: D14 Mon Apr 20, D15 Thu Apr 23.
    assert set(_state("D14")) == {date(2026, 4, 2), date(2026, 4, 20)}
    assert set(_state("D15")) == {date(2026, 4, 8), date(2026, 4, 23)}
    appeal = _at(
        date(2026, 4, 23),
        appeal_decide,
        appeal=appeal,
        by=manager,
        verdict=Verdict.DENIED,
        reasons="Stands",
    )
    assert _state("D15")[date(2026, 4, 23)] == "met"
    appeal = _at(date(2026, 4, 24), appeal_escalate, appeal=appeal, by=ext.cast.smr, grounds="3")
    # D17: within 5 business days of the level-2 decision (Thu Apr 23) → Thu Apr 30.
    assert _state("D17") == {date(2026, 4, 30): "open"}
    sweep(date(2026, 4, 30))
    assert _state("D17") == {date(2026, 4, 30): "open"}
    sweep(date(2026, 5, 1))
    assert _state("D17") == {date(2026, 4, 30): "missed"}
    assert appeal.status == AppealStatus.FILED and appeal.level == 3


def test_d16_closure_day_and_the_close_on_the_day_after(ext, failed):
    appeal = _at(
        date(2026, 3, 31),
        appeal_file,
        kind=DecisionKind.EXTERNAL_REPORT,
        decision=failed,
        by=ext.cast.smr,
        grounds="g",
    )
    ClosureDate.objects.create(date=date(2026, 4, 9), reason="Staff day")
    _at(
        date(2026, 4, 1),
        appeal_decide,
        appeal=appeal,
        by=ext.auditor.user,
        verdict=Verdict.DENIED,
        reasons="No",
    )
    # Denied Wed Apr 1: 2, 6, 7, 8, (9 closed) 10 → Fri Apr 10.
    assert _state("D16") == {date(2026, 4, 10): "open"}
    sweep(date(2026, 4, 10))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DENIED
    sweep(date(2026, 4, 13))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED
    assert _state("D16") == {date(2026, 4, 10): "missed"}
