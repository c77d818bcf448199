"""Pages of spot checks, equivalency and reciprocity: one list (what the user may see, with the
forms to start what they may start) and a page per object with the actions its state and the
user's permission allow. Every write calls the same service as the API; a refused input is
shown as the service words it and changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.models import WsibAccount
from certification.selectors import organization_of
from cor_portal.access import allowed, get_visible_or_404, visible
from cor_portal.documents.downloads import document_response
from cor_portal.documents.services import document_for
from cor_portal.errors import DomainError
from cor_portal.forms import domain_error_message
from cor_portal.history.services import history_of

from .documents import EQUIVALENCY_CERTIFICATE, EQUIVALENCY_DECISION_REPORT, SPOT_CHECK_LETTER
from .enums import (
    EquivalencyKind,
    EquivalencyStatus,
    ReciprocityStatus,
    ReferralDecision,
    SpotCheckOutcome,
    SpotCheckStatus,
)
from .models import EquivalencyCertificate, EquivalencyRequest, ReciprocityRequest, SpotCheck
from .rules_pure import allowed_documents, missing_documents
from .services import equivalency as eq
from .services import reciprocity as rc
from .services import spot_checks as sc

LIST_LIMIT = 50


def _run(request, fn, success: str) -> bool:
    try:
        fn()
    except DomainError as err:
        messages.error(request, domain_error_message(err))
        return False
    messages.success(request, success)
    return True


def _act(request, obj, steps: dict, redirect_to):
    """Run the POSTed `step` of `steps` ({step: (permission, callable, success)}): 400 for an
    unknown step, 403 when the user may see `obj` but not take this step (decided before any
    input is read), else the service's answer as a message."""
    step = steps.get(request.POST.get("step", ""))
    if step is None:
        return HttpResponseBadRequest(_("Unknown action."))
    permission, fn, success = step
    if not allowed(request.user, permission, obj):
        raise PermissionDenied(_("You are not allowed to do this."))
    _run(request, fn, success)
    return redirect_to


