"""API of the annual workplan [004] (certifying-body staff; anyone else: an empty list, 404 for
an id, 403 for creating one).

    GET   workplans/                    the workplans (also ?format=csv|xlsx)
    POST  workplans/                    {year, title?, from_template?}
    GET   workplans/{id}/               the workplan with its mandates, activities, KPIs and
                                        their results per quarter (measured live or entered)
    POST  workplans/{id}/activities/    {mandate, title, inputs?, budget?, time_frame?,
                                        responsible?, anticipated_outputs?}  (draft only)
    POST  workplans/{id}/kpis/          {activity, description, target, measure?} (draft only)
    POST  workplans/{id}/results/       {kpi, quarter, value, evidence}  (entered KPIs)
    POST  workplans/{id}/progress/      {activity, quarter, report}
    POST  workplans/{id}/approve/       {chair_name, signature, approved_on}  (directors,
                                        administrators; once)
    GET   workplans/{id}/pdf/           the workplan with its results, in the reader's language
    GET   workplans/{id}/xlsx/
"""

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cor_portal.access import visible
from cor_portal.errors import DomainError
from cor_portal.exports import XLSX_TYPE, ExportableListMixin

from ..enums import KpiMeasure
from ..models import Workplan, WorkplanActivity, WorkplanKpi, WorkplanMandate
from ..rules import require
from ..services import workplan as svc
from ..workplan_export import filename, workplan_pdf, workplan_xlsx
from ..workplan_report import workplan_report, workplan_tree


def _num(value) -> str | None:
    return None if value is None else f"{value}"


def _progress(p) -> dict | None:
    if p is None:
        return None
    return {
        "actual": _num(p.actual),
        "percent_of_target": _num(p.percent),
        "met": p.met,
    }


def report_payload(report) -> dict:
    w = report.workplan
    return {
        "id": w.pk,
        "year": w.year,
        "title": w.title,
        "status": w.status,
        "approval": {
            "chair_name": w.chair_name,
            "signature": w.chair_signature,
            "approved_on": w.approved_on.isoformat() if w.approved_on else None,
        },
        "as_of": report.today.isoformat(),
        "current_quarter": report.quarter,
        "total_budget": _num(report.total_budget),
        "kpis_met": report.kpis_met,
        "kpis": len(report.kpis),
        "mandates": [
            {
                "id": m.mandate.pk,
                "number": m.mandate.number,
                "title": m.mandate.title,
                "reference": m.mandate.reference,
                "objective": m.mandate.objective,
                "action_plan": m.mandate.action_plan,
                "activities": [
                    {
                        "id": a.activity.pk,
                        "title": a.activity.title,
                        "inputs": a.activity.inputs,
                        "budget": _num(a.activity.budget),
                        "time_frame": a.activity.time_frame,
                        "responsible": a.activity.responsible,
                        "anticipated_outputs": a.activity.anticipated_outputs,
                        "progress": {f"Q{q}": t for q, t in sorted(a.progress.items())},
                        "kpis": [
                            {
                                "id": k.kpi.pk,
                                "description": k.kpi.description,
                                "target": _num(k.kpi.target),
                                "measure": k.kpi.measure,
                                "measured_live": k.kpi.is_measured,
                                "quarters": {f"Q{q}": _progress(p) for q, p in k.quarters.items()},
                                "year_to_date": _progress(k.to_date),
                                "detail": k.detail,
                                "evidence": {f"Q{q}": t for q, t in sorted(k.evidence.items())},
                            }
                            for k in a.kpis
                        ],
                    }
                    for a in m.activities
                ],
            }
            for m in report.mandates
        ],
    }


class WorkplanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Workplan
        fields = ["id", "year", "title", "status", "chair_name", "approved_on", "created_at"]


class CreateInput(serializers.Serializer):
    year = serializers.IntegerField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    from_template = serializers.BooleanField(required=False, default=True)


class ActivityInput(serializers.Serializer):
    mandate = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    inputs = serializers.CharField(required=False, allow_blank=True, default="")
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    time_frame = serializers.CharField(required=False, allow_blank=True, default="")
    responsible = serializers.CharField(required=False, allow_blank=True, default="")
    anticipated_outputs = serializers.CharField(required=False, allow_blank=True, default="")


