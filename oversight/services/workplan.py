"""The annual workplan [seed 004], one service per change, each in a transaction recording
history on the workplan:

- workplan_create: a program year's workplan, from the standard template (the five mandates
  of the Standards and Guidelines with the usual activities and KPIs) or empty;
- activity_add, kpi_add: the plan's structure, while it is a draft;
- kpi_result_record: an entered KPI's result for a quarter with its evidence (a KPI the portal
  counts itself is never entered: it is measured);
- activity_progress_record: an activity's progress report for a quarter;
- workplan_approve: the board chair's approval (printed name, signature, date), once.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.workflow import Conflict

from ..enums import PERCENT_MEASURES, KpiMeasure, WorkplanAction, WorkplanStatus
from ..models import (
    ActivityProgress,
    KpiResult,
    Workplan,
    WorkplanActivity,
    WorkplanKpi,
    WorkplanMandate,
)
from ..rules import require
from ..workflows import WORKPLAN_FLOW
from ..workplan import TEXT_MAX, approval_problems, result_problems
from ..workplan_template import TEMPLATE

STAFF_ONLY = gettext_lazy("Only certifying-body staff keep the workplan.")
APPROVERS_ONLY = gettext_lazy(
    "Only a program director or an administrator records the board chair's approval."
)
FIRST_YEAR = 2000
TARGET_MAX = Decimal("9999999999.99")


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, _msg = problems[0]
        raise DomainError(" ".join(m for _f, m in problems), field=field)


def _text(value, *, field: str, missing: str | None, max_length: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if missing and not value:
        raise DomainError(missing, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("Keep it to %(max)s characters (it has %(n)s).")
            % {"max": max_length, "n": len(value)},
            field=field,
        )
    return value


def _decimal(value, *, field: str, allow_none: bool = False) -> Decimal | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise DomainError(_("Give a number."), field=field)
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Give a number."), field=field) from None
    if not number.is_finite():
        raise DomainError(_("Give a number."), field=field)
    if number < 0:
        raise DomainError(_("The number cannot be negative."), field=field)
    if number > TARGET_MAX or number != number.quantize(Decimal("0.01")):
        raise DomainError(_("Give a number with at most two decimals."), field=field)
    return number


def _locked_draft(workplan: Workplan) -> Workplan:
    workplan = Workplan.objects.select_for_update().get(pk=workplan.pk)
    if workplan.status != WorkplanStatus.DRAFT:
        raise Conflict(_("The workplan is approved; its plan can no longer change."))
    return workplan


@transaction.atomic
def workplan_create(*, year: int, by, title: str = "", from_template: bool = True) -> Workplan:
    require(by, "oversight.manage_workplan", STAFF_ONLY)
    today = timezone.localdate()
    if not isinstance(year, int) or isinstance(year, bool):
        raise DomainError(_("Give the program year (e.g. 2026)."), field="year")
    if not FIRST_YEAR <= year <= today.year + 1:
        raise DomainError(
            _("Give a program year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": today.year + 1},
            field="year",
        )
    if Workplan.objects.filter(year=year).exists():
        raise DomainError(
            _("Program year %(year)s already has a workplan.") % {"year": year}, field="year"
        )
    title = _text(title, field="title", missing=None, max_length=200) or _(
        "COR workplan %(year)s–%(next)s"
    ) % {"year": year, "next": str(year + 1)[-2:]}
    try:
        with transaction.atomic():
            workplan = Workplan.objects.create(year=year, title=title, created_by=by)
    except IntegrityError:
        raise DomainError(
            _("Program year %(year)s already has a workplan.") % {"year": year}, field="year"
        ) from None
    if from_template:
        _fill_from_template(workplan)
    record(
        subject=workplan,
        actor=by,
        action=WorkplanAction.WORKPLAN_CREATED,
        to_state=workplan.status,
        reason="template" if from_template else "",
    )
    return workplan


def _fill_from_template(workplan: Workplan) -> None:
    for number, mandate in enumerate(TEMPLATE, start=1):
        m = WorkplanMandate.objects.create(
            workplan=workplan,
            number=number,
            title=mandate["title"],
            reference=mandate["reference"],
            objective=mandate["objective"],
            action_plan=mandate["action_plan"],
        )
        for order, act in enumerate(mandate["activities"]):
            a = WorkplanActivity.objects.create(
                mandate=m,
                order=order,
                title=act["title"],
                inputs=act.get("inputs", ""),
                budget=act.get("budget"),
                time_frame=act.get("time_frame", "April – March"),
                responsible=act.get("responsible", "Staff"),
                anticipated_outputs=act.get("outputs", ""),
            )
            for k_order, (description, target, measure) in enumerate(act.get("kpis", ())):
                WorkplanKpi.objects.create(
                    activity=a,
                    order=k_order,
                    description=description,
                    target=Decimal(target),
                    measure=measure,
                )


@transaction.atomic
def activity_add(
    *,
    mandate: WorkplanMandate,
    by,
    title: str,
    inputs: str = "",
    budget=None,
    time_frame: str = "",
    responsible: str = "",
    anticipated_outputs: str = "",
) -> WorkplanActivity:
    require(by, "oversight.manage_workplan", STAFF_ONLY)
    workplan = _locked_draft(mandate.workplan)
    activity = WorkplanActivity.objects.create(
        mandate=mandate,
        order=mandate.activities.count(),
        title=_text(title, field="title", missing=_("Name the activity."), max_length=300),
        inputs=_text(inputs, field="inputs", missing=None),
        budget=_decimal(budget, field="budget", allow_none=True),
        time_frame=_text(time_frame, field="time_frame", missing=None, max_length=120),
        responsible=_text(responsible, field="responsible", missing=None, max_length=120),
        anticipated_outputs=_text(anticipated_outputs, field="anticipated_outputs", missing=None),
    )
    record(
        subject=workplan,
        actor=by,
        action=WorkplanAction.WORKPLAN_ACTIVITY_ADDED,
        changes={"activity": (None, activity.title)},
    )
    return activity


@transaction.atomic
def kpi_add(
    *, activity: WorkplanActivity, by, description: str, target, measure: str = KpiMeasure.ENTERED
) -> WorkplanKpi:
    require(by, "oversight.manage_workplan", STAFF_ONLY)
    workplan = _locked_draft(activity.mandate.workplan)
    if measure not in KpiMeasure.values:
        raise DomainError(
            _("Choose how the KPI is measured: %(choices)s.")
            % {"choices": ", ".join(KpiMeasure.values)},
            field="measure",
        )
    target_d = _decimal(target, field="target")
    assert target_d is not None
    if measure in PERCENT_MEASURES and target_d > 100:
        raise DomainError(_("A percentage target is at most 100."), field="target")
    kpi = WorkplanKpi.objects.create(
        activity=activity,
        order=activity.kpis.count(),
        description=_text(
            description, field="description", missing=_("Describe the KPI."), max_length=300
        ),
        target=target_d,
        measure=measure,
    )
    record(
        subject=workplan,
        actor=by,
        action=WorkplanAction.WORKPLAN_KPI_ADDED,
        changes={"kpi": (None, kpi.description)},
    )
    return kpi


@transaction.atomic
def kpi_result_record(*, kpi: WorkplanKpi, by, quarter, value, evidence: str) -> KpiResult:
    """An entered KPI's result for a quarter; entering the quarter again replaces it (the
    history keeps the former value)."""
    require(by, "oversight.manage_workplan", STAFF_ONLY)
    workplan = Workplan.objects.select_for_update().get(pk=kpi.activity.mandate.workplan_id)
    if kpi.is_measured:
        raise DomainError(
            _("The portal measures this KPI itself (%(measure)s); it is not entered.")
            % {"measure": kpi.get_measure_display()},
            field="kpi",
        )
    try:
        number = _decimal(value, field="value")
    except DomainError:
        number = None
    quarter = quarter if isinstance(quarter, int) and not isinstance(quarter, bool) else None
    _raise_first(
        result_problems(quarter=quarter, value=number, evidence=evidence or "")
        if number is not None
        else [("value", _("Give the result as a number, not negative, with at most two decimals."))]
    )
    assert number is not None and quarter is not None
    previous = KpiResult.objects.filter(kpi=kpi, quarter=quarter).first()
    result, _created = KpiResult.objects.update_or_create(
        kpi=kpi,
        quarter=quarter,
        defaults={"value": number, "evidence": evidence.strip(), "recorded_by": by},
    )
    record(
        subject=workplan,
        actor=by,
        action=WorkplanAction.WORKPLAN_RESULT_RECORDED,
        changes={f"{kpi.description} Q{quarter}": (previous.value if previous else None, number)},
    )
    return result


@transaction.atomic
def activity_progress_record(
    *, activity: WorkplanActivity, by, quarter, report: str
) -> ActivityProgress:
    require(by, "oversight.manage_workplan", STAFF_ONLY)
    workplan = Workplan.objects.select_for_update().get(pk=activity.mandate.workplan_id)
    if quarter not in (1, 2, 3, 4) or isinstance(quarter, bool):
        raise DomainError(_("Choose a quarter from 1 to 4."), field="quarter")
    report = _text(report, field="report", missing=_("Write the quarter's progress."))
    progress, _created = ActivityProgress.objects.update_or_create(
        activity=activity, quarter=quarter, defaults={"report": report, "recorded_by": by}
    )
    record(
        subject=workplan,
        actor=by,
        action=WorkplanAction.WORKPLAN_PROGRESS_RECORDED,
        reason=f"{activity.title} Q{quarter}",
    )
    return progress


@transaction.atomic
def workplan_approve(
    *, workplan: Workplan, by, chair_name: str, signature: str, approved_on
) -> Workplan:
    """The board chair's approval, recorded by a program director or an administrator; a
    workplan is approved once (a second approval is refused and changes nothing)."""
    require(by, "oversight.approve_workplan", APPROVERS_ONLY)
    workplan = Workplan.objects.select_for_update().get(pk=workplan.pk)
    if workplan.status != WorkplanStatus.DRAFT:
        raise Conflict(
            _("This workplan was already approved by %(name)s on %(date)s.")
            % {"name": workplan.chair_name, "date": workplan.approved_on}
        )
    _raise_first(
        approval_problems(
            chair_name=chair_name or "",
            signature=signature or "",
            approved_on=approved_on,
            today=timezone.localdate(),
            mandates=workplan.mandates.count(),
        )
    )
    assert isinstance(approved_on, date)
    return WORKPLAN_FLOW.move(
        workplan,
        WorkplanAction.WORKPLAN_APPROVED,
        by=by,
        chair_name=chair_name.strip(),
        chair_signature=signature.strip(),
        approved_on=approved_on,
        approval_recorded_by=by,
    )
