"""The external audit, one function per transition [001 §2.4 "External Audit", §3.2, §3.4;
SPEC §4.1 steps 5-7]:

- auditor_choose (the SMR), engagement_accept / engagement_decline (the auditor)
- plan_save, plan_submit (the auditor; D3 opens), plan_approve / plan_return (certifying
  body; D3 met)
- external_audit_start (only once the plan is approved): the scored `Audit` of kind external
  or re-audit; its items, notes and evidence go through audits.services.audit like every
  audit's (one code path), findings and strengths through finding_add
- meeting_sign (SMR, internal auditor, external auditor; the form PDF when all three signed)
- report_submit (the auditor), report_return / report_approve (certifying body): pass →
  certificate for the account (certification), continual-improvement CAP, D2 met; fail →
  deficiencies CAP to the auditor (cap_comment), D4: re-audit within 6 months, else
  reaudit_lapse (the sweep) restarts the cycle.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.eligibility import AuditorFacts, PreviousAudit, Refusal, eligibility_problems
from audits.enums import (
    ENGAGEMENT_ACCEPTED,
    ENGAGEMENT_DECIDED,
    ENGAGEMENT_EDITABLE,
    ENGAGEMENT_OPEN,
    PLAN_EDITABLE,
    AuditAction,
    AuditKind,
    CapItemSource,
    CapPurpose,
    CapStatus,
    EngagementStatus,
    FindingKind,
    InternalReviewStatus,
    MeetingKind,
    PlanStatus,
    SignerRole,
)
from audits.limits import (
    FINDING_MAX_LENGTH,
    REASONS_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    check_length,
    required_text,
)
from audits.models import (
    Audit,
    AuditorConflict,
    AuditPlan,
    CapItem,
    CorrectiveActionPlan,
    Element,
    EngagementFinding,
    ExternalAuditor,
    ExternalEngagement,
    Item,
    MeetingSignature,
)
from audits.planning import PlanFacts, plan_approval_due, plan_problems, reaudit_due
from audits.rules import require_role
from audits.scoring import ScoreResult, display_pct, score
from audits.submission import submission_problems
from audits.workflows import ENGAGEMENT_FLOW, PLAN_FLOW
from certification.audiences import organization_smrs
from certification.enums import CertificateStatus, MemberRole
from certification.models import Certificate, Membership, WsibAccount
from certification.services.certificates import certificate_issue, certificate_supersede
from certification.services.maintenance import (
    recertification_audit_started,
    recertification_registered,
)
from cor_portal.accounts.audiences import intake_staff
from cor_portal.deadlines.services import deadline_meet, deadline_open, deadlines_cancel_of
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, notify
from cor_portal.workflow import Conflict

from .common import D2, D3, D4, page_url, wsib_account_text
from .recertification import recertification_internal_audit_for
from .roster import signed_code_of_ethics
from .tool import published_tool


class AuditorRefused(DomainError):
    """The auditor cannot be chosen: every refusal, each naming its rule."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__(" ".join(r.message for r in refusals), field="auditor")
        self.refusals = refusals

    def as_dict(self) -> dict[str, list[str]]:
        return {"auditor": [r.message for r in self.refusals]}


class Problems(DomainError):
    """Several problems at once, by field (a plan to complete, a report not ready)."""

    def __init__(self, problems: dict[str, list[str]]):
        first = next(iter(problems))
        super().__init__(" ".join(m for ms in problems.values() for m in ms), field=first)
        self.problems = problems

    def as_dict(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.problems.items()}


def engagement_url(engagement: ExternalEngagement) -> str:
    return page_url("audits:engagement_detail", engagement.pk)


def _locked(engagement: ExternalEngagement) -> ExternalEngagement:
    return (
        ExternalEngagement.objects.select_for_update(of=("self",))
        .select_related("wsib_account__organization", "auditor__user", "audit", "reaudit_of")
        .get(pk=engagement.pk)
    )


# --- choosing the auditor -------------------------------------------------------------------


def _chain_root(engagement: ExternalEngagement | None) -> ExternalEngagement | None:
    return engagement.reaudit_of if engagement and engagement.reaudit_of_id else engagement


def previous_external_audit(
    account: WsibAccount, *, excluding_chain: ExternalEngagement | None = None
) -> ExternalEngagement | None:
    """The account's previous external audit: the latest one whose report was approved,
    leaving out the external audit a re-audit belongs to (and its re-audits)."""
    qs = ExternalEngagement.objects.filter(
        wsib_account=account, status__in=ENGAGEMENT_DECIDED
    ).select_related("auditor__user", "company")
    if excluding_chain is not None:
        qs = qs.exclude(Q(pk=excluding_chain.pk) | Q(reaudit_of=excluding_chain))
    return qs.order_by("-report_approved_on", "-pk").first()


def _failed_awaiting_reaudit(account: WsibAccount) -> ExternalEngagement | None:
    """The failed external audit whose re-audit window is open (D4), if any."""
    return (
        ExternalEngagement.objects.filter(
            wsib_account=account,
            kind=AuditKind.EXTERNAL,
            status=EngagementStatus.FAILED,
            reaudit_due_on__gte=timezone.localdate(),
        )
        .exclude(reaudits__status=EngagementStatus.PASSED)
        .order_by("-report_approved_on", "-pk")
        .first()
    )


