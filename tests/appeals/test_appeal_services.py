"""The appeal through its levels (appeals/services): filing windows, deciders, refusals that
change nothing, an upheld appeal that issues the certificate, a denied final appeal that
keeps the outcome, the level-2 agreement and its signatures, the D16 sweep."""

from datetime import date

import pytest
import time_machine

from appeals.enums import AppealStatus, DecisionKind, Verdict
from appeals.models import Appeal, AppealSignature, AppealStage
from appeals.services import (
    appeal_acknowledge,
    appeal_decide,
    appeal_escalate,
    appeal_file,
    appeal_sign,
)
from audits.enums import EngagementStatus, InternalReviewStatus
from audits.models import Evidence
from certification.models import Certificate
from cor_portal.deadlines.models import ClosureDate, Deadline
from cor_portal.deadlines.services import sweep
from cor_portal.documents.models import GeneratedDocument
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.models import HistoryEntry

from .conftest import noon


def _state():
    return (
        Appeal.objects.count(),
        AppealStage.objects.count(),
        Deadline.objects.filter(kind__in=["D14", "D15", "D16", "D17"]).count(),
        HistoryEntry.objects.count(),
    )


def _file(ext, engagement, day, **kw):
    with time_machine.travel(noon(day), tick=False):
        return appeal_file(
            kind=DecisionKind.EXTERNAL_REPORT,
            decision=engagement,
            by=ext.cast.smr,
            grounds=kw.pop("grounds", "Item 1.1 was scored against evidence we did give."),
            **kw,
        )


def _at(day, fn, **kw):
    with time_machine.travel(noon(day), tick=False):
        return fn(**kw)


def test_file_on_the_last_day_of_the_window(ext, failed, django_capture_on_commit_callbacks):
    # Received Mon Mar 30; Good Friday Apr 3 not counted: the window closes Tue Apr 7.
    with django_capture_on_commit_callbacks(execute=True):
        appeal = _file(ext, failed, date(2026, 4, 7))
    assert appeal.status == AppealStatus.FILED and appeal.level == 1
    assert appeal.decision_maker == ext.auditor.user
    stage = appeal.stages.get()
    # Filed Tue Apr 7: acknowledged by Thu Apr 9, decided by Tue Apr 14.
    assert (stage.acknowledge_due_on, stage.decide_due_on) == (date(2026, 4, 9), date(2026, 4, 14))
    due = dict(Deadline.objects.filter(kind__in=["D14", "D15"]).values_list("kind", "due_on"))
    assert due == {"D14": date(2026, 4, 9), "D15": date(2026, 4, 14)}
    assert GeneratedDocument.objects.filter(kind="appeal_form").count() == 1


def test_filing_after_the_window_is_refused(ext, failed):
    before = _state()
    with pytest.raises(DomainError) as exc:
        _file(ext, failed, date(2026, 4, 8))
    assert "closed on Tuesday, 7 Apr 2026" in exc.value.message
    assert _state() == before


def test_a_closure_day_extends_the_window(ext, failed):
    ClosureDate.objects.create(date=date(2026, 4, 7), reason="Office move")
    appeal = _file(ext, failed, date(2026, 4, 8))
    assert appeal.status == AppealStatus.FILED


def test_initial_internal_audit_cannot_be_appealed(ext):
    completion = ext.flow.reviewed(points={"1.1": 5})
    review = completion.audit.internal_review
    assert review.status == InternalReviewStatus.NOT_CONFIRMED
    before = _state()
    with pytest.raises(DomainError) as exc:
        appeal_file(
            kind=DecisionKind.INTERNAL_REVIEW, decision=review, by=ext.cast.smr, grounds="x"
        )
    assert "initial internal audit" in exc.value.message
    assert _state() == before


def test_second_appeal_and_new_evidence_refused(ext, failed):
    with pytest.raises(DomainError) as exc:
        _file(ext, failed, date(2026, 3, 31), attachments=[999999])
    assert exc.value.as_dict()["attachments"]
    own = list(Evidence.objects.filter(audit=failed.audit).values_list("pk", flat=True))
    appeal = _file(ext, failed, date(2026, 3, 31), attachments=own)
    assert appeal.attachments.count() == len(own)
    before = _state()
    with pytest.raises(DomainError) as exc:
        _file(ext, failed, date(2026, 3, 31))
    assert f"already appealed (appeal {appeal.number})" in exc.value.message
    assert _state() == before


def test_only_the_smr_files(ext, failed):
    with pytest.raises(NotAllowed):
        appeal_file(
            kind=DecisionKind.EXTERNAL_REPORT, decision=failed, by=ext.cast.viewer, grounds="x"
        )


