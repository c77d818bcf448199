"""Staff pages of desktop QA [004 mandate 5]: results awaiting QA, the QA reviews, one
review's checklist and its outcomes (the services the API calls)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audits.enums import EngagementStatus, InternalReviewStatus
from audits.models import ExternalEngagement, Review
from cor_portal.access import get_visible_or_404
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.exports import Column, list_export
from cor_portal.forms import domain_error_message
from cor_portal.history.services import history_of

from ..enums import QA_UNDECIDED, QaCheckAnswer, QaStatus
from ..models import QaReview
from ..selectors import qa_coverage, qa_reviews
from ..services import qa as svc

PAGE_SIZE = 25
AWAITING_SHOWN = 25

OUTCOMES: dict[str, tuple[Callable[..., QaReview], Any]] = {
    "release": (svc.qa_release, gettext_lazy("Release")),
    "return": (svc.qa_return, gettext_lazy("Return to the auditor")),
    "verification": (svc.qa_verification_audit, gettext_lazy("Require a verification audit")),
}


def _staff(user) -> None:
    if not user.has_perm("oversight.do_qa"):
        raise PermissionDenied


def awaiting_qa():
    """Results waiting for a QA review: desk-review rounds under review and submitted
    external reports without one (the 25 oldest of each)."""
    live = ~Q(status=QaStatus.RETURNED)
    reviews = (
        Review.objects.filter(
            completed_at__isnull=True,
            audit__internal_review__status=InternalReviewStatus.UNDER_REVIEW,
        )
        .exclude(Exists(QaReview.objects.filter(live, review=OuterRef("pk"))))
        .select_related("audit__wsib_account__organization", "reviewer")
        .order_by("started_at", "pk")[:AWAITING_SHOWN]
    )
    reports = (
        ExternalEngagement.objects.filter(status=EngagementStatus.REPORT_SUBMITTED)
        .exclude(
            Exists(
                QaReview.objects.filter(
                    live,
                    engagement=OuterRef("pk"),
                    report_submitted_at=OuterRef("report_submitted_at"),
                )
            )
        )
        .select_related("wsib_account__organization", "auditor__user")
        .order_by("report_submitted_at", "pk")[:AWAITING_SHOWN]
    )
    return list(reviews), list(reports)


QA_COLUMNS = (
    Column(gettext_lazy("QA review"), lambda q: q.pk),
    Column(gettext_lazy("Result"), lambda q: q.get_kind_display()),
    Column(gettext_lazy("Organization"), lambda q: q.wsib_account.organization.legal_name),
    Column(gettext_lazy("Status"), lambda q: q.get_status_display()),
    Column(
        gettext_lazy("QA reviewer"),
        lambda q: (q.qa_reviewer.get_full_name() or q.qa_reviewer.email) if q.qa_reviewer else "",
    ),
    Column(gettext_lazy("opened"), lambda q: q.opened_at),
)


@login_required
def qa_list(request):
    _staff(request.user)
    status = request.GET.get("status") or ""
    if status not in QaStatus.values:
        status = ""
    rows = qa_reviews(request.user).prefetch_related(None)
    if status:
        rows = rows.filter(status=status)
    export = list_export(request, name="qa-reviews", columns=QA_COLUMNS, objects=rows)
    if export is not None:
        return export
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    reviews, reports = awaiting_qa()
    today = timezone.localdate()
    return render(
        request,
        "oversight/qa_list.html",
        {
            "page": page,
            "status": status,
            "statuses": QaStatus.choices,
            "awaiting_reviews": reviews,
            "awaiting_reports": reports,
            "coverage": qa_coverage(start=today.replace(month=1, day=1), end=today),
        },
    )


@login_required
@require_POST
def qa_open(request):
    _staff(request.user)
    review = engagement = None
    try:
        if request.POST.get("review"):
            review = Review.objects.filter(pk=int(request.POST["review"])).first()
            if review is None:
                raise Http404
        elif request.POST.get("engagement"):
            engagement = ExternalEngagement.objects.filter(
                pk=int(request.POST["engagement"])
            ).first()
            if engagement is None:
                raise Http404
    except ValueError as exc:
        raise Http404 from exc
    try:
        qa_review = svc.qa_review_open(by=request.user, review=review, engagement=engagement)
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
        return redirect("oversight:qa_list")
    return redirect("oversight:qa_detail", pk=qa_review.pk)


@login_required
def qa_detail(request, pk: int):
    _staff(request.user)
    qa_review: QaReview = get_visible_or_404(qa_reviews(request.user), request.user, pk=pk)
    undecided = qa_review.status in QA_UNDECIDED
    outcomes = []
    if undecided:
        outcomes = [
            {"step": step, "label": label, "comments_required": step != "release"}
            for step, (_service, label) in OUTCOMES.items()
            if step != "verification" or qa_review.status == QaStatus.OPEN
        ]
    return render(
        request,
        "oversight/qa_detail.html",
        {
            "qa": qa_review,
            "checks": list(qa_review.checks.all()),
            "answers": QaCheckAnswer.choices,
            "undecided": undecided,
            "outcomes": outcomes,
            "history": history_of(qa_review),
        },
    )


@login_required
@require_POST
def qa_checks(request, pk: int):
    _staff(request.user)
    qa_review = get_visible_or_404(QaReview, request.user, pk=pk)
    answers = [
        {
            "code": check.item.code,
            "answer": request.POST.get(f"answer_{check.item.code}", QaCheckAnswer.UNCHECKED),
            "comment": request.POST.get(f"comment_{check.item.code}", ""),
        }
        for check in qa_review.checks.select_related("item")
    ]
    try:
        svc.qa_checks_record(qa_review=qa_review, by=request.user, answers=answers)
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, _("Checklist saved."))
    return redirect("oversight:qa_detail", pk=qa_review.pk)


@login_required
@require_POST
def qa_outcome(request, pk: int, step: str):
    _staff(request.user)
    qa_review = get_visible_or_404(QaReview, request.user, pk=pk)
    if step not in OUTCOMES:
        raise Http404
    service = OUTCOMES[step][0]
    try:
        service(qa_review=qa_review, by=request.user, comments=request.POST.get("comments", ""))
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("oversight:qa_detail", pk=qa_review.pk)
