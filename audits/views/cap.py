"""Corrective action plan pages: the plan with its items, editing an item (SMR or internal
auditor), adding an action, submitting (SMR), approving or returning (certifying body)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.enums import CAP_EDITABLE
from audits.forms import CapItemAddForm, CapItemForm, CapReturnForm
from audits.models import CapItem, CorrectiveActionPlan
from audits.rules import DECIDE_CAP_STAFF_ONLY, EDIT_CAP_ONLY, require_role
from audits.services.cap import (
    cap_approve,
    cap_item_add,
    cap_item_update,
    cap_problems,
    cap_return,
    cap_submit,
)
from certification.upload_handlers import checks_first_bytes, upload_refusal
from cor_portal.access import get_visible_or_404
from cor_portal.errors import DomainError
from cor_portal.forms import add_domain_error, add_upload_refusal, domain_error_message
from cor_portal.history.services import history_of


def _plan_or_404(user, pk: int) -> CorrectiveActionPlan:
    return get_visible_or_404(
        CorrectiveActionPlan.objects.select_related(
            "audit__wsib_account__organization", "audit__tool", "decided_by", "submitted_by"
        ),
        user,
        pk=pk,
    )


def _history(plan) -> list:
    return list(history_of(plan))


def _context(request, plan, **extra) -> dict:
    user = request.user
    items = list(
        plan.items.select_related("element", "item", "evidence", "finding").order_by("order")
    )
    return {
        "plan": plan,
        "audit": plan.audit,
        "items": items,
        "can_edit": user.has_perm("audits.edit_cap", plan),
        "can_submit": user.has_perm("audits.submit_cap", plan),
        "can_decide": user.has_perm("audits.decide_cap", plan),
        "problems": cap_problems(plan) if plan.status in CAP_EDITABLE else [],
        "add_form": CapItemAddForm(),
        "return_form": CapReturnForm(),
        "history": _history(plan),
        **extra,
    }


@login_required
def cap_detail(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    return render(request, "audits/cap_detail.html", _context(request, plan))


@login_required
@checks_first_bytes
def cap_item_edit(request, pk: int):
    cap_item = get_visible_or_404(
        CapItem.objects.select_related(
            "plan__audit__wsib_account__organization", "element", "item", "evidence"
        ),
        request.user,
        pk=pk,
    )
    plan = cap_item.plan
    if request.method == "POST":  # who may edit, before the input is read
        require_role(request.user, "audits.edit_cap", plan, EDIT_CAP_ONLY)
    form = CapItemForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "action": cap_item.action,
            "owner": cap_item.owner,
            "target_date": cap_item.target_date,
            "implementation_date": cap_item.implementation_date,
        },
    )
    status = 200
    refused = upload_refusal(request) if request.method == "POST" else None
    if refused is not None:  # the evidence's first bytes: the rest was never read
        add_upload_refusal(form, refused)
        status = 400
    elif request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                cap_item_update(
                    cap_item=cap_item,
                    by=request.user,
                    action=data["action"],
                    owner=data["owner"],
                    target_date=data["target_date"],
                    implementation_date=data["implementation_date"],
                    evidence_file=data["evidence_file"],
                    evidence_document_date=data["evidence_document_date"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Action %(n)s saved.") % {"n": cap_item.order})
                return redirect("audits:cap_detail", pk=plan.pk)
        status = 400
    elif not request.user.has_perm("audits.edit_cap", plan):
        return redirect("audits:cap_detail", pk=plan.pk)
    return render(
        request,
        "audits/cap_item_form.html",
        {"form": form, "cap_item": cap_item, "plan": plan, "audit": plan.audit},
        status=status,
    )


@login_required
@require_POST
def cap_item_add_view(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    require_role(request.user, "audits.edit_cap", plan, EDIT_CAP_ONLY)
    form = CapItemAddForm(request.POST)
    if form.is_valid():
        try:
            cap_item_add(plan=plan, description=form.cleaned_data["description"], by=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The action was added."))
            return redirect("audits:cap_detail", pk=plan.pk)
    return render(
        request, "audits/cap_detail.html", _context(request, plan, add_form=form), status=400
    )


def _act(request, pk: int, fn, done: str, **kwargs):
    plan = _plan_or_404(request.user, pk)
    try:
        fn(plan=plan, by=request.user, **kwargs)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, done)
    return redirect("audits:cap_detail", pk=plan.pk)


@login_required
@require_POST
def cap_submit_view(request, pk: int):
    return _act(request, pk, cap_submit, _("The corrective action plan was submitted."))


@login_required
@require_POST
def cap_approve_view(request, pk: int):
    return _act(request, pk, cap_approve, _("The corrective action plan was approved."))


@login_required
@require_POST
def cap_return_view(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    require_role(request.user, "audits.decide_cap", plan, DECIDE_CAP_STAFF_ONLY)
    form = CapReturnForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "audits/cap_detail.html",
            _context(request, plan, return_form=form),
            status=400,
        )
    return _act(
        request,
        pk,
        cap_return,
        _("The corrective action plan was returned."),
        reason=form.cleaned_data["reason"],
    )