def auditor_facts(auditor: ExternalAuditor, organization_id: int) -> AuditorFacts:
    kinds = frozenset(
        AuditorConflict.objects.filter(
            auditor=auditor, organization_id=organization_id
        ).values_list("kind", flat=True)
    )
    return AuditorFacts(
        auditor_id=auditor.pk,
        name=str(auditor.user),
        status=auditor.status,
        company_id=auditor.company_id,
        company_name=str(auditor.company or ""),
        status_since=auditor.status_changed_on,
        status_reason=auditor.status_reason,
        signed_code_of_ethics=signed_code_of_ethics(auditor.user_id),
        conflicts_with_organization=kinds,
    )


def _previous_facts(previous: ExternalEngagement | None) -> PreviousAudit | None:
    if previous is None:
        return None
    return PreviousAudit(
        auditor_id=previous.auditor_id,
        auditor_name=str(previous.auditor.user),
        company_id=previous.company_id,
        company_name=str(previous.company or ""),
        decided_on=previous.report_approved_on,
    )


def auditor_refusals(
    auditor: ExternalAuditor, account: WsibAccount, *, reaudit_of: ExternalEngagement | None = None
) -> list[Refusal]:
    """Why `auditor` cannot audit `account` now (empty: they can)."""
    previous = previous_external_audit(account, excluding_chain=reaudit_of)
    return eligibility_problems(
        auditor_facts(auditor, account.organization_id), _previous_facts(previous)
    )


def _internal_audit_for_external(account: WsibAccount) -> Audit:
    """The reviewed internal audit the external audit follows (its desk review complete,
    the cycle not restarted)."""
    audit = (
        Audit.objects.filter(
            wsib_account=account,
            internal_review__status__in=[
                InternalReviewStatus.CONFIRMED,
                InternalReviewStatus.NOT_CONFIRMED,
            ],
        )
        .order_by("-internal_review__report_issued_on", "-pk")
        .first()
    )
    if audit is None:
        raise DomainError(
            _(
                "The external audit follows the desk review of the account's internal audit; "
                "this account has no reviewed internal audit."
            ),
            field="wsib_account",
        )
    return audit


def _active_certificate(account: WsibAccount) -> Certificate | None:
    return Certificate.objects.filter(wsib_account=account, status=CertificateStatus.ACTIVE).first()


@transaction.atomic
def auditor_choose(
    *, wsib_account: WsibAccount, auditor: ExternalAuditor, by
) -> ExternalEngagement:
    """The SMR chooses the account's external auditor (a re-audit when the account's last
    external audit failed and its 6 months are running)."""
    require_role(
        by,
        "audits.choose_auditor",
        wsib_account,
        _("Only the Senior Management Representative chooses the external auditor."),
    )
    account = WsibAccount.objects.select_for_update().get(pk=wsib_account.pk)
    if ExternalEngagement.objects.filter(wsib_account=account, status__in=ENGAGEMENT_OPEN).exists():
        raise DomainError(
            _("This account already has an external audit open."), field="wsib_account"
        )
    failed = _failed_awaiting_reaudit(account)
    if failed is not None:
        kind, internal_audit_id = AuditKind.RE_AUDIT, failed.internal_audit_id
        if failed.is_recertification:
            recertification_registered(account)  # the certificate has not lapsed meanwhile
    elif _active_certificate(account) is not None:
        # Recertification [001 §2.5]: re-registered, the year-1 internal audit completed.
        recertification_registered(account)
        kind = AuditKind.EXTERNAL
        internal_audit_id = recertification_internal_audit_for(account).pk
    else:
        kind, internal_audit_id = AuditKind.EXTERNAL, _internal_audit_for_external(account).pk
    auditor = ExternalAuditor.objects.select_related("user", "company").get(pk=auditor.pk)
    refusals = auditor_refusals(auditor, account, reaudit_of=failed)
    if refusals:
        raise AuditorRefused(refusals)
    previous = previous_external_audit(account, excluding_chain=failed)
    try:
        with transaction.atomic():
            engagement = ExternalEngagement.objects.create(
                wsib_account=account,
                kind=kind,
                auditor=auditor,
                company=auditor.company,
                previous_auditor=previous.auditor if previous else None,
                previous_company=previous.company if previous else None,
                internal_audit_id=internal_audit_id,
                reaudit_of=failed,
                chosen_by=by,
            )
    except IntegrityError as exc:  # two choices at once, or a rule the database holds
        raise DomainError(
            _("This account already has an external audit open."), field="wsib_account"
        ) from exc
    record(
        subject=engagement,
        actor=by,
        action=AuditAction.AUDITOR_CHOSEN,
        to_state=EngagementStatus.CHOSEN,
        changes={"auditor": (None, str(auditor.user)), "kind": (None, kind)},
    )
    notify(
        users=[auditor.user],
        subject=Localized(
            gettext_lazy("External audit requested: %(org)s"), {"org": account.organization}
        ),
        body=Localized(
            gettext_lazy(
                "%(org)s chose you for the %(kind)s of %(account)s. Accept the engagement "
                "(declaring that you have no conflict of interest) or decline it."
            ),
            {
                "org": account.organization,
                "kind": AuditKind(kind).label.lower(),
                "account": wsib_account_text(account),
            },
        ),
        url=engagement_url(engagement),
        kind="engagement_chosen",
    )
    return engagement


def _require_auditor(by, engagement: ExternalEngagement, permission: str) -> None:
    require_role(
        by,
        permission,
        engagement,
        _("Only the external auditor of this engagement may do this."),
    )


