"""Reads of the internal-audit workflow, shaped for pages, the API, the home page and the
review report. Nothing here writes; every list starts from cor_portal.access.visible so a
read can never show more than the user's scope.

The desk-review lifecycle (status, reviewer, receipt and report dates) is read through the
few querysets and helpers below, so the pages and the API do not spell out its fields."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy

from audits.enums import (
    CAP_EDITABLE,
    INTERNAL_AUDIT_KINDS,
    INTERNAL_REVIEW_QUEUE,
    INTERNAL_REVIEW_REVIEWED,
    AuditAction,
    InternalReviewStatus,
)
from audits.models import (
    Audit,
    CorrectiveActionPlan,
    Element,
    Evidence,
    InternalReview,
    Item,
    ItemResponse,
    Review,
    ReviewItemScore,
)
from audits.scoring import ItemScore, ScoreInputError, ScoreResult, display_pct, score
from audits.services.common import D1, D2
from audits.submission import EvidenceFacts, earliest_evidence_date, evidence_problem
from cor_portal.access import visible
from cor_portal.accounts.audiences import reviewers
from cor_portal.accounts.models import User
from cor_portal.deadlines.selectors import deadline_due
from cor_portal.history.services import history_of

# The certifying body's queue: from submission to the end of the desk review.
QUEUE_STATES = INTERNAL_REVIEW_QUEUE
# The states in which the employer has the next step (fill in, correct, or act on the CAP).
EMPLOYER_NEXT_STEP_STATES = (
    InternalReviewStatus.IN_PROGRESS,
    InternalReviewStatus.RETURNED,
    InternalReviewStatus.NOT_CONFIRMED,
)
# The reviewer's item scores in progress are the certifying body's until the review ends.
REVIEW_ACTIONS_HIDDEN = (AuditAction.REVIEW_ITEM_SCORED,)


# --- audits with their clocks ---------------------------------------------------------------


def with_deadlines(qs: QuerySet[Audit], *, include_missed: bool = False) -> QuerySet[Audit]:
    """`d1_due` (the desk review's 60 days) and `d2_due` (the correction window) on each
    audit. With include_missed a missed deadline keeps its date (shown as overdue)."""
    return qs.annotate(
        d1_due=deadline_due(D1, Audit, include_missed=include_missed),
        d2_due=deadline_due(D2, Audit, include_missed=include_missed),
    )


def audit_for_page(user: User, pk: int) -> Audit:
    """One visible audit with what its pages show (raises Audit.DoesNotExist otherwise)."""
    return (
        visible(Audit, user)
        .select_related(
            "wsib_account__organization",
            "tool",
            "internal_review__reviewer",
            "internal_auditor",
            "signed_off_by",
        )
        .get(pk=pk)
    )


def audits_for_api(user: User) -> QuerySet[Audit]:
    """The audits the API lists, each with `review_due_on`: the D1 due date, still there once
    it is missed (the review is then overdue, not without a date) — the internal review's
    stored copy, newest first (index audit_created_desc)."""
    return visible(
        Audit.objects.select_related(
            "wsib_account__organization", "tool", "internal_auditor", "internal_review"
        )
        .annotate(review_due_on=F("internal_review__review_due_on"))
        .order_by("-created_at", "-pk"),
        user,
    )


# Columns of the related rows the API's audit list never shows (AuditSerializer reads the
# account number, the organization's names, the tool's name and version and the internal
# auditor's name): not read for its 50 rows a page.
API_LIST_DEFERRED = (
    "wsib_account__firm_number",
    "wsib_account__ohsms_in_place_since",
    "wsib_account__created_at",
    "wsib_account__organization__street_address",
    "wsib_account__organization__city",
    "wsib_account__organization__province",
    "wsib_account__organization__postal_code",
    "wsib_account__organization__sector",
    "wsib_account__organization__workers",
    "wsib_account__organization__contact_name",
    "wsib_account__organization__contact_email",
    "wsib_account__organization__contact_phone",
    "wsib_account__organization__created_at",
    "wsib_account__organization__created_by",
    "tool__description",
    "tool__is_demo",
    "tool__program",
    "tool__status",
    "tool__benchmark_overall_pct",
    "tool__benchmark_element_pct",
    "tool__benchmark_legislated_pct",
    "tool__source_filename",
    "tool__created_at",
    "tool__created_by",
    "internal_auditor__organization",
    "internal_auditor__user",
    "internal_auditor__email",
    "internal_auditor__job_title",
    "internal_auditor__is_smr",
    "internal_auditor__is_internal_auditor",
    "internal_auditor__employment_status",
    "internal_auditor__active",
    "internal_auditor__ended_on",
    "internal_auditor__replaced_by",
    "internal_auditor__created_at",
)


def audits_for_api_list(user: User) -> QuerySet[Audit]:
    """`audits_for_api` for the list: the same rows without API_LIST_DEFERRED."""
    return audits_for_api(user).defer(*API_LIST_DEFERRED)


def employer_audits(user: User) -> QuerySet[Audit]:
    """The employer's internal audits for its audit list, by account, newest first (the
    external audits are on the external-audit pages)."""
    return (
        with_deadlines(visible(Audit, user).filter(kind__in=INTERNAL_AUDIT_KINDS))
        .select_related("wsib_account", "tool", "internal_review")
        .order_by("wsib_account__account_number", "-created_at")
    )


def _queue(user: User) -> QuerySet[Audit]:
    """Audits in the certifying body's queue with `d1_due`, the stored D1 due date (a missed
    one keeps its date), in the order of the partial index internalreview_queue_due: due date
    (overdue first, undated last), receipt date, audit."""
    return (
        visible(Audit, user)
        .filter(internal_review__status__in=QUEUE_STATES)
        .annotate(d1_due=F("internal_review__review_due_on"))
        .order_by(
            F("internal_review__review_due_on").asc(nulls_last=True),
            "internal_review__received_on",
            "internal_review__audit_id",
        )
    )


def review_queue(user: User, show: str = "") -> QuerySet[Audit]:
    """The certifying body's queue by D1 due date (overdue first); `show` = "unassigned" or
    "mine" narrows it."""
    qs = _queue(user).select_related(
        "wsib_account__organization", "internal_review__reviewer", "tool"
    )
    if show == "unassigned":
        qs = qs.filter(internal_review__reviewer__isnull=True)
    elif show == "mine":
        qs = qs.filter(internal_review__reviewer=user)
    return qs


# What the queue page shows of each audit, read as plain values: at 50 rows a page, building
# six model instances per row and walking their relations in the template cost more than the
# query itself (README "Benchmarks").
REVIEW_QUEUE_FIELDS = (
    "pk",
    "d1_due",
    "wsib_account__account_number",
    "wsib_account__organization__legal_name",
    "internal_review__received_on",
    "internal_review__status",
    "internal_review__reviewer_id",
    "internal_review__reviewer__username",
    "internal_review__reviewer__first_name",
    "internal_review__reviewer__last_name",
)


def review_queue_rows(user: User, show: str = "") -> QuerySet:
    """`review_queue(user, show)` as dicts of REVIEW_QUEUE_FIELDS, in the queue's order."""
    return review_queue(user, show).values(*REVIEW_QUEUE_FIELDS)


