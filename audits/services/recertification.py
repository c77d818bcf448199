"""Recertification's audit steps [001 §2.5; SPEC §4.3], one function per transition:

- `recertification_audit_complete` (the SMR): the year-1 internal audit of the new cycle is
  signed off as complete but NOT submitted for review (no pre-assessment, no desk review, no
  D1): it waits for the external auditor.
- `internal_audit_validate` (the engagement's external auditor): at the recertification
  external audit the auditor validates that this internal audit was completed; the report
  cannot be submitted before.
- `recertification_internal_audit_for` (read): the completed internal audit a
  recertification external audit follows.

The external audit itself is the ordinary engagement (audits.services.engagement): when the
account holds an active certificate its external audit is a recertification — it needs the
re-registration confirmed (certification), starting it meets year 4's D5, and a pass
supersedes the certificate (certificate_supersede: a new certificate, a new 3-year cycle
with its maintenance years; the old cycle's history stays).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.enums import (
    ENGAGEMENT_EDITABLE,
    AuditAction,
    AuditKind,
    EngagementStatus,
    InternalReviewStatus,
)
from audits.models import Audit, ExternalEngagement
from audits.rules import require_role
from audits.submission import submission_problems
from audits.workflows import INTERNAL_REVIEW_FLOW
from certification.models import WsibAccount
from cor_portal.errors import DomainError
from cor_portal.history.services import record

from .audit import SubmissionRefused, submission_facts
from .common import locked, review_of


@transaction.atomic
def recertification_audit_complete(*, audit: Audit, by, signed_off: bool = False) -> Audit:
    """The SMR signs off the recertification internal audit as complete. Refused, with
    nothing changed, for any other kind of audit, once completed, without the sign-off tick,
    or while an item is unanswered or its evidence does not count."""
    require_role(
        by,
        "audits.submit_audit",
        audit,
        _("Only the Senior Management Representative signs off the audit."),
    )
    audit = locked(audit)
    if audit.kind != AuditKind.RECERTIFICATION_INTERNAL:
        raise DomainError(
            _(
                "Only the recertification internal audit is completed without a review; "
                "submit this audit for review instead."
            ),
            field="audit",
        )
    review = review_of(audit)
    if review.status != InternalReviewStatus.IN_PROGRESS:
        raise DomainError(
            _("This recertification internal audit is already %(status)s.")
            % {"status": review.get_status_display().lower()},
            field="audit",
            code="conflict",
        )
    if not signed_off:
        raise DomainError(
            _("Tick the sign-off to confirm the audit is complete and accurate."),
            field="sign_off",
        )
    today = timezone.localdate()
    items, evidence = submission_facts(audit)
    problems = submission_problems(items=items, evidence=evidence, submitted_on=today)
    if problems:
        raise SubmissionRefused(problems)
    now = timezone.now()
    Audit.objects.filter(pk=audit.pk).update(signed_off_by=by, signed_off_at=now, updated_at=now)
    audit.signed_off_by, audit.signed_off_at = by, now
    INTERNAL_REVIEW_FLOW.move(
        review,
        AuditAction.RECERTIFICATION_AUDIT_COMPLETED,
        by=by,
        changes={"signed_off_on": (None, today)},
    )
    audit.refresh_from_db()
    return audit


def recertification_internal_audit_for(account: WsibAccount) -> Audit:
    """The completed recertification internal audit a recertification external audit
    follows: the latest one no passed external audit used yet. DomainError when there is
    none (not started, or not signed off)."""
    audit = (
        Audit.objects.filter(
            wsib_account=account,
            kind=AuditKind.RECERTIFICATION_INTERNAL,
            internal_review__status=InternalReviewStatus.COMPLETED,
        )
        .exclude(external_engagements__status=EngagementStatus.PASSED)
        .order_by("-signed_off_at", "-pk")
        .first()
    )
    if audit is None:
        raise DomainError(
            _(
                "The recertification external audit follows the year-1 internal audit of the "
                "new cycle: complete and sign off the recertification internal audit first "
                "(it is not submitted for review)."
            ),
            field="wsib_account",
        )
    return audit


@transaction.atomic
def internal_audit_validate(*, engagement: ExternalEngagement, by) -> ExternalEngagement:
    """The external auditor validates, at the recertification external audit, that the
    year-1 internal audit was completed. Once; only while the audit is being performed."""
    require_role(
        by,
        "audits.run_external_audit",
        engagement,
        _("Only the engagement's external auditor validates the internal audit."),
    )
    engagement = (
        ExternalEngagement.objects.select_for_update(of=("self",))
        .select_related("internal_audit", "wsib_account")
        .get(pk=engagement.pk)
    )
    if not engagement.is_recertification:
        raise DomainError(
            _(
                "Only a recertification external audit validates its internal audit; this one "
                "follows a reviewed internal audit."
            ),
            field="engagement",
        )
    if engagement.internal_audit_validated_at is not None:
        raise DomainError(
            _("The internal audit was already validated on %(date)s.")
            % {"date": timezone.localdate(engagement.internal_audit_validated_at).isoformat()},
            field="engagement",
            code="conflict",
        )
    if engagement.status not in ENGAGEMENT_EDITABLE:
        raise DomainError(
            _("The internal audit is validated during the external audit; this one is %(status)s.")
            % {"status": engagement.get_status_display().lower()},
            field="engagement",
        )
    now = timezone.now()
    ExternalEngagement.objects.filter(pk=engagement.pk).update(
        internal_audit_validated_at=now, internal_audit_validated_by=by
    )
    engagement.internal_audit_validated_at, engagement.internal_audit_validated_by = now, by
    record(
        subject=engagement,
        actor=by,
        action=AuditAction.INTERNAL_AUDIT_VALIDATED,
        changes={"internal_audit": (None, engagement.internal_audit_id)},
    )
    record(
        subject=engagement.internal_audit,
        actor=by,
        action=AuditAction.INTERNAL_AUDIT_VALIDATED,
    )
    return engagement
