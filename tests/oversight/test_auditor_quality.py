"""External-auditor quality services and API: evaluations during an external audit, EAQA by
rotation to completion, declarations and CPD with evidence, reinstatement, removal after an
intentional Code of Ethics breach, and the internal-auditor roster."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.enums import AuditorStatus
from audits.models import ExternalAuditor
from audits.services.roster import auditor_suspend
from certification.enums import INTERNAL_AUDITOR_REQUIRED_COURSES
from certification.models import Person, TrainingRecord
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.workflow import Conflict
from oversight.enums import EaqaStatus
from oversight.models import AuditorCpd, AuditorEvaluation, Eaqa, EthicsBreach
from oversight.selectors import eaqa_progress, internal_auditor_roster
from oversight.services import auditors as svc
from tests.audits.conftest import PDF
from tests.audits.external import approved_auditor, make_external


@pytest.fixture
def roster(flow):
    return [approved_auditor(flow.cast.admin, f"Company {n}") for n in range(11)]


@pytest.mark.django_db
def test_eaqa_selection_by_rotation_tops_up_to_ten_percent(flow, roster):
    year = timezone.localdate().year
    everyone = list(ExternalAuditor.objects.filter(status=AuditorStatus.APPROVED).order_by("pk"))
    # Everyone but the last two had an EAQA; the first one longest ago.
    for n, auditor in enumerate(everyone[:-2]):
        Eaqa.objects.create(
            auditor=auditor,
            year=year - 3,
            status=EaqaStatus.COMPLETED,
            selected_on=date(year - 3, 1, 1),
            selected_by=flow.cast.admin,
            completed_on=date(year - 3, 2, 1) + timedelta(days=n),
            report="ok",
        )
    n = len(everyone)
    picked = svc.eaqa_select(year=year, by=flow.cast.admin)
    required = -(-n // 10)
    assert [e.auditor_id for e in picked] == [a.pk for a in (everyone[-2:] + everyone)][:required]
    with pytest.raises(DomainError, match="already selected"):
        svc.eaqa_select(year=year, by=flow.cast.admin)
    progress = eaqa_progress(year)
    assert (progress["required"], progress["selected"], progress["completed"]) == (
        required,
        required,
        0,
    )

    with pytest.raises(DomainError, match="report"):
        svc.eaqa_complete(eaqa=picked[0], by=flow.cast.admin, completed_on=date.today(), report="")
    done = svc.eaqa_complete(
        eaqa=picked[0], by=flow.cast.admin, completed_on=date.today(), report="Sound audits."
    )
    assert done.status == EaqaStatus.COMPLETED
    with pytest.raises(Conflict):
        svc.eaqa_cancel(eaqa=done, by=flow.cast.admin, reason="no")
    assert eaqa_progress(year)["completed"] == 1


@pytest.mark.django_db
def test_eaqa_bad_year_and_outsiders_are_refused(flow, roster):
    with pytest.raises(DomainError, match="this year or next"):
        svc.eaqa_select(year=1999, by=flow.cast.admin)
    with pytest.raises(NotAllowed):
        svc.eaqa_select(year=timezone.localdate().year, by=flow.cast.smr)
    assert not Eaqa.objects.exists()


@pytest.mark.django_db
def test_the_annual_evaluation_is_conducted_during_the_auditors_external_audit(flow):
    ext = make_external(flow)
    ext.confirmed()
    engagement = ext.started()
    today = timezone.localdate()
    with pytest.raises(DomainError, match="one of this auditor's external audits"):
        svc.evaluation_record(
            auditor=ext.other,
            engagement=engagement,
            evaluated_on=today,
            findings="x",
            rating="meets",
            by=flow.cast.reviewer,
        )
    with pytest.raises(DomainError, match="Choose a rating"):
        svc.evaluation_record(
            auditor=ext.auditor,
            engagement=engagement,
            evaluated_on=today,
            findings="x",
            rating="great",
            by=flow.cast.reviewer,
        )
    with pytest.raises(DomainError, match="future"):
        svc.evaluation_record(
            auditor=ext.auditor,
            engagement=engagement,
            evaluated_on=today + timedelta(days=1),
            findings="x",
            rating="meets",
            by=flow.cast.reviewer,
        )
    evaluation = svc.evaluation_record(
        auditor=ext.auditor,
        engagement=engagement,
        evaluated_on=today,
        findings="Interviews well sampled.",
        rating="meets",
        by=flow.cast.reviewer,
    )
    assert (evaluation.year, evaluation.evaluator) == (today.year, flow.cast.reviewer)
    with pytest.raises(DomainError, match="already has the"):
        svc.evaluation_record(
            auditor=ext.auditor,
            engagement=engagement,
            evaluated_on=today,
            findings="Again",
            rating="meets",
            by=flow.cast.reviewer,
        )
    assert AuditorEvaluation.objects.count() == 1


@pytest.mark.django_db
def test_declarations_and_cpd_with_evidence(flow):
    auditor = approved_auditor(flow.cast.admin)
    today = timezone.localdate()
    svc.declaration_record(
        auditor=auditor,
        year=today.year,
        declared_on=today,
        statement="No conflicts.",
        by=flow.cast.admin,
    )
    with pytest.raises(DomainError, match="already declared"):
        svc.declaration_record(
            auditor=auditor, year=today.year, declared_on=today, statement="x", by=flow.cast.admin
        )
    with pytest.raises(DomainError, match="hours"):
        svc.cpd_record(
            auditor=auditor,
            title="Webinar",
            completed_on=today,
            hours="0",
            evidence=SimpleUploadedFile("c.pdf", PDF),
            by=flow.cast.admin,
        )
    with pytest.raises(DomainError):
        svc.cpd_record(
            auditor=auditor,
            title="Webinar",
            completed_on=today,
            hours="2",
            evidence=SimpleUploadedFile("c.exe", b"MZ\x90\x00" * 10),
            by=flow.cast.admin,
        )
    assert not AuditorCpd.objects.exists()
    cpd = svc.cpd_record(
        auditor=auditor,
        title="Webinar",
        completed_on=today,
        hours="2.5",
        evidence=SimpleUploadedFile("certificate.pdf", PDF),
        by=flow.cast.admin,
    )
    assert (str(cpd.hours), cpd.evidence_name) == ("2.5", "certificate.pdf")


@pytest.mark.django_db
def test_suspension_reinstatement_and_removal_after_an_intentional_breach(flow):
    auditor = approved_auditor(flow.cast.admin)
    with pytest.raises(DomainError, match="Only a suspended auditor"):
        svc.auditor_reinstate(auditor=auditor, by=flow.cast.admin, reason="ok")
    auditor = auditor_suspend(auditor=auditor, by=flow.cast.admin, reason="Late reports")
    with pytest.raises(DomainError, match="reason for the reinstatement"):
        svc.auditor_reinstate(auditor=auditor, by=flow.cast.admin, reason=" ")
    with pytest.raises(NotAllowed):
        svc.auditor_reinstate(auditor=auditor, by=flow.cast.reviewer, reason="ok")
    auditor = svc.auditor_reinstate(auditor=auditor, by=flow.cast.admin, reason="Caught up")
    assert (auditor.status, auditor.status_reason) == (AuditorStatus.APPROVED, "Caught up")

    svc.ethics_breach_record(
        auditor=auditor,
        investigated_on=date.today(),
        finding="Late disclosure, not intentional.",
        intentional=False,
        by=flow.cast.admin,
    )
    auditor.refresh_from_db()
    assert auditor.status == AuditorStatus.APPROVED
    svc.ethics_breach_record(
        auditor=auditor,
        investigated_on=date.today(),
        finding="Copied another auditor's report.",
        intentional=True,
        by=flow.cast.admin,
    )
    auditor.refresh_from_db()
    assert auditor.status == AuditorStatus.REMOVED
    assert auditor.status_reason == (
        "Intentional breach of the COR Program Code of Ethics: Copied another auditor's report."
    )
    assert EthicsBreach.objects.count() == 2


@pytest.mark.django_db
def test_internal_auditor_roster_counts_employers_with_more_than_one_trained(flow):
    org = flow.cast.organization
    before = internal_auditor_roster(today=date.today())["employers_with_more_than_one_trained"]
    second = Person.objects.create(
        organization=org,
        first_name="Second",
        last_name="Auditor",
        is_internal_auditor=True,
        employment_status="permanent_full_time",
    )
    for course in INTERNAL_AUDITOR_REQUIRED_COURSES:
        TrainingRecord.objects.create(person=second, course=course, completed_on=date.today())
    roster = internal_auditor_roster(today=date.today(), organization_id=org.pk)
    row = next(r for r in roster["rows"] if r["person_id"] == second.pk)
    assert (row["trained"], row["training_current"]) == (True, True)
    trained_here = sum(1 for r in roster["rows"] if r["trained"])
    after = internal_auditor_roster(today=date.today())["employers_with_more_than_one_trained"]
    assert after == before + (1 if trained_here == 2 else 0)
    assert trained_here >= 2 and after >= 1
