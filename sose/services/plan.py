"""The action plan, one function per transition [SPEC §6; seeds 000, 002]. Each runs in a
transaction, checks who acts (403) before the state and the input (400 naming the field),
moves the status through sose.workflows.PLAN_FLOW (history) and opens or meets deadlines:

- plan_start (SMR): eligibility by rule (sose.eligibility); a SOSE plan is pre-filled with
  one objective per corrective-action item of the most recent successful external audit and
  opens D12 (12 months from that audit's completion); a maintenance plan opens D18 (its
  program year's spring proposal deadline)
- objective_save / objective_remove / milestone_save / milestone_remove (SMR, internal
  auditor; while the plan is a draft or returned)
- proposal_submit (SMR): refused with every problem of the kind's rules (a CAP item left
  out is named)
- plan_approve / plan_return (the kind's approver: SOSE's Lead Auditor, ACSA's QA reviewer);
  an approved maintenance plan's D18 proposal deadline is met and the fall one opens
- verification_plan_record (SOSE: the associate auditor: scope and cost estimate)
- milestone_complete, deliverable_attach, self_score_record (employer, once approved)
- final_submit (SMR: executive summary for ACSA, sign-off with date), D18 fall deadline met
- final_return (the scorer asks for amendments; ACSA)
- plan_score (the scorer: QA reviewer's score of record, or the associate auditor's
  verification with notes and executive summary): pass mark met → passed; ACSA below 60 %
  opens D19 (maintenance audit by December 31)
- plan_lapse (the sweep: D12 / D18 missed)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.enums import AuditKind, EngagementStatus
from audits.evidence import discard_stored, store_evidence_file
from audits.models import CapItem, ExternalEngagement
from certification.enums import EmploymentStatus
from certification.models import Person, WsibAccount
from cor_portal.deadlines.services.deadline import deadline_meet, deadline_open
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized

from ..dates import d12_due, d19_due
from ..eligibility import EligibilityFacts, eligibility_problems
from ..engine import (
    KindConfig,
    MilestoneScore,
    MilestoneShape,
    ObjectiveShape,
    Problem,
    decimal_problem,
    deliverable_problems,
    pct_as_decimal,
    plan_problems,
    score_problems,
    weighted_score,
)
from ..enums import PLAN_EDITABLE, PLAN_IN_PROGRESS, PLAN_OPEN, PlanAction, PlanKind, PlanStatus
from ..kinds import config_of
from ..models import ActionPlan, Deliverable, Milestone, Objective
from ..rules import require_as, require_editor, require_smr
from ..workflows import PLAN_FLOW

D12, D18_PROPOSAL, D18_FINAL, D19 = "D12", "D18", "D18", "D19"
TEXT_MAX = 4000
UNCHANGED: Any = object()


class PlanProblems(DomainError):
    """Every problem found, each naming its rule (the API answers them as a list)."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__(" ".join(p.message for p in problems), field="plan")
        self.problems = list(problems)

    def as_dict(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p.message)
        out["rules"] = [p.rule for p in self.problems]
        return out


def _account_text(account: WsibAccount) -> Localized:
    return Localized(gettext_lazy("account %(number)s"), {"number": account.account_number})


def _locked(plan: ActionPlan) -> ActionPlan:
    return (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("wsib_account", "associate_auditor")
        .get(pk=plan.pk)
    )


