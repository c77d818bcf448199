"""Desktop QA of every audit before its result is released [004 mandate 5].

A QA review opens on one result awaiting release — a desk-review round of an internal audit
(under desk review, scored by its reviewer) or one submission of an external audit report —
with a copy of the active checklist. Its outcomes, one service each:

- qa_release: every line checked with no concern → the result is cleared for release
  (audits.services.qa_gate.qa_clear); an external report is released at once
  (report_approve: outcome, CAP, certificate), a desk review when its reviewer completes it.
- qa_return: back to the auditor with comments (an external report: report_return to the
  external auditor; a desk review: to its reviewer, who corrects and asks QA again).
- qa_verification_audit: held for a verification audit; released or returned after it.

Each records history on the QA review; nothing reaches the employer before qa_release."""

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.enums import EngagementStatus, InternalReviewStatus
from audits.models import ExternalEngagement, Review
from audits.services import engagement as engagement_services
from audits.services.qa_gate import qa_clear
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, notify
from cor_portal.workflow import Conflict

from ..enums import QA_UNDECIDED, OversightAction, QaCheckAnswer, QaStatus, QaSubjectKind
from ..models import QaCheck, QaChecklistItem, QaReview
from ..qa import CheckLine, answer_problems, independent, release_problems
from ..rules import require
from ..workflows import QA_FLOW

COMMENTS_MAX_LENGTH = 4000
DO_QA_ONLY = gettext_lazy("Only certifying-body staff do desktop QA.")