@transaction.atomic
def engagement_accept(
    *, engagement: ExternalEngagement, by, no_conflict: bool = False
) -> ExternalEngagement:
    """The auditor accepts, declaring no conflict of interest with the organization."""
    _require_auditor(by, engagement, "audits.answer_engagement")
    engagement = _locked(engagement)
    if engagement.status != EngagementStatus.CHOSEN:
        raise Conflict(
            _("This engagement was already answered (%(status)s).")
            % {"status": engagement.get_status_display().lower()}
        )
    if not no_conflict:
        raise DomainError(
            _(
                "Declare that you have no conflict of interest with this organization (no "
                "consulting services, nothing that may be viewed as a conflict), or decline."
            ),
            field="no_conflict",
        )
    refusals = auditor_refusals(
        engagement.auditor, engagement.wsib_account, reaudit_of=engagement.reaudit_of
    )
    if refusals:
        raise AuditorRefused(refusals)
    ENGAGEMENT_FLOW.move(
        engagement,
        AuditAction.ENGAGEMENT_ACCEPTED,
        by=by,
        responded_at=timezone.now(),
        no_conflict_declared=True,
    )
    AuditPlan.objects.create(engagement=engagement)
    notify(
        users=organization_smrs(engagement.wsib_account.organization_id),
        subject=Localized(
            gettext_lazy("External auditor accepted: %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        body=Localized(
            gettext_lazy(
                "%(auditor)s accepted the external audit and prepares the audit plan with you."
            ),
            {"auditor": engagement.auditor.user},
        ),
        url=engagement_url(engagement),
        kind="engagement_accepted",
    )
    return engagement


@transaction.atomic
def engagement_decline(*, engagement: ExternalEngagement, by, reason: str) -> ExternalEngagement:
    _require_auditor(by, engagement, "audits.answer_engagement")
    engagement = _locked(engagement)
    reason = required_text(
        reason,
        limit=REASONS_MAX_LENGTH,
        field="reason",
        missing=_("Say why you decline (for example, a conflict of interest)."),
    )
    if engagement.status != EngagementStatus.CHOSEN:
        raise Conflict(
            _("This engagement was already answered (%(status)s).")
            % {"status": engagement.get_status_display().lower()}
        )
    ENGAGEMENT_FLOW.move(
        engagement,
        AuditAction.ENGAGEMENT_DECLINED,
        by=by,
        reason=reason,
        responded_at=timezone.now(),
        decline_reason=reason,
    )
    notify(
        users=organization_smrs(engagement.wsib_account.organization_id),
        subject=Localized(
            gettext_lazy("External auditor declined: %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        body=Localized(
            gettext_lazy(
                "%(auditor)s declined the external audit: %(reason)s Choose another auditor."
            ),
            {"auditor": engagement.auditor.user, "reason": reason},
        ),
        url=engagement_url(engagement),
        kind="engagement_declined",
    )
    return engagement


# --- the audit plan ----------------------------------------------------------------------


def plan_url(plan: AuditPlan) -> str:
    return page_url("audits:engagement_detail", plan.engagement_id)


def _locked_plan(plan: AuditPlan) -> AuditPlan:
    return (
        AuditPlan.objects.select_for_update(of=("self",))
        .select_related("engagement__wsib_account__organization", "engagement__auditor__user")
        .get(pk=plan.pk)
    )


def _facts(plan: AuditPlan) -> PlanFacts:
    return PlanFacts(
        scope=plan.scope,
        sites=plan.sites,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        audit_days=plan.audit_days,
        interviews_management=plan.interviews_management,
        interviews_supervisors=plan.interviews_supervisors,
        interviews_workers=plan.interviews_workers,
    )


def _count(value: Any, field: str) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Enter a whole number."), field=field) from exc
    if number < 0 or number > 10000:
        raise DomainError(_("Enter a number from 0 to 10000."), field=field)
    return number


@transaction.atomic
def plan_save(
    *,
    plan: AuditPlan,
    by,
    scope: str = "",
    sites: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    audit_days: Decimal | str | None = None,
    interviews_management: int = 0,
    interviews_supervisors: int = 0,
    interviews_workers: int = 0,
) -> AuditPlan:
    """The auditor drafts the plan (while it is a draft or returned)."""
    require_role(by, "audits.edit_plan", plan, _("Only the engagement's auditor drafts the plan."))
    plan = _locked_plan(plan)
    if plan.status not in PLAN_EDITABLE:
        raise DomainError(
            _("This plan is %(status)s; it can no longer be changed.")
            % {"status": plan.get_status_display().lower()},
            field="plan",
        )
    days: Decimal | None
    try:
        days = None if audit_days in (None, "") else Decimal(str(audit_days))
    except InvalidOperation as exc:
        raise DomainError(_("Enter the number of audit days."), field="audit_days") from exc
    if days is not None and (
        days <= 0 or days > Decimal("365") or days != days.quantize(Decimal("0.1"))
    ):
        raise DomainError(
            _("Enter from 0.1 to 365 audit days, in tenths of a day."), field="audit_days"
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("The audit cannot end before it starts."), field="ends_on")
    plan.scope = check_length((scope or "").strip(), limit=SUMMARY_MAX_LENGTH, field="scope")
    plan.sites = check_length((sites or "").strip(), limit=SUMMARY_MAX_LENGTH, field="sites")
    plan.starts_on, plan.ends_on, plan.audit_days = starts_on, ends_on, days
    plan.interviews_management = _count(interviews_management, "interviews_management")
    plan.interviews_supervisors = _count(interviews_supervisors, "interviews_supervisors")
    plan.interviews_workers = _count(interviews_workers, "interviews_workers")
    plan.save()
    record(subject=plan, actor=by, action=AuditAction.PLAN_SAVED)
    return plan


@transaction.atomic
def plan_submit(*, plan: AuditPlan, by) -> AuditPlan:
    """Submit the plan for approval: the certifying body has 21 days (D3)."""
    require_role(by, "audits.edit_plan", plan, _("Only the engagement's auditor submits the plan."))
    plan = _locked_plan(plan)
    if not PLAN_FLOW.can(plan, AuditAction.PLAN_SUBMITTED):
        raise Conflict(
            _("This plan is %(status)s; it cannot be submitted.")
            % {"status": plan.get_status_display().lower()}
        )
    problems = plan_problems(_facts(plan))
    if problems:
        raise Problems({k: [v] for k, v in problems.items()})
    today = timezone.localdate()
    PLAN_FLOW.move(plan, AuditAction.PLAN_SUBMITTED, by=by, submitted_on=today)
    engagement = plan.engagement
    due = plan_approval_due(today)
    deadline_open(
        kind=D3,
        subject=plan,
        due_on=due,
        opened_on=today,
        title=Localized(
            gettext_lazy("Approve the external audit plan of %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        url=plan_url(plan),
        organization_id=engagement.wsib_account.organization_id,
        wsib_account_id=engagement.wsib_account_id,
        actor=by,
        replace=True,
    )
    notify(
        users=intake_staff(),
        subject=Localized(
            gettext_lazy("External audit plan submitted: %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        body=Localized(
            gettext_lazy("Approve the plan or return it with reasons by %(due)s."),
            {"due": due.isoformat()},
        ),
        url=plan_url(plan),
        kind="plan_submitted",
    )
    return plan


def _require_plan_decider(by, plan: AuditPlan) -> AuditPlan:
    require_role(
        by, "audits.decide_plan", plan, _("Only certifying-body staff approve audit plans.")
    )
    plan = _locked_plan(plan)
    if plan.status == PlanStatus.APPROVED:
        assert plan.decided_at is not None
        raise Conflict(
            _("This plan was already approved on %(date)s.")
            % {"date": timezone.localdate(plan.decided_at).isoformat()}
        )
    if plan.status != PlanStatus.SUBMITTED:
        raise Conflict(
            _("This plan is %(status)s; only a submitted plan is decided.")
            % {"status": plan.get_status_display().lower()}
        )
    status = (
        ExternalEngagement.objects.filter(pk=plan.engagement_id)
        .values_list("status", flat=True)
        .first()
    )
    if status is not None and status not in ENGAGEMENT_OPEN:
        raise Conflict(
            _("This plan's engagement ended (%(status)s); its plan is no longer decided.")
            % {"status": EngagementStatus(status).label.lower()}
        )
    return plan


def _tell_auditor_and_smrs(
    engagement: ExternalEngagement, subject: Localized, body: Localized, kind: str
) -> None:
    notify(
        users=[
            engagement.auditor.user,
            *organization_smrs(engagement.wsib_account.organization_id),
        ],
        subject=subject,
        body=body,
        url=engagement_url(engagement),
        kind=kind,
    )


@transaction.atomic
def plan_approve(*, plan: AuditPlan, by) -> AuditPlan:
    plan = _require_plan_decider(by, plan)
    PLAN_FLOW.move(plan, AuditAction.PLAN_APPROVED, by=by, decided_by=by, decided_at=timezone.now())
    # A late approval leaves D3 to the sweep, which records the SLA breach.
    deadline_meet(kind=D3, subject=plan, actor=by, missing_ok=True)
    engagement = plan.engagement
    _tell_auditor_and_smrs(
        engagement,
        Localized(
            gettext_lazy("External audit plan approved: %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        Localized(gettext_lazy("The audit plan was approved; the external audit can start.")),
        "plan_approved",
    )
    return plan


@transaction.atomic
def plan_return(*, plan: AuditPlan, by, reason: str) -> AuditPlan:
    require_role(
        by, "audits.decide_plan", plan, _("Only certifying-body staff approve audit plans.")
    )
    reason = required_text(
        reason,
        limit=REASONS_MAX_LENGTH,
        field="reason",
        missing=_("Give the reasons the plan is returned."),
    )
    plan = _require_plan_decider(by, plan)
    PLAN_FLOW.move(
        plan,
        AuditAction.PLAN_RETURNED,
        by=by,
        reason=reason,
        decided_by=by,
        decided_at=timezone.now(),
        return_reason=reason,
    )
    deadline_meet(kind=D3, subject=plan, actor=by, missing_ok=True)
    engagement = plan.engagement
    notify(
        users=[engagement.auditor.user],
        subject=Localized(
            gettext_lazy("External audit plan returned: %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        body=Localized(gettext_lazy("The audit plan was returned: %(reason)s"), {"reason": reason}),
        url=plan_url(plan),
        kind="plan_returned",
    )
    return plan


# --- the external audit -----------------------------------------------------------------


@transaction.atomic
def external_audit_start(*, engagement: ExternalEngagement, by) -> Audit:
    """Start the scored external audit (or re-audit): only once the plan is approved."""
    _require_auditor(by, engagement, "audits.run_external_audit")
    engagement = _locked(engagement)
    if engagement.status != EngagementStatus.ACCEPTED:
        raise Conflict(
            _("This external audit is %(status)s; it cannot be started.")
            % {"status": engagement.get_status_display().lower()}
        )
    plan = AuditPlan.objects.get(engagement=engagement)
    if plan.status != PlanStatus.APPROVED:
        raise DomainError(
            _(
                "The audit cannot start before the certifying body approves the audit plan "
                "(the plan is %(status)s)."
            )
            % {"status": plan.get_status_display().lower()},
            field="plan",
        )
    tool = published_tool(engagement.wsib_account.organization.program_id)
    if tool is None:
        raise DomainError(_("No audit tool is offered for new audits yet."), field="tool")
    audit = Audit.objects.create(
        kind=engagement.kind,
        wsib_account=engagement.wsib_account,
        tool=tool,
        internal_auditor=engagement.internal_audit.internal_auditor,
        prepared_by=by,
    )
    ENGAGEMENT_FLOW.move(engagement, AuditAction.EXTERNAL_AUDIT_STARTED, by=by, audit=audit)
    if engagement.is_recertification and engagement.kind == AuditKind.EXTERNAL:
        # Year 4's D5: the recertification external audit started (60-90 days ahead).
        recertification_audit_started(
            wsib_account=engagement.wsib_account, audit_id=audit.pk, by=by
        )
    record(
        subject=audit,
        actor=by,
        action=AuditAction.STARTED,
        to_state=EngagementStatus.AUDIT_IN_PROGRESS,
        changes={"tool": (None, str(tool))},
    )
    return audit


def _check_editable(engagement: ExternalEngagement) -> None:
    if engagement.status not in ENGAGEMENT_EDITABLE:
        raise DomainError(
            _("This external audit is %(status)s; it can no longer be changed.")
            % {"status": engagement.get_status_display().lower()},
            field="engagement",
        )


@transaction.atomic
def finding_add(
    *,
    engagement: ExternalEngagement,
    by,
    kind: str,
    text: str,
    element_number: int | None = None,
    item_number: str | None = None,
) -> EngagementFinding:
    """A finding or a strength for the report, about an element or item of the tool."""
    _require_auditor(by, engagement, "audits.run_external_audit")
    engagement = _locked(engagement)
    _check_editable(engagement)
    if kind not in FindingKind.values:
        raise DomainError(_("Choose finding or strength."), field="kind")
    text = required_text(
        text, limit=FINDING_MAX_LENGTH, field="text", missing=_("Write the finding.")
    )
    assert engagement.audit is not None  # in progress: started
    tool_id = engagement.audit.tool_id
    element = item = None
    if item_number:
        item = (
            Item.objects.filter(tool_id=tool_id, number=str(item_number))
            .select_related("sub_section__element")
            .first()
        )
        if item is None:
            raise DomainError(_("No item %(n)s in this tool.") % {"n": item_number}, field="item")
        element = item.sub_section.element
    elif element_number is not None:
        element = Element.objects.filter(tool_id=tool_id, number=element_number).first()
        if element is None:
            raise DomainError(
                _("No element %(n)s in this tool.") % {"n": element_number}, field="element"
            )
    finding = EngagementFinding.objects.create(
        engagement=engagement, kind=kind, element=element, item=item, text=text, created_by=by
    )
    record(
        subject=engagement,
        actor=by,
        action=AuditAction.FINDING_ADDED,
        changes={str(kind): (None, text[:200])},
    )
    return finding


def external_score(audit: Audit) -> ScoreResult:
    from audits.selectors import item_scores

    employer, _reviewer = item_scores(audit)
    return score(employer, audit.tool.benchmarks)


@transaction.atomic
def report_submit(*, engagement: ExternalEngagement, by, summary: str = "") -> ExternalEngagement:
    """The auditor signs and submits the external audit report for approval."""
    from .audit import submission_facts

    _require_auditor(by, engagement, "audits.run_external_audit")
    engagement = _locked(engagement)
    _check_editable(engagement)
    summary = check_length((summary or "").strip(), limit=SUMMARY_MAX_LENGTH, field="summary")
    if engagement.is_recertification and engagement.internal_audit_validated_at is None:
        raise DomainError(
            _(
                "Validate that the recertification internal audit was completed before "
                "submitting the report."
            ),
            field="internal_audit",
        )
    audit = engagement.audit
    assert audit is not None
    today = timezone.localdate()
    items, evidence = submission_facts(audit)
    problems = submission_problems(items=items, evidence=evidence, submitted_on=today)
    if problems:
        raise Problems({"audit": list(problems)})
    now = timezone.now()
    Audit.objects.filter(pk=audit.pk).update(signed_off_by=by, signed_off_at=now, updated_at=now)
    values: dict[str, Any] = {
        "report_submitted_at": now,
        "report_summary": summary,
        # A (re-)submitted report waits for desktop QA before it can be released.
        "report_qa_cleared_at": None,
    }
    if engagement.status == EngagementStatus.AUDIT_IN_PROGRESS:
        ENGAGEMENT_FLOW.move(engagement, AuditAction.REPORT_SUBMITTED, by=by, **values)
    else:
        ENGAGEMENT_FLOW.move(engagement, AuditAction.REPORT_RESUBMITTED, by=by, **values)
    notify(
        users=intake_staff(),
        subject=Localized(
            gettext_lazy("External audit report submitted: %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        body=Localized(
            gettext_lazy(
                "Review the external audit report and approve it or return it to the auditor."
            )
        ),
        url=engagement_url(engagement),
        kind="report_submitted",
    )
    from audits.external_documents import external_report_issue

    transaction.on_commit(lambda: external_report_issue(engagement_id=engagement.pk))
    return engagement


def _require_report_decider(by, engagement: ExternalEngagement) -> ExternalEngagement:
    require_role(
        by,
        "audits.decide_report",
        engagement,
        _("Only certifying-body staff approve external audit reports."),
    )
    engagement = _locked(engagement)
    if engagement.status in ENGAGEMENT_DECIDED:
        assert engagement.report_approved_on is not None
        raise Conflict(
            _("This external audit report was already approved on %(date)s.")
            % {"date": engagement.report_approved_on.isoformat()}
        )
    if engagement.status != EngagementStatus.REPORT_SUBMITTED:
        raise Conflict(
            _("This external audit is %(status)s; there is no submitted report to decide.")
            % {"status": engagement.get_status_display().lower()}
        )
    return engagement


@transaction.atomic
def report_return(*, engagement: ExternalEngagement, by, reason: str) -> ExternalEngagement:
    require_role(
        by,
        "audits.decide_report",
        engagement,
        _("Only certifying-body staff approve external audit reports."),
    )
    reason = required_text(
        reason,
        limit=REASONS_MAX_LENGTH,
        field="reason",
        missing=_("Give the reasons the report is returned."),
    )
    engagement = _require_report_decider(by, engagement)
    ENGAGEMENT_FLOW.move(
        engagement, AuditAction.REPORT_RETURNED, by=by, reason=reason, return_reason=reason
    )
    notify(
        users=[engagement.auditor.user],
        subject=Localized(
            gettext_lazy("External audit report returned: %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        body=Localized(gettext_lazy("The report was returned: %(reason)s"), {"reason": reason}),
        url=engagement_url(engagement),
        kind="report_returned",
    )
    return engagement


def _external_cap(audit: Audit, engagement: ExternalEngagement, result: ScoreResult, by):
    """The external audit's CAP: continual improvement after a pass; the failed benchmarks
    and findings to correct after a fail (the employer completes and submits it; after a
    fail it goes to the external auditor, who comments)."""
    purpose = CapPurpose.CONTINUAL_IMPROVEMENT if result.passed else CapPurpose.DEFICIENCIES
    plan = CorrectiveActionPlan.objects.create(audit=audit, purpose=purpose)
    elements = {e.number: e for e in Element.objects.filter(tool_id=audit.tool_id)}
    items = {i.number: i for i in Item.objects.filter(tool_id=audit.tool_id)}
    rows: list[CapItem] = []
    for failure in result.failures:
        rows.append(
            CapItem(
                plan=plan,
                order=len(rows) + 1,
                source=CapItemSource.FAILED_BENCHMARK,
                element=elements.get(failure.element) if failure.element else None,
                item=items.get(failure.item) if failure.item else None,
                failure_kind=str(failure.kind),
                failure_facts=failure.facts(),
                description=failure.describe(),
            )
        )
    for finding in engagement.findings.filter(kind=FindingKind.FINDING).order_by("pk"):
        rows.append(
            CapItem(
                plan=plan,
                order=len(rows) + 1,
                source=CapItemSource.FINDING,
                element_id=finding.element_id,
                item_id=finding.item_id,
                description=finding.text,
            )
        )
    CapItem.objects.bulk_create(rows)
    record(
        subject=plan,
        actor=by,
        action=AuditAction.CAP_GENERATED,
        to_state=CapStatus.DRAFT,
        changes={"items": (None, len(rows)), "purpose": (None, purpose)},
    )
    return plan


def _issue_certificate(engagement: ExternalEngagement, *, on: date, by) -> Certificate:
    """The account's certificate (certification records the outcome; its issue date is the
    anniversary date: the day the passing report is approved). A recertification's pass
    supersedes the account's active certificate: a new 3-year cycle, its maintenance years
    planned, the pending standing cleared [001 §2.5]."""
    if engagement.is_recertification:
        active = _active_certificate(engagement.wsib_account)
        if active is None:
            raise DomainError(
                _(
                    "WSIB account %(account)s no longer holds an active certificate: the "
                    "certification lapsed and the account starts the COR process again."
                )
                % {"account": engagement.wsib_account.account_number},
                field="wsib_account",
                code="conflict",
            )
        return certificate_supersede(
            certificate=active,
            anniversary_date=on,
            by=by,
            source_audit_id=engagement.audit_id,
            reason=_("Recertification external audit passed"),
        )
    return certificate_issue(
        wsib_account=engagement.wsib_account,
        anniversary_date=on,
        by=by,
        source_audit_id=engagement.audit_id,
        reason=_("External audit passed"),
    )


@transaction.atomic
def report_approve(*, engagement: ExternalEngagement, by) -> ExternalEngagement:
    """Approve the submitted report. The outcome follows the audit's score: pass → the
    certificate for the account, a continual-improvement CAP, D2 met; fail → a CAP of
    deficiencies and 6 months for the re-audit (D4)."""
    engagement = _require_report_decider(by, engagement)
    from .qa_gate import report_qa_refusal

    refusal = report_qa_refusal(engagement)
    if refusal is not None:
        raise Conflict(refusal)
    audit = engagement.audit
    assert audit is not None
    result = external_score(Audit.objects.select_related("tool").get(pk=audit.pk))
    today = timezone.localdate()
    changes = {"overall": (None, display_pct(result.overall_pct))}
    values: dict[str, Any] = {"report_approved_on": today, "report_decided_by": by}
    # The external audit of the internal audit's cycle is complete (D2, after a "not
    # confirmed" review, is met whatever its outcome: D4 takes over after a fail).
    deadline_meet(kind=D2, subject=engagement.internal_audit, actor=by, on=today, missing_ok=True)
    root = _chain_root(engagement)
    if result.passed:
        ENGAGEMENT_FLOW.move(
            engagement, AuditAction.REPORT_PASSED, by=by, changes=changes, **values
        )
        if engagement.kind == AuditKind.RE_AUDIT and root is not None:
            deadline_meet(kind=D4, subject=root, actor=by, on=today, missing_ok=True)
        _issue_certificate(engagement, on=today, by=by)
        subject = gettext_lazy("External audit passed: %(account)s")
        body = gettext_lazy(
            "The external audit report was approved (overall %(overall)s %%). The certificate "
            "of recognition is issued; submit a corrective action plan for continual "
            "improvement."
        )
    else:
        if engagement.kind == AuditKind.RE_AUDIT and root is not None:
            due = root.reaudit_due_on
        else:
            due = reaudit_due(today)
        assert due is not None
        ENGAGEMENT_FLOW.move(
            engagement,
            AuditAction.REPORT_FAILED,
            by=by,
            changes=changes,
            reaudit_due_on=due,
            **values,
        )
        if engagement.kind == AuditKind.EXTERNAL:
            deadline_open(
                kind=D4,
                subject=engagement,
                due_on=due,
                opened_on=today,
                title=Localized(
                    gettext_lazy("Complete the re-audit of %(account)s"),
                    {"account": wsib_account_text(engagement.wsib_account)},
                ),
                url=engagement_url(engagement),
                organization_id=engagement.wsib_account.organization_id,
                wsib_account_id=engagement.wsib_account_id,
                actor=by,
            )
        subject = gettext_lazy("External audit: re-audit required: %(account)s")
        body = gettext_lazy(
            "The external audit report was approved (overall %(overall)s %%) and did not meet "
            "the benchmarks. Send the external auditor a corrective action plan with "
            "implementation dates; the re-audit must be completed by %(due)s, or the COR "
            "process restarts with a new internal audit."
        )
    _external_cap(audit, engagement, result, by)
    notify(
        users=[
            engagement.auditor.user,
            *organization_smrs(engagement.wsib_account.organization_id),
        ],
        subject=Localized(subject, {"account": wsib_account_text(engagement.wsib_account)}),
        body=Localized(
            body,
            {
                "overall": display_pct(result.overall_pct),
                "due": engagement.reaudit_due_on.isoformat() if engagement.reaudit_due_on else "",
            },
        ),
        url=engagement_url(engagement),
        kind="report_decided",
    )
    return engagement


@transaction.atomic
def cap_comment(*, engagement: ExternalEngagement, by, comment: str) -> ExternalEngagement:
    """The external auditor comments on the employer's CAP after a failed audit."""
    _require_auditor(by, engagement, "audits.comment_cap")
    comment = required_text(
        comment, limit=REASONS_MAX_LENGTH, field="comment", missing=_("Write your comment.")
    )
    engagement = _locked(engagement)
    if engagement.status != EngagementStatus.FAILED:
        raise DomainError(
            _("The auditor comments on the plan that follows a failed external audit."),
            field="engagement",
        )
    before = engagement.cap_comment
    ExternalEngagement.objects.filter(pk=engagement.pk).update(cap_comment=comment)
    engagement.cap_comment = comment
    record(
        subject=engagement,
        actor=by,
        action=AuditAction.CAP_COMMENTED,
        changes={"comment": (before or None, comment[:200])},
    )
    notify(
        users=organization_smrs(engagement.wsib_account.organization_id),
        subject=Localized(
            gettext_lazy("The external auditor commented on your plan: %(account)s"),
            {"account": wsib_account_text(engagement.wsib_account)},
        ),
        body=comment,
        url=engagement_url(engagement),
        kind="cap_commented",
    )
    return engagement


def reaudit_lapse(*, engagement_ids: Sequence[int]) -> list[int]:
    """D4 missed: the failed external audits (and their failed re-audits) end, the cycle
    restarts; the SMRs are told to start a new internal audit. Set-based."""
    qs = ExternalEngagement.objects.filter(
        Q(pk__in=engagement_ids) | Q(reaudit_of_id__in=engagement_ids)
    )
    moved = ENGAGEMENT_FLOW.move_set(
        qs,
        AuditAction.REAUDIT_LAPSED,
        reason=_("The re-audit was not completed within 6 months of the report."),
    )
    # A re-audit still open (chosen, accepted, in progress, its report submitted or
    # returned) cannot proceed once the cycle restarts: it ends too, with its history, and
    # its plan's approval deadline (D3) with it.
    cancelled = ENGAGEMENT_FLOW.move_set(
        ExternalEngagement.objects.filter(reaudit_of_id__in=engagement_ids),
        AuditAction.REAUDIT_CANCELLED,
        reason=_(
            "The re-audit was not completed within 6 months of the report (D4 missed); the "
            "COR process restarts with a new internal audit."
        ),
    )
    if cancelled:
        deadlines_cancel_of(
            model=AuditPlan,
            subject_ids=list(
                AuditPlan.objects.filter(engagement_id__in=cancelled).values_list("pk", flat=True)
            ),
            kinds=[D3],
            reason=_("The re-audit was cancelled: the COR process restarts (D4 missed)."),
        )
        # The auditor of a cancelled re-audit stops work on it: tell them, each in their
        # own language, with the account so they know which engagement ended.
        for reaudit in ExternalEngagement.objects.filter(pk__in=cancelled).select_related(
            "auditor__user", "wsib_account__organization"
        ):
            if reaudit.auditor_id is None or not reaudit.auditor.user.is_active:
                continue
            notify(
                users=[reaudit.auditor.user],
                subject=Localized(
                    gettext_lazy("Re-audit cancelled: %(account)s"),
                    {"account": wsib_account_text(reaudit.wsib_account)},
                ),
                body=Localized(
                    gettext_lazy(
                        "The re-audit was not completed within 6 months of the external audit "
                        "report (D4 missed). The COR process restarts with a new internal audit; "
                        "stop work on this re-audit."
                    )
                ),
                url=engagement_url(reaudit),
                kind="reaudit_cancelled",
            )
    moved = [*moved, *cancelled]
    org_ids = set(
        ExternalEngagement.objects.filter(pk__in=engagement_ids).values_list(
            "wsib_account__organization_id", flat=True
        )
    )
    users = [
        m.user
        for m in Membership.objects.filter(
            organization_id__in=org_ids, role=MemberRole.SMR, user__is_active=True
        ).select_related("user")
    ]
    if users:
        notify(
            users=users,
            subject=Localized(
                gettext_lazy("Re-audit not completed in time: the COR process restarts")
            ),
            body=Localized(
                gettext_lazy(
                    "The re-audit was not completed within 6 months of the external audit report. "
                    "Start a new internal audit."
                )
            ),
            kind="cycle_restarted",
        )
    return moved


# --- meeting forms ----------------------------------------------------------------------


def signer_role(engagement: ExternalEngagement, user) -> str | None:
    """Who `user` signs a meeting form as, for this engagement (None: not a signer)."""
    if not user.is_authenticated:
        return None
    if user.is_external_auditor and engagement.auditor.user_id == user.pk:
        return SignerRole.EXTERNAL_AUDITOR
    role = (
        Membership.objects.filter(
            user=user, organization_id=engagement.wsib_account.organization_id
        )
        .values_list("role", flat=True)
        .first()
    )
    if role == MemberRole.SMR:
        return SignerRole.SMR
    if role == MemberRole.INTERNAL_AUDITOR:
        return SignerRole.INTERNAL_AUDITOR
    return None


def require_signer(engagement: ExternalEngagement, by) -> str:
    """Who signs the meeting forms (the SMR, the internal auditor, the external auditor), or
    NotAllowed — asked by pages and API before they read the form, and by meeting_sign."""
    role = signer_role(engagement, by)
    if role is None:
        from cor_portal.errors import NotAllowed

        raise NotAllowed(
            _("The SMR, the internal auditor and the external auditor sign the meeting forms.")
        )
    return role


@transaction.atomic
def meeting_sign(
    *, engagement: ExternalEngagement, meeting: str, by, typed_name: str
) -> MeetingSignature:
    """Sign the pre- or post-audit meeting form (typed name, time, user). When the SMR, the
    internal auditor and the external auditor have signed, the form is stored as a
    document."""
    engagement = _locked(engagement)
    role = require_signer(engagement, by)
    if meeting not in MeetingKind.values:
        raise DomainError(_("Choose the pre-audit or the post-audit meeting."), field="meeting")
    if engagement.status not in ENGAGEMENT_ACCEPTED or engagement.status == (
        EngagementStatus.CYCLE_RESTARTED
    ):
        raise DomainError(
            _("The meeting forms are signed once the auditor has accepted the engagement."),
            field="engagement",
        )
    if meeting == MeetingKind.POST_AUDIT and engagement.status == EngagementStatus.ACCEPTED:
        raise DomainError(
            _("The post-audit meeting form is signed after the audit has started."),
            field="meeting",
        )
    typed_name = required_text(
        typed_name, limit=200, field="typed_name", missing=_("Type your name to sign.")
    )
    if MeetingSignature.objects.filter(engagement=engagement, meeting=meeting, role=role).exists():
        raise DomainError(
            _("The %(role)s has already signed this form.") % {"role": SignerRole(role).label},
            field="meeting",
        )
    signature = MeetingSignature.objects.create(
        engagement=engagement, meeting=meeting, role=role, user=by, typed_name=typed_name
    )
    record(
        subject=engagement,
        actor=by,
        action=AuditAction.MEETING_SIGNED,
        changes={str(meeting): (None, f"{role}: {typed_name}")},
    )
    signed = MeetingSignature.objects.filter(engagement=engagement, meeting=meeting).count()
    if signed == len(SignerRole.values):
        from audits.external_documents import meeting_form_issue

        engagement_id = engagement.pk
        transaction.on_commit(
            lambda: meeting_form_issue(engagement_id=engagement_id, meeting=meeting)
        )
    return signature
