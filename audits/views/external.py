"""Pages of the external audit: the engagement list (the auditor's engagements, the
employer's external-audit page with the auditor choice and the advisory, the certifying
body's plan and report queues with days left), the engagement workspace and its actions,
and the report and meeting-form downloads. Every action calls the service the API calls."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.enums import (
    ENGAGEMENT_EDITABLE,
    EngagementStatus,
    FindingKind,
    MeetingKind,
    PlanStatus,
    SignerRole,
)
from audits.external_documents import external_report_document, meeting_form_document
from audits.models import (
    AuditPlan,
    CorrectiveActionPlan,
    EngagementFinding,
    ExternalAuditor,
    ExternalEngagement,
    ItemResponse,
    MeetingSignature,
)
from audits.planning import latest_start_to_finish_by
from audits.scoring import display_pct
from audits.selectors import audit_items, engagements_for, plan_queue, report_queue
from audits.services import engagement as svc
from audits.services.audit import employer_score, response_save
from audits.services.recertification import internal_audit_validate
from certification.models import Organization, WsibAccount
from cor_portal.access import allowed, get_visible_or_404, visible
from cor_portal.documents.downloads import document_response
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.forms import domain_error_message


def _days_left(due: date | None) -> int | None:
    return None if due is None else (due - timezone.localdate()).days


@login_required
def engagement_list(request):
    user = request.user
    context: dict = {"today": timezone.localdate()}
    if user.is_certifying_body_staff or user.is_superuser:
        plans = list(plan_queue(user))
        for plan in plans:
            plan.days_left = _days_left(plan.approval_due_on)
        reports = list(report_queue(user))
        today = timezone.localdate()
        for report in reports:
            submitted = report.report_submitted_at
            report.days_waiting = (
                None if submitted is None else (today - timezone.localdate(submitted)).days
            )
            # A re-audit's report: the days left of the failed audit's 6 months (D4).
            origin = report.reaudit_of if report.reaudit_of_id else None
            report.reaudit_days_left = _days_left(origin.reaudit_due_on) if origin else None
            report.reaudit_due_on_origin = origin.reaudit_due_on if origin else None
        context.update(
            role="staff",
            plans=plans,
            reports=reports,
            engagements=list(engagements_for(user)[:50]),
        )
    elif user.is_external_auditor:
        context.update(role="auditor", engagements=list(engagements_for(user)))
    else:
        accounts = list(visible(WsibAccount, user).order_by("account_number"))
        can_choose = bool(accounts) and allowed(user, "audits.choose_auditor", accounts[0])
        context.update(
            role="employer",
            accounts=accounts,
            engagements=list(engagements_for(user)),
            can_choose=can_choose,
            auditors=list(
                ExternalAuditor.objects.filter(status="approved")
                .select_related("user", "company")
                .order_by("user__last_name", "pk")
            )
            if can_choose
            else [],
            advisory_start=latest_start_to_finish_by(date(timezone.localdate().year + 1, 1, 1)),
        )
    return render(request, "audits/engagement_list.html", context)


@login_required
@require_POST
def engagement_choose(request):
    user = request.user
    try:
        account_id = int(request.POST.get("wsib_account", ""))
        auditor_id = int(request.POST.get("auditor", ""))
    except ValueError:
        account_id = auditor_id = 0
    # Who may choose is decided before the input is read: an SMR of their organization.
    organization = visible(Organization, user).first() if user.is_employer else None
    svc.require_role(
        user,
        "audits.choose_auditor",
        organization,
        _("Only the Senior Management Representative chooses the external auditor."),
    )
    account = visible(WsibAccount, user).filter(pk=account_id).first()
    if account is None:
        messages.error(request, _("Choose one of your accounts."))
        return redirect("audits:engagement_list")
    auditor = visible(ExternalAuditor, user).filter(pk=auditor_id).first()
    if auditor is None:
        messages.error(request, _("Choose an auditor from the approved list."))
        return redirect("audits:engagement_list")
    try:
        engagement = svc.auditor_choose(wsib_account=account, auditor=auditor, by=user)
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
        return redirect("audits:engagement_list")
    messages.success(request, _("The auditor was asked to accept the engagement."))
    return redirect("audits:engagement_detail", pk=engagement.pk)


def _engagement_or_404(user, pk: int) -> ExternalEngagement:
    return get_visible_or_404(
        ExternalEngagement.objects.select_related(
            "wsib_account__organization", "auditor__user", "audit__tool", "internal_audit"
        ),
        user,
        pk=pk,
    )


@login_required
def engagement_detail(request, pk: int):
    user = request.user
    engagement = _engagement_or_404(user, pk)
    plan = visible(AuditPlan, user).filter(engagement=engagement).first()
    audit = engagement.audit
    is_auditor = engagement.auditor.user_id == user.pk
    items = []
    if audit is not None and visible(type(audit), user).filter(pk=audit.pk).exists():
        responses = {r.item_id: r for r in ItemResponse.objects.filter(audit=audit)}
        for item in audit_items(audit):
            items.append({"item": item, "response": responses.get(item.pk)})
    signatures = {
        (s.meeting, s.role): s
        for s in visible(MeetingSignature, user).filter(engagement=engagement)
    }
    meetings = []
    for meeting in MeetingKind:
        meetings.append(
            {
                "kind": meeting.value,
                "label": meeting.label,
                "rows": [
                    {"role": role.label, "signature": signatures.get((meeting.value, role.value))}
                    for role in SignerRole
                ],
                "document": meeting_form_document(engagement, meeting.value),
            }
        )
    caps = list(
        visible(CorrectiveActionPlan, user)
        .filter(audit_id__in=[a for a in (engagement.internal_audit_id, engagement.audit_id) if a])
        .select_related("audit")
    )
    context = {
        "engagement": engagement,
        "plan": plan,
        "audit": audit,
        "items": items,
        "findings": list(visible(EngagementFinding, user).filter(engagement=engagement)),
        "meetings": meetings,
        "signer_role": svc.signer_role(engagement, user),
        "caps": caps,
        "report": external_report_document(engagement) if engagement.report_submitted_at else None,
        "is_auditor": is_auditor,
        "is_staff": user.is_certifying_body_staff or user.is_superuser,
        "editable": is_auditor and engagement.status in ENGAGEMENT_EDITABLE,
        "plan_editable": is_auditor
        and plan is not None
        and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
        "finding_kinds": FindingKind.choices,
        "advisory_start": latest_start_to_finish_by(date(timezone.localdate().year + 1, 1, 1)),
        "statuses": EngagementStatus,
        "recertification": _recertification_panel(engagement),
    }
    return render(request, "audits/engagement_detail.html", context)


def _recertification_panel(engagement: ExternalEngagement) -> dict | None:
    """A recertification's year-1 internal audit, completed and not reviewed [001 §2.5]: what
    the external auditor validates (shown to everyone who sees the engagement)."""
    if not engagement.is_recertification:
        return None
    internal = engagement.internal_audit
    live = employer_score(internal)
    return {
        "audit": internal,
        "signed_off_at": internal.signed_off_at,
        "overall": display_pct(live.result.overall_pct) if live.result else None,
        "validated_at": engagement.internal_audit_validated_at,
    }


def _scores(request, engagement: ExternalEngagement) -> None:
    """Save every item score posted (points_<item id>, na_<id>, note_<id>)."""
    audit = engagement.audit
    if audit is None:
        raise DomainError(_("Start the audit first."), field="audit")
    for item in audit_items(audit):
        raw = request.POST.get(f"points_{item.pk}", "").strip()
        na = request.POST.get(f"na_{item.pk}") == "on"
        note = request.POST.get(f"note_{item.pk}", "")
        if raw == "" and not na:
            continue
        try:
            points = None if na else int(raw)
        except ValueError as exc:
            raise DomainError(
                _("Item %(n)s: enter whole points.") % {"n": item.number}, field="points"
            ) from exc
        response_save(
            audit=audit,
            item=item,
            points_earned=points,
            not_applicable=na,
            note=note,
            by=request.user,
        )


STEPS = {
    "accept": lambda r, e: svc.engagement_accept(
        engagement=e, by=r.user, no_conflict=r.POST.get("no_conflict") == "on"
    ),
    "decline": lambda r, e: svc.engagement_decline(
        engagement=e, by=r.user, reason=r.POST.get("reason", "")
    ),
    "plan-save": lambda r, e: svc.plan_save(
        plan=e.plan,
        by=r.user,
        scope=r.POST.get("scope", ""),
        sites=r.POST.get("sites", ""),
        starts_on=_date(r.POST.get("starts_on")),
        ends_on=_date(r.POST.get("ends_on")),
        audit_days=r.POST.get("audit_days") or None,
        interviews_management=r.POST.get("interviews_management") or 0,
        interviews_supervisors=r.POST.get("interviews_supervisors") or 0,
        interviews_workers=r.POST.get("interviews_workers") or 0,
    ),
    "plan-submit": lambda r, e: svc.plan_submit(plan=e.plan, by=r.user),
    "plan-approve": lambda r, e: svc.plan_approve(plan=e.plan, by=r.user),
    "plan-return": lambda r, e: svc.plan_return(
        plan=e.plan, by=r.user, reason=r.POST.get("reason", "")
    ),
    "start": lambda r, e: svc.external_audit_start(engagement=e, by=r.user),
    "validate-internal-audit": lambda r, e: internal_audit_validate(engagement=e, by=r.user),
    "scores": lambda r, e: _scores(r, e),
    "finding": lambda r, e: svc.finding_add(
        engagement=e,
        by=r.user,
        kind=r.POST.get("kind", ""),
        text=r.POST.get("text", ""),
        item_number=r.POST.get("item_number") or None,
    ),
    "sign": lambda r, e: svc.meeting_sign(
        engagement=e,
        meeting=r.POST.get("meeting", ""),
        by=r.user,
        typed_name=r.POST.get("typed_name", ""),
    ),
    "submit-report": lambda r, e: svc.report_submit(
        engagement=e, by=r.user, summary=r.POST.get("summary", "")
    ),
    "approve-report": lambda r, e: svc.report_approve(engagement=e, by=r.user),
    "return-report": lambda r, e: svc.report_return(
        engagement=e, by=r.user, reason=r.POST.get("reason", "")
    ),
    "cap-comment": lambda r, e: svc.cap_comment(
        engagement=e, by=r.user, comment=r.POST.get("comment", "")
    ),
}

# Who may take a step, asked before anything posted is read (403 for anyone else).
STEP_PERMISSIONS = {
    "accept": "audits.answer_engagement",
    "decline": "audits.answer_engagement",
    "plan-save": "audits.run_external_audit",
    "plan-submit": "audits.run_external_audit",
    "plan-approve": "audits.decide_plan",
    "plan-return": "audits.decide_plan",
    "start": "audits.run_external_audit",
    "validate-internal-audit": "audits.run_external_audit",
    "scores": "audits.run_external_audit",
    "finding": "audits.run_external_audit",
    "submit-report": "audits.run_external_audit",
    "approve-report": "audits.decide_report",
    "return-report": "audits.decide_report",
    "cap-comment": "audits.comment_cap",
}


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DomainError(_("Enter a date as YYYY-MM-DD."), field="date") from exc


@login_required
@require_POST
def engagement_step(request, pk: int, step: str):
    engagement = _engagement_or_404(request.user, pk)
    if step not in STEPS:
        raise Http404
    if step == "sign":
        svc.require_signer(engagement, request.user)  # who signs, before reading the form
    elif not allowed(request.user, STEP_PERMISSIONS[step], engagement):
        raise NotAllowed(_("You are not allowed to do this."))
    try:
        STEPS[step](request, engagement)
    except NotAllowed:
        raise
    except (DomainError, AuditPlan.DoesNotExist) as exc:
        message = domain_error_message(exc) if isinstance(exc, DomainError) else _("No plan yet.")
        messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("audits:engagement_detail", pk=engagement.pk)


@login_required
def engagement_report(request, pk: int):
    engagement = _engagement_or_404(request.user, pk)
    document = external_report_document(engagement) if engagement.report_submitted_at else None
    if document is None:
        raise Http404
    return document_response(document)


@login_required
def meeting_form_download(request, pk: int, meeting: str):
    engagement = _engagement_or_404(request.user, pk)
    if meeting not in MeetingKind.values:
        raise Http404
    document = meeting_form_document(engagement, meeting)
    if document is None:
        raise Http404
    return document_response(document)