def review_queue_count(user: User, show: str = "") -> int:
    """How many audits `review_queue(user, show)` holds, counted on the internal reviews
    alone (an index-only scan of the queue states) instead of joining every audit."""
    qs = visible(InternalReview, user).filter(status__in=QUEUE_STATES)
    if show == "unassigned":
        qs = qs.filter(reviewer__isnull=True)
    elif show == "mine":
        qs = qs.filter(reviewer=user)
    return qs.count()


def reviewer_home_audits(user: User, limit: int) -> list[Audit]:
    """What waits for a reviewer on the home page: unassigned audits and their own, by D1 due
    date. A missed D1 keeps its date, so an overdue review shows first, not last."""
    return list(
        _queue(user)
        .filter(Q(internal_review__reviewer__isnull=True) | Q(internal_review__reviewer=user))
        .select_related("wsib_account__organization", "internal_review")[:limit]
    )


def employer_home_audits(user: User, limit: int) -> list[Audit]:
    return list(
        with_deadlines(
            visible(Audit, user).filter(internal_review__status__in=EMPLOYER_NEXT_STEP_STATES)
        )
        .select_related("wsib_account", "internal_review")
        .order_by("wsib_account__account_number")[:limit]
    )


def employer_home_plans(user: User, limit: int) -> list[CorrectiveActionPlan]:
    return list(
        visible(CorrectiveActionPlan, user)
        .filter(status__in=CAP_EDITABLE)
        .select_related("audit__wsib_account", "audit__internal_review")
        .order_by("audit__wsib_account__account_number")[:limit]
    )


