"""The certifying body's side of an internal audit [001 §2.4, §4.1]: the administrative
pre-assessment, assigning a reviewer, the desk review with the reviewer's own item scores,
and its outcome — confirmed (on to the external audit, CAP for continual improvement) or not
confirmed (written report, 6 months to correct and complete the external audit (D2), CAP
for the deficiencies)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.enums import (
    INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT,
    INTERNAL_REVIEW_EDITABLE,
    AuditAction,
    AuditKind,
    InternalReviewStatus,
    PreAssessmentOutcome,
    ReviewOutcome,
)
from audits.limits import (
    FINDING_MAX_LENGTH,
    REASONS_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    check_length,
)
from audits.models import (
    Audit,
    CorrectiveActionPlan,
    Element,
    InternalReview,
    Item,
    PreAssessment,
    Review,
    ReviewFinding,
    ReviewItemScore,
)
from audits.rules import ASSIGN_REVIEWER_STAFF_ONLY, require_role
from audits.scoring import (
    ScoreInputError,
    ScoreResult,
    display_pct,
)
from audits.selectors import assignable_reviewers, open_review, reviewed_score
from audits.workflows import INTERNAL_REVIEW_FLOW
from cor_portal.accounts.models import User
from cor_portal.deadlines.calendar import add_months
from cor_portal.deadlines.services import (
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadline_reassign,
    open_deadline_of,
)
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, notify
from cor_portal.workflow import Conflict

from .common import (
    CORRECTION_MONTHS,
    D1,
    D2,
    account_text,
    appeal_window_open,
    audit_url,
    checked_item_score,
    locked,
    review_of,
    smrs_of,
)

# --- pre-assessment -----------------------------------------------------------------------


@transaction.atomic
def pre_assessment_record(
    *,
    audit: Audit,
    by,
    complete: bool,
    declared_score_meets_benchmarks: bool,
    reasons: str = "",
) -> PreAssessment:
    """Accept the submission for desk review, or return it for correction with reasons. A
    return stops the review clock; the re-submission starts a new 60 days."""
    require_role(
        by, "audits.pre_assess_audit", audit, _("Only certifying-body staff pre-assess audits.")
    )
    audit = locked(audit)
    internal_review = review_of(audit)
    if internal_review.status not in INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT:
        if internal_review.status in INTERNAL_REVIEW_EDITABLE:
            message = _("This audit has not been submitted; there is nothing to pre-assess.")
        else:
            message = _("This submission was already pre-assessed and accepted.")
        raise DomainError(message, field="audit")
    reasons = check_length((reasons or "").strip(), limit=REASONS_MAX_LENGTH, field="reasons")
    accepted = bool(complete) and bool(declared_score_meets_benchmarks)
    if not accepted and not reasons:
        raise DomainError(
            _("Give the reasons the audit is returned, so the employer can correct it."),
            field="reasons",
        )
    outcome = PreAssessmentOutcome.ACCEPTED if accepted else PreAssessmentOutcome.RETURNED
    assessment = PreAssessment.objects.create(
        internal_review=internal_review,
        submission=internal_review.submission_count,
        by=by,
        outcome=outcome,
        complete=bool(complete),
        declared_score_meets_benchmarks=bool(declared_score_meets_benchmarks),
        reasons=reasons,
    )
    changes = {
        "complete": (None, bool(complete)),
        "declared_score_meets_benchmarks": (None, bool(declared_score_meets_benchmarks)),
    }
    if accepted:
        INTERNAL_REVIEW_FLOW.move(
            internal_review, AuditAction.PRE_ASSESSMENT_ACCEPTED, by=by, changes=changes
        )
    else:
        INTERNAL_REVIEW_FLOW.move(
            internal_review,
            AuditAction.PRE_ASSESSMENT_RETURNED,
            by=by,
            reason=reasons,
            changes=changes,
            # D1 is cancelled below: the round has no due date until it is re-submitted.
            review_due_on=None,
        )
    if accepted:
        subject = gettext_lazy("Internal audit accepted for desk review: %(account)s")
        body = gettext_lazy(
            "Your internal audit passed the pre-assessment. A reviewer will complete the "
            "desk review by %(due)s."
        )
    else:
        deadline_cancel(
            kind=D1,
            subject=audit,
            actor=by,
            reason=_("Returned at pre-assessment; the 60-day clock restarts on re-submission."),
            missing_ok=True,
        )
        subject = gettext_lazy("Internal audit returned for correction: %(account)s")
        body = gettext_lazy("Correct the audit and submit it again. Reasons: %(reasons)s")
    d1 = open_deadline_of(D1, audit)
    notify(
        users=smrs_of(audit),
        subject=Localized(subject, {"account": account_text(audit)}),
        body=Localized(body, {"reasons": reasons, "due": d1.due_on.isoformat() if d1 else "—"}),
        url=audit_url(audit),
        kind="audit_pre_assessed",
    )
    return assessment


# --- reviewer -----------------------------------------------------------------------------


@transaction.atomic
def reviewer_assign(*, audit: Audit, reviewer: User, by) -> Audit:
    """Assign (or reassign) the reviewer who does the desk review."""
    require_role(by, "audits.assign_reviewer", audit, ASSIGN_REVIEWER_STAFF_ONLY)
    if reviewer is None or not assignable_reviewers().filter(pk=reviewer.pk).exists():
        raise DomainError(_("Choose an active reviewer of the certifying body."), field="reviewer")
    audit = locked(audit)
    internal_review = review_of(audit)
    if not INTERNAL_REVIEW_FLOW.can(internal_review, AuditAction.REVIEWER_ASSIGNED):
        raise DomainError(
            _("A reviewer is assigned after the pre-assessment accepts the audit."),
            field="audit",
        )
    if internal_review.reviewer_id == reviewer.pk:
        raise DomainError(
            _("%(name)s is already the reviewer.") % {"name": reviewer.get_full_name() or reviewer},
            field="reviewer",
        )
    old_reviewer = internal_review.reviewer
    INTERNAL_REVIEW_FLOW.move(
        internal_review,
        AuditAction.REVIEWER_ASSIGNED,
        by=by,
        changes={"reviewer": (old_reviewer, reviewer)},
        reviewer=reviewer,
    )
    review = open_review(audit)
    if review is None:
        review = Review.objects.create(
            audit=audit, round=audit.reviews.count() + 1, reviewer=reviewer
        )
    else:
        Review.objects.filter(pk=review.pk).update(reviewer=reviewer)
    deadline_reassign(kind=D1, subject=audit, assignee=reviewer, by=by)
    # An accepted audit has its receipt date (constraint internalreview_submitted_has_receipt).
    assert internal_review.received_on is not None
    notify(
        users=[reviewer],
        subject=Localized(
            gettext_lazy("Desk review assigned to you: %(account)s"),
            {"account": account_text(audit)},
        ),
        body=Localized(
            gettext_lazy("Complete the desk review of the internal audit received on %(date)s."),
            {"date": internal_review.received_on.isoformat()},
        ),
        url=audit_url(audit),
        kind="review_assigned",
    )
    return audit


def _require_reviewer(by, audit: Audit) -> None:
    require_role(
        by, "audits.review_audit", audit, _("This audit's desk review is not assigned to you.")
    )


def _check_under_review(audit: Audit) -> Review:
    internal_review = review_of(audit)
    if internal_review.status != InternalReviewStatus.UNDER_REVIEW:
        raise DomainError(
            _("This audit is %(status)s; it is not under desk review.")
            % {"status": internal_review.get_status_display().lower()},
            field="audit",
        )
    review = open_review(audit)
    if review is None:  # pragma: no cover - under_review always has an open round
        raise DomainError(_("This audit has no open review."), field="audit")
    return review


@transaction.atomic
def desk_review_save_item(
    *,
    audit: Audit,
    item: Item,
    points_earned: int | None,
    not_applicable: bool,
    note: str,
    by,
) -> ReviewItemScore:
    """The reviewer's own score of one item."""
    _require_reviewer(by, audit)
    audit = locked(audit)
    _require_reviewer(by, audit)
    review = _check_under_review(audit)
    if item is None or item.tool_id != audit.tool_id:
        raise DomainError(_("Choose an item of this audit's tool."), field="item")
    points_earned, not_applicable, note = checked_item_score(
        item, points_earned=points_earned, not_applicable=not_applicable, note=note
    )
    existing = ReviewItemScore.objects.filter(review=review, item=item).first()
    before = (
        f"{'N/A' if existing.not_applicable else existing.points_earned} {existing.note}".strip()
        if existing
        else None
    )
    values = {"points_earned": points_earned, "not_applicable": not_applicable, "note": note}
    if existing is None:
        scored = ReviewItemScore.objects.create(review=review, item=item, **values)
    else:
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        scored = existing
    after = f"{'N/A' if not_applicable else points_earned} {note}".strip()
    if before != after:
        from .qa_gate import qa_clearance_withdraw

        qa_clearance_withdraw(review=review, by=by)
        record(
            subject=audit,
            actor=by,
            action=AuditAction.REVIEW_ITEM_SCORED,
            changes={f"item {item.number}": (before, after)},
        )
    return scored


