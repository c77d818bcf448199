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
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from audits.enums import (
    INTERNAL_REVIEW_EDITABLE,
    INTERNAL_REVIEW_OPEN,
    INTERNAL_REVIEW_REVIEWED,
    AuditKind,
    InternalReviewStatus,
)
from audits.forms import (
    AssignReviewerForm,
    AuditStartForm,
    EvidenceForm,
    PreAssessmentForm,
)
from audits.models import Audit, Element, Evidence, Item, ItemResponse
from audits.reports import review_report_document
from audits.rules import PREPARE_AUDIT_ONLY, require_role
from audits.scoring import display_pct
from audits.selectors import (
    Answers,
    audit_answers,
    audit_history,
    employer_audits,
    evidence_of,
    evidence_reference_date,
    evidence_window,
    last_completed_review,
    reviewed_score,
)
from audits.services.audit import (
    SubmissionRefused,
    audit_start,
    audit_submit,
    employer_score,
    evidence_attach,
    evidence_remove,
    item_facts,
    response_save,
    submission_facts,
)
from audits.services.recertification import recertification_audit_complete
from audits.services.sign_off import audit_ready_for_sign_off
from audits.submission import evidence_problem, submission_problems
from certification.enums import (
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    Course,
    EmploymentStatus,
)
from certification.models import Organization, Person, WsibAccount
from certification.selectors import readiness_for_accounts
from certification.upload_handlers import checks_first_bytes, upload_refusal
from cor_portal.access import get_visible_or_404, visible
from cor_portal.charts import Chart, Series, bar_chart
from cor_portal.errors import DomainError
from cor_portal.forms import add_domain_error, domain_error_message

from .common import audit_or_404, save_item_score_from_post, tool_item_or_404


def _score_panel(
    audit: Audit, element: Element | None = None, *, answers: Answers | None = None
) -> dict:
    """The live score panel; `answers` (audit_answers) when the page already read them."""
    live = employer_score(audit, answers=answers)
    result = live.result
    status = audit.internal_review.status
    panel = {
        "audit": audit,
        "answered": live.answered,
        "total": live.total,
        "complete": live.complete,
        # Whole percent of the items answered, for the completion bar.
        "answered_pct": (live.answered * 100 // live.total) if live.total else 0,
        "editable": status in INTERNAL_REVIEW_EDITABLE,
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
        "review": None,
    }
    if status in INTERNAL_REVIEW_REVIEWED:
        # The reviewer's outcome comes first: the declared score is what the employer said.
        review = last_completed_review(audit)
        if review is not None:
            reviewed = reviewed_score(audit, review, answers=answers)
            panel["review"] = {
                "confirmed": status == InternalReviewStatus.CONFIRMED,
                "overall_pct": display_pct(reviewed.overall_pct),
                "failures": [f.describe() for f in reviewed.failures],
            }
    return panel


# --- list and start -----------------------------------------------------------------------


def _own_organization(user) -> Organization:
    """The employer user's organization (the one their scope shows), else 404."""
    organization = visible(Organization, user).order_by("pk").first()
    if organization is None:
        raise Http404(_("You are not a member of an organization."))
    return organization


def _audit_rows(user, accounts) -> list[dict]:
    by_account = defaultdict(list)
    for audit in employer_audits(user):
        by_account[audit.wsib_account_id].append(audit)
    return [{"account": a, "audits": by_account.get(a.pk, [])} for a in accounts]


def _internal_auditors(user):
    return (
        visible(Person, user)
        .filter(is_internal_auditor=True, active=True)
        .prefetch_related("training_records")
        .order_by("last_name", "first_name")
    )


def _auditor_reason(person: Person) -> str:
    """Why this internal auditor cannot prepare the initial internal audit ("" if they can):
    a permanent full-time employee with the four required courses [001 §2.2, §3.3]."""
    reasons = []
    if person.employment_status != EmploymentStatus.PERMANENT_FULL_TIME:
        reasons.append(_("not a permanent full-time employee"))
    done = {r.course for r in person.training_records.all()}
    missing = [c for c in INTERNAL_AUDITOR_REQUIRED_COURSES if c not in done]
    if missing:
        reasons.append(
            _("still needs: %(courses)s")
            % {"courses": ", ".join(str(Course(c).label) for c in missing)}
        )
    return "; ".join(reasons)


def _start_blocked(accounts, auditors, rows) -> dict:
    """Per choice of the start form, why it cannot be chosen, in words."""
    open_audit = {
        row["account"].pk
        for row in rows
        if any(a.internal_review.status in INTERNAL_REVIEW_OPEN for a in row["audits"])
    }
    account_reasons = {}
    for readiness in readiness_for_accounts(accounts):
        pk = readiness.account.pk
        if pk in open_audit:
            account_reasons[str(pk)] = _("it already has an initial internal audit in progress")
        elif not readiness.ready:
            account_reasons[str(pk)] = " ".join(
                [str(c.text) for c in readiness.missing]
                + [str(d) for c in readiness.missing for d in c.details]
            )
    auditor_reasons = {str(p.pk): r for p in auditors if (r := _auditor_reason(p))}
    return {"wsib_account": account_reasons, "internal_auditor": auditor_reasons}


def _fields(form: AuditStartForm | None) -> list:
    if form is None:
        return []
    return [
        (form["wsib_account"], form.account_options()),
        (form["internal_auditor"], form.auditor_options()),
    ]


@login_required
def audit_list(request):
    user = request.user
    if user.has_perm("audits.view_review_queue"):
        return redirect("audits:review_queue")
    if user.is_external_auditor:
        # Their audits are their engagements' (the external-audit workspace).
        return redirect("audits:engagement_list")
    organization = _own_organization(user)
    accounts = list(visible(WsibAccount, user).order_by("account_number"))
    can_start = user.has_perm("audits.start_audit", organization)
    rows = _audit_rows(user, accounts)
    form = None
    if can_start:
        auditors = list(_internal_auditors(user))
        form = AuditStartForm(
            accounts=accounts,
            auditors=auditors,
            blocked=_start_blocked(accounts, auditors, rows),
        )
    return render(
        request,
        "audits/audit_list.html",
        {"rows": rows, "form": form, "can_start": can_start, "form_fields": _fields(form)},
    )


@login_required
@require_POST
def audit_start_view(request):
    user = request.user
    organization = visible(Organization, user).order_by("pk").first()
    if organization is None or not user.has_perm("audits.start_audit", organization):
        raise PermissionDenied(_("Only the SMR or an internal auditor may start an audit."))
    accounts = list(visible(WsibAccount, user).order_by("account_number"))
    auditors = list(_internal_auditors(user))
    rows = _audit_rows(user, accounts)
    form = AuditStartForm(
        request.POST,
        accounts=accounts,
        auditors=auditors,
        blocked=_start_blocked(accounts, auditors, rows),
    )
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
                _("The initial internal audit of %(board)s account %(number)s was started.")
                % {"board": account.account_label, "number": account.account_number},
            )
            return redirect("audits:audit_detail", pk=audit.pk)
    return render(
        request,
        "audits/audit_list.html",
        {"rows": rows, "form": form, "can_start": True, "form_fields": _fields(form)},
        status=400,
    )