def test_deciders_per_level_and_the_upheld_appeal_issues_the_certificate(
    ext, failed, manager, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = _file(ext, failed, date(2026, 3, 31))
        # another auditor (even of the same company) may not act on this report
        before = _state()
        with pytest.raises(NotAllowed):
            appeal_acknowledge(appeal=appeal, by=ext.colleague.user)
        with pytest.raises(NotAllowed):
            appeal_decide(appeal=appeal, by=manager, verdict=Verdict.DENIED, reasons="No")
        assert _state() == before
        appeal = _at(date(2026, 4, 1), appeal_acknowledge, appeal=appeal, by=ext.auditor.user)
        assert appeal.status == AppealStatus.ACKNOWLEDGED
        assert Deadline.objects.get(kind="D14").state == Deadline.State.MET
        # a level-2 filing while level 1 is open
        with pytest.raises(DomainError) as exc:
            _at(date(2026, 4, 1), appeal_escalate, appeal=appeal, by=ext.cast.smr, grounds="x")
        assert "still open" in exc.value.message
        appeal = _at(
            date(2026, 4, 2),
            appeal_decide,
            appeal=appeal,
            by=ext.auditor.user,
            verdict=Verdict.DENIED,
            reasons="The evidence did not cover 12 months.",
        )
        assert appeal.status == AppealStatus.DENIED
        # Denied Thu Apr 2: 5 business days, Good Friday not counted → Fri Apr 10.
        assert Deadline.objects.get(kind="D16").due_on == date(2026, 4, 10)
        appeal = _at(
            date(2026, 4, 10), appeal_escalate, appeal=appeal, by=ext.cast.smr, grounds="Again"
        )
        assert (appeal.level, appeal.status) == (2, AppealStatus.FILED)
        with pytest.raises(NotAllowed):
            appeal_decide(appeal=appeal, by=director, verdict=Verdict.UPHELD, reasons="x")
        appeal = _at(
            date(2026, 4, 13),
            appeal_decide,
            appeal=appeal,
            by=manager,
            verdict=Verdict.UPHELD,
            reasons="The minutes were in the evidence.",
        )
    assert appeal.status == AppealStatus.UPHELD
    failed.refresh_from_db()
    assert failed.status == EngagementStatus.PASSED
    certificate = Certificate.objects.get(wsib_account=failed.wsib_account)
    assert certificate.anniversary_date == date(2026, 4, 13)
    assert Deadline.objects.get(kind="D4").state == Deadline.State.CANCELLED
    entry = HistoryEntry.objects.get(action="report_overturned")
    assert entry.reason == f"Appeal {appeal.number}, level 2: Upheld"
    # filing, level-1 acknowledgement, decision, level 2, decision: a version each
    forms = GeneratedDocument.objects.filter(kind="appeal_form")
    assert forms.count() == 5
    assert forms.exclude(verification_code="").count() == 5


def _to_level(ext, failed, manager, level):
    appeal = _file(ext, failed, date(2026, 3, 31))
    appeal = _at(
        date(2026, 4, 1),
        appeal_decide,
        appeal=appeal,
        by=ext.auditor.user,
        verdict=Verdict.DENIED,
        reasons="No",
    )
    if level == 1:
        return appeal
    appeal = _at(date(2026, 4, 2), appeal_escalate, appeal=appeal, by=ext.cast.smr, grounds="L2")
    return appeal


def test_level3_denied_is_final_and_keeps_the_outcome(ext, failed, manager, director):
    appeal = _to_level(ext, failed, manager, 2)
    appeal = _at(
        date(2026, 4, 6),
        appeal_decide,
        appeal=appeal,
        by=manager,
        verdict=Verdict.DENIED,
        reasons="Stands",
    )
    appeal = _at(date(2026, 4, 7), appeal_escalate, appeal=appeal, by=ext.cast.smr, grounds="L3")
    stage = appeal.stages.get(level=3)
    # D17: within 5 business days of the level-2 decision (Mon Apr 6) → Mon Apr 13.
    assert stage.decide_due_on == date(2026, 4, 13)
    assert Deadline.objects.get(kind="D17").due_on == date(2026, 4, 13)
    with pytest.raises(NotAllowed):
        appeal_decide(appeal=appeal, by=manager, verdict=Verdict.DENIED, reasons="x")
    appeal = _at(
        date(2026, 4, 8),
        appeal_decide,
        appeal=appeal,
        by=director,
        verdict=Verdict.DENIED,
        reasons="Final",
    )
    assert appeal.status == AppealStatus.DENIED_FINAL
    failed.refresh_from_db()
    assert failed.status == EngagementStatus.FAILED
    assert HistoryEntry.objects.filter(action="appeal_outcome_kept").count() == 2
    with pytest.raises(DomainError):
        appeal_escalate(appeal=appeal, by=ext.cast.smr, grounds="L4")


def test_agreement_signatures(ext, failed, manager):
    appeal = _to_level(ext, failed, manager, 2)
    with pytest.raises(DomainError) as exc:
        appeal_sign(appeal=appeal, by=ext.cast.smr, typed_name="S. M. R.")
    assert "No agreement was reached" in exc.value.message
    with pytest.raises(DomainError):
        _at(
            date(2026, 4, 1),
            appeal_decide,
            appeal=Appeal.objects.get(pk=appeal.pk),
            by=manager,
            verdict="maybe",
            reasons="x",
        )
    appeal = _at(
        date(2026, 4, 6),
        appeal_decide,
        appeal=appeal,
        by=manager,
        verdict=Verdict.UPHELD,
        reasons="Agreed",
        agreement="Item 1.1 re-scored to full marks.",
    )
    appeal_sign(appeal=appeal, by=ext.cast.smr, typed_name="S. M. R.")
    appeal_sign(appeal=appeal, by=manager, typed_name="P. Manager")
    with pytest.raises(DomainError):
        appeal_sign(appeal=appeal, by=manager, typed_name="P. Manager")
    with pytest.raises(NotAllowed):
        appeal_sign(appeal=appeal, by=ext.auditor.user, typed_name="Auditor")
    assert AppealSignature.objects.count() == 2


def test_d16_missed_closes_the_appeal(ext, failed, manager):
    appeal = _to_level(ext, failed, manager, 1)
    due = Deadline.objects.get(kind="D16").due_on  # denied Wed Apr 1 → Thu Apr 9
    assert due == date(2026, 4, 9)
    sweep(date(2026, 4, 10))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED
    with pytest.raises(DomainError):
        appeal_escalate(appeal=appeal, by=ext.cast.smr, grounds="late")
