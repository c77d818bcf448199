"""The audits app's events on an account's timeline (cor_portal.timeline): internal audits
received and their pre-assessments, desk-review decisions, external audits (auditor chosen,
plan approved, report submitted, passed or failed) and the cycle restarts D2 and D4 cause.
Five queries for any number of accounts, each through the access scope of its model, so a
reader sees on the timeline only what their own pages show them (an employer sees a review
once it is completed, the plan once it was submitted)."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.enums import (
    AuditKind,
    EngagementStatus,
    InternalReviewStatus,
    PlanStatus,
    PreAssessmentOutcome,
    ReviewOutcome,
)
from audits.models import AuditPlan, ExternalEngagement, InternalReview, PreAssessment, Review
from cor_portal.access import visible
from cor_portal.timeline import Event, EventKind, Outcome, register_timeline_source


def _audit_url(audit_id: int) -> str:
    return reverse("audits:audit_detail", args=[audit_id])


def _kind_label(kind: str) -> str:
    try:
        return str(AuditKind(kind).label)
    except ValueError:
        return kind


def internal_review_events(user, account_ids: Sequence[int], today: date) -> Iterable[Event]:
    reviews = visible(InternalReview, user).filter(wsib_account_id__in=account_ids)
    for r in reviews.only(
        "audit_id",
        "wsib_account_id",
        "kind",
        "status",
        "received_on",
        "submitted_at",
        "correction_due_on",
    ):
        kind = _kind_label(r.kind)
        if r.received_on is not None:
            yield Event(
                account_id=r.wsib_account_id,
                on=r.received_on,
                kind=EventKind.AUDIT,
                title=_("%(kind)s received by the certifying body") % {"kind": kind},
                outcome=Outcome.DONE,
                url=_audit_url(r.audit_id),
                upcoming=False,
                at=r.submitted_at,
            )
        if r.status == InternalReviewStatus.CYCLE_RESTARTED:
            on = r.correction_due_on + timedelta(days=1) if r.correction_due_on else today
            yield Event(
                account_id=r.wsib_account_id,
                on=on,
                kind=EventKind.CYCLE,
                title=_("Cycle restarted: gaps not corrected in time (new internal audit)"),
                outcome=Outcome.MISSED,
                url=_audit_url(r.audit_id),
                upcoming=False,
                starts_cycle=True,
            )
    pre = visible(PreAssessment, user).filter(internal_review__wsib_account_id__in=account_ids)
    for p in pre.values(
        "internal_review__wsib_account_id", "internal_review__audit_id", "at", "outcome", "reasons"
    ):
        returned = p["outcome"] == PreAssessmentOutcome.RETURNED
        yield Event(
            account_id=p["internal_review__wsib_account_id"],
            on=timezone.localdate(p["at"]),
            kind=EventKind.REVIEW,
            title=(
                _("Pre-assessment: returned for correction")
                if returned
                else _("Pre-assessment: accepted for desk review")
            ),
            detail=p["reasons"] if returned else "",
            outcome=Outcome.FAILED if returned else Outcome.DONE,
            url=_audit_url(p["internal_review__audit_id"]),
            upcoming=False,
            at=p["at"],
        )
    desk = visible(Review, user).filter(
        audit__wsib_account_id__in=account_ids, completed_at__isnull=False
    )
    for d in desk.values("audit__wsib_account_id", "audit_id", "completed_at", "outcome"):
        confirmed = d["outcome"] == ReviewOutcome.CONFIRMED
        yield Event(
            account_id=d["audit__wsib_account_id"],
            on=timezone.localdate(d["completed_at"]),
            kind=EventKind.DECISION,
            title=(
                _("Desk review: benchmarks confirmed")
                if confirmed
                else _("Desk review: benchmarks not confirmed (written report)")
            ),
            outcome=Outcome.PASSED if confirmed else Outcome.FAILED,
            url=_audit_url(d["audit_id"]),
            upcoming=False,
            at=d["completed_at"],
        )


def external_events(user, account_ids: Sequence[int], today: date) -> Iterable[Event]:
    engagements = (
        visible(ExternalEngagement, user)
        .filter(wsib_account_id__in=account_ids)
        .exclude(status=EngagementStatus.DECLINED)
        .select_related("company")
        .only(
            "pk",
            "wsib_account_id",
            "kind",
            "status",
            "chosen_at",
            "report_submitted_at",
            "report_approved_on",
            "reaudit_due_on",
            "company__name",
        )
    )
    for e in engagements:
        url = reverse("audits:engagement_detail", args=[e.pk])
        kind = _kind_label(e.kind)
        yield Event(
            account_id=e.wsib_account_id,
            on=timezone.localdate(e.chosen_at),
            kind=EventKind.AUDIT,
            title=_("%(kind)s: auditor chosen (%(company)s)")
            % {"kind": kind, "company": e.company.name if e.company else "—"},
            outcome=Outcome.DONE,
            url=url,
            upcoming=False,
            at=e.chosen_at,
        )
        if e.report_submitted_at is not None:
            yield Event(
                account_id=e.wsib_account_id,
                on=timezone.localdate(e.report_submitted_at),
                kind=EventKind.AUDIT,
                title=_("%(kind)s report submitted") % {"kind": kind},
                outcome=Outcome.DONE,
                url=url,
                upcoming=False,
                at=e.report_submitted_at,
            )
        if e.report_approved_on is not None and e.status in (
            EngagementStatus.PASSED,
            EngagementStatus.FAILED,
            EngagementStatus.CYCLE_RESTARTED,
        ):
            passed = e.status == EngagementStatus.PASSED
            yield Event(
                account_id=e.wsib_account_id,
                on=e.report_approved_on,
                kind=EventKind.DECISION,
                title=(
                    _("%(kind)s passed") % {"kind": kind}
                    if passed
                    else _("%(kind)s failed: re-audit within 6 months") % {"kind": kind}
                ),
                outcome=Outcome.PASSED if passed else Outcome.FAILED,
                url=url,
                upcoming=False,
            )
        if e.status == EngagementStatus.CYCLE_RESTARTED:
            on = e.reaudit_due_on + timedelta(days=1) if e.reaudit_due_on else today
            yield Event(
                account_id=e.wsib_account_id,
                on=on,
                kind=EventKind.CYCLE,
                title=_("Cycle restarted: the re-audit was not completed in time"),
                outcome=Outcome.MISSED,
                url=url,
                upcoming=False,
                starts_cycle=True,
            )
    plans = visible(AuditPlan, user).filter(
        engagement__wsib_account_id__in=account_ids,
        status=PlanStatus.APPROVED,
        decided_at__isnull=False,
    )
    for p in plans.values("engagement__wsib_account_id", "engagement_id", "decided_at"):
        yield Event(
            account_id=p["engagement__wsib_account_id"],
            on=timezone.localdate(p["decided_at"]),
            kind=EventKind.DECISION,
            title=_("External audit plan approved"),
            outcome=Outcome.DONE,
            url=reverse("audits:engagement_detail", args=[p["engagement_id"]]),
            upcoming=False,
            at=p["decided_at"],
        )


def register() -> None:
    register_timeline_source("audits.internal_reviews", internal_review_events)
    register_timeline_source("audits.external_audits", external_events)