def audit_history(user: User, audit: Audit) -> QuerySet:
    """The audit's history as `user` may read it: employers do not see the reviewer's item
    scores until the review is completed [001 §8] (pages and API alike)."""
    # The audit's own rows and its internal review's moves, in one timeline.
    history = history_of(audit) | history_of(audit.internal_review)
    released = audit.internal_review.status in INTERNAL_REVIEW_REVIEWED
    if not user.has_perm("audits.view_review_queue") and not released:
        history = history.exclude(action__in=REVIEW_ACTIONS_HIDDEN)
    return history


def assignable_reviewers() -> QuerySet[User]:
    """The certifying body's active reviewers, by name: whom a desk review may go to."""
    return reviewers().order_by("last_name", "first_name", "username")


# --- evidence -------------------------------------------------------------------------------


def evidence_reference_date(audit: Audit) -> date:
    """The date the 12-month window is counted back from: the receipt date once submitted,
    else today (the day it would be submitted)."""
    return audit.internal_review.received_on or timezone.localdate()


@dataclass(frozen=True)
class EvidenceWindow:
    """Whether one evidence file counts for the submission [001 §1.2] and, if not, why."""

    outside_window: bool
    problem: str | None


def evidence_window(evidence: Evidence, on: date, item_number: str | None = None) -> EvidenceWindow:
    problem = evidence_problem(
        EvidenceFacts(
            original_name=evidence.original_name,
            document_date=evidence.document_date,
            item_number=item_number,
        ),
        on,
    )
    return EvidenceWindow(outside_window=problem is not None, problem=problem)


def evidence_of(audit: Audit, *, items: list[Item] | None = None, audit_level: bool = False):
    """The audit's evidence (all, of `items`, or attached to the audit as a whole), each with
    `outside_window` and `problem` set from the 12-month rule."""
    rows = Evidence.objects.filter(audit=audit).select_related("item")
    if audit_level:
        rows = rows.filter(item__isnull=True)
    elif items is not None:
        rows = rows.filter(item__in=items)
    on = evidence_reference_date(audit)
    result = list(rows.order_by("uploaded_at", "pk"))
    for e in result:
        window = evidence_window(e, on, e.item.number if e.item_id else None)
        e.outside_window = window.outside_window
        e.problem = window.problem
    return result


def earliest_evidence_date_of(audit: Audit) -> date:
    return earliest_evidence_date(evidence_reference_date(audit))


# --- reviews and scores ---------------------------------------------------------------------


def open_review(audit: Audit) -> Review | None:
    return Review.objects.filter(audit=audit, completed_at__isnull=True).first()


def last_completed_review(audit: Audit) -> Review | None:
    return (
        Review.objects.filter(audit=audit, completed_at__isnull=False)
        .order_by("-round")
        .select_related("reviewer")
        .first()
    )


def latest_review(audit: Audit) -> Review | None:
    """The open round, else the newest one (what the desk-review pages show)."""
    return open_review(audit) or audit.reviews.order_by("-round").first()


def audit_items(audit: Audit) -> list[Item]:
    return list(
        Item.objects.filter(tool_id=audit.tool_id)
        .select_related("sub_section__element")
        .order_by("order", "pk")
    )


def _item_score(item: Item, points, na: bool, note: str) -> ItemScore:
    return ItemScore(
        element_number=item.sub_section.element.number,
        item_number=item.number,
        points_possible=item.points,
        points_earned=points,
        not_applicable=na,
        note=note,
        legislated=item.legislated,
    )


Answers = tuple[list[Item], dict[int, ItemResponse]]