# --- completing the review ----------------------------------------------------------------


@dataclass(frozen=True)
class FindingInput:
    """One concern, error or omission; about an element and/or item by number, or general."""

    text: str
    element_number: int | None = None
    item_number: str | None = None


@dataclass(frozen=True)
class ReviewCompletion:
    audit: Audit
    review: Review
    score: ScoreResult
    plan: CorrectiveActionPlan


def _findings(
    audit: Audit, findings: Sequence
) -> list[tuple[FindingInput, Element | None, Item | None]]:
    elements = {e.number: e for e in Element.objects.filter(tool_id=audit.tool_id)}
    items = {
        i.number: i
        for i in Item.objects.filter(tool_id=audit.tool_id).select_related("sub_section__element")
    }
    result = []
    problems = []
    for index, raw in enumerate(findings or [], start=1):
        if isinstance(raw, str):
            raw = FindingInput(text=raw)
        elif isinstance(raw, dict):
            raw = FindingInput(
                text=raw.get("text", ""),
                element_number=raw.get("element_number"),
                item_number=raw.get("item_number") or None,
            )
        text = (raw.text or "").strip()
        if not text:
            problems.append(_("Finding %(n)s: write what the concern is.") % {"n": index})
            continue
        if len(text) > FINDING_MAX_LENGTH:
            problems.append(
                _("Finding %(n)s: keep it to %(max)s characters.")
                % {"n": index, "max": FINDING_MAX_LENGTH}
            )
            continue
        element = item = None
        if raw.item_number:
            item = items.get(str(raw.item_number))
            if item is None:
                problems.append(
                    _("Finding %(n)s: item %(item)s is not in this audit's tool.")
                    % {"n": index, "item": raw.item_number}
                )
                continue
            element = item.sub_section.element
        if raw.element_number is not None:
            chosen = elements.get(raw.element_number)
            if chosen is None or (element is not None and chosen.pk != element.pk):
                problems.append(
                    _("Finding %(n)s: element %(element)s is not this item's element in the tool.")
                    % {"n": index, "element": raw.element_number}
                )
                continue
            element = chosen
        result.append((FindingInput(text, raw.element_number, raw.item_number), element, item))
    if problems:
        raise DomainError(" ".join(problems), field="findings")
    return result