@login_required
@require_POST
def recertification_audit_start_view(request):
    """Start the year-1 internal audit of a recertification [001 §2.5] (the service checks
    that the account's recertification is open)."""
    user = request.user
    organization = visible(Organization, user).order_by("pk").first()
    if organization is None or not user.has_perm("audits.start_audit", organization):
        raise PermissionDenied(_("Only the SMR or an internal auditor may start an audit."))
    accounts = list(visible(WsibAccount, user).order_by("account_number"))
    auditors = list(_internal_auditors(user))
    form = AuditStartForm(request.POST, accounts=accounts, auditors=auditors)
    if form.is_valid():
        account = next(a for a in accounts if str(a.pk) == form.cleaned_data["wsib_account"])
        person = next(p for p in auditors if str(p.pk) == form.cleaned_data["internal_auditor"])
        try:
            audit = audit_start(
                wsib_account=account,
                kind=AuditKind.RECERTIFICATION_INTERNAL,
                internal_auditor=person,
                by=user,
            )
        except DomainError as exc:
            messages.error(request, domain_error_message(exc))
        else:
            messages.success(
                request,
                _("The recertification internal audit of %(board)s account %(number)s was started.")
                % {"board": account.account_label, "number": account.account_number},
            )
            return redirect("audits:audit_detail", pk=audit.pk)
    else:
        messages.error(request, _("Choose an account and an internal auditor."))
    return redirect("audits:audit_list")


# --- overview -----------------------------------------------------------------------------


def _element_progress(audit: Audit, answers: Answers, elements: list[Element]) -> list[dict]:
    counts = defaultdict(lambda: [0, 0])
    for item in item_facts(audit, answers):
        counts[item.element_number][1] += 1
        if item.answered:
            counts[item.element_number][0] += 1
    return [
        {"element": e, "answered": counts[e.number][0], "total": counts[e.number][1]}
        for e in elements
    ]


