"""An upheld appeal changes the decision it overturns [001 §7; SPEC §7], through these
services, called by the appeals app's adapters (appeals depends on audits, never the other
way). Each records the appeal's number as the reason, so the decision's history points at
the appeal.

- external_failure_overturn: a failed external audit report → passed: the account's
  certificate is issued (anniversary = the day the appeal is upheld), the re-audit
  deadline (D4) is cancelled.
- review_failure_overturn: a "not confirmed" internal audit review → confirmed: the
  correction deadline (D2) is cancelled.
- maintenance_failure_overturn: a "not confirmed" maintenance review → confirmed: its
  deficiencies are withdrawn (D8 cancelled) and the year's Letter of Good Standing is issued
  (D6/D7 met), through certification's own services.
"""

from django.db import transaction
from django.utils import timezone

from audits.enums import AuditAction, EngagementStatus, InternalReviewStatus
from audits.models import ExternalEngagement, InternalReview
from audits.workflows import ENGAGEMENT_FLOW, INTERNAL_REVIEW_FLOW
from cor_portal.deadlines.services import deadlines_cancel_for
from cor_portal.errors import DomainError

from .common import D2, D4


@transaction.atomic
def external_failure_overturn(*, engagement: ExternalEngagement, by, reason: str):
    """The failed report is overturned on appeal: passed, certificate issued, D4 cancelled.
    Returns the certificate."""
    from certification.services.certificates import certificate_issue

    engagement = ExternalEngagement.objects.select_for_update().get(pk=engagement.pk)
    if engagement.status != EngagementStatus.FAILED:
        raise DomainError(
            "Only a failed external audit can be overturned on appeal.", field="decision"
        )
    today = timezone.localdate()
    ENGAGEMENT_FLOW.move(
        engagement,
        AuditAction.REPORT_OVERTURNED,
        by=by,
        reason=reason,
        changes={"reaudit_due_on": (engagement.reaudit_due_on, None)},
        reaudit_due_on=None,
    )
    deadlines_cancel_for(subject=engagement, reason=reason, actor=by, kinds=[D4])
    return certificate_issue(
        wsib_account=engagement.wsib_account,
        anniversary_date=today,
        by=by,
        source_audit_id=engagement.audit_id,
        reason=reason,
        on_appeal=True,
    )


@transaction.atomic
def review_failure_overturn(*, internal_review: InternalReview, by, reason: str) -> InternalReview:
    """The "not confirmed" review is overturned on appeal: confirmed, D2 cancelled."""
    review = InternalReview.objects.select_for_update().get(pk=internal_review.pk)
    if review.status != InternalReviewStatus.NOT_CONFIRMED:
        raise DomainError(
            "Only a 'not confirmed' review can be overturned on appeal.", field="decision"
        )
    INTERNAL_REVIEW_FLOW.move(
        review,
        AuditAction.REVIEW_OVERTURNED,
        by=by,
        reason=reason,
        changes={"correction_due_on": (review.correction_due_on, None)},
        correction_due_on=None,
    )
    deadlines_cancel_for(subject=review.audit, reason=reason, actor=by, kinds=[D2])
    return review


@transaction.atomic
def maintenance_failure_overturn(*, internal_review: InternalReview, by, reason: str):
    """The failed maintenance review is overturned on appeal: confirmed, its deficiencies
    withdrawn (D8 cancelled), the year's Letter of Good Standing issued. Returns the letter."""
    from certification.services.maintenance import (
        lgs_issue,
        maintenance_deficiencies_overturned,
        year_of_audit,
    )

    review = review_failure_overturn(internal_review=internal_review, by=by, reason=reason)
    year = year_of_audit(review.audit_id)
    maintenance_deficiencies_overturned(year=year, by=by, reason=reason)
    return lgs_issue(year=year, by=by, source_audit_id=review.audit_id, reason=reason)
