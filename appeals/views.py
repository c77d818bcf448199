"""The appeal pages [001 §7; SPEC §7], thin over appeals.services and the access layer:

- the appeals page: the organization's appeals and the reports it may still appeal (members;
  the SMR files), and each decider's queue (the COR auditor at level 1, the program manager at
  level 2, the program director at level 3) with the business days left;
- the filing page of one decision: the decision, the window, the audit's own evidence to
  refer to; new evidence is refused with the reason;
- an appeal's page: every level with its due dates (weekday and rule), the actions the user
  may take now (acknowledge, decide, take further, sign the agreement) and every version of
  the appeal form with its verification code;
- the staff appeals board, sorted by due date.

Every write calls the same service as the API; a refused input is shown as the service words
it and changes nothing."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.enums import AuditKind, EngagementStatus, InternalReviewStatus
from audits.models import Evidence, ExternalEngagement, InternalReview
from certification.selectors import organization_of
from cor_portal.access import allowed, get_visible_or_404, visible
from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.models import ClosureDate
from cor_portal.documents.downloads import document_response
from cor_portal.errors import DomainError
from cor_portal.forms import domain_error_message
from cor_portal.history.services import history_of

from . import presentation
from .adapters import adapter_for
from .documents import appeal_forms
from .enums import APPEAL_FINISHED, APPEAL_OPEN, AppealStatus, DecisionKind, SignerRole, Verdict
from .models import Appeal, AppealAttachment, AppealSignature, AppealStage
from .services import (
    appeal_acknowledge,
    appeal_decide,
    appeal_escalate,
    appeal_file,
    appeal_sign,
)
from .services.appeal import Problems, signer_role

LIST_LIMIT = 100
# The level-1 window is 5 business days: three weeks back covers it across any holidays.
_RECENT = timedelta(days=21)
_DECISION_MODELS = {
    DecisionKind.EXTERNAL_REPORT: ExternalEngagement,
    DecisionKind.INTERNAL_REVIEW: InternalReview,
}


def _closures() -> dict:
    return dict(ClosureDate.objects.values_list("date", "reason"))


def _with_stages(qs):
    return qs.select_related("wsib_account__organization", "decision_maker").prefetch_related(
        Prefetch("stages", queryset=AppealStage.objects.order_by("level"))
    )


def _rows(appeals, closures, today) -> list[dict]:
    return [
        {
            "appeal": a,
            "due": presentation.current_due(a, list(a.stages.all()), closures, today),
        }
        for a in appeals
    ]


def _queue_filter(user) -> Q | None:
    """The open appeals `user` decides (appeals.services.decider_may_act, as a filter)."""
    if user.role == UserRole.PROGRAM_MANAGER:
        return Q(level=2)
    if user.role == UserRole.PROGRAM_DIRECTOR:
        return Q(level=3)
    if user.is_external_auditor or user.is_certifying_body_staff:
        return Q(level=1, decision_maker=user)
    return None


def _appealable(user, organization, closures, today) -> list[dict]:
    """The unfavourable decisions the organization received whose level-1 window is open and
    that were not appealed yet."""
    since = today - _RECENT
    engagements = (
        visible(ExternalEngagement, user)
        .filter(
            wsib_account__organization=organization,
            status=EngagementStatus.FAILED,
            report_approved_on__gte=since,
            appeal__isnull=True,
        )
        .select_related("wsib_account")
        .order_by("-report_approved_on", "-pk")
    )
    reviews = (
        visible(InternalReview, user)
        .filter(
            wsib_account__organization=organization,
            status=InternalReviewStatus.NOT_CONFIRMED,
            report_issued_on__gte=since,
            appeal__isnull=True,
        )
        .exclude(kind=AuditKind.INITIAL_INTERNAL)
        .select_related("wsib_account")
        .order_by("-report_issued_on", "-pk")
    )
    out = []
    for kind, decision, received in [
        *((DecisionKind.EXTERNAL_REPORT, e, e.report_approved_on) for e in engagements),
        *((DecisionKind.INTERNAL_REVIEW, r, r.report_issued_on) for r in reviews),
    ]:
        window = presentation.filing_due(received, closures, today)
        if not window.late:
            out.append(
                {
                    "kind": kind,
                    "decision": decision,
                    "summary": adapter_for(kind).summary(decision),
                    "due": window,
                }
            )
    return out


@login_required
def index(request):
    user = request.user
    today = timezone.localdate()
    closures = _closures()
    organization = organization_of(user) if user.is_employer else None
    queue_q = _queue_filter(user)
    queue = (
        _rows(
            _with_stages(visible(Appeal, user).filter(queue_q, status__in=APPEAL_OPEN)).order_by(
                "due_on", "pk"
            )[:LIST_LIMIT],
            closures,
            today,
        )
        if queue_q is not None
        else []
    )
    own = (
        _rows(
            _with_stages(
                visible(Appeal, user).filter(wsib_account__organization=organization)
            ).order_by("-pk")[:LIST_LIMIT],
            closures,
            today,
        )
        if organization is not None
        else []
    )
    can_file = organization is not None and allowed(user, "appeals.file_appeal", organization)
    return render(
        request,
        "appeals/index.html",
        {
            "queue": queue,
            "queue_shown": queue_q is not None,
            "own": own,
            "organization": organization,
            "can_file": can_file,
            "appealable": _appealable(user, organization, closures, today) if can_file else [],
            "can_board": allowed(user, "appeals.view_appeals_board"),
            "today": today,
        },
    )


@login_required
def board(request):
    if not allowed(request.user, "appeals.view_appeals_board"):
        raise PermissionDenied(_("The appeals board is for certifying-body staff."))
    today = timezone.localdate()
    closures = _closures()
    show_all = request.GET.get("show") == "all"
    qs = visible(Appeal, request.user)
    if not show_all:
        qs = qs.exclude(status__in=APPEAL_FINISHED)
    # Sorted by the due date each appeal waits on; finished appeals (none) last.
    ordered = _with_stages(qs).order_by(F("due_on").asc(nulls_last=True), "pk")
    rows = _rows(ordered[:LIST_LIMIT], closures, today)
    return render(
        request,
        "appeals/board.html",
        {"rows": rows, "show_all": show_all, "today": today},
    )


def _decision_or_404(user, kind: str, pk: int):
    model = _DECISION_MODELS.get(kind)  # type: ignore[call-overload]
    if model is None:
        raise Http404
    return get_visible_or_404(
        model.objects.select_related("wsib_account__organization__program"), user, pk=pk
    )


@login_required
def file(request, kind: str, pk: int):
    user = request.user
    decision = _decision_or_404(user, kind, pk)
    if not allowed(user, "appeals.file_appeal", decision):
        raise PermissionDenied(
            _("Only a senior management representative of the organization files an appeal.")
        )
    adapter = adapter_for(kind)
    facts = adapter.facts(decision)
    today = timezone.localdate()
    closures = _closures()
    errors: dict[str, list[str]] = {}
    grounds = ""
    chosen: set[int] = set()
    if request.method == "POST":
        grounds = request.POST.get("grounds", "")
        raw = request.POST.getlist("attachments")
        chosen = {int(a) for a in raw if a.isdigit()}
        if request.FILES:
            errors["attachments"] = [
                _(
                    "New evidence cannot be added to an appeal: it is decided on the original "
                    "audit evidence given to the auditor. Refer to that evidence below instead."
                )
            ]
        else:
            try:
                appeal = appeal_file(
                    kind=kind, decision=decision, by=user, grounds=grounds, attachments=raw
                )
            except Problems as exc:
                errors = exc.as_dict()
            except DomainError as exc:
                errors = {exc.field or "decision": [domain_error_message(exc)]}
            else:
                messages.success(
                    request,
                    _("Appeal %(number)s filed with the auditor who made the decision.")
                    % {"number": appeal.number},
                )
                return redirect("appeals:detail", appeal.pk)
    audit_id = adapter.audit_id(decision)
    evidence = (
        list(
            visible(Evidence, user)
            .filter(audit_id=audit_id)
            .select_related("item")
            .order_by("item__number", "original_name", "pk")
        )
        if audit_id
        else []
    )
    existing = Appeal.objects.filter(
        **{"engagement" if kind == DecisionKind.EXTERNAL_REPORT else "internal_review": decision}
    ).first()
    return render(
        request,
        "appeals/file.html",
        {
            "kind": kind,
            "decision": decision,
            "summary": adapter.summary(decision),
            "facts": facts,
            "window": presentation.filing_due(facts.received_on, closures, today)
            if facts.received_on
            else None,
            "evidence": evidence,
            "chosen": chosen,
            "grounds": grounds,
            "errors": errors,
            "existing": existing
            if existing and allowed(user, "appeals.file_appeal", decision)
            else None,
        },
        status=400 if errors else 200,
    )


def _steps(request, appeal):
    post, user = request.POST, request.user
    return {
        "acknowledge": (
            "appeals.decide_appeal",
            lambda: appeal_acknowledge(appeal=appeal, by=user),
            _("Appeal acknowledged."),
        ),
        "decide": (
            "appeals.decide_appeal",
            lambda: appeal_decide(
                appeal=appeal,
                by=user,
                verdict=post.get("verdict", ""),
                reasons=post.get("reasons", ""),
                agreement=post.get("agreement", ""),
            ),
            _("Decision recorded; a new version of the appeal form was issued."),
        ),
        "escalate": (
            "appeals.escalate_appeal",
            lambda: appeal_escalate(appeal=appeal, by=user, grounds=post.get("grounds", "")),
            _("Appeal taken to the next level."),
        ),
        "sign": (
            "appeals.sign_appeal_agreement",
            lambda: appeal_sign(appeal=appeal, by=user, typed_name=post.get("typed_name", "")),
            _("Agreement signed."),
        ),
    }


@login_required
def detail(request, pk: int):
    user = request.user
    appeal = get_visible_or_404(
        Appeal.objects.select_related(
            "wsib_account__organization__program", "decision_maker", "filed_by"
        ),
        user,
        pk=pk,
    )
    if request.method == "POST":
        step = _steps(request, appeal).get(request.POST.get("step", ""))
        if step is None:
            return HttpResponseBadRequest(_("Unknown action."))
        permission, fn, success = step
        if not allowed(user, permission, appeal):
            raise PermissionDenied(_("You are not allowed to do this."))
        try:
            fn()
        except Problems as exc:
            for problems in exc.as_dict().values():
                for message in problems:
                    messages.error(request, message)
        except DomainError as exc:
            messages.error(request, domain_error_message(exc))
        else:
            messages.success(request, success)
        return redirect("appeals:detail", appeal.pk)
    today = timezone.localdate()
    closures = _closures()
    stages = list(
        AppealStage.objects.filter(appeal=appeal)
        .select_related("filed_by", "acknowledged_by", "decided_by")
        .order_by("level")
    )
    signatures: dict[int, list] = {}
    for s in AppealSignature.objects.filter(stage__appeal=appeal).select_related("user"):
        signatures.setdefault(s.stage_id, []).append(s)
    level2 = next((s for s in stages if s.level == 2), None)
    level2_decided = level2.decided_on if level2 else None
    may_decide = allowed(user, "appeals.decide_appeal", appeal)
    is_open = appeal.status in APPEAL_OPEN
    role = signer_role(appeal, user)
    signed_roles = {s.role for s in signatures.get(level2.pk, [])} if level2 else set()
    current = presentation.current_due(appeal, stages, closures, today)
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "stages": [
                {
                    "stage": s,
                    "dues": presentation.stage_dues(s, level2_decided, closures, today),
                    "signatures": signatures.get(s.pk, []),
                    "is_current": s.level == appeal.level,
                }
                for s in stages
            ],
            "current": current,
            "received": presentation.with_weekday(appeal.report_received_on),
            "attachments": list(
                AppealAttachment.objects.filter(appeal=appeal)
                .select_related("evidence__item")
                .order_by("evidence__original_name")
            ),
            "forms": list(appeal_forms(appeal)),
            "can_acknowledge": may_decide and appeal.status == AppealStatus.FILED,
            "can_decide": may_decide and is_open,
            "agreement_allowed": appeal.level == 2,
            "verdicts": Verdict.choices,
            "can_escalate": appeal.status == AppealStatus.DENIED
            and appeal.level < 3
            and allowed(user, "appeals.escalate_appeal", appeal),
            "next_level": appeal.level + 1,
            "can_sign": bool(
                level2
                and level2.agreement
                and role
                and role not in signed_roles
                and allowed(user, "appeals.sign_appeal_agreement", appeal)
            ),
            "sign_as": SignerRole(role).label if role else "",
            "history": history_of(appeal),
        },
    )


@login_required
def form_pdf(request, pk: int, document: int):
    appeal = get_visible_or_404(Appeal, request.user, pk=pk)
    found = appeal_forms(appeal).filter(pk=document).first()
    if found is None:
        raise Http404
    return document_response(found)