@transaction.atomic
def review_complete(
    *, audit: Audit, by, findings: Sequence = (), summary: str = ""
) -> ReviewCompletion:
    """Complete the desk review: score the audit with the reviewer's item scores (the
    employer's answer where the reviewer did not re-score), issue the report today, meet D1,
    and — confirmed: proceed to the external audit stage with a CAP for continual
    improvement; not confirmed: 6 months to correct and complete the external audit (D2) and
    a CAP for the deficiencies."""
    _require_reviewer(by, audit)
    audit = locked(audit)
    _require_reviewer(by, audit)
    review = _check_under_review(audit)
    summary = (summary or "").strip()
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise DomainError(
            _("Keep the summary to %(max)s characters (it has %(n)s).")
            % {"max": SUMMARY_MAX_LENGTH, "n": len(summary)},
            field="summary",
        )
    checked = _findings(audit, findings)
    # The gate: nothing is released to the employer before desktop QA cleared the round.
    from .qa_gate import review_qa_refusal

    refusal = review_qa_refusal(review)
    if refusal is not None:
        raise Conflict(refusal)
    try:
        result = reviewed_score(audit, review)
    except ScoreInputError as exc:
        raise DomainError(" ".join(exc.problems), field="items") from exc
    today = timezone.localdate()
    outcome = ReviewOutcome.CONFIRMED if result.passed else ReviewOutcome.NOT_CONFIRMED
    for order, (finding, element, item) in enumerate(checked, start=1):
        ReviewFinding.objects.create(
            review=review, element=element, item=item, text=finding.text, order=order
        )
    if (
        Review.objects.filter(pk=review.pk, completed_at__isnull=True).update(
            completed_at=timezone.now(), outcome=outcome, findings_summary=summary
        )
        != 1
    ):
        raise DomainError(_("This review was already completed."), field="audit")
    review.refresh_from_db()
    internal_review = review_of(audit)
    values: dict[str, Any] = {"report_issued_on": today}
    maintenance = audit.kind == AuditKind.INTERNAL_MAINTENANCE
    year = None
    if maintenance:
        from certification.services.maintenance import correction_due_of, year_of_audit

        year = year_of_audit(audit.pk)
    if outcome == ReviewOutcome.NOT_CONFIRMED:
        # Maintenance: deficiencies corrected within 90 days after the anniversary (D8).
        values["correction_due_on"] = (
            correction_due_of(year) if year is not None else add_months(today, CORRECTION_MONTHS)
        )
    changes = {
        "overall": (None, display_pct(result.overall_pct)),
        **{name: (None, value) for name, value in values.items()},
    }
    if result.passed:
        INTERNAL_REVIEW_FLOW.move(
            internal_review, AuditAction.REVIEW_CONFIRMED, by=by, changes=changes, **values
        )
    else:
        INTERNAL_REVIEW_FLOW.move(
            internal_review, AuditAction.REVIEW_NOT_CONFIRMED, by=by, changes=changes, **values
        )
    new = internal_review.status
    # A late review leaves D1 to the sweep, which records it missed (the SLA breach).
    if deadline_meet(kind=D1, subject=audit, actor=by, on=today, missing_ok=True) is not None:
        # Met in time: the stored due date goes with the open deadline (a missed one keeps it).
        InternalReview.objects.filter(pk=internal_review.pk).update(review_due_on=None)
        internal_review.review_due_on = None
    if year is not None:
        # Passed: the review report and the Letter of Good Standing; failed: the written
        # report, a CAP, D8 (refused, with nothing changed, while pending deficiencies are
        # open or after the 90 days).
        from certification.services.maintenance import lgs_issue, maintenance_review_failed

        if new == InternalReviewStatus.CONFIRMED:
            lgs_issue(year=year, by=by, source_audit_id=audit.pk)
        else:
            maintenance_review_failed(year=year, by=by)
    elif new == InternalReviewStatus.NOT_CONFIRMED:
        deadline_open(
            kind=D2,
            subject=audit,
            due_on=values["correction_due_on"],
            opened_on=today,
            title=Localized(
                gettext_lazy("Correct the gaps and complete the external audit: %(account)s"),
                {"account": account_text(audit)},
            ),
            url=audit_url(audit),
            organization_id=audit.wsib_account.organization_id,
            wsib_account_id=audit.wsib_account_id,
            actor=by,
        )
    if new == InternalReviewStatus.NOT_CONFIRMED and audit.kind != AuditKind.INITIAL_INTERNAL:
        # A later internal audit's unfavourable review may be appealed (D13).
        appeal_window_open(
            decision=internal_review,
            wsib_account=audit.wsib_account,
            received_on=today,
            by=by,
            url=audit_url(audit),
        )
    from .cap import cap_generate

    plan = cap_generate(audit=audit, by=by)
    if maintenance and new == InternalReviewStatus.CONFIRMED:
        subject = gettext_lazy("Maintenance audit confirmed: %(account)s")
        body = gettext_lazy(
            "The maintenance review confirmed the scoring benchmarks (overall %(overall)s %%). "
            "Your Letter of Good Standing is issued; submit a corrective action plan for "
            "continual improvement."
        )
    elif maintenance:
        subject = gettext_lazy("Maintenance audit not confirmed: %(account)s")
        body = gettext_lazy(
            "The maintenance review did not confirm the scoring benchmarks (overall "
            "%(overall)s %%). Read the review report and submit a corrective action plan with "
            "supporting documentation; the deficiencies must be corrected by %(due)s, or the "
            "certification lapses."
        )
    elif new == InternalReviewStatus.CONFIRMED:
        subject = gettext_lazy("Internal audit confirmed: %(account)s")
        body = gettext_lazy(
            "The desk review confirmed the scoring benchmarks (overall %(overall)s %%). Proceed "
            "to the external audit, and submit a corrective action plan for continual "
            "improvement."
        )
    else:
        subject = gettext_lazy("Internal audit not confirmed: %(account)s")
        body = gettext_lazy(
            "The desk review did not confirm the scoring benchmarks (overall %(overall)s %%). "
            "Read the review report, submit a corrective action plan, and correct the gaps "
            "and complete the external audit by %(due)s, or the COR process restarts."
        )
    notify(
        users=smrs_of(audit),
        subject=Localized(subject, {"account": account_text(audit)}),
        body=Localized(
            body,
            {
                "overall": display_pct(result.overall_pct),
                "due": (
                    internal_review.correction_due_on.isoformat()
                    if internal_review.correction_due_on
                    else ""
                ),
            },
        ),
        url=audit_url(audit),
        kind="review_completed",
    )
    # The written report is rendered by a worker after commit (WeasyPrint takes ~1 s), so
    # pages and the API get it the same way. Imported here: the task imports the services.
    from audits.tasks import queue_review_report

    queue_review_report(audit)
    return ReviewCompletion(audit=audit, review=review, score=result, plan=plan)
