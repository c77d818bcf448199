"""Demo data of desktop QA and external-auditor quality (seed_demo), through the services.

- The audits step's released results (confirmed and not-confirmed desk reviews, the passed
  and failed external reports) were QA'd by a full QA review each (`qa_pass`, registered
  with audits.services.qa_gate for its demo): released.
- Account 4810014 (under desk review): a first QA review returned to the reviewer (lack of
  detail), a second one open with half its checklist answered.
- Account 4810024 (external report submitted): held for a verification audit.
- External-auditor quality: the annual evaluation of `auditor2` during the passed external
  audit, both demo auditors' declarations, a CPD activity with its evidence, and this year's
  EAQA selected by rotation."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.models import ExternalAuditor, ExternalEngagement, Review
from audits.selectors import open_review
from cor_portal.demo import DemoRun

from .enums import QaCheckAnswer
from .models import AuditorDeclaration, Eaqa, QaReview
from .services import auditors as auditor_services
from .services import qa as qa_services

TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _answer_all(qa_review: QaReview, by, *, limit: int | None = None) -> None:
    codes = [c.item.code for c in qa_review.checks.select_related("item")][:limit]
    qa_services.qa_checks_record(
        qa_review=qa_review,
        by=by,
        answers=[{"code": code, "answer": QaCheckAnswer.NO_CONCERN} for code in codes],
    )


def qa_pass(*, by, review: Review | None = None, engagement: ExternalEngagement | None = None):
    """The demo's QA of a result with nothing to report: open, every line checked without a
    concern, released (an external report: approved)."""
    qa_review = qa_services.qa_review_open(by=by, review=review, engagement=engagement)
    _answer_all(qa_review, by)
    return qa_services.qa_release(qa_review=qa_review, by=by)


def _qa_stages(users, audits: dict) -> dict:
    admin = users["admin"]
    created: dict = {}
    under_review = audits.get("under_review")
    if (
        under_review is not None
        and not QaReview.objects.filter(review__audit=under_review).exists()
    ):
        first = qa_services.qa_review_open(by=admin, review=open_review(under_review))
        qa_services.qa_checks_record(
            qa_review=first,
            by=admin,
            answers=[
                {
                    "code": "lack_of_detail",
                    "answer": QaCheckAnswer.CONCERN,
                    "comment": "Element 4's item scores have no notes.",
                }
            ],
        )
        qa_services.qa_return(
            qa_review=first, by=admin, comments="Add notes to element 4's item scores."
        )
        second = qa_services.qa_review_open(by=admin, review=open_review(under_review))
        _answer_all(second, admin, limit=3)
        created.update(qa_returned=first, qa_open=second)
    submitted = audits.get("external_report_submitted")
    if submitted is not None and not QaReview.objects.filter(engagement=submitted).exists():
        held = qa_services.qa_review_open(by=admin, engagement=submitted)
        qa_services.qa_checks_record(
            qa_review=held,
            by=admin,
            answers=[
                {
                    "code": "suspected_plagiarism",
                    "answer": QaCheckAnswer.CONCERN,
                    "comment": "Findings match another account's report word for word.",
                }
            ],
        )
        qa_services.qa_verification_audit(
            qa_review=held, by=admin, comments="Verify on site before the result is released."
        )
        created["qa_verification"] = held
    return created


def _auditor_quality(users, audits: dict) -> dict:
    admin, reviewer = users["admin"], users["reviewer"]
    today = timezone.localdate()
    created: dict = {}
    certified = audits.get("external_certified")
    if certified is not None and not certified.evaluations.exists():
        created["evaluation"] = auditor_services.evaluation_record(
            auditor=certified.auditor,
            engagement=certified,
            evaluated_on=today,
            findings="Opening meeting clear; interviews well sampled across sites.",
            rating="meets",
            by=reviewer,
        )
    auditors = list(
        ExternalAuditor.objects.filter(user__in=[users[n] for n in ("auditor", "auditor2")])
    )
    for auditor in auditors:
        if not AuditorDeclaration.objects.filter(auditor=auditor, year=today.year).exists():
            auditor_services.declaration_record(
                auditor=auditor,
                year=today.year,
                declared_on=today,
                statement="No conflict of interest; professional development reported below.",
                by=admin,
            )
        if not auditor.cpd.exists():
            auditor_services.cpd_record(
                auditor=auditor,
                title="COR 2020 auditor update session",
                completed_on=today - timedelta(days=30),
                hours="3.5",
                evidence=SimpleUploadedFile("update-session.pdf", TINY_PDF),
                by=admin,
            )
    if not Eaqa.objects.filter(year=today.year).exists() and auditors:
        created["eaqa"] = auditor_services.eaqa_select(year=today.year, by=admin)
    return created


def demo_step(run: DemoRun) -> dict:
    if any(name not in run.users for name in ("admin", "reviewer", "auditor", "auditor2")):
        return {}
    audits = run.earlier.get("audits") or {}
    if not isinstance(audits, dict):
        return {}
    return {**_qa_stages(run.users, audits), **_auditor_quality(run.users, audits)}
