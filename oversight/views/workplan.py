"""Staff pages of the annual workplan [004]: the workplans (with CSV/Excel export), one
workplan with its live KPI progress per quarter, the forms that call its services, and its
PDF and Excel export in the reader's language."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cor_portal.access import get_visible_or_404, visible
from cor_portal.errors import DomainError
from cor_portal.exports import XLSX_TYPE, export_response, requested_format
from cor_portal.forms import domain_error_message

from ..enums import KpiMeasure
from ..models import Workplan, WorkplanActivity, WorkplanKpi, WorkplanMandate
from ..services import workplan as svc
from ..workplan import program_year_of
from ..workplan_export import filename, workplan_pdf, workplan_xlsx
from ..workplan_report import workplan_report, workplan_tree

LIST_COLUMNS = (
    ("year", "year"),
    ("title", "title"),
    ("status", "status"),
    ("chair_name", "chair_name"),
    ("approved_on", "approved_on"),
)


def _staff(user) -> None:
    if not user.has_perm("oversight.manage_workplan"):
        raise PermissionDenied


@login_required
def workplan_list(request):
    _staff(request.user)
    qs = visible(Workplan.objects.order_by("-year"), request.user)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            fmt,
            filename=f"workplans-{timezone.localdate():%Y-%m-%d}",
            header=[h for _c, h in LIST_COLUMNS],
            rows=qs.values_list(*[c for c, _h in LIST_COLUMNS]).iterator(chunk_size=2000),
            sheet_title="workplans",
        )
    years = set(qs.values_list("year", flat=True))
    this_year = program_year_of(timezone.localdate())
    return render(
        request,
        "oversight/workplan_list.html",
        {
            "workplans": list(qs[:100]),
            "next_year": next(
                (y for y in (this_year, this_year + 1) if y not in years), this_year + 1
            ),
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def workplan_create_view(request):
    _staff(request.user)
    year = _int(request.POST.get("year"))
    try:
        w = svc.workplan_create(
            year=year,  # type: ignore[arg-type]  # the service refuses a missing year
            by=request.user,
            title=request.POST.get("title", ""),
            from_template=request.POST.get("template", "1") == "1",
        )
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
        return redirect("oversight:workplan_list")
    messages.success(request, _("Workplan created."))
    return redirect("oversight:workplan_detail", pk=w.pk)


def _workplan(request, pk) -> Workplan:
    _staff(request.user)
    return get_visible_or_404(workplan_tree(), request.user, pk=pk)


@login_required
def workplan_detail(request, pk):
    workplan = _workplan(request, pk)
    report = workplan_report(workplan, timezone.localdate())
    activities = [a.activity for m in report.mandates for a in m.activities]
    entered = [k.kpi for k in report.kpis if not k.kpi.is_measured]
    return render(
        request,
        "oversight/workplan_detail.html",
        {
            "r": report,
            "w": workplan,
            "activities": activities,
            "entered_kpis": entered,
            "mandates": [m.mandate for m in report.mandates],
            "measures": KpiMeasure.choices,
            "quarters": (1, 2, 3, 4),
            "can_approve": request.user.has_perm("oversight.approve_workplan"),
            "today": timezone.localdate(),
        },
    )


def _back(request, workplan_pk, call, success: str):
    try:
        call()
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, success)
    return redirect("oversight:workplan_detail", pk=workplan_pk)


def _child(model, pk, path: str, workplan: Workplan):
    obj = model.objects.filter(pk=_int(pk), **{path: workplan}).first()
    if obj is None:
        raise DomainError(_("Not part of this workplan."))
    return obj


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


@login_required
@require_POST
def workplan_step(request, pk, step):
    """The workplan's forms: activity, kpi, result, progress, approve."""
    workplan = _workplan(request, pk)
    post = request.POST
    by = request.user

    def activity():
        mandate = _child(WorkplanMandate, post.get("mandate"), "workplan", workplan)
        svc.activity_add(
            mandate=mandate,
            by=by,
            title=post.get("title", ""),
            inputs=post.get("inputs", ""),
            budget=post.get("budget") or None,
            time_frame=post.get("time_frame", ""),
            responsible=post.get("responsible", ""),
            anticipated_outputs=post.get("anticipated_outputs", ""),
        )

    def kpi():
        act = _child(WorkplanActivity, post.get("activity"), "mandate__workplan", workplan)
        svc.kpi_add(
            activity=act,
            by=by,
            description=post.get("description", ""),
            target=post.get("target", ""),
            measure=post.get("measure", KpiMeasure.ENTERED),
        )

    def result():
        k = _child(WorkplanKpi, post.get("kpi"), "activity__mandate__workplan", workplan)
        svc.kpi_result_record(
            kpi=k,
            by=by,
            quarter=_int(post.get("quarter")),
            value=post.get("value", ""),
            evidence=post.get("evidence", ""),
        )

    def progress():
        act = _child(WorkplanActivity, post.get("activity"), "mandate__workplan", workplan)
        svc.activity_progress_record(
            activity=act, by=by, quarter=_int(post.get("quarter")), report=post.get("report", "")
        )

    def approve():
        svc.workplan_approve(
            workplan=workplan,
            by=by,
            chair_name=post.get("chair_name", ""),
            signature=post.get("signature", ""),
            approved_on=_date(post.get("approved_on")),
        )

    steps = {
        "activity": (activity, _("Activity added.")),
        "kpi": (kpi, _("KPI added.")),
        "result": (result, _("Result recorded.")),
        "progress": (progress, _("Progress reported.")),
        "approve": (approve, _("The board chair's approval is recorded.")),
    }
    if step not in steps:
        raise Http404
    if step == "approve" and not by.has_perm("oversight.approve_workplan"):
        raise PermissionDenied
    call, success = steps[step]
    return _back(request, workplan.pk, call, success)


@login_required
def workplan_export(request, pk, fmt):
    workplan = _workplan(request, pk)
    report = workplan_report(workplan, timezone.localdate())
    language = translation.get_language() or "en-ca"
    today = timezone.localdate()
    if fmt == "pdf":
        response = HttpResponse(workplan_pdf(report, language), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename(report, "pdf", today)}"'
        return response
    if fmt == "xlsx":
        return FileResponse(
            workplan_xlsx(report, language),
            content_type=XLSX_TYPE,
            as_attachment=True,
            filename=filename(report, "xlsx", today),
        )
    raise Http404
