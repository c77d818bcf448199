"""The certifying body's side: the reviewer queue (by D1 due date), the pre-assessment,
assigning a reviewer, the desk review with the reviewer's own item scores and findings, and
the review report download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from audits.enums import (
    INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT,
    INTERNAL_REVIEW_REVIEWED,
    InternalReviewStatus,
)
from audits.forms import (
    MAX_FINDING_ROWS,
    AssignReviewerForm,
    PreAssessmentForm,
    ReviewCompleteForm,
    finding_rows_from_post,
    findings_from_post,
)
from audits.models import Audit, Element, Item, ItemResponse, ReviewItemScore
from audits.reports import review_report_document, review_report_generate
from audits.rules import ASSIGN_REVIEWER_STAFF_ONLY, require_role
from audits.scoring import ScoreInputError, display_pct
from audits.selectors import (
    evidence_of,
    latest_review,
    review_queue_count,
    review_queue_rows,
    review_report_context,
    reviewed_score,
)
from audits.services.review import (
    _findings,
    desk_review_save_item,
    pre_assessment_record,
    review_complete,
    reviewer_assign,
)
from cor_portal.access import require
from cor_portal.documents.downloads import document_response
from cor_portal.errors import DomainError
from cor_portal.exports import Column, list_export
from cor_portal.forms import add_domain_error, domain_error_message
from cor_portal.pagination import CountedPaginator

from .common import audit_or_404, save_item_score_from_post, tool_item_or_404

PAGE_SIZE = 50
STAFF_ONLY = gettext_lazy("Only certifying-body staff review internal audits.")
NOT_ASSIGNED = gettext_lazy("This audit's desk review is not assigned to you.")


def _reviewer_name(r) -> str:
    name = " ".join(
        n
        for n in (
            r["internal_review__reviewer__first_name"],
            r["internal_review__reviewer__last_name"],
        )
        if n
    )
    return name or (r["internal_review__reviewer__username"] or "")


REVIEW_COLUMNS = (
    Column(gettext_lazy("Organization"), lambda r: r["wsib_account__organization__legal_name"]),
    Column(gettext_lazy("Account"), lambda r: r["wsib_account__account_number"]),
    Column(gettext_lazy("Received on"), lambda r: r["internal_review__received_on"]),
    Column(gettext_lazy("Due"), lambda r: r["d1_due"]),
    Column(gettext_lazy("Status"), lambda r: r["internal_review__status"]),
    Column(gettext_lazy("Reviewer"), _reviewer_name),
)


@login_required
def review_queue(request):
    user = request.user
    require(user, "audits.view_review_queue", None, STAFF_ONLY)
    show = request.GET.get("show", "")
    if show not in ("unassigned", "mine"):
        show = ""
    export = list_export(
        request, name="review-queue", columns=REVIEW_COLUMNS, objects=review_queue_rows(user, show)
    )
    if export is not None:
        return export
    paginator = CountedPaginator(
        review_queue_rows(user, show), PAGE_SIZE, count=review_queue_count(user, show)
    )
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    page.object_list = _queue_rows(user, page.object_list, today)
    return render(
        request,
        "audits/review_queue.html",
        # Translated once for the rows without a reviewer.
        {"page": page, "show": show, "today": today, "unassigned": _("Unassigned")},
    )


# The status badge's colour, as audits/_status_badge.html picks it.
_BADGE_OK = {InternalReviewStatus.CONFIRMED}
_BADGE_BAD = {InternalReviewStatus.NOT_CONFIRMED, InternalReviewStatus.RETURNED,
              InternalReviewStatus.CYCLE_RESTARTED}  # fmt: skip


def _url_maker(name: str):
    """A function pk -> reverse(name, args=[pk]), reversing once per request instead of once
    per row (the pattern's only argument is an integer id)."""
    marker = 999999937
    pattern = reverse(name, args=[marker])
    head, tail = pattern.split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def _queue_rows(user, rows, today) -> list[dict]:
    """The queue page's rows as plain values, each cell ready to print: labels translated
    once per status, URLs built from one reverse, the next step chosen here."""
    detail = _url_maker("audits:audit_detail")
    desk = _url_maker("audits:desk_review")
    labels = {status.value: str(status.label) for status in InternalReviewStatus}
    steps = {
        "pre": _("Pre-assess"),
        "assign": _("Assign a reviewer"),
        "mine": _("Do the desk review"),
        "desk": _("Desk review"),
    }
    overdue: dict[int, str] = {}  # "n days overdue", translated once per n
    out = []
    for row in rows:
        pk = row["pk"]
        status = row["internal_review__status"]
        due = row["d1_due"]
        days_left = (due - today).days if due else None
        reviewer_id = row["internal_review__reviewer_id"]
        if reviewer_id is None:
            reviewer = ""
        else:
            full = f"{row['internal_review__reviewer__first_name']} "
            full = (full + row["internal_review__reviewer__last_name"]).strip()
            reviewer = full or row["internal_review__reviewer__username"]
        next_step = None
        if status in INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT:
            next_step = {"url": f"{detail(pk)}#pre-heading", "label": steps["pre"]}
        elif status == InternalReviewStatus.ACCEPTED:
            next_step = {"url": f"{detail(pk)}#assign-heading", "label": steps["assign"]}
        elif status == InternalReviewStatus.UNDER_REVIEW:
            label = steps["mine"] if reviewer_id == user.pk else steps["desk"]
            next_step = {"url": desk(pk), "label": label}
        received = row["internal_review__received_on"]
        late = ""
        if days_left is not None and days_left < 0:
            late = overdue.get(-days_left, "")
            if not late:
                late = overdue[-days_left] = ngettext(
                    "%(n)s day overdue", "%(n)s days overdue", -days_left
                ) % {"n": -days_left}
        out.append(
            {
                "url": detail(pk),
                "due": due.isoformat() if due else "",
                "days_left": days_left,
                "overdue": late,
                "account_number": row["wsib_account__account_number"],
                "legal_name": row["wsib_account__organization__legal_name"],
                "received": received.isoformat() if received else "",
                "status_label": labels.get(status, status),
                "badge": "ok" if status in _BADGE_OK else "bad" if status in _BADGE_BAD else "warn",
                "reviewer": reviewer,
                "next_step": next_step,
            }
        )
    return out


@login_required
@require_POST
def pre_assess(request, pk: int):
    audit = audit_or_404(request.user, pk)
    form = PreAssessmentForm(request.POST)
    if form.is_valid():
        try:
            assessment = pre_assessment_record(audit=audit, by=request.user, **form.service_args())
        except DomainError as exc:
            messages.error(request, domain_error_message(exc))
        else:
            if assessment.outcome == "accepted":
                messages.success(request, _("The audit was accepted for desk review."))
            else:
                messages.success(request, _("The audit was returned to the employer."))
    else:
        # Who may pre-assess is checked before any form problem is shown.
        require(
            request.user,
            "audits.pre_assess_audit",
            audit,
            _("Only certifying-body staff pre-assess audits."),
        )
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("audits:audit_detail", pk=audit.pk)


@login_required
@require_POST
def assign_reviewer(request, pk: int):
    audit = audit_or_404(request.user, pk)
    # Who may assign is decided before the input is read: an employer gets 403, not the
    # form's error (which would tell it what staff are asked for).
    require_role(request.user, "audits.assign_reviewer", audit, ASSIGN_REVIEWER_STAFF_ONLY)
    form = AssignReviewerForm(request.POST)
    if form.is_valid():
        try:
            reviewer_assign(audit=audit, reviewer=form.cleaned_data["reviewer"], by=request.user)
        except DomainError as exc:
            messages.error(request, domain_error_message(exc))
        else:
            reviewer = form.cleaned_data["reviewer"]
            messages.success(
                request,
                _("%(name)s is now the reviewer.")
                % {"name": reviewer.get_full_name() or reviewer.username},
            )
    else:
        messages.error(request, _("Reviewer: choose an active reviewer of the certifying body."))
    return redirect("audits:audit_detail", pk=audit.pk)


# --- desk review --------------------------------------------------------------------------


def _review_audit(request, pk: int) -> Audit:
    """The audit of a desk-review page: staff only (403), and only once the review started
    (404 before)."""
    audit = audit_or_404(request.user, pk)
    require(request.user, "audits.view_review_queue", None, STAFF_ONLY)
    if not request.user.has_perm("audits.view_desk_review", audit):
        raise Http404(_("This audit is not under desk review."))
    return audit


def _desk_review_page(request, audit: Audit, form=None, status: int = 200, rows=None):
    context = review_report_context(audit)
    rows = rows if rows is not None else [{"text": "", "element": "", "item": ""}]
    return render(
        request,
        "audits/desk_review.html",
        {
            **context,
            "audit": audit,
            "report": context,
            "can_review": request.user.has_perm("audits.review_audit", audit),
            "complete_form": form or ReviewCompleteForm(),
            "finding_rows": [{"n": n, **row} for n, row in enumerate(rows, start=1)],
            "can_add_finding": len(rows) < MAX_FINDING_ROWS,
            "element_numbers": [str(row["number"]) for row in context["elements"]],
        },
        status=status,
    )


@login_required
def desk_review(request, pk: int):
    return _desk_review_page(request, _review_audit(request, pk))


def _desk_element_context(request, audit: Audit, element: Element, errors=None) -> dict:
    items = list(
        Item.objects.filter(sub_section__element=element)
        .select_related("sub_section")
        .order_by("order", "pk")
    )
    responses = {r.item_id: r for r in ItemResponse.objects.filter(audit=audit, item__in=items)}
    review = latest_review(audit)
    own = (
        {s.item_id: s for s in ReviewItemScore.objects.filter(review=review, item__in=items)}
        if review
        else {}
    )
    can_review = request.user.has_perm("audits.review_audit", audit)
    evidence: dict[int, list] = {}
    for e in evidence_of(audit, items=items):
        evidence.setdefault(e.item_id, []).append(e)
    rows = []
    for item in items:
        mine = own.get(item.pk)
        employer = responses.get(item.pk)
        rows.append(
            {
                "item": item,
                "employer": employer,
                "mine": mine,
                "points": mine.points_earned
                if mine
                else (employer.points_earned if employer else None),
                "not_applicable": mine.not_applicable
                if mine
                else (employer.not_applicable if employer else False),
                "note": mine.note if mine else "",
                "choices": range(item.points + 1),
                "error": (errors or {}).get(item.pk),
                "can_review": can_review,
                "evidence": evidence.get(item.pk, []),
            }
        )
    elements = list(Element.objects.filter(tool_id=audit.tool_id).order_by("order", "number"))
    index = next(i for i, e in enumerate(elements) if e.pk == element.pk)
    return {
        "audit": audit,
        "element": element,
        "rows": rows,
        "can_review": can_review,
        "previous": elements[index - 1] if index > 0 else None,
        "next": elements[index + 1] if index + 1 < len(elements) else None,
        "elements": elements,
        "reviewer_score": _reviewer_score(audit, element),
    }


def _reviewer_score(audit: Audit, element: Element) -> dict | None:
    """The reviewer's score as it stands (their scores over the employer's answers)."""
    try:
        result = reviewed_score(audit, latest_review(audit))
    except ScoreInputError:
        return None
    return {
        "overall_pct": display_pct(result.overall_pct),
        "element_pct": display_pct(result.element_pcts.get(element.number)),
        "failures": [f.describe() for f in result.failures],
        "passed": result.passed,
    }


@login_required
def desk_review_element(request, pk: int, number: int):
    audit = _review_audit(request, pk)
    element = Element.objects.filter(tool_id=audit.tool_id, number=number).first()
    if element is None:
        raise Http404(_("This audit's tool has no element %(n)s.") % {"n": number})
    return render(
        request, "audits/desk_review_element.html", _desk_element_context(request, audit, element)
    )


@login_required
@require_POST
def review_item_save(request, pk: int, item_pk: int):
    audit = _review_audit(request, pk)
    item = tool_item_or_404(audit, item_pk)
    element = item.sub_section.element
    error = save_item_score_from_post(request, audit=audit, item=item, save=desk_review_save_item)
    context = _desk_element_context(request, audit, element, {item.pk: error} if error else None)
    if request.htmx:
        row = next(r for r in context["rows"] if r["item"].pk == item.pk)
        row["saved"] = not error
        return render(
            request, "audits/_review_row.html", {**context, "row": row, "oob_score": True}
        )
    if error:
        return render(request, "audits/desk_review_element.html", context, status=400)
    messages.success(request, _("Your score of item %(n)s was saved.") % {"n": item.number})
    url = reverse("audits:desk_review_element", args=[audit.pk, element.number])
    return redirect(f"{url}#item-{item.pk}")


@login_required
@require_POST
def review_complete_view(request, pk: int):
    """One form, several buttons: add or remove a finding row (the page comes back with
    what was typed), preview (a confirmation page with the outcome the scores give), go back
    from the preview, and confirm (the review is completed)."""
    audit = _review_audit(request, pk)
    require(request.user, "audits.review_audit", audit, NOT_ASSIGNED)
    rows = finding_rows_from_post(request.POST)
    form = ReviewCompleteForm(request.POST)
    if "add_finding" in request.POST:
        if len(rows) < MAX_FINDING_ROWS:
            rows.append({"text": "", "element": "", "item": ""})
        return _desk_review_page(request, audit, form, rows=rows)
    if "remove_finding" in request.POST:
        index = request.POST.get("remove_finding", "")
        if index.isdigit() and 1 <= int(index) <= len(rows):
            del rows[int(index) - 1]
        return _desk_review_page(request, audit, form, rows=rows)
    if "edit" in request.POST:
        return _desk_review_page(request, audit, form, rows=rows or None)
    if not form.is_valid():  # e.g. a summary over the limit: shown beside it, nothing saved
        return _desk_review_page(request, audit, form, status=400, rows=rows or None)
    findings = findings_from_post(request.POST)
    if not request.POST.get("confirm"):
        try:
            checked = _findings(audit, findings)  # reads only: the same checks as completing
        except DomainError as exc:
            messages.error(request, domain_error_message(exc))
            return _desk_review_page(request, audit, form, status=400, rows=rows or None)
        try:
            outcome = reviewed_score(audit, latest_review(audit))
        except ScoreInputError as exc:
            messages.error(request, domain_error_message(exc))
            return _desk_review_page(request, audit, form, status=400, rows=rows or None)
        return render(
            request,
            "audits/desk_review_confirm.html",
            {
                "audit": audit,
                "outcome": outcome,
                "overall_pct": display_pct(outcome.overall_pct),
                "failures": [f.describe() for f in outcome.failures],
                "findings": [
                    {
                        "text": f.text,
                        "element": e.number if e else None,
                        "item": i.number if i else None,
                    }
                    for f, e, i in checked
                ],
                "rows": [r for r in rows if r["text"] or r["element"] or r["item"]],
                "summary": form.cleaned_data["summary"],
            },
        )
    try:
        completion = review_complete(
            audit=audit,
            by=request.user,
            findings=findings,
            summary=form.cleaned_data["summary"],
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        if "summary" in form.errors:  # shown beside the summary, like the form's own limit
            return _desk_review_page(request, audit, form, status=400, rows=rows or None)
        messages.error(request, domain_error_message(exc))
        return redirect("audits:desk_review", pk=audit.pk)
    messages.success(
        request,
        _("The desk review is complete: %(outcome)s.")
        % {"outcome": completion.review.get_outcome_display().lower()},
    )
    return redirect("audits:audit_detail", pk=audit.pk)


@login_required
def review_report_download(request, pk: int):
    audit = audit_or_404(request.user, pk)
    if audit.internal_review.status not in INTERNAL_REVIEW_REVIEWED:
        raise Http404(_("This audit has no review report yet."))
    # Normally the task stored it already; if not (yet), generate it now, once.
    document = review_report_document(audit) or review_report_generate(audit=audit)
    return document_response(document)
