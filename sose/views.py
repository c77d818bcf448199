"""Action-plan pages [SPEC §6], thin over sose.services.plan: each POST checks who acts
(the service's rule, 403) before it reads the input, hands the parsed input to the one
service function of the transition, and answers a refusal with the plan's page at 400 and
every problem named (nothing changed). Who sees a plan is cor_portal.access (404).

- the list: the plans the user may see, the SMR's "start a plan" form
- the plan: objectives (SOSE: pre-filled from the external audit's corrective-action items),
  milestones, evidence and deliverables, progress (weighted) with a chart, and the forms of
  whoever acts next — the employer (edit, submit the proposal, progress, self-score, final
  submission and SMR sign-off), the approver (the Lead Auditor for SOSE, the QA reviewer for
  ACSA: approve or return for amendments), the associate auditor (SOSE: the verification
  audit plan, the verification audit with its executive summary), the scorer (ACSA's QA
  reviewer: the score of record)
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certification.models import WsibAccount
from certification.rules import is_smr_of
from certification.upload_handlers import checks_first_bytes, raise_upload_refusal
from cor_portal.access import get_visible_or_404, visible
from cor_portal.charts import Series, bar_chart
from cor_portal.errors import DomainError
from cor_portal.forms import domain_error_message, form_errors_text
from cor_portal.history.services import history_of

from .engine import MilestoneProgress, progress
from .enums import PLAN_EDITABLE, PLAN_IN_PROGRESS, PlanKind, PlanStatus
from .forms import (
    CompleteForm,
    DeliverableForm,
    FinalForm,
    MilestoneForm,
    ObjectiveForm,
    ProposalForm,
    ReasonForm,
    StartForm,
    SummaryForm,
    VerificationPlanForm,
)
from .models import ActionPlan, Deliverable, Milestone, Objective
from .rules import may_act_as, may_edit, require_as, require_editor, require_smr
from .services import plan as services
from .services.plan import PlanProblems

ASSOCIATE = "associate_auditor"


# --- reading --------------------------------------------------------------------------------


def _plan_or_404(user, pk: int) -> ActionPlan:
    return get_visible_or_404(
        ActionPlan.objects.select_related(
            "wsib_account__organization",
            "associate_auditor__user",
            "source_engagement",
            "decided_by",
            "scored_by",
        ),
        user,
        pk=pk,
    )


def _objectives(plan: ActionPlan) -> list[Objective]:
    milestones = Milestone.objects.prefetch_related("deliverables").order_by("order", "pk")
    return list(
        Objective.objects.filter(plan=plan)
        .select_related("cap_item")
        .prefetch_related(Prefetch("milestones", queryset=milestones))
        .order_by("order", "pk")
    )


def _pct(value) -> str | None:
    from audits.scoring import display_pct

    return None if value is None else display_pct(value)


def _progress(objectives: list[Objective]) -> tuple[str | None, dict[str, str | None], object]:
    """Overall and per-objective progress (weighted, or by milestone when unweighted), and
    the chart of it: per objective, the weight (or milestones) complete out of the total."""
    rows = [
        MilestoneProgress(str(o.order), m.weight or Decimal(1), m.completed_on is not None)
        for o in objectives
        for m in o.milestones.all()
    ]
    overall, per = progress(rows)
    chart = None
    if objectives:
        done, total = [], []
        for o in objectives:
            ms = list(o.milestones.all())
            done.append(sum((m.weight or Decimal(1) for m in ms if m.completed_on), Decimal(0)))
            total.append(sum((m.weight or Decimal(1) for m in ms), Decimal(0)))
        chart = bar_chart(
            chart_id="plan-progress",
            title=_("Progress per objective"),
            description=_(
                "One bar per objective: the weight of its milestones completed (or, when the "
                "plan has no weights, the number of milestones completed) out of the total."
            ),
            categories=[str(o.order) for o in objectives],
            series=[Series(_("Completed"), done, totals=total)],
            category_heading=_("Objective"),
        )
    return _pct(overall), {k: _pct(v) for k, v in per.items()}, chart


def _context(request, plan: ActionPlan, **extra) -> dict:
    user = request.user
    config = plan.config
    objectives = _objectives(plan)
    overall, per_objective, chart = _progress(objectives)
    for o in objectives:
        o.progress_pct = per_objective.get(str(o.order))  # type: ignore[attr-defined]
    editor = may_edit(user, plan)
    smr = bool(is_smr_of.test(user, plan))
    editable = plan.status in PLAN_EDITABLE
    in_progress = plan.status in PLAN_IN_PROGRESS
    can_final = smr and in_progress
    if config.verification_plan and plan.status == PlanStatus.APPROVED:
        can_final = False
    scorer = may_act_as(user, plan, config.scorer)
    dated = plan.program_year is not None
    return {
        "plan": plan,
        "config": config,
        "objectives": objectives,
        "milestone_count": sum(len(o.milestones.all()) for o in objectives),
        "overall_pct": overall,
        "chart": chart,
        "proposal_due_on": services.proposal_due(plan) if dated else None,
        "final_due_on": services.final_due(plan) if dated else None,
        "can_edit": editor and editable,
        "can_submit": smr and editable,
        "can_progress": editor and in_progress,
        "can_self_score": editor and in_progress and config.self_scored,
        "can_final": can_final,
        "can_decide": plan.status == PlanStatus.SUBMITTED
        and may_act_as(user, plan, config.approver),
        "can_plan_verification": config.verification_plan
        and plan.status in (PlanStatus.APPROVED, PlanStatus.VERIFICATION_PLANNED)
        and may_act_as(user, plan, ASSOCIATE),
        "can_score": scorer and plan.status == PlanStatus.FINAL_SUBMITTED,
        "can_return_final": scorer
        and plan.status == PlanStatus.FINAL_SUBMITTED
        and config.final_returnable,
        "can_package": config.verification_plan and plan.status == PlanStatus.PASSED,
        "submission_problems": services.submission_problems(plan) if editable else [],
        "final_problems": services.final_problems(plan) if can_final else [],
        "history": list(history_of(plan)),
        "objective_form": ObjectiveForm(),
        "milestone_form": MilestoneForm(),
        "summary_form": SummaryForm(),
        "final_form": FinalForm(
            initial={"signed_name": user.get_full_name()} if can_final else None
        ),
        **extra,
    }


def _page(request, plan: ActionPlan, status: int = 200, **extra):
    return render(request, "sose/plan_detail.html", _context(request, plan, **extra), status=status)


def _refused(request, plan: ActionPlan, exc: DomainError):
    if isinstance(exc, PlanProblems):
        domain_error_message(exc)
        errors = [p.message for p in exc.problems]
    else:
        errors = [domain_error_message(exc)]
    return _page(request, plan, status=400, errors=errors)


def _invalid(request, plan: ActionPlan, form):
    return _page(request, plan, status=400, errors=[form_errors_text(form)])


def _done(request, plan: ActionPlan, message: str, anchor: str = ""):
    messages.success(request, message)
    response = redirect("sose:plan_detail", pk=plan.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _objective_of(plan: ActionPlan, pk: int) -> Objective:
    objective = Objective.objects.filter(plan=plan, pk=pk).select_related("plan").first()
    if objective is None:
        raise DomainError(_("This plan has no such objective."), field="objective")
    return objective


def _milestone_of(plan: ActionPlan, pk: int) -> Milestone:
    milestone = (
        Milestone.objects.filter(objective__plan=plan, pk=pk)
        .select_related("objective__plan")
        .first()
    )
    if milestone is None:
        raise DomainError(_("This plan has no such milestone."), field="milestone")
    return milestone


# --- the list and the start -----------------------------------------------------------------


def _start_form(request, data=None):
    if not request.user.is_employer:
        return None
    accounts = visible(WsibAccount.objects.all(), request.user).select_related(
        "organization__program"
    )
    organization = accounts.first().organization if accounts.exists() else None
    if organization is None or not is_smr_of.test(request.user, organization):
        return None
    form = StartForm(data, accounts=accounts.order_by("account_number"))
    offered = organization.program.action_plan_kinds or []
    form.fields["kind"].choices = [c for c in PlanKind.choices if c[0] in offered]  # type: ignore[attr-defined]
    return form if offered else None


@login_required
@require_GET
def plan_list(request):
    plans = visible(
        ActionPlan.objects.select_related("wsib_account").order_by("-created_at", "-pk"),
        request.user,
    )
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    else:
        status = ""
    return render(
        request,
        "sose/plan_list.html",
        {
            "plans": list(plans[:200]),
            "status": status,
            "statuses": PlanStatus.choices,
            "start_form": _start_form(request),
        },
    )


@login_required
@require_POST
def plan_start(request):
    form = _start_form(request, request.POST)
    if form is None:
        from cor_portal.errors import NotAllowed

        raise NotAllowed(_("Only the organization's SMR starts an action plan."))
    errors: list[str] = []
    if form.is_valid():
        try:
            plan = services.plan_start(
                kind=form.cleaned_data["kind"],
                wsib_account=form.cleaned_data["wsib_account"],
                by=request.user,
            )
        except DomainError as exc:
            if isinstance(exc, PlanProblems):
                errors = [p.message for p in exc.problems]
            else:
                errors = [domain_error_message(exc)]
        else:
            return _done(request, plan, _("The action plan was started."))
    else:
        errors = [form_errors_text(form)]
    plans = visible(ActionPlan.objects.select_related("wsib_account"), request.user)
    return render(
        request,
        "sose/plan_list.html",
        {
            "plans": list(plans[:200]),
            "status": "",
            "statuses": PlanStatus.choices,
            "start_form": form,
            "errors": errors,
        },
        status=400,
    )


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    return _page(request, plan)


# --- the employer: objectives and milestones ------------------------------------------------


def _act(request, plan: ActionPlan, act, form=None):
    """What every plan action shares once its caller is allowed: the form checked, the service
    called (`act(cleaned_data)` returns the message and the anchor to land on), a refusal shown
    on the plan page with status 400 and nothing changed, a success announced."""
    if form is not None and not form.is_valid():
        return _invalid(request, plan, form)
    try:
        message, anchor = act(form.cleaned_data if form is not None else {})
    except DomainError as exc:
        return _refused(request, plan, exc)
    return _done(request, plan, message, anchor)


@login_required
@require_POST
def objective_add(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)

    def act(data):
        objective = services.objective_save(plan=plan, by=request.user, **data)
        return _("Objective %(n)s was added.") % {"n": objective.order}, f"objective-{objective.pk}"

    return _act(request, plan, act, ObjectiveForm(request.POST))


@login_required
@require_POST
def objective_save(request, pk: int, objective_pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)

    def act(data):
        objective = _objective_of(plan, objective_pk)
        services.objective_save(plan=plan, by=request.user, objective=objective, **data)
        return _("Objective %(n)s was saved.") % {"n": objective.order}, f"objective-{objective.pk}"

    return _act(request, plan, act, ObjectiveForm(request.POST))


@login_required
@require_POST
def objective_remove(request, pk: int, objective_pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)

    def act(_data):
        objective = _objective_of(plan, objective_pk)
        services.objective_remove(objective=objective, by=request.user)
        return _("Objective %(n)s was removed.") % {"n": objective.order}, ""

    return _act(request, plan, act)


@login_required
@require_POST
def milestone_add(request, pk: int, objective_pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)

    def act(data):
        objective = _objective_of(plan, objective_pk)
        milestone = services.milestone_save(objective=objective, by=request.user, **data)
        message = _("Milestone %(label)s was added.") % {"label": milestone.label}
        return message, f"objective-{objective.pk}"

    return _act(request, plan, act, MilestoneForm(request.POST))


@login_required
@require_POST
def milestone_save(request, pk: int, milestone_pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)

    def act(data):
        milestone = _milestone_of(plan, milestone_pk)
        services.milestone_save(
            objective=milestone.objective, by=request.user, milestone=milestone, **data
        )
        message = _("Milestone %(label)s was saved.") % {"label": milestone.label}
        return message, f"milestone-{milestone.pk}"

    return _act(request, plan, act, MilestoneForm(request.POST))


@login_required
@require_POST
def milestone_remove(request, pk: int, milestone_pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)

    def act(_data):
        milestone = _milestone_of(plan, milestone_pk)
        label = milestone.label
        services.milestone_remove(milestone=milestone, by=request.user)
        return _("Milestone %(label)s was removed.") % {"label": label}, ""

    return _act(request, plan, act)


# --- the employer: implementation -----------------------------------------------------------


@login_required
@require_POST
def milestone_complete(request, pk: int, milestone_pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)

    def act(data):
        milestone = _milestone_of(plan, milestone_pk)
        services.milestone_complete(
            milestone=milestone, by=request.user, completed_on=data["completed_on"]
        )
        message = _("Milestone %(label)s: completion saved.") % {"label": milestone.label}
        return message, f"milestone-{milestone.pk}"

    return _act(request, plan, act, CompleteForm(request.POST))


@login_required
@checks_first_bytes
@require_POST
def deliverable_attach(request, pk: int, milestone_pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)  # who may attach, before the file is read
    try:
        raise_upload_refusal(request)
    except DomainError as exc:
        return _refused(request, plan, exc)

    def act(data):
        milestone = _milestone_of(plan, milestone_pk)
        services.deliverable_attach(
            milestone=milestone,
            by=request.user,
            upload=data["file"],
            title=data["title"],
            document_date=data["document_date"],
        )
        message = _("Milestone %(label)s: the deliverable was attached.") % {
            "label": milestone.label
        }
        return message, f"milestone-{milestone.pk}"

    return _act(request, plan, act, DeliverableForm(request.POST, request.FILES))


@login_required
@require_GET
def deliverable_download(request, pk: int):
    from audits.views.downloads import evidence_file_response

    deliverable = get_visible_or_404(Deliverable, request.user, pk=pk)
    return evidence_file_response(deliverable)  # type: ignore[arg-type]


def _keyed(request, prefix: str) -> dict[int, str]:
    """The posted fields named `prefix<id>` with a value, by id."""
    out: dict[int, str] = {}
    for name, value in request.POST.items():
        if name.startswith(prefix) and name[len(prefix) :].isdigit() and value.strip() != "":
            out[int(name[len(prefix) :])] = value.strip()
    return out


@login_required
@require_POST
def self_score(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    require_editor(request.user, plan)

    def act(_data):
        services.self_score_record(
            plan=plan,
            by=request.user,
            scores=_keyed(request, "self-"),
            notes=_keyed(request, "notes-"),
        )
        return _("The self-score was saved."), "self-score"

    return _act(request, plan, act)


@login_required
@require_POST
def proposal_submit(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    require_smr(request.user, plan)

    def act(data):
        values = {}
        if plan.config.needs_participants:
            values = {
                "participants": data["participants"],
                "organization_chart": data["organization_chart"],
            }
        services.proposal_submit(plan=plan, by=request.user, **values)
        return _("The plan was submitted for approval."), ""

    return _act(request, plan, act, ProposalForm(request.POST))


@login_required
@require_POST
def final_submit(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    require_smr(request.user, plan)

    def act(data):
        services.final_submit(plan=plan, by=request.user, **data)
        return _("The plan was signed off and sent."), ""

    return _act(request, plan, act, FinalForm(request.POST))


# --- the approver, the associate auditor, the scorer ----------------------------------------


@login_required
@require_POST
def plan_approve(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    require_as(request.user, plan, plan.config.approver)

    def act(_data):
        services.plan_approve(plan=plan, by=request.user)
        return _("The action plan was approved."), ""

    return _act(request, plan, act)


@login_required
@require_POST
def plan_return(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    who = plan.config.scorer if plan.status == PlanStatus.FINAL_SUBMITTED else plan.config.approver
    require_as(request.user, plan, who)

    def act(data):
        services.plan_return(plan=plan, by=request.user, reason=data["reason"])
        return _("The plan was returned for amendments."), ""

    return _act(request, plan, act, ReasonForm(request.POST))


@login_required
@require_POST
def verification_plan(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    require_as(request.user, plan, ASSOCIATE)

    def act(data):
        services.verification_plan_record(
            plan=plan, by=request.user, scope=data["scope"], cost=data["cost"]
        )
        return _("The verification audit plan was saved."), ""

    return _act(request, plan, act, VerificationPlanForm(request.POST))


@login_required
@require_POST
def plan_score(request, pk: int):
    """The score of record: points per milestone up to its weight (a weighted kind: ACSA's QA
    reviewer), or achieved / not achieved per milestone with notes and the executive summary
    (an unweighted kind: SOSE's verification audit by the associate auditor)."""
    plan = _plan_or_404(request.user, pk)
    require_as(request.user, plan, plan.config.scorer)

    def act(data):
        if plan.config.weights_required:
            scores: dict[int, object] = dict(_keyed(request, "score-"))
        else:
            achieved = set(_keyed(request, "achieved-"))
            milestones = Milestone.objects.filter(objective__plan=plan)
            scores = {
                pk_: Decimal(1 if pk_ in achieved else 0)
                for pk_ in milestones.values_list("pk", flat=True)
            }
        services.plan_score(
            plan=plan,
            by=request.user,
            scores=scores,
            objective_notes=_keyed(request, "onote-"),
            milestone_notes=_keyed(request, "mnote-"),
            **data,
        )
        plan.refresh_from_db()
        return _("The score of record was saved: %(pct)s %%.") % {"pct": plan.score_pct}, ""

    return _act(request, plan, act, SummaryForm(request.POST))


# --- downloads ------------------------------------------------------------------------------


@login_required
@require_POST
def package(request, pk: int):
    from .services.package import ministry_package

    plan = _plan_or_404(request.user, pk)
    try:
        content = ministry_package(plan=plan, by=request.user)
    except DomainError as exc:
        return _refused(request, plan, exc)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sose-package-{plan.wsib_account.account_number}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def export(request, pk: int):
    from .services.package import submission_zip

    plan = _plan_or_404(request.user, pk)
    content = submission_zip(plan=plan, by=request.user)
    return FileResponse(
        iter([content]),
        content_type="application/zip",
        as_attachment=True,
        filename=f"action-plan-{plan.wsib_account.account_number}-{plan.pk}.zip",
    )