def _bool(value) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@login_required
def overview(request):
    user = request.user
    organization = organization_of(user)
    checks = list(
        visible(SpotCheck, user)
        .select_related("wsib_account__organization")
        .order_by("-check_date", "-id")[:LIST_LIMIT]
    )
    requests = list(
        visible(EquivalencyRequest, user)
        .select_related("organization", "wsib_account")
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )
    reciprocity = list(
        visible(ReciprocityRequest, user)
        .select_related("organization", "wsib_account")
        .order_by("-submitted_on", "-id")[:LIST_LIMIT]
    )
    can_request = organization is not None and allowed(
        user, "equivalency.request_equivalency", organization
    )
    return render(
        request,
        "equivalency/overview.html",
        {
            "checks": checks,
            "requests": requests,
            "reciprocity": reciprocity,
            "can_open": allowed(user, "equivalency.open_spot_check"),
            "can_request": can_request,
            "accounts": list(visible(WsibAccount, user).filter(organization=organization))
            if can_request
            else [],
            "kinds": EquivalencyKind.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def spot_check_open(request):
    if not allowed(request.user, "equivalency.open_spot_check"):
        raise PermissionDenied(_("Only certifying-body staff open spot checks."))
    account = (
        visible(WsibAccount, request.user)
        .filter(account_number=(request.POST.get("account_number") or "").strip())
        .first()
    )
    if account is None:
        messages.error(request, _("No account has that number."))
        return redirect("equivalency:overview")
    created: list[SpotCheck] = []
    ok = _run(
        request,
        lambda: created.append(
            sc.spot_check_open(
                wsib_account=account,
                scope=request.POST.get("scope", ""),
                check_date=request.POST.get("check_date", ""),
                findings=request.POST.get("findings", ""),
                by=request.user,
            )
        ),
        _("Spot check opened."),
    )
    if ok:
        return redirect("equivalency:spot_check", created[0].pk)
    return redirect("equivalency:overview")


@login_required
def spot_check(request, pk: int):
    check = get_visible_or_404(
        SpotCheck.objects.select_related("wsib_account__organization"), request.user, pk=pk
    )
    user = request.user
    if request.method == "POST":
        post = request.POST
        return _act(
            request,
            check,
            {
                "letter": (
                    "equivalency.issue_spot_check_letter",
                    lambda: sc.spot_check_issue_letter(
                        check=check,
                        outcome=post.get("outcome", ""),
                        findings=post.get("findings"),
                        by=user,
                    ),
                    _("Outcome letter issued."),
                ),
                "cap": (
                    "equivalency.report_spot_check_cap",
                    lambda: sc.spot_check_report_cap(
                        check=check,
                        actions=post.get("cap_actions", ""),
                        implemented_on=post.get("implemented_on", ""),
                        by=user,
                    ),
                    _("Corrective actions reported implemented."),
                ),
                "validate": (
                    "equivalency.validate_spot_check",
                    lambda: sc.spot_check_validate(
                        check=check,
                        validated=_bool(post.get("validated")),  # type: ignore[arg-type]
                        scope=post.get("scope", ""),
                        fee_amount=post.get("fee_amount", ""),
                        fee_paid_on=post.get("fee_paid_on", ""),
                        notes=post.get("notes", ""),
                        by=user,
                    ),
                    _("Validation recorded."),
                ),
                "decide": (
                    "equivalency.decide_spot_check",
                    lambda: sc.spot_check_decide(
                        check=check,
                        decision=post.get("decision", ""),
                        reason=post.get("reason", ""),
                        by=user,
                    ),
                    _("Decision recorded."),
                ),
            },
            redirect("equivalency:spot_check", check.pk),
        )
    status = check.status
    return render(
        request,
        "equivalency/spot_check.html",
        {
            "check": check,
            "letter": document_for(check, SPOT_CHECK_LETTER),
            "can_letter": status == SpotCheckStatus.OPEN
            and allowed(user, "equivalency.issue_spot_check_letter", check),
            "can_cap": status == SpotCheckStatus.CORRECTIVE_ACTION
            and allowed(user, "equivalency.report_spot_check_cap", check),
            "can_validate": status == SpotCheckStatus.CAP_IMPLEMENTED
            and allowed(user, "equivalency.validate_spot_check", check),
            "can_decide": status == SpotCheckStatus.REFERRED
            and allowed(user, "equivalency.decide_spot_check", check),
            "outcomes": SpotCheckOutcome.choices,
            "decisions": ReferralDecision.choices,
            "today": timezone.localdate(),
            "days_left": (check.cap_due_on - timezone.localdate()).days
            if check.cap_due_on
            else None,
            "history": history_of(check),
        },
    )


@login_required
def spot_check_letter(request, pk: int):
    check = get_visible_or_404(SpotCheck, request.user, pk=pk)
    document = document_for(check, SPOT_CHECK_LETTER)
    if document is None:
        raise Http404
    return document_response(document)


@login_required
@require_POST
def equivalency_create(request):
    organization = organization_of(request.user)
    if organization is None or not allowed(
        request.user, "equivalency.request_equivalency", organization
    ):
        raise PermissionDenied(_("Only a Senior Management Representative may file a request."))
    created: list[EquivalencyRequest] = []
    ok = _run(
        request,
        lambda: created.append(
            eq.equivalency_request_create(
                organization=organization,
                kind=request.POST.get("kind", ""),
                wsib_account=request.POST.get("wsib_account") or None,
                ontario_work_in_scope=request.POST.get("ontario_work_in_scope") == "yes",
                by=request.user,
            )
        ),
        _("Equivalency request started: add its documents, then submit it."),
    )
    if ok:
        return redirect("equivalency:equivalency", created[0].pk)
    return redirect("equivalency:overview")


@login_required
def equivalency(request, pk: int):
    req = get_visible_or_404(
        EquivalencyRequest.objects.select_related("organization", "wsib_account"),
        request.user,
        pk=pk,
    )
    user = request.user
    if request.method == "POST":
        post = request.POST
        return _act(
            request,
            req,
            {
                "document": (
                    "equivalency.request_equivalency",
                    lambda: eq.equivalency_document_add(
                        request=req,
                        kind=post.get("kind", ""),
                        upload=request.FILES.get("file"),
                        by=user,
                    ),
                    _("Document added."),
                ),
                "submit": (
                    "equivalency.request_equivalency",
                    lambda: eq.equivalency_submit(request=req, by=user),
                    _("Submitted."),
                ),
                "decide": (
                    "equivalency.decide_equivalency",
                    lambda: eq.equivalency_decide(
                        request=req,
                        outcome=post.get("outcome", ""),
                        summary=post.get("summary", ""),
                        fee_amount=post.get("fee_amount", ""),
                        fee_paid_on=post.get("fee_paid_on", ""),
                        ontario_work_in_scope=_bool(post.get("ontario_work_in_scope")),
                        reason=post.get("reason", ""),
                        by=user,
                    ),
                    _("Decision recorded."),
                ),
            },
            redirect("equivalency:equivalency", req.pk),
        )
    documents = list(req.documents.order_by("kind", "-id"))
    certificate = EquivalencyCertificate.objects.filter(request=req).first()
    return render(
        request,
        "equivalency/equivalency.html",
        {
            "req": req,
            "documents": documents,
            "document_kinds": [
                (k, label) for k, label in _kind_labels() if k in allowed_documents(req.kind)
            ],
            "missing": [
                dict(_kind_labels())[k]
                for k in missing_documents(req.kind, [d.kind for d in documents])
            ],
            "certificate": certificate,
            "report": document_for(req, EQUIVALENCY_DECISION_REPORT),
            "can_edit": req.status == EquivalencyStatus.DRAFT
            and allowed(user, "equivalency.request_equivalency", req),
            "can_decide": req.status == EquivalencyStatus.SUBMITTED
            and allowed(user, "equivalency.decide_equivalency", req),
            "today": timezone.localdate(),
            "history": history_of(req),
        },
    )


def _kind_labels():
    from .enums import DocumentKind

    return DocumentKind.choices


@login_required
def equivalency_report(request, pk: int):
    req = get_visible_or_404(EquivalencyRequest, request.user, pk=pk)
    document = document_for(req, EQUIVALENCY_DECISION_REPORT)
    if document is None:
        raise Http404
    return document_response(document)


@login_required
def equivalency_certificate(request, pk: int):
    certificate = get_visible_or_404(EquivalencyCertificate, request.user, request_id=pk)
    document = document_for(certificate, EQUIVALENCY_CERTIFICATE)
    if document is None:
        raise Http404
    return document_response(document)


@login_required
@require_POST
def reciprocity_create(request):
    organization = organization_of(request.user)
    if organization is None or not allowed(
        request.user, "equivalency.request_reciprocity", organization
    ):
        raise PermissionDenied(_("Only a Senior Management Representative may file a request."))
    created: list[ReciprocityRequest] = []
    ok = _run(
        request,
        lambda: created.append(
            rc.reciprocity_request_create(
                organization=organization,
                home_province=request.POST.get("home_province", ""),
                cfcsa_member=request.POST.get("cfcsa_member", ""),
                letter=request.FILES.get("letter"),
                wsib_account=request.POST.get("wsib_account") or None,
                by=request.user,
            )
        ),
        _("Reciprocity request submitted."),
    )
    if ok:
        return redirect("equivalency:reciprocity", created[0].pk)
    return redirect("equivalency:overview")


@login_required
def reciprocity(request, pk: int):
    req = get_visible_or_404(
        ReciprocityRequest.objects.select_related("organization", "wsib_account", "source"),
        request.user,
        pk=pk,
    )
    user = request.user
    if request.method == "POST":
        post = request.POST
        return _act(
            request,
            req,
            {
                "decide": (
                    "equivalency.decide_reciprocity",
                    lambda: rc.reciprocity_decide(
                        request=req,
                        approve=_bool(post.get("approve")),  # type: ignore[arg-type]
                        valid_until=post.get("valid_until") or None,
                        reason=post.get("reason", ""),
                        by=user,
                    ),
                    _("Decision recorded."),
                )
            },
            redirect("equivalency:reciprocity", req.pk),
        )
    return render(
        request,
        "equivalency/reciprocity.html",
        {
            "req": req,
            "can_decide": req.status == ReciprocityStatus.SUBMITTED
            and allowed(user, "equivalency.decide_reciprocity", req),
            "provinces": rc.HOME_PROVINCES,
            "history": history_of(req),
        },
    )