_ANSWER_FIELDS = ("id", "points_earned", "not_applicable", "note", "updated_by_id", "updated_at")


def audit_answers(audit: Audit) -> Answers:
    """The audit's tool items in tool order and the employer's answers by item id, in one
    query (each item LEFT JOINed with this audit's answer), for pages that need both more
    than once (the audit page's progress, live score and reviewed score)."""
    rows = (
        Item.objects.filter(tool_id=audit.tool_id)
        .select_related("sub_section__element")
        .annotate(
            answer=FilteredRelation("audit_responses", condition=Q(audit_responses__audit=audit))
        )
        .annotate(**{f"answer_{name}": F(f"answer__{name}") for name in _ANSWER_FIELDS})
        .order_by("order", "pk")
    )
    items, responses = [], {}
    for item in rows:
        items.append(item)
        if item.answer_id is not None:
            responses[item.pk] = ItemResponse(
                audit=audit,
                item=item,
                **{name: getattr(item, f"answer_{name}") for name in _ANSWER_FIELDS},
            )
    return items, responses


def item_scores(
    audit: Audit, review: Review | None = None, *, answers: Answers | None = None
) -> tuple[list, list]:
    """(employer item scores, reviewer item scores) in tool order. The reviewer's list takes
    the employer's answer for every item the reviewer did not re-score. `answers`: the
    audit_answers() a page already read."""
    if answers is None:
        items = audit_items(audit)
        responses = {r.item_id: r for r in ItemResponse.objects.filter(audit=audit)}
    else:
        items, responses = answers
    own = (
        {s.item_id: s for s in ReviewItemScore.objects.filter(review=review)}
        if review is not None
        else {}
    )
    employer, reviewer = [], []
    for item in items:
        response = responses.get(item.pk)
        mine = (
            _item_score(item, response.points_earned, response.not_applicable, response.note)
            if response
            else _item_score(item, None, False, "")
        )
        employer.append(mine)
        theirs = own.get(item.pk)
        reviewer.append(
            _item_score(item, theirs.points_earned, theirs.not_applicable, theirs.note)
            if theirs
            else mine
        )
    return employer, reviewer


def reviewed_score(
    audit: Audit, review: Review | None = None, *, answers: Answers | None = None
) -> ScoreResult:
    """The reviewer's score (their item scores over the employer's answers)."""
    review = review or last_completed_review(audit) or open_review(audit)
    _employer, reviewer = item_scores(audit, review, answers=answers)
    return score(reviewer, audit.tool.benchmarks)


def visible_review(user: User, audit: Audit) -> Review | None:
    """The newest review round `user` may read (employers: only a completed one)."""
    return visible(Review, user).filter(audit=audit).order_by("-round").first()


# --- the review report ----------------------------------------------------------------------


def _safe_score(items: list[ItemScore], benchmarks) -> ScoreResult | None:
    try:
        return score(items, benchmarks)
    except ScoreInputError:
        return None