class KpiInput(serializers.Serializer):
    activity = serializers.IntegerField()
    description = serializers.CharField(max_length=300)
    target = serializers.DecimalField(max_digits=12, decimal_places=2)
    measure = serializers.ChoiceField(choices=KpiMeasure.choices, default=KpiMeasure.ENTERED)


class ResultInput(serializers.Serializer):
    kpi = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    evidence = serializers.CharField(max_length=4000)


class ProgressInput(serializers.Serializer):
    activity = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    report = serializers.CharField(max_length=4000)


class ApproveInput(serializers.Serializer):
    chair_name = serializers.CharField(max_length=200)
    signature = serializers.CharField(max_length=200)
    approved_on = serializers.DateField()


def _child(model, pk, workplan: Workplan, path: str, field: str):
    obj = model.objects.filter(pk=pk, **{path: workplan}).first()
    if obj is None:
        raise DomainError(_("Not part of this workplan."), field=field)
    return obj


class WorkplanViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = WorkplanSerializer
    export_name = "workplans"
    filterset_fields = ["year", "status"]

    def get_queryset(self):
        return visible(workplan_tree().order_by("-year"), self.request.user)

    def get_serializer_class(self):
        return WorkplanSerializer

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, *args, **kwargs):
        return Response(report_payload(workplan_report(self.get_object(), timezone.localdate())))

    @extend_schema(request=CreateInput, responses={201: OpenApiTypes.OBJECT})
    def create(self, request):
        require(request.user, "oversight.manage_workplan", svc.STAFF_ONLY)
        data = CreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        w = svc.workplan_create(by=request.user, **data.validated_data)
        fresh = self.get_queryset().get(pk=w.pk)
        return Response(report_payload(workplan_report(fresh, timezone.localdate())), status=201)

    def _answer(self, pk, status=200):
        fresh = self.get_queryset().get(pk=pk)
        return Response(report_payload(workplan_report(fresh, timezone.localdate())), status=status)

    def _input(self, serializer_class, request):
        require(request.user, "oversight.manage_workplan", svc.STAFF_ONLY)
        workplan = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        return workplan, data.validated_data

    @extend_schema(request=ActivityInput, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def activities(self, request, pk=None):
        workplan, v = self._input(ActivityInput, request)
        mandate = _child(WorkplanMandate, v.pop("mandate"), workplan, "workplan", "mandate")
        svc.activity_add(mandate=mandate, by=request.user, **v)
        return self._answer(workplan.pk, 201)

    @extend_schema(request=KpiInput, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def kpis(self, request, pk=None):
        workplan, v = self._input(KpiInput, request)
        activity = _child(
            WorkplanActivity, v.pop("activity"), workplan, "mandate__workplan", "activity"
        )
        svc.kpi_add(activity=activity, by=request.user, **v)
        return self._answer(workplan.pk, 201)

    @extend_schema(request=ResultInput, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        workplan, v = self._input(ResultInput, request)
        kpi = _child(WorkplanKpi, v.pop("kpi"), workplan, "activity__mandate__workplan", "kpi")
        svc.kpi_result_record(kpi=kpi, by=request.user, **v)
        return self._answer(workplan.pk)

    @extend_schema(request=ProgressInput, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        workplan, v = self._input(ProgressInput, request)
        activity = _child(
            WorkplanActivity, v.pop("activity"), workplan, "mandate__workplan", "activity"
        )
        svc.activity_progress_record(activity=activity, by=request.user, **v)
        return self._answer(workplan.pk)

    @extend_schema(request=ApproveInput, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        require(request.user, "oversight.approve_workplan", svc.APPROVERS_ONLY)
        workplan = self.get_object()
        data = ApproveInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.workplan_approve(workplan=workplan, by=request.user, **data.validated_data)
        return self._answer(workplan.pk)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        report = workplan_report(self.get_object(), timezone.localdate())
        body = workplan_pdf(report, translation.get_language() or "en-ca")
        response = HttpResponse(body, content_type="application/pdf")
        name = filename(report, "pdf", timezone.localdate())
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(responses={(200, XLSX_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        from django.http import FileResponse

        report = workplan_report(self.get_object(), timezone.localdate())
        out = workplan_xlsx(report, translation.get_language() or "en-ca")
        return FileResponse(
            out,
            content_type=XLSX_TYPE,
            as_attachment=True,
            filename=filename(report, "xlsx", timezone.localdate()),
        )


def register(router) -> None:
    router.register("workplans", WorkplanViewSet, basename="workplans")
