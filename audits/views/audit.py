"""The employer's internal audit: the list per WSIB account, start, the overview, one page
per element with its items (htmx saves one item and refreshes the live score), evidence,
and the SMR's sign-off and submission."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.enums import (
    INTERNAL_REVIEW_EDITABLE,
    INTERNAL_REVIEW_REVIEWED,
    AuditAction,
    AuditKind,
    InternalReviewStatus,
)
from audits.forms_pages import (
    AssignReviewerForm,
    AuditStartForm,
    EvidenceForm,
    PreAssessmentForm,
)
from audits.models import Audit, Element, Evidence, Item, ItemResponse
from audits.reports import review_report_document
from audits.scoring import display_pct
from audits.services.audit import (
    SubmissionRefused,
    audit_start,
    audit_submit,
    employer_score,
    evidence_attach,
    evidence_remove,
    response_save,
    submission_facts,
)
from audits.submission import EvidenceFacts, evidence_problem, submission_problems
from certification.models import Person, WsibAccount
from certification.rules import organization_id_of
from cor_portal.access import get_visible_or_404, visible
from cor_portal.errors import DomainError
from cor_portal.forms import add_domain_error, domain_error_message
from cor_portal.history.services import history_of

from .common import audit_or_404, may, save_item_score_from_post, tool_item_or_404, with_deadlines

REVIEW_ACTIONS_HIDDEN = (AuditAction.REVIEW_ITEM_SCORED,)


def _history(user, audit: Audit):
    # The audit's own rows and its internal review's moves, in one timeline.
    history = history_of(audit) | history_of(audit.internal_review)
    # The reviewer's item scores in progress are the certifying body's until the review ends.
    if (
        not user.is_certifying_body_staff
        and audit.internal_review.status not in INTERNAL_REVIEW_REVIEWED
    ):
        history = history.exclude(action__in=REVIEW_ACTIONS_HIDDEN)
    return history


def _score_panel(audit: Audit, element: Element | None = None) -> dict:
    live = employer_score(audit)
    result = live.result
    return {
        "audit": audit,
        "answered": live.answered,
        "total": live.total,
        "overall_pct": display_pct(result.overall_pct) if result else "—",
        "element": element,
        "element_pct": (
            display_pct(result.element_pcts.get(element.number))
            if result and element is not None and element.number in result.element_pcts
            else "—"
        ),
        "failures": [f.describe() for f in result.failures] if result else [],
        "passed": bool(result and result.passed and live.complete),
        "benchmarks": audit.tool.benchmarks,
    }


# --- list and start -----------------------------------------------------------------------


@login_required
def audit_list(request):
    user = request.user
    if user.is_certifying_body_staff:
        return redirect("audits:review_queue")
    org_id = organization_id_of(user)
    if org_id is None:
        raise Http404(_("You are not a member of an organization."))
    accounts = list(visible(WsibAccount, user).order_by("account_number"))
    audits = list(
        with_deadlines(visible(Audit, user))
        .select_related("wsib_account", "tool", "internal_review")
        .order_by("wsib_account__account_number", "-created_at")
    )
    by_account = defaultdict(list)
    for audit in audits:
        by_account[audit.wsib_account_id].append(audit)
    rows = [{"account": a, "audits": by_account.get(a.pk, [])} for a in accounts]
    can_start = user.has_perm("audits.start_audit")
    form = None
    if can_start:
        auditors = Person.objects.filter(
            organization_id=org_id, is_internal_auditor=True, active=True
        ).order_by("last_name", "first_name")
        form = AuditStartForm(accounts=accounts, auditors=auditors)
    return render(
        request,
        "audits/audit_list.html",
        {"rows": rows, "form": form, "can_start": can_start},
    )


@login_required
@require_POST
def audit_start_view(request):
    user = request.user
    org_id = organization_id_of(user)
    if org_id is None or not user.has_perm("audits.start_audit"):
        raise PermissionDenied(_("Only the SMR or an internal auditor may start an audit."))
    accounts = list(visible(WsibAccount, user).order_by("account_number"))
    auditors = list(
        Person.objects.filter(organization_id=org_id, is_internal_auditor=True, active=True)
    )
    form = AuditStartForm(request.POST, accounts=accounts, auditors=auditors)
    if form.is_valid():
        account = next(a for a in accounts if str(a.pk) == form.cleaned_data["wsib_account"])
        person = next(p for p in auditors if str(p.pk) == form.cleaned_data["internal_auditor"])
        try:
            audit = audit_start(
                wsib_account=account,
                kind=AuditKind.INITIAL_INTERNAL,
                internal_auditor=person,
                by=user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The initial internal audit of WSIB account %(number)s was started.")
                % {"number": account.account_number},
            )
            return redirect("audits:audit_detail", pk=audit.pk)
    audits = with_deadlines(visible(Audit, user)).select_related(
        "wsib_account", "tool", "internal_review"
    )
    by_account = defaultdict(list)
    for audit in audits:
        by_account[audit.wsib_account_id].append(audit)
    rows = [{"account": a, "audits": by_account.get(a.pk, [])} for a in accounts]
    return render(
        request,
        "audits/audit_list.html",
        {"rows": rows, "form": form, "can_start": True},
        status=400,
    )


# --- overview -----------------------------------------------------------------------------


def _element_progress(audit: Audit) -> list[dict]:
    items, _evidence = submission_facts(audit)
    elements = list(Element.objects.filter(tool_id=audit.tool_id).order_by("order", "number"))
    counts = defaultdict(lambda: [0, 0])
    for item in items:
        counts[item.element_number][1] += 1
        if item.answered:
            counts[item.element_number][0] += 1
    return [
        {"element": e, "answered": counts[e.number][0], "total": counts[e.number][1]}
        for e in elements
    ]


def _audit_level_evidence(audit: Audit) -> list[Evidence]:
    """Evidence attached to the audit as a whole (not to one item), with stale flags."""
    on = audit.internal_review.received_on or timezone.localdate()
    rows = list(Evidence.objects.filter(audit=audit, item__isnull=True).order_by("pk"))
    for e in rows:
        e.problem = evidence_problem(
            EvidenceFacts(original_name=e.original_name, document_date=e.document_date), on
        )
    return rows


@login_required
def audit_detail(request, pk: int):
    user = request.user
    audit = audit_or_404(user, pk)
    editable = audit.internal_review.status in INTERNAL_REVIEW_EDITABLE
    is_staff = user.is_certifying_body_staff
    last_return = (
        audit.internal_review.pre_assessments.filter(outcome="returned").order_by("-at").first()
        if audit.internal_review.status
        in (InternalReviewStatus.RETURNED, InternalReviewStatus.RESUBMITTED)
        else None
    )
    cap = (
        getattr(audit, "cap", None)
        if audit.internal_review.status in INTERNAL_REVIEW_REVIEWED
        else None
    )
    context = {
        "audit": audit,
        "elements": _element_progress(audit),
        "score": _score_panel(audit),
        "can_prepare": editable and may(user, "audits.prepare_audit", audit),
        "can_submit": editable and may(user, "audits.submit_audit", audit),
        "can_pre_assess": audit.internal_review.status
        in (InternalReviewStatus.SUBMITTED, InternalReviewStatus.RESUBMITTED)
        and may(user, "audits.pre_assess_audit", audit),
        "can_assign": audit.internal_review.status
        in (InternalReviewStatus.ACCEPTED, InternalReviewStatus.UNDER_REVIEW)
        and may(user, "audits.assign_reviewer", audit),
        "is_staff": is_staff,
        "is_reviewer": audit.internal_review.reviewer_id == user.pk,
        "last_return": last_return,
        "reviewed": audit.internal_review.status in INTERNAL_REVIEW_REVIEWED,
        "report": review_report_document(audit)
        if audit.internal_review.status in INTERNAL_REVIEW_REVIEWED
        else None,
        "cap": cap,
        "history": _history(user, audit),
        "pre_assessment_form": PreAssessmentForm(),
        "assign_form": AssignReviewerForm(initial={"reviewer": user.pk}),
        "evidence_count": audit.evidence.count(),
        "audit_evidence": _audit_level_evidence(audit),
    }
    return render(request, "audits/audit_detail.html", context)


# --- one element: items, responses, evidence ----------------------------------------------


def _element_context(request, audit: Audit, element: Element, errors=None, values=None) -> dict:
    user = request.user
    items = list(
        Item.objects.filter(sub_section__element=element)
        .select_related("sub_section")
        .order_by("order", "pk")
    )
    responses = {r.item_id: r for r in ItemResponse.objects.filter(audit=audit, item__in=items)}
    evidence = defaultdict(list)
    on = audit.internal_review.received_on or timezone.localdate()
    numbers = {item.pk: item.number for item in items}
    for e in Evidence.objects.filter(audit=audit, item__in=items).order_by("uploaded_at", "pk"):
        facts = EvidenceFacts(
            original_name=e.original_name,
            document_date=e.document_date,
            item_number=numbers.get(e.item_id),
        )
        e.problem = evidence_problem(facts, on)
        evidence[e.item_id].append(e)
    can_prepare = audit.internal_review.status in INTERNAL_REVIEW_EDITABLE and may(
        user, "audits.prepare_audit", audit
    )
    rows = [
        _row(item, responses.get(item.pk), evidence[item.pk], can_prepare, errors, values)
        for item in items
    ]
    elements = list(Element.objects.filter(tool_id=audit.tool_id).order_by("order", "number"))
    index = next(i for i, e in enumerate(elements) if e.pk == element.pk)
    return {
        "audit": audit,
        "element": element,
        "rows": rows,
        "can_prepare": can_prepare,
        "score": _score_panel(audit, element),
        "previous": elements[index - 1] if index > 0 else None,
        "next": elements[index + 1] if index + 1 < len(elements) else None,
        "elements": elements,
        "today": timezone.localdate(),
    }


def _row(item, response, evidence, can_prepare, errors=None, values=None) -> dict:
    error = (errors or {}).get(item.pk)
    value = (values or {}).get(item.pk)
    return {
        "item": item,
        "response": response,
        "points": (value or {}).get("points_earned", response.points_earned if response else None),
        "not_applicable": (value or {}).get(
            "not_applicable", response.not_applicable if response else False
        ),
        "note": (value or {}).get("note", response.note if response else ""),
        "choices": range(item.points + 1),
        "evidence": evidence,
        "can_prepare": can_prepare,
        "error": error,
        "evidence_form": EvidenceForm(initial={"item": item.pk}),
    }


def _element_or_404(audit: Audit, number: int) -> Element:
    element = Element.objects.filter(tool_id=audit.tool_id, number=number).first()
    if element is None:
        raise Http404(_("This audit's tool has no element %(n)s.") % {"n": number})
    return element


@login_required
def audit_element(request, pk: int, number: int):
    audit = audit_or_404(request.user, pk)
    element = _element_or_404(audit, number)
    return render(request, "audits/audit_element.html", _element_context(request, audit, element))


@login_required
@require_POST
def response_save_view(request, pk: int, item_pk: int):
    audit = audit_or_404(request.user, pk)
    item = tool_item_or_404(audit, item_pk)
    element = item.sub_section.element
    error = save_item_score_from_post(request, audit=audit, item=item, save=response_save)
    if error:
        values = {
            item.pk: {
                "points_earned": request.POST.get("points_earned", ""),
                "not_applicable": bool(request.POST.get("not_applicable")),
                "note": request.POST.get("note", ""),
            }
        }
        context = _element_context(request, audit, element, {item.pk: error}, values)
        if request.htmx:
            row = next(r for r in context["rows"] if r["item"].pk == item.pk)
            return render(
                request,
                "audits/_item_row.html",
                {**context, "row": row, "oob_score": True},
            )
        return render(request, "audits/audit_element.html", context, status=400)
    if request.htmx:
        context = _element_context(request, audit, element)
        row = next(r for r in context["rows"] if r["item"].pk == item.pk)
        row["saved"] = True
        return render(request, "audits/_item_row.html", {**context, "row": row, "oob_score": True})
    messages.success(request, _("Item %(n)s saved.") % {"n": item.number})
    url = reverse("audits:audit_element", args=[audit.pk, element.number])
    return redirect(f"{url}#item-{item.pk}")


@login_required
@require_POST
def evidence_upload(request, pk: int):
    audit = audit_or_404(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    item = None
    if request.POST.get("item"):
        item = (
            Item.objects.select_related("sub_section__element")
            .filter(pk=request.POST.get("item"), tool_id=audit.tool_id)
            .first()
        )
        if item is None:
            raise Http404(_("This audit's tool has no such item."))
    back = (
        reverse("audits:audit_element", args=[audit.pk, item.sub_section.element.number])
        + f"#item-{item.pk}"
        if item
        else reverse("audits:audit_detail", args=[audit.pk])
    )
    if form.is_valid():
        try:
            evidence = evidence_attach(
                audit=audit,
                item=item,
                uploaded_file=form.cleaned_data["file"],
                document_date=form.cleaned_data["document_date"],
                by=request.user,
            )
        except DomainError as exc:
            messages.error(request, domain_error_message(exc))
            return redirect(back)
        messages.success(request, _("%(name)s was attached.") % {"name": evidence.original_name})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    return redirect(back)


@login_required
@require_POST
def evidence_remove_view(request, pk: int):
    evidence = get_visible_or_404(
        Evidence.objects.select_related("audit__wsib_account", "item__sub_section__element"),
        request.user,
        pk=pk,
    )
    audit = evidence.audit
    back = (
        reverse("audits:audit_element", args=[audit.pk, evidence.item.sub_section.element.number])
        if evidence.item_id
        else reverse("audits:audit_detail", args=[audit.pk])
    )
    try:
        evidence_remove(evidence=evidence, by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": evidence.original_name})
    return redirect(back)


# --- sign off and submit ------------------------------------------------------------------


@login_required
def audit_submit_view(request, pk: int):
    user = request.user
    audit = audit_or_404(user, pk)
    can_submit = may(user, "audits.submit_audit", audit)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied(
                _("Only the Senior Management Representative signs off and submits the audit.")
            )
        if not request.POST.get("sign_off"):
            problems = [_("Tick the sign-off to confirm the audit is complete and accurate.")]
            status = 400
        else:
            try:
                audit_submit(audit=audit, by=user)
            except SubmissionRefused as exc:
                problems = list(exc.problems)
                status = 400
            except DomainError as exc:
                problems = [domain_error_message(exc)]
                status = 400
            else:
                audit.refresh_from_db()
                messages.success(
                    request,
                    _("The audit was submitted; received on %(date)s.")
                    % {"date": audit.internal_review.received_on.isoformat()},
                )
                return redirect("audits:audit_detail", pk=audit.pk)
    else:
        if audit.internal_review.status in INTERNAL_REVIEW_EDITABLE:
            items, evidence = submission_facts(audit)
            problems = submission_problems(
                items=items, evidence=evidence, submitted_on=timezone.localdate()
            )
    return render(
        request,
        "audits/audit_submit.html",
        {
            "audit": audit,
            "problems": problems,
            "can_submit": can_submit and audit.internal_review.status in INTERNAL_REVIEW_EDITABLE,
            "editable": audit.internal_review.status in INTERNAL_REVIEW_EDITABLE,
            "score": _score_panel(audit),
        },
        status=status,
    )