def _text(value: str, *, field: str, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(
            _("Keep this to %(limit)s characters or fewer.") % {"limit": limit}, field=field
        )
    return value


def _check_state(plan: ActionPlan, states, message: str) -> None:
    if plan.status not in states:
        raise DomainError(message % {"status": plan.get_status_display().lower()}, field="status")


# --- eligibility and start ------------------------------------------------------------------


def last_successful_external(account: WsibAccount) -> ExternalEngagement | None:
    return (
        ExternalEngagement.objects.filter(wsib_account=account, status=EngagementStatus.PASSED)
        .select_related("audit__tool", "auditor")
        .order_by("-report_approved_on", "-pk")
        .first()
    )


def _external_pct(engagement: ExternalEngagement) -> Decimal | None:
    from audits.services.engagement import external_score

    assert engagement.audit is not None
    return pct_as_decimal(external_score(engagement.audit).overall_pct)


def eligibility_facts(config: KindConfig, account: WsibAccount, today: date) -> EligibilityFacts:
    open_exists = ActionPlan.objects.filter(
        wsib_account=account, kind=config.kind, status__in=PLAN_OPEN
    ).exists()
    if config.kind == PlanKind.SOSE_SAP:
        engagement = last_successful_external(account)
        if engagement is None or engagement.audit is None:
            return EligibilityFacts(today=today, open_plan_exists=open_exists)
        return EligibilityFacts(
            today=today,
            external_audit_passed=True,
            external_audit_tool=f"{engagement.audit.tool.name} {engagement.audit.tool.version}",
            external_audit_pct=_external_pct(engagement),
            external_audit_initial=engagement.kind == AuditKind.EXTERNAL,
            sose_window_ends_on=(
                d12_due(engagement.report_approved_on) if engagement.report_approved_on else None
            ),
            open_plan_exists=open_exists,
        )
    from certification.models import Certificate

    certificates = list(
        Certificate.objects.filter(wsib_account=account).order_by("anniversary_date")
    )
    current = [c for c in certificates if c.anniversary_date <= today <= c.expiry_date]
    previous = (
        ActionPlan.objects.filter(
            wsib_account=account, kind=config.kind, program_year=today.year - 1
        )
        .exclude(status=PlanStatus.LAPSED)
        .first()
    )
    return EligibilityFacts(
        today=today,
        certified=bool(current),
        certified_auditor_on_staff=Person.objects.filter(
            organization_id=account.organization_id,
            is_internal_auditor=True,
            active=True,
            employment_status=EmploymentStatus.PERMANENT_FULL_TIME,
        ).exists(),
        full_cycle_completed=any(c.expiry_date <= today for c in certificates)
        or len(certificates) > 1,
        previous_plan_consecutive=previous is not None,
        previous_plan_pct=previous.score_pct if previous is not None else None,
        open_plan_exists=open_exists,
    )


@transaction.atomic
def plan_start(*, kind: str, wsib_account: WsibAccount, by) -> ActionPlan:
    """Start a plan of `kind` for the account (its SMR), if every eligibility rule holds."""
    try:
        config = config_of(kind)
    except LookupError:
        raise DomainError(_("Choose a kind of action plan."), field="kind") from None
    probe = ActionPlan(wsib_account=wsib_account, kind=kind)
    require_smr(by, probe)
    WsibAccount.objects.select_for_update().get(pk=wsib_account.pk)
    today = timezone.localdate()
    problems = eligibility_problems(config, eligibility_facts(config, wsib_account, today))
    if problems:
        raise PlanProblems(problems)
    values: dict[str, Any] = {}
    engagement = None
    if config.objectives_from_cap:
        engagement = last_successful_external(wsib_account)
        assert engagement is not None
        values.update(source_engagement=engagement, associate_auditor=engagement.auditor)
    if kind == PlanKind.ACSA_MAINTENANCE:
        values["program_year"] = _open_program_year(kind, today)
    try:
        with transaction.atomic():
            plan = ActionPlan.objects.create(
                kind=kind, wsib_account=wsib_account, created_by=by, **values
            )
    except IntegrityError:
        raise DomainError(
            _("This account already has a plan of this kind open."), field="wsib_account"
        ) from None
    record(subject=plan, actor=by, action=PlanAction.CREATED, to_state=PlanStatus.DRAFT)
    if engagement is not None:
        _prefill_from_cap(plan, engagement)
    title_params = {"account": wsib_account.account_number}
    if "D12" in config.deadlines and engagement and engagement.report_approved_on:
        deadline_open(
            kind=D12,
            subject=plan,
            due_on=d12_due(engagement.report_approved_on),
            opened_on=today,
            title=Localized(
                gettext_lazy("SAP verification and SOSE application for account %(account)s"),
                title_params,
            ),
            url=plan_url(plan),
            organization_id=wsib_account.organization_id,
            wsib_account_id=wsib_account.pk,
            actor=by,
        )
    if "D18" in config.deadlines:
        due = proposal_due(plan)
        if due is not None:
            deadline_open(
                kind=D18_PROPOSAL,
                subject=plan,
                due_on=due,
                opened_on=today,
                title=Localized(
                    gettext_lazy("Action plan proposal for account %(account)s"), title_params
                ),
                url=plan_url(plan),
                organization_id=wsib_account.organization_id,
                wsib_account_id=wsib_account.pk,
                actor=by,
            )
    return plan


def _program_year_row(kind: str, year: int):
    """The configured program year of the program that runs plans of this kind, or None.
    The kind is matched in Python: a handful of programs, and a JSON `contains` lookup is not
    available on the embedded SQLite default that `make run` uses."""
    from certification.models import ProgramYear

    rows = ProgramYear.objects.filter(year=year).select_related("program").order_by("pk")
    return next((r for r in rows if kind in (r.program.action_plan_kinds or [])), None)


def _open_program_year(kind: str, today: date) -> int:
    """The program year a plan started today belongs to: this calendar year, or the next
    one once this year's proposal deadline has passed (its D18 could no longer be met)."""
    row = _program_year_row(kind, today.year)
    if row is not None and row.proposal_due_on is not None and row.proposal_due_on < today:
        return today.year + 1
    return today.year


def _program_dates(plan: ActionPlan) -> tuple[date | None, date | None, date | None]:
    """The plan's program year's (proposal, final, maintenance audit) dates. Until a program
    year calendar is configured: none for the proposal and final, December 31 for D19."""
    year = plan.program_year or timezone.localdate().year
    row = _program_year_row(plan.kind, year)
    if row is None:
        return None, None, d19_due(year)
    return (
        row.proposal_due_on,
        row.final_submission_due_on,
        d19_due(year, row.maintenance_audit_due_on),
    )


def proposal_due(plan: ActionPlan) -> date | None:
    return _program_dates(plan)[0]


def final_due(plan: ActionPlan) -> date | None:
    return _program_dates(plan)[1]


def plan_url(plan: ActionPlan) -> str:
    from audits.services.common import page_url

    return page_url("sose:plan_detail", plan.pk)


def _prefill_from_cap(plan: ActionPlan, engagement: ExternalEngagement) -> None:
    """One objective per corrective-action item of the external audit (every item)."""
    items = list(CapItem.objects.filter(plan__audit_id=engagement.audit_id).order_by("order", "pk"))
    Objective.objects.bulk_create(
        Objective(plan=plan, order=i, cap_item=item, statement=item.action or item.description)
        for i, item in enumerate(items, start=1)
    )


def cap_items_to_cover(plan: ActionPlan) -> dict[int, str]:
    if not plan.config.objectives_from_cap or plan.source_engagement_id is None:
        return {}
    engagement = ExternalEngagement.objects.get(pk=plan.source_engagement_id)
    return {
        item.pk: item.description
        for item in CapItem.objects.filter(plan__audit_id=engagement.audit_id).order_by(
            "order", "pk"
        )
    }


# --- objectives and milestones --------------------------------------------------------------

OBJECTIVE_FIELDS = ("statement", "measure", "starts_on", "ends_on", "from_recommendation")
MILESTONE_FIELDS = ("description", "assignee", "target_date", "deliverable", "weight")


def _editable(plan: ActionPlan, by) -> ActionPlan:
    require_editor(by, plan)
    plan = _locked(plan)
    _check_state(
        plan, PLAN_EDITABLE, _("This plan is %(status)s; its objectives can no longer change.")
    )
    return plan


def _clean_objective(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in OBJECTIVE_FIELDS:
        if name not in values or values[name] is UNCHANGED:
            continue
        value = values[name]
        if name in ("statement", "measure"):
            value = _text(value, field=name)
        if name == "from_recommendation":
            value = bool(value)
        out[name] = value
    return out


@transaction.atomic
def objective_save(
    *, plan: ActionPlan, by, objective: Objective | None = None, cap_item_id=None, **values
) -> Objective:
    plan = _editable(plan, by)
    fields = _clean_objective(values)
    if cap_item_id is not None:
        if cap_item_id not in cap_items_to_cover(plan):
            raise DomainError(
                _("Choose a corrective action item of the plan's external audit."),
                field="cap_item",
            )
        fields["cap_item_id"] = cap_item_id
    start = fields.get("starts_on", objective.starts_on if objective else None)
    end = fields.get("ends_on", objective.ends_on if objective else None)
    if start and end and end < start:
        raise DomainError(_("The objective cannot end before it starts."), field="ends_on")
    try:
        with transaction.atomic():
            if objective is None:
                order = (
                    plan.objectives.order_by("-order").values_list("order", flat=True).first() or 0
                ) + 1
                objective = Objective.objects.create(plan=plan, order=order, **fields)
                action = PlanAction.OBJECTIVE_ADDED
            else:
                objective = Objective.objects.get(pk=objective.pk, plan=plan)
                for name, value in fields.items():
                    setattr(objective, name, value)
                objective.save()
                action = PlanAction.OBJECTIVE_UPDATED
    except IntegrityError:
        raise DomainError(
            _("Another objective already covers this corrective action item."), field="cap_item"
        ) from None
    record(
        subject=plan,
        actor=by,
        action=action,
        changes={"objective": (None, objective.order), **{k: (None, v) for k, v in fields.items()}},
    )
    return objective


@transaction.atomic
def objective_remove(*, objective: Objective, by) -> None:
    plan = _editable(objective.plan, by)
    order = objective.order
    Objective.objects.filter(pk=objective.pk, plan=plan).delete()
    record(
        subject=plan,
        actor=by,
        action=PlanAction.OBJECTIVE_REMOVED,
        changes={"objective": (order, None)},
    )


def _clean_milestone(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in MILESTONE_FIELDS:
        if name not in values or values[name] is UNCHANGED:
            continue
        value = values[name]
        if name in ("description", "deliverable"):
            value = _text(value, field=name)
        if name == "assignee":
            value = _text(value, field=name, limit=200)
        if name == "weight" and value is not None and value != "":
            bad = decimal_problem(value, what=_("The weight"))
            if bad:
                raise DomainError(bad, field="weight")
            value = Decimal(str(value))
            if value <= 0 or value > 100:
                raise DomainError(_("A weight is more than 0 and at most 100."), field="weight")
        if name == "weight" and value == "":
            value = None
        out[name] = value
    return out


@transaction.atomic
def milestone_save(
    *, objective: Objective, by, milestone: Milestone | None = None, **values
) -> Milestone:
    plan = _editable(objective.plan, by)
    fields = _clean_milestone(values)
    if "weight" in fields and fields["weight"] is not None and not plan.config.weights_required:
        raise DomainError(_("This kind of plan has no weights."), field="weight")
    if milestone is None:
        count = objective.milestones.count()
        if count >= plan.config.milestones_max:
            raise DomainError(
                _("An objective has at most %(max)s milestones.")
                % {"max": plan.config.milestones_max},
                field="milestones",
            )
        order = (
            objective.milestones.order_by("-order").values_list("order", flat=True).first() or 0
        ) + 1
        milestone = Milestone.objects.create(objective=objective, order=order, **fields)
        action = PlanAction.MILESTONE_ADDED
    else:
        milestone = Milestone.objects.get(pk=milestone.pk, objective=objective)
        for name, value in fields.items():
            setattr(milestone, name, value)
        milestone.save()
        action = PlanAction.MILESTONE_UPDATED
    record(
        subject=plan,
        actor=by,
        action=action,
        changes={
            "milestone": (None, f"{objective.order}.{milestone.order}"),
            **{k: (None, v) for k, v in fields.items()},
        },
    )
    return milestone


@transaction.atomic
def milestone_remove(*, milestone: Milestone, by) -> None:
    plan = _editable(milestone.objective.plan, by)
    label = milestone.label
    Milestone.objects.filter(pk=milestone.pk).delete()
    record(
        subject=plan,
        actor=by,
        action=PlanAction.MILESTONE_REMOVED,
        changes={"milestone": (label, None)},
    )


# --- proposal and decision ------------------------------------------------------------------


def _shapes(plan: ActionPlan) -> list[ObjectiveShape]:
    objectives = plan.objectives.prefetch_related("milestones").order_by("order")
    return [
        ObjectiveShape(
            label=str(o.order),
            statement=o.statement,
            measure=o.measure,
            starts_on=o.starts_on,
            ends_on=o.ends_on,
            cap_item_id=o.cap_item_id,
            from_recommendation=o.from_recommendation,
            milestones=tuple(
                MilestoneShape(
                    label=f"{o.order}.{m.order}",
                    description=m.description,
                    assignee=m.assignee,
                    target_date=m.target_date,
                    deliverable=m.deliverable,
                    weight=m.weight,
                )
                for m in sorted(o.milestones.all(), key=lambda m: m.order)
            ),
        )
        for o in objectives
    ]


def submission_problems(plan: ActionPlan) -> list[Problem]:
    problems = plan_problems(plan.config, _shapes(plan), cap_items=cap_items_to_cover(plan))
    if plan.config.needs_participants:
        if not plan.participants.strip():
            problems.append(
                Problem(
                    "proposal_participants",
                    _("List the plan's participants and their training."),
                    "participants",
                )
            )
        if not plan.organization_chart.strip():
            problems.append(
                Problem(
                    "proposal_org_chart",
                    _("Give the company's organization chart."),
                    "organization_chart",
                )
            )
    return problems


@transaction.atomic
def proposal_submit(
    *, plan: ActionPlan, by, participants=UNCHANGED, organization_chart=UNCHANGED
) -> ActionPlan:
    require_smr(by, plan)
    plan = _locked(plan)
    _check_state(plan, PLAN_EDITABLE, _("This plan is %(status)s; it cannot be submitted."))
    changed: dict[str, Any] = {}
    if participants is not UNCHANGED:
        changed["participants"] = _text(participants, field="participants")
    if organization_chart is not UNCHANGED:
        changed["organization_chart"] = _text(organization_chart, field="organization_chart")
    for name, value in changed.items():
        setattr(plan, name, value)
    problems = submission_problems(plan)
    if problems:
        raise PlanProblems(problems)
    values = {**changed, "submitted_at": timezone.now(), "return_reason": ""}
    if plan.status == PlanStatus.DRAFT:
        PLAN_FLOW.move(plan, PlanAction.PROPOSAL_SUBMITTED, by=by, **values)
    else:
        PLAN_FLOW.move(plan, PlanAction.PROPOSAL_RESUBMITTED, by=by, **values)
    return plan


@transaction.atomic
def plan_approve(*, plan: ActionPlan, by) -> ActionPlan:
    require_as(by, plan, plan.config.approver)
    plan = _locked(plan)
    _check_state(
        plan, (PlanStatus.SUBMITTED,), _("This plan is %(status)s; it cannot be approved.")
    )
    today = timezone.localdate()
    PLAN_FLOW.move(plan, PlanAction.APPROVED, by=by, decided_by=by, approved_on=today)
    if "D18" in plan.config.deadlines:
        deadline_meet(kind=D18_PROPOSAL, subject=plan, actor=by, on=today, missing_ok=True)
        due = final_due(plan)
        if due is not None:
            deadline_open(
                kind=D18_FINAL,
                subject=plan,
                due_on=due,
                opened_on=today,
                title=Localized(
                    gettext_lazy("Action plan final submission for account %(account)s"),
                    {"account": plan.wsib_account.account_number},
                ),
                url=plan_url(plan),
                organization_id=plan.wsib_account.organization_id,
                wsib_account_id=plan.wsib_account_id,
                actor=by,
            )
    return plan


@transaction.atomic
def plan_return(*, plan: ActionPlan, by, reason: str) -> ActionPlan:
    """The approver returns a submitted proposal, or the scorer a final submission, for
    amendments, with the reason."""
    plan = _locked(plan)
    if plan.status == PlanStatus.FINAL_SUBMITTED:
        return _final_return(plan, by=by, reason=reason)
    require_as(by, plan, plan.config.approver)
    reason = _text(reason, field="reason")
    if not reason:
        raise DomainError(_("Say what to amend."), field="reason")
    _check_state(
        plan, (PlanStatus.SUBMITTED,), _("This plan is %(status)s; it cannot be returned.")
    )
    PLAN_FLOW.move(
        plan, PlanAction.RETURNED, by=by, reason=reason, return_reason=reason, decided_by=by
    )
    return plan


def _final_return(plan: ActionPlan, *, by, reason: str) -> ActionPlan:
    require_as(by, plan, plan.config.scorer)
    if not plan.config.final_returnable:
        raise DomainError(
            _("This kind of plan's final submission is scored, not returned."), field="status"
        )
    reason = _text(reason, field="reason")
    if not reason:
        raise DomainError(_("Say what to amend."), field="reason")
    PLAN_FLOW.move(plan, PlanAction.FINAL_RETURNED, by=by, reason=reason, return_reason=reason)
    return plan


@transaction.atomic
def verification_plan_record(*, plan: ActionPlan, by, scope: str, cost) -> ActionPlan:
    """SOSE: the associate auditor's verification audit plan and cost estimate."""
    require_as(by, plan, "associate_auditor")
    if not plan.config.verification_plan:
        raise DomainError(_("This kind of plan has no verification audit plan."), field="status")
    scope = _text(scope, field="scope")
    if not scope:
        raise DomainError(_("Describe the verification audit's scope."), field="scope")
    bad = (
        decimal_problem(cost, what=_("The cost estimate"))
        if cost not in (None, "")
        else _("Give the cost estimate.")
    )
    if bad:
        raise DomainError(bad, field="cost")
    cost = Decimal(str(cost))
    if cost < 0:
        raise DomainError(_("The cost estimate cannot be negative."), field="cost")
    plan = _locked(plan)
    _check_state(
        plan,
        (PlanStatus.APPROVED, PlanStatus.VERIFICATION_PLANNED),
        _("This plan is %(status)s; its verification cannot be planned now."),
    )
    PLAN_FLOW.move(
        plan,
        PlanAction.VERIFICATION_PLANNED,
        by=by,
        verification_scope=scope,
        verification_cost=cost,
        verification_planned_on=timezone.localdate(),
    )
    return plan


# --- implementation: progress, deliverables, self-scores ------------------------------------


def _in_progress(plan: ActionPlan, by) -> ActionPlan:
    require_editor(by, plan)
    plan = _locked(plan)
    _check_state(
        plan, PLAN_IN_PROGRESS, _("This plan is %(status)s; it is not being implemented now.")
    )
    return plan


@transaction.atomic
def milestone_complete(*, milestone: Milestone, by, completed_on: date | None) -> Milestone:
    plan = _in_progress(milestone.objective.plan, by)
    if completed_on is not None and completed_on > timezone.localdate():
        raise DomainError(_("A milestone cannot be completed in the future."), field="completed_on")
    before = milestone.completed_on
    Milestone.objects.filter(pk=milestone.pk).update(completed_on=completed_on)
    milestone.completed_on = completed_on
    record(
        subject=plan,
        actor=by,
        action=PlanAction.MILESTONE_UPDATED,
        changes={"milestone": (None, milestone.label), "completed_on": (before, completed_on)},
    )
    return milestone


@transaction.atomic
def deliverable_attach(
    *, milestone: Milestone, by, upload, title: str, document_date: date | None
) -> Deliverable:
    plan = _in_progress(milestone.objective.plan, by)
    problems = deliverable_problems(document_date=document_date, milestone_label=milestone.label)
    if problems:
        raise PlanProblems(problems)
    assert document_date is not None
    if document_date > timezone.localdate():
        raise DomainError(_("The document date cannot be in the future."), field="document_date")
    title = _text(title, field="title", limit=200)
    if not title:
        raise DomainError(_("Give the deliverable a title."), field="title")
    stored = store_evidence_file(upload)
    try:
        deliverable = Deliverable.objects.create(
            milestone=milestone,
            title=title,
            file=stored.key,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            document_date=document_date,
            uploaded_by=by,
        )
    except Exception:
        discard_stored(stored.key)
        raise
    record(
        subject=plan,
        actor=by,
        action=PlanAction.DELIVERABLE_ATTACHED,
        changes={"milestone": (None, milestone.label), "deliverable": (None, title)},
    )
    return deliverable


def _points(config: KindConfig, milestone: Milestone, value, *, label: str) -> Decimal:
    weight = milestone.weight if config.weights_required else Decimal(1)
    assert weight is not None
    problems = score_problems(value, weight=weight, label=label)
    if problems:
        raise PlanProblems(problems)
    return Decimal(str(value))


def _milestones_of(plan: ActionPlan) -> dict[int, Milestone]:
    return {
        m.pk: m for m in Milestone.objects.filter(objective__plan=plan).select_related("objective")
    }


@transaction.atomic
def self_score_record(
    *,
    plan: ActionPlan,
    by,
    scores: Mapping[int, Any],
    notes: Mapping[int, str] | None = None,
) -> ActionPlan:
    """ACSA: the employer's self-score per milestone (full, partial or none) and
    self-scoring notes per objective."""
    if not plan.config.self_scored:
        raise DomainError(_("This kind of plan is not self-scored."), field="scores")
    plan = _in_progress(plan, by)
    milestones = _milestones_of(plan)
    unknown = [str(k) for k in scores if int(k) not in milestones]
    if unknown:
        raise DomainError(
            _("This plan has no milestone %(ids)s.") % {"ids": ", ".join(unknown)},
            field="scores",
        )
    values = {
        int(k): _points(plan.config, milestones[int(k)], v, label=milestones[int(k)].label)
        for k, v in scores.items()
    }
    objectives = {o.pk: o for o in plan.objectives.all()}
    for k in notes or {}:
        if int(k) not in objectives:
            raise DomainError(_("This plan has no objective %(id)s.") % {"id": k}, field="notes")
    for pk, points in values.items():
        Milestone.objects.filter(pk=pk).update(self_score=points)
    for pk, text in (notes or {}).items():
        Objective.objects.filter(pk=int(pk)).update(self_score_notes=_text(text, field="notes"))
    result = weighted_score(
        plan.config,
        [
            MilestoneScore(
                str(m.objective.order), m.weight or Decimal(1), values.get(pk, m.self_score)
            )
            for pk, m in milestones.items()
        ],
    )
    ActionPlan.objects.filter(pk=plan.pk).update(self_score_pct=pct_as_decimal(result.pct))
    record(
        subject=plan,
        actor=by,
        action=PlanAction.SELF_SCORED,
        changes={"self_score": (None, result.display)},
    )
    plan.refresh_from_db()
    return plan


def final_problems(plan: ActionPlan) -> list[Problem]:
    problems: list[Problem] = []
    milestones = list(
        Milestone.objects.filter(objective__plan=plan)
        .select_related("objective")
        .prefetch_related("deliverables")
    )
    for m in milestones:
        if not m.deliverables.all():
            problems.append(
                Problem(
                    "milestone_without_deliverable",
                    _("Milestone %(milestone)s: attach its deliverable or evidence.")
                    % {"milestone": m.label},
                    "deliverables",
                )
            )
        if plan.config.self_scored and m.self_score is None:
            problems.append(
                Problem(
                    "milestone_not_self_scored",
                    _("Milestone %(milestone)s: give its self-score.") % {"milestone": m.label},
                    "scores",
                )
            )
    if plan.config.self_scored:
        for o in plan.objectives.all():
            if not o.self_score_notes.strip():
                problems.append(
                    Problem(
                        "objective_without_notes",
                        _("Objective %(objective)s: explain how its points were awarded.")
                        % {"objective": o.order},
                        "notes",
                    )
                )
    return problems


@transaction.atomic
def final_submit(
    *,
    plan: ActionPlan,
    by,
    signed_name: str,
    results: str = "",
    strengths: str = "",
    recommendations: str = "",
) -> ActionPlan:
    """The SMR signs and dates the completed plan and sends it to its scorer."""
    require_smr(by, plan)
    plan = _locked(plan)
    _check_state(
        plan,
        (PlanStatus.APPROVED, PlanStatus.VERIFICATION_PLANNED, PlanStatus.FINAL_RETURNED),
        _("This plan is %(status)s; it cannot be sent now."),
    )
    if plan.config.verification_plan and plan.status == PlanStatus.APPROVED:
        raise DomainError(
            _("The associate auditor plans the verification audit first."), field="status"
        )
    signed_name = _text(signed_name, field="signed_name", limit=200)
    problems = final_problems(plan)
    if not signed_name:
        problems.append(Problem("sign_off_missing", _("Sign off: type your name."), "signed_name"))
    summary = {
        "summary_results": _text(results, field="results"),
        "summary_strengths": _text(strengths, field="strengths"),
        "summary_recommendations": _text(recommendations, field="recommendations"),
    }
    if plan.config.self_scored and not summary["summary_results"]:
        problems.append(
            Problem("summary_missing", _("Write the executive summary's results."), "results")
        )
    if problems:
        raise PlanProblems(problems)
    today = timezone.localdate()
    values: dict[str, Any] = {
        "signed_off_by": by,
        "signed_off_name": signed_name,
        "signed_off_on": today,
        "final_submitted_at": timezone.now(),
        "return_reason": "",
    }
    if plan.config.self_scored:
        values.update(summary)
    if plan.status == PlanStatus.FINAL_RETURNED:
        PLAN_FLOW.move(plan, PlanAction.FINAL_RESUBMITTED, by=by, **values)
    else:
        PLAN_FLOW.move(plan, PlanAction.FINAL_SUBMITTED, by=by, **values)
    if "D18" in plan.config.deadlines:
        deadline_meet(kind=D18_FINAL, subject=plan, actor=by, on=today, missing_ok=True)
    return plan


@transaction.atomic
def plan_score(
    *,
    plan: ActionPlan,
    by,
    scores: Mapping[int, Any],
    objective_notes: Mapping[int, str] | None = None,
    milestone_notes: Mapping[int, str] | None = None,
    results: str = "",
    strengths: str = "",
    recommendations: str = "",
) -> ActionPlan:
    """The score of record: every milestone scored by the kind's scorer (ACSA's QA reviewer:
    points up to the weight; SOSE's associate auditor: 1 achieved / 0 not). The pass mark
    decides: passed, or below it (ACSA: D19, a maintenance audit by December 31)."""
    config = plan.config
    require_as(by, plan, config.scorer)
    plan = _locked(plan)
    _check_state(
        plan, (PlanStatus.FINAL_SUBMITTED,), _("This plan is %(status)s; it cannot be scored now.")
    )
    milestones = _milestones_of(plan)
    unknown = [str(k) for k in scores if int(k) not in milestones]
    if unknown:
        raise DomainError(
            _("This plan has no milestone %(ids)s.") % {"ids": ", ".join(unknown)}, field="scores"
        )
    missing = [m.label for pk, m in milestones.items() if pk not in {int(k) for k in scores}]
    if missing:
        raise DomainError(
            _("Score every milestone; missing: %(labels)s.")
            % {"labels": ", ".join(sorted(missing))},
            field="scores",
        )
    points = {
        int(k): _points(config, milestones[int(k)], v, label=milestones[int(k)].label)
        for k, v in scores.items()
    }
    objectives = {o.pk for o in plan.objectives.all()}
    for k in objective_notes or {}:
        if int(k) not in objectives:
            raise DomainError(
                _("This plan has no objective %(id)s.") % {"id": k}, field="objective_notes"
            )
    summary = {
        "summary_results": _text(results, field="results"),
        "summary_strengths": _text(strengths, field="strengths"),
        "summary_recommendations": _text(recommendations, field="recommendations"),
    }
    if config.verification_plan and not summary["summary_results"]:
        raise DomainError(_("Write the executive summary's results."), field="results")
    for pk, value in points.items():
        Milestone.objects.filter(pk=pk).update(
            score=value,
            verification_note=_text(
                (milestone_notes or {}).get(pk, "") or "", field="milestone_notes"
            ),
        )
    for pk, text in (objective_notes or {}).items():
        Objective.objects.filter(pk=int(pk)).update(
            verification_note=_text(text, field="objective_notes")
        )
    result = weighted_score(
        config,
        [
            MilestoneScore(str(m.objective.order), m.weight or Decimal(1), points[pk])
            for pk, m in milestones.items()
        ],
    )
    today = timezone.localdate()
    values: dict[str, Any] = {
        "score_pct": pct_as_decimal(result.pct),
        "scored_by": by,
        "scored_on": today,
    }
    if config.verification_plan:
        values.update(summary)
    changes = {"score": (None, result.display)}
    if result.passed:
        PLAN_FLOW.move(plan, PlanAction.SCORED_PASSED, by=by, changes=changes, **values)
    else:
        PLAN_FLOW.move(plan, PlanAction.SCORED_NOT_PASSED, by=by, changes=changes, **values)
        if "D19" in config.deadlines:
            deadline_open(
                kind=D19,
                subject=plan,
                due_on=_program_dates(plan)[2] or d19_due(today.year),
                opened_on=today,
                title=Localized(
                    gettext_lazy(
                        "Maintenance audit for account %(account)s (action plan below 60 %%)"
                    ),
                    {"account": plan.wsib_account.account_number},
                ),
                url=plan_url(plan),
                organization_id=plan.wsib_account.organization_id,
                wsib_account_id=plan.wsib_account_id,
                actor=by,
            )
    return plan


def plan_lapse(*, plan_ids: Sequence[int]) -> list[int]:
    """The sweep: a plan whose deadline (D12, D18) was missed lapses, set-based."""
    return PLAN_FLOW.move_set(ActionPlan.objects.filter(pk__in=plan_ids), PlanAction.LAPSED)