def review_report_context(audit: Audit) -> dict:
    """Everything the review report PDF shows, as plain values: per-element rows (number,
    title, employer %, reviewer %, whether the reviewer's % meets the element benchmark),
    overall percentages, the failed benchmarks and the findings. Percentages are strings,
    two decimals truncated ("N/A" when every item of the element is N/A)."""
    audit = Audit.objects.select_related(
        "wsib_account__organization", "tool", "internal_review__reviewer"
    ).get(pk=audit.pk)
    lifecycle = audit.internal_review
    review = last_completed_review(audit) or open_review(audit)
    employer_items, reviewer_items = item_scores(audit, review)
    benchmarks = audit.tool.benchmarks
    employer = _safe_score(employer_items, benchmarks)
    reviewer = _safe_score(reviewer_items, benchmarks)
    element_rows = []
    for element in Element.objects.filter(tool_id=audit.tool_id).order_by("order", "number"):
        employer_pct = employer.element_pcts.get(element.number) if employer else None
        reviewer_pct = reviewer.element_pcts.get(element.number) if reviewer else None
        failed = bool(
            reviewer
            and any(f.element == element.number and f.item is None for f in reviewer.failures)
        )
        element_rows.append(
            {
                "number": element.number,
                "title": element.title,
                "employer_pct": display_pct(employer_pct),
                "reviewer_pct": display_pct(reviewer_pct),
                "meets_benchmark": not failed,
            }
        )
    findings = []
    if review is not None:
        for finding in review.findings.select_related("element", "item").order_by("order", "pk"):
            findings.append(
                {
                    "element": finding.element.number if finding.element_id else None,
                    "element_title": finding.element.title if finding.element_id else "",
                    "item": finding.item.number if finding.item_id else None,
                    "text": finding.text,
                }
            )
    # The reviewer's per-item notes (why an item was re-scored), in tool order.
    item_notes = []
    if review is not None:
        notes = (
            ReviewItemScore.objects.filter(review=review)
            .exclude(note="")
            .select_related("item__sub_section__element")
            .order_by("item__order")
        )
        item_notes = [
            {
                "element": n.item.sub_section.element.number,
                "item": n.item.number,
                "note": n.note,
            }
            for n in notes
        ]
    return {
        "audit": audit,
        "organization": audit.wsib_account.organization,
        "wsib_account": audit.wsib_account,
        "tool": audit.tool,
        "reviewer": review.reviewer if review else lifecycle.reviewer,
        "received_on": lifecycle.received_on,
        "report_issued_on": lifecycle.report_issued_on,
        "correction_due_on": lifecycle.correction_due_on,
        "outcome": review.outcome if review else "",
        "outcome_label": review.get_outcome_display() if review and review.outcome else "",
        "confirmed": bool(reviewer and reviewer.passed),
        "summary": review.findings_summary if review else "",
        "benchmarks": {
            "overall": benchmarks.overall_pct,
            "element": benchmarks.element_pct,
            "legislated": benchmarks.legislated_pct,
        },
        "elements": element_rows,
        "overall": {
            "employer_pct": display_pct(employer.overall_pct) if employer else "N/A",
            "reviewer_pct": display_pct(reviewer.overall_pct) if reviewer else "N/A",
        },
        "failures": [
            {
                "kind": str(f.kind),
                "element": f.element,
                "item": f.item,
                "required": f.required,
                "actual": display_pct(f.actual),
                # Worded when rendered: a document is in its addressee's language.
                "description": lazy(f.describe, str)(),
            }
            for f in (reviewer.failures if reviewer else ())
        ],
        "findings": findings,
        "item_notes": item_notes,
        "score": reviewer,
        "employer_score": employer,
    }


# --- the external audit -------------------------------------------------------------------


def deadline_due_plans(qs: QuerySet) -> QuerySet:
    """Audit plans with `approval_due_on` (D3, still shown once missed)."""
    from audits.models import AuditPlan
    from audits.services.common import D3

    return qs.annotate(approval_due_on=deadline_due(D3, AuditPlan, include_missed=True))


def plan_queue(user: User) -> QuerySet:
    """Submitted plans for the certifying body, by D3 due date (overdue first)."""
    from audits.enums import ENGAGEMENT_OPEN, PlanStatus
    from audits.models import AuditPlan

    return deadline_due_plans(
        visible(AuditPlan, user)
        .filter(status=PlanStatus.SUBMITTED, engagement__status__in=ENGAGEMENT_OPEN)
        .select_related("engagement__wsib_account__organization", "engagement__auditor__user")
    ).order_by(F("approval_due_on").asc(nulls_last=True), "pk")


def report_queue(user: User) -> QuerySet:
    """Submitted external audit reports, oldest first."""
    from audits.enums import EngagementStatus
    from audits.models import ExternalEngagement

    return (
        visible(ExternalEngagement, user)
        .filter(status=EngagementStatus.REPORT_SUBMITTED)
        .select_related("wsib_account__organization", "auditor__user", "reaudit_of")
        .order_by("report_submitted_at", "pk")
    )


def engagements_for(user: User) -> QuerySet:
    """The engagements a user sees (the auditor's, the employer's), newest first."""
    from audits.models import ExternalEngagement

    return (
        visible(ExternalEngagement, user)
        .select_related("wsib_account__organization", "auditor__user", "plan")
        .order_by("-chosen_at", "-pk")
    )