def _progress_chart(elements: list[dict]) -> Chart | None:
    """Items answered per element as bars (the Elements table lists the same figures)."""
    if not elements:
        return None
    return bar_chart(
        chart_id="progress-chart",
        title=_("Items answered, per element"),
        description=_(
            "One bar per element: the share of its items answered so far. "
            "The Elements table below lists the same figures."
        ),
        categories=[str(row["element"].number) for row in elements],
        series=[
            Series(
                _("Items answered"),
                [row["answered"] for row in elements],
                totals=[row["total"] for row in elements],
            )
        ],
        category_heading=_("Element"),
    )


@login_required
def audit_detail(request, pk: int):
    """The overview. Everything is read once: the items with their answers (progress, live
    score and reviewed score), the evidence (its count and the audit-level files), the
    reviewer choices (only when the user may assign) — at most 8 queries for a reviewer
    (tests/audits/test_hot_path_queries.py)."""
    user = request.user
    audit = get_visible_or_404(
        Audit.objects.select_related(
            "wsib_account__organization__program",  # its account label, in the same read
            "tool",
            "internal_review__reviewer",
            "internal_auditor",
            "signed_off_by",
            "cap",
        ),
        user,
        pk=pk,
    )
    lifecycle = audit.internal_review
    reviewed = lifecycle.status in INTERNAL_REVIEW_REVIEWED
    last_return = (
        lifecycle.pre_assessments.filter(outcome="returned").order_by("-at").first()
        if lifecycle.status in (InternalReviewStatus.RETURNED, InternalReviewStatus.RESUBMITTED)
        else None
    )
    cap = getattr(audit, "cap", None) if reviewed else None
    answers = audit_answers(audit)
    elements = list(Element.objects.filter(tool_id=audit.tool_id).order_by("order", "number"))
    evidence = evidence_of(audit)
    can_assign = user.has_perm("audits.assign_reviewer", audit)
    progress = _element_progress(audit, answers, elements)
    context = {
        "audit": audit,
        "elements": progress,
        "progress_chart": _progress_chart(progress),
        "score": _score_panel(audit, answers=answers),
        "can_prepare": user.has_perm("audits.prepare_audit", audit),
        "can_submit": user.has_perm("audits.submit_audit", audit),
        "can_pre_assess": user.has_perm("audits.pre_assess_audit", audit),
        "can_assign": can_assign,
        "can_view_desk_review": user.has_perm("audits.view_desk_review", audit),
        "can_review": user.has_perm("audits.review_audit", audit),
        "last_return": last_return,
        "reviewed": reviewed,
        "report": review_report_document(audit) if reviewed else None,
        "cap": cap,
        "history": audit_history(user, audit),
        "pre_assessment_form": PreAssessmentForm(),
        "assign_form": AssignReviewerForm(initial={"reviewer": user.pk}) if can_assign else None,
        "evidence_count": len(evidence),
        "audit_evidence": [e for e in evidence if e.item_id is None],
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
    for e in evidence_of(audit, items=items):
        evidence[e.item_id].append(e)
    can_prepare = user.has_perm("audits.prepare_audit", audit)
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
    # Who may answer is decided before the input is read: 403, not the form's error.
    require_role(request.user, "audits.prepare_audit", audit, PREPARE_AUDIT_ONLY)
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
@checks_first_bytes
def evidence_upload(request, pk: int):
    audit = audit_or_404(request.user, pk)
    require_role(request.user, "audits.prepare_audit", audit, PREPARE_AUDIT_ONLY)
    form = EvidenceForm(request.POST, request.FILES)
    refused = upload_refusal(request)  # the file's first bytes: the rest was never read
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
    if refused is not None:
        messages.error(request, domain_error_message(refused))
        return redirect(back)
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
        window = evidence_window(
            evidence, evidence_reference_date(audit), item.number if item else None
        )
        if window.outside_window:
            messages.warning(
                request,
                _(
                    "%(name)s was attached, but it will not count: %(problem)s Upload a newer "
                    "document before the audit is submitted, or remove this one."
                )
                % {"name": evidence.original_name, "problem": window.problem},
            )
        else:
            messages.success(
                request, _("%(name)s was attached.") % {"name": evidence.original_name}
            )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    return redirect(back)


@login_required
def evidence_remove_view(request, pk: int):
    """GET: a page asking to confirm the removal; POST with `confirm`: remove the file."""
    evidence = get_visible_or_404(
        Evidence.objects.select_related("audit__wsib_account", "item__sub_section__element"),
        request.user,
        pk=pk,
    )
    audit = evidence.audit
    back = (
        reverse("audits:audit_element", args=[audit.pk, evidence.item.sub_section.element.number])
        + f"#item-{evidence.item_id}"
        if evidence.item_id
        else reverse("audits:audit_detail", args=[audit.pk])
    )
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            evidence_remove(evidence=evidence, by=request.user)
        except DomainError as exc:
            messages.error(request, domain_error_message(exc))
        else:
            messages.success(request, _("%(name)s was removed.") % {"name": evidence.original_name})
        return redirect(back)
    if not request.user.has_perm("audits.prepare_audit", audit):
        raise PermissionDenied(
            _("Only the SMR or an internal auditor of this organization may prepare the audit.")
        )
    return render(
        request,
        "audits/evidence_remove_confirm.html",
        {"audit": audit, "evidence": evidence, "back": back},
        status=200 if request.method == "GET" else 400,
    )


# --- sign off and submit ------------------------------------------------------------------


def _linked_problems(audit: Audit) -> list[dict]:
    """Every reason the audit cannot be submitted today, each with a link to its item."""
    items, evidence = submission_facts(audit)
    today = timezone.localdate()
    pks = dict(Item.objects.filter(tool_id=audit.tool_id).values_list("number", "pk"))
    elements = {i.item_number: i.element_number for i in items}

    def url(item_number):
        if item_number not in pks:
            return reverse("audits:audit_detail", args=[audit.pk])
        page = reverse("audits:audit_element", args=[audit.pk, elements[item_number]])
        return f"{page}#item-{pks[item_number]}"

    if not items:
        return [
            {"text": text, "url": ""}
            for text in submission_problems(items=items, evidence=evidence, submitted_on=today)
        ]
    problems = []
    for item in items:
        for text in submission_problems(items=[item], evidence=[], submitted_on=today):
            problems.append({"text": text, "url": url(item.item_number)})
    for document in evidence:
        problem = evidence_problem(document, today)
        if problem:
            problems.append({"text": problem, "url": url(document.item_number)})
    return problems


@login_required
def audit_submit_view(request, pk: int):
    user = request.user
    audit = audit_or_404(user, pk)
    editable = audit.internal_review.status in INTERNAL_REVIEW_EDITABLE
    recertification = audit.kind == AuditKind.RECERTIFICATION_INTERNAL
    problems: list[dict] = []
    status = 200
    if request.method == "POST":
        # The service checks who may submit, the state and the sign-off tick.
        signed_off = bool(request.POST.get("sign_off"))
        try:
            if recertification:  # signed off for the external auditor, never submitted
                recertification_audit_complete(audit=audit, by=user, signed_off=signed_off)
            else:
                audit_submit(audit=audit, by=user, signed_off=signed_off)
        except SubmissionRefused:
            problems = _linked_problems(audit)
            status = 400
        except DomainError as exc:
            # The missing tick (or a state problem) comes in addition to the item problems.
            problems = _linked_problems(audit) if editable else []
            problems.append({"text": domain_error_message(exc), "url": ""})
            status = 400
        else:
            audit.refresh_from_db()
            if recertification:
                messages.success(
                    request,
                    _(
                        "The recertification internal audit is complete. Give it to the "
                        "external auditor at the recertification external audit."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("The audit was submitted; received on %(date)s.")
                    % {"date": audit.internal_review.received_on.isoformat()},
                )
            return redirect("audits:audit_detail", pk=audit.pk)
    elif editable:
        problems = _linked_problems(audit)
    return render(
        request,
        "audits/audit_submit.html",
        {
            "audit": audit,
            "problems": problems,
            "blocked": any(p["url"] for p in problems),
            "can_submit": user.has_perm("audits.submit_audit", audit),
            "can_prepare": user.has_perm("audits.prepare_audit", audit),
            "editable": editable,
            "recertification": recertification,
            "score": _score_panel(audit),
        },
        status=status,
    )


@login_required
@require_POST
def audit_ready_for_sign_off_view(request, pk: int):
    audit = audit_or_404(request.user, pk)
    try:
        told = audit_ready_for_sign_off(audit=audit, by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(
            request,
            ngettext(
                "The SMR was told the audit is ready for sign-off.",
                "%(n)s SMRs were told the audit is ready for sign-off.",
                told,
            )
            % {"n": told},
        )
    return redirect("audits:audit_submit", pk=audit.pk)