def _comments(text: str, *, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(missing, field="comments")
    if len(text) > COMMENTS_MAX_LENGTH:
        raise DomainError(
            _("Keep the comments to %(max)s characters (they have %(n)s).")
            % {"max": COMMENTS_MAX_LENGTH, "n": len(text)},
            field="comments",
        )
    return text


@transaction.atomic
def qa_review_open(
    *, by, review: Review | None = None, engagement: ExternalEngagement | None = None
) -> QaReview:
    """Open the QA review of a desk-review round under review, or of a submitted external
    report, with the active checklist lines."""
    require(by, "oversight.do_qa", DO_QA_ONLY)
    if (review is None) == (engagement is None):
        raise DomainError(
            _("Choose one desk review or one external audit report."), field="subject"
        )
    values: dict[str, Any]
    if review is not None:
        review = Review.objects.select_for_update().select_related("audit").get(pk=review.pk)
        status = (
            review.audit.internal_review.status
            if hasattr(review.audit, "internal_review")
            else None
        )
        if review.completed_at is not None or status != InternalReviewStatus.UNDER_REVIEW:
            raise DomainError(
                _("Only a desk review in progress is QA'd; this one is not under review."),
                field="review",
            )
        if not independent(qa_reviewer_id=by.pk, worker_ids=[review.reviewer_id]):
            raise DomainError(
                _("QA is done by someone other than the desk reviewer."), field="review"
            )
        values = {
            "kind": QaSubjectKind.DESK_REVIEW,
            "review": review,
            "wsib_account_id": review.audit.wsib_account_id,
        }
    else:
        assert engagement is not None
        engagement = ExternalEngagement.objects.select_for_update().get(pk=engagement.pk)
        if engagement.status != EngagementStatus.REPORT_SUBMITTED:
            raise DomainError(
                _("Only a submitted external audit report is QA'd; this engagement is %(s)s.")
                % {"s": engagement.get_status_display().lower()},
                field="engagement",
            )
        values = {
            "kind": QaSubjectKind.EXTERNAL_REPORT,
            "engagement": engagement,
            "report_submitted_at": engagement.report_submitted_at,
            "wsib_account_id": engagement.wsib_account_id,
        }
    items = list(QaChecklistItem.objects.filter(active=True))
    if not items:
        raise DomainError(
            _("The QA checklist has no active line; an administrator adds them first."),
            field="checklist",
        )
    try:
        with transaction.atomic():
            qa_review = QaReview.objects.create(qa_reviewer=by, **values)
    except IntegrityError as exc:
        raise Conflict(_("This result already has a QA review.")) from exc
    QaCheck.objects.bulk_create(QaCheck(qa_review=qa_review, item=item) for item in items)
    record(
        subject=qa_review,
        actor=by,
        action=OversightAction.QA_OPENED,
        to_state=QaStatus.OPEN,
        changes={"checklist": (None, len(items))},
    )
    return qa_review


def _locked(qa_review: QaReview) -> QaReview:
    return QaReview.objects.select_for_update().get(pk=qa_review.pk)


def _check_undecided(qa_review: QaReview) -> None:
    if qa_review.status not in QA_UNDECIDED:
        raise Conflict(
            _("This QA review is already decided (%(status)s).")
            % {"status": qa_review.get_status_display().lower()}
        )


@transaction.atomic
def qa_checks_record(*, qa_review: QaReview, by, answers: Sequence[dict]) -> QaReview:
    """Answer checklist lines: [{"code": …, "answer": …, "comment": …}, …]. All or nothing:
    one bad line and none is saved."""
    require(by, "oversight.do_qa", DO_QA_ONLY)
    qa_review = _locked(qa_review)
    _check_undecided(qa_review)
    checks = {c.item.code: c for c in qa_review.checks.select_related("item")}
    problems: list[str] = []
    changed: dict[str, tuple[Any, Any]] = {}
    if not answers:
        raise DomainError(_("Answer at least one checklist line."), field="checks")
    for index, raw in enumerate(answers, start=1):
        if not isinstance(raw, dict):
            problems.append(_("Line %(n)s: give a code and an answer.") % {"n": index})
            continue
        code = str(raw.get("code") or "")
        answer = str(raw.get("answer") or "")
        comment = str(raw.get("comment") or "").strip()
        check = checks.get(code)
        if check is None:
            problems.append(
                _("Line %(n)s: “%(code)s” is not on this review's checklist.")
                % {"n": index, "code": code}
            )
            continue
        if len(comment) > COMMENTS_MAX_LENGTH:
            problems.append(
                _("Line %(n)s: keep the comment to %(max)s characters.")
                % {"n": index, "max": COMMENTS_MAX_LENGTH}
            )
            continue
        for problem in answer_problems(answer, comment):
            problems.append(_("Line %(n)s: %(problem)s") % {"n": index, "problem": problem})
        if not problems:
            changed[code] = (check.answer, answer)
            check.answer, check.comment = answer, comment
    if problems:
        raise DomainError(" ".join(problems), field="checks")
    QaCheck.objects.bulk_update(list(checks.values()), ["answer", "comment"])
    record(subject=qa_review, actor=by, action=OversightAction.QA_CHECKED, changes=changed)
    return qa_review


@transaction.atomic
def qa_release(*, qa_review: QaReview, by, comments: str = "") -> QaReview:
    """Release: the checklist is complete with no concern; the result is cleared (and an
    external report approved, so its outcome goes to the employer now)."""
    require(by, "oversight.do_qa", DO_QA_ONLY)
    qa_review = _locked(qa_review)
    _check_undecided(qa_review)
    lines = [
        CheckLine(label=c.item.label, answer=c.answer, comment=c.comment)
        for c in qa_review.checks.select_related("item")
    ]
    problems = release_problems(lines)
    if problems:
        raise DomainError(" ".join(problems), field="checks")
    comments = (comments or "").strip()[:COMMENTS_MAX_LENGTH]
    QA_FLOW.move(
        qa_review,
        OversightAction.QA_RELEASED,
        by=by,
        decided_at=timezone.now(),
        comments=comments,
    )
    if qa_review.kind == QaSubjectKind.DESK_REVIEW:
        assert qa_review.review is not None
        qa_clear(by=by, review=qa_review.review)
        notify(
            users=[qa_review.review.reviewer],
            subject=Localized(gettext_lazy("Desk review cleared by QA")),
            body=Localized(
                gettext_lazy("QA released your desk review; complete it to issue the report.")
            ),
            url=f"/audits/{qa_review.review.audit_id}/",
            kind="qa_released",
        )
    else:
        assert qa_review.engagement is not None
        engagement = qa_review.engagement
        if engagement.report_submitted_at != qa_review.report_submitted_at:
            raise Conflict(_("The report was submitted again since this QA review opened."))
        qa_clear(by=by, engagement=engagement)
        engagement_services.report_approve(engagement=engagement, by=by)
    return qa_review


@transaction.atomic
def qa_return(*, qa_review: QaReview, by, comments: str) -> QaReview:
    """Return to the auditor with comments: the external auditor (the report goes back to
    them) or the desk reviewer (who corrects the round and asks QA again)."""
    require(by, "oversight.do_qa", DO_QA_ONLY)
    comments = _comments(comments, missing=_("Write the comments the auditor is to act on."))
    qa_review = _locked(qa_review)
    _check_undecided(qa_review)
    QA_FLOW.move(
        qa_review,
        OversightAction.QA_RETURNED,
        by=by,
        reason=comments,
        decided_at=timezone.now(),
        comments=comments,
    )
    if qa_review.kind == QaSubjectKind.EXTERNAL_REPORT:
        assert qa_review.engagement is not None
        engagement_services.report_return(engagement=qa_review.engagement, by=by, reason=comments)
    else:
        assert qa_review.review is not None
        notify(
            users=[qa_review.review.reviewer],
            subject=Localized(gettext_lazy("Desk review returned by QA")),
            body=Localized(gettext_lazy("QA comments: %(comments)s"), {"comments": comments}),
            url=f"/audits/{qa_review.review.audit_id}/",
            kind="qa_returned",
        )
    return qa_review


@transaction.atomic
def qa_verification_audit(*, qa_review: QaReview, by, comments: str) -> QaReview:
    """Hold the result for a verification audit (why, in the comments); it is released or
    returned once the verification audit is done."""
    require(by, "oversight.do_qa", DO_QA_ONLY)
    comments = _comments(comments, missing=_("Say why a verification audit is required."))
    qa_review = _locked(qa_review)
    if qa_review.status != QaStatus.OPEN:
        raise Conflict(
            _("Only an open QA review can require a verification audit (this one is %(s)s).")
            % {"s": qa_review.get_status_display().lower()}
        )
    return QA_FLOW.move(
        qa_review,
        OversightAction.QA_VERIFICATION,
        by=by,
        reason=comments,
        decided_at=timezone.now(),
        comments=comments,
    )


def answers_complete(qa_review: QaReview) -> bool:
    return not qa_review.checks.filter(answer=QaCheckAnswer.UNCHECKED).exists()
