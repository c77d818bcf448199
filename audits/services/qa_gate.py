"""The QA gate [004 mandate 5: "all completed audit files reviewed prior to being authorized
for release"]: nothing of an audit's result reaches the employer before desktop QA cleared
it. The two services that release a result check it — review_complete (the desk review's
report, outcome and CAP) and report_approve (the external audit report, its outcome and the
certificate) — and QA clears through qa_clear, called by oversight's QA review when it
releases (oversight.services.qa). A re-score of the desk review after clearance withdraws it;
a (re-)submitted external report starts uncleared."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.enums import AuditAction, EngagementStatus
from audits.models import ExternalEngagement, Review
from audits.rules import require_role
from cor_portal.history.services import record
from cor_portal.workflow import Conflict


def review_qa_refusal(review: Review) -> str | None:
    """Why the desk review round may not be released yet (None: QA cleared it)."""
    if review.qa_cleared_at is None:
        return _(
            "Desktop QA has not cleared this desk review yet; nothing is released to the "
            "employer before QA."
        )
    return None


def report_qa_refusal(engagement: ExternalEngagement) -> str | None:
    """Why the submitted external audit report may not be released yet (None: cleared)."""
    if engagement.report_qa_cleared_at is None:
        return _(
            "Desktop QA has not cleared this external audit report yet; nothing is released "
            "to the employer before QA."
        )
    return None


@transaction.atomic
def qa_clear(
    *, by, review: Review | None = None, engagement: ExternalEngagement | None = None
) -> None:
    """Clear one desk-review round (still open) or one submitted external report for
    release. Certifying-body staff only; a conditional update, so two clearances act once."""
    require_role(by, "audits.view_review_queue", None, _("Only certifying-body staff do QA."))
    now = timezone.now()
    if (review is None) == (engagement is None):
        raise ValueError("qa_clear takes a review or an engagement")
    if review is not None:
        cleared = Review.objects.filter(
            pk=review.pk, completed_at__isnull=True, qa_cleared_at__isnull=True
        ).update(qa_cleared_at=now)
        if cleared != 1:
            raise Conflict(_("This desk review is already completed or cleared by QA."))
        review.qa_cleared_at = now
        record(subject=review.audit, actor=by, action=AuditAction.QA_CLEARED)
        return
    assert engagement is not None
    cleared = ExternalEngagement.objects.filter(
        pk=engagement.pk,
        status=EngagementStatus.REPORT_SUBMITTED,
        report_qa_cleared_at__isnull=True,
    ).update(report_qa_cleared_at=now)
    if cleared != 1:
        raise Conflict(_("This external audit report is not awaiting QA."))
    engagement.report_qa_cleared_at = now
    record(subject=engagement, actor=by, action=AuditAction.QA_CLEARED)


def qa_clearance_withdraw(*, review: Review, by) -> None:
    """The reviewer re-scored after QA cleared the round: QA must see it again."""
    if Review.objects.filter(pk=review.pk, qa_cleared_at__isnull=False).update(qa_cleared_at=None):
        review.qa_cleared_at = None
        record(subject=review.audit, actor=by, action=AuditAction.QA_CLEARANCE_WITHDRAWN)


# --- the demo's QA -------------------------------------------------------------------------
# seed_demo runs the audits step before the oversight step, so the demo's released results
# are QA'd through whatever QA the installed apps register here (oversight registers its
# full QA review in its AppConfig.ready(); audits never imports it). Without one, the demo
# only clears the result.

_demo_qa_release = None


def register_demo_qa_release(fn) -> None:
    """fn(*, by, review=None, engagement=None): QA the result and release it (an external
    report: approved too)."""
    global _demo_qa_release
    _demo_qa_release = fn


def demo_qa_release(
    *, by, review: Review | None = None, engagement: ExternalEngagement | None = None
) -> bool:
    """QA the demo's result through the registered QA. Returns whether an external report was
    approved by it (else the caller approves it after the clearance). The demo's callers use
    the two release helpers below, which QA and release in one step."""
    if _demo_qa_release is not None:
        _demo_qa_release(by=by, review=review, engagement=engagement)
        return engagement is not None
    qa_clear(by=by, review=review, engagement=engagement)
    return False


def demo_review_release(*, audit, reviewer, qa_by, findings=(), summary: str = ""):
    """The demo's release of a desk review, as the program does it: desktop QA (`qa_by`,
    someone other than the reviewer) releases the round as scored, then the reviewer
    completes it (review_complete, which refuses a round QA has not cleared)."""
    from audits.selectors import open_review

    from .review import review_complete

    demo_qa_release(by=qa_by, review=open_review(audit))
    return review_complete(audit=audit, by=reviewer, findings=findings, summary=summary)


def demo_report_release(*, engagement: ExternalEngagement, qa_by, approver) -> ExternalEngagement:
    """The demo's release of a submitted external report: desktop QA (`qa_by`) releases it,
    which approves it where oversight's QA is installed; otherwise `approver` approves it
    after the clearance. Returns the engagement as decided."""
    from .engagement import report_approve

    if not demo_qa_release(by=qa_by, engagement=engagement):
        report_approve(engagement=engagement, by=approver)
    engagement.refresh_from_db()
    return engagement
