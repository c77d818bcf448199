"""API of action plans (through cor_portal.access: another organization's plan, or a plan of
an engagement the auditor does not hold, answers 404).

    GET    action-plans/                          list (filters: kind, status)
    POST   action-plans/                          start {kind, wsib_account} (SMR)
    GET    action-plans/{id}/                     with objectives, milestones, deliverables,
                                                  progress and scores
    POST   action-plans/{id}/objectives/          {statement, measure, starts_on, ends_on,
                                                  from_recommendation, cap_item}
    PATCH  action-plans/{id}/objectives/{o}/      same fields
    DELETE action-plans/{id}/objectives/{o}/
    POST   action-plans/{id}/objectives/{o}/milestones/       {description, assignee,
                                                  target_date, deliverable, weight}
    PATCH  action-plans/{id}/milestones/{m}/      same fields, or {completed_on} once approved
    DELETE action-plans/{id}/milestones/{m}/
    POST   action-plans/{id}/milestones/{m}/deliverables/     multipart {file, title,
                                                  document_date}
    POST   action-plans/{id}/submit-proposal/     SMR {participants?, organization_chart?}
    POST   action-plans/{id}/approve/             the kind's approver
    POST   action-plans/{id}/return/              approver (proposal) or scorer (final) {reason}
    POST   action-plans/{id}/verification-plan/   associate auditor {scope, cost}
    POST   action-plans/{id}/self-score/          employer {scores: {milestone: points},
                                                  notes: {objective: text}}
    POST   action-plans/{id}/submit-final/        SMR {signed_name, results, strengths,
                                                  recommendations}
    POST   action-plans/{id}/score/               QA reviewer {scores: {milestone: points}}
    POST   action-plans/{id}/verify/              associate auditor {achieved: {milestone:
                                                  bool}, milestone_notes, objective_notes,
                                                  results, strengths, recommendations}
    POST   action-plans/{id}/package/             SOSE, passed: the Ministry package (PDF)
    GET    action-plans/{id}/export/              the submission as a zip by objective
"""

from decimal import Decimal

import django_filters
from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from certification.models import WsibAccount
from cor_portal.access import visible
from cor_portal.errors import DomainError

from .engine import MilestoneProgress, progress
from .enums import PlanKind, PlanStatus
from .models import ActionPlan, Deliverable, Milestone, Objective
from .services import plan as services
from .services.plan import UNCHANGED


def _pct(value) -> str | None:
    from audits.scoring import display_pct

    return None if value is None else display_pct(value)


class DeliverableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deliverable
        fields = ["id", "title", "original_name", "content_type", "size", "document_date"]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    deliverables = DeliverableSerializer(many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "label",
            "order",
            "description",
            "assignee",
            "target_date",
            "deliverable",
            "weight",
            "completed_on",
            "self_score",
            "score",
            "verification_note",
            "deliverables",
        ]
        read_only_fields = fields


class ObjectiveSerializer(serializers.ModelSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True)
    cap_item_description = serializers.CharField(
        source="cap_item.description", read_only=True, default=None
    )

    class Meta:
        model = Objective
        fields = [
            "id",
            "order",
            "statement",
            "measure",
            "starts_on",
            "ends_on",
            "cap_item",
            "cap_item_description",
            "from_recommendation",
            "self_score_notes",
            "verification_note",
            "milestones",
        ]
        read_only_fields = fields


def plan_progress(plan: ActionPlan) -> dict:
    """Overall and per-objective progress (weighted; by count when unweighted)."""
    rows = [
        MilestoneProgress(str(o.order), m.weight or Decimal(1), m.completed_on is not None)
        for o in plan.objectives.all()
        for m in o.milestones.all()
    ]
    overall, per = progress(rows)
    return {"overall": _pct(overall), "objectives": {k: _pct(v) for k, v in per.items()}}


class ActionPlanSerializer(serializers.ModelSerializer):
    objectives = ObjectiveSerializer(many=True, read_only=True)
    account_number = serializers.CharField(source="wsib_account.account_number", read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "kind",
            "status",
            "wsib_account",
            "account_number",
            "program_year",
            "source_engagement",
            "participants",
            "organization_chart",
            "submitted_at",
            "approved_on",
            "return_reason",
            "verification_scope",
            "verification_cost",
            "verification_planned_on",
            "summary_results",
            "summary_strengths",
            "summary_recommendations",
            "signed_off_name",
            "signed_off_on",
            "final_submitted_at",
            "self_score_pct",
            "score_pct",
            "scored_on",
            "created_at",
            "progress",
            "objectives",
        ]
        read_only_fields = fields

    def get_progress(self, obj) -> dict:
        return plan_progress(obj)


class StartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    wsib_account = serializers.IntegerField()


class ObjectiveInput(serializers.Serializer):
    statement = serializers.CharField(required=False, allow_blank=True)
    measure = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    from_recommendation = serializers.BooleanField(required=False)
    cap_item = serializers.IntegerField(required=False, allow_null=True)


class MilestoneInput(serializers.Serializer):
    description = serializers.CharField(required=False, allow_blank=True)
    assignee = serializers.CharField(required=False, allow_blank=True, max_length=200)
    target_date = serializers.DateField(required=False, allow_null=True)
    deliverable = serializers.CharField(required=False, allow_blank=True)
    weight = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    completed_on = serializers.DateField(required=False, allow_null=True)


class DeliverableInput(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)
    document_date = serializers.DateField(required=False, allow_null=True, default=None)


class ProposalInput(serializers.Serializer):
    participants = serializers.CharField(required=False, allow_blank=True)
    organization_chart = serializers.CharField(required=False, allow_blank=True)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class VerificationPlanInput(serializers.Serializer):
    scope = serializers.CharField(required=False, allow_blank=True, default="")
    cost = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class ScoresInput(serializers.Serializer):
    scores = serializers.DictField(child=serializers.CharField(allow_null=True))
    notes = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    objective_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False
    )
    milestone_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False
    )


class VerifyInput(serializers.Serializer):
    achieved = serializers.DictField(child=serializers.BooleanField())
    objective_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False
    )
    milestone_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False
    )
    results = serializers.CharField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    recommendations = serializers.CharField(required=False, allow_blank=True, default="")


class FinalInput(serializers.Serializer):
    signed_name = serializers.CharField(required=False, allow_blank=True, default="")
    results = serializers.CharField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    recommendations = serializers.CharField(required=False, allow_blank=True, default="")


def _ids(mapping) -> dict[int, object]:
    out = {}
    for key, value in (mapping or {}).items():
        try:
            out[int(key)] = value
        except (TypeError, ValueError):
            raise DomainError(
                _("Name milestones and objectives by their id."), field="scores"
            ) from None
    return out


class PlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices)
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)

    class Meta:
        model = ActionPlan
        fields = ["kind", "status"]


class ActionPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ActionPlanSerializer
    filterset_class = PlanFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        milestones = Milestone.objects.prefetch_related("deliverables").order_by("order")
        objectives = (
            Objective.objects.select_related("cap_item")
            .prefetch_related(Prefetch("milestones", queryset=milestones))
            .order_by("order")
        )
        qs = (
            ActionPlan.objects.select_related("wsib_account")
            .prefetch_related(Prefetch("objectives", queryset=objectives))
            .order_by("-created_at", "-pk")
        )
        return visible(qs, self.request.user)

    def _read(self, plan, code=status.HTTP_200_OK) -> Response:
        return Response(ActionPlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=code)

    @extend_schema(request=StartSerializer, responses={201: ActionPlanSerializer})
    def create(self, request):
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = (
            visible(WsibAccount.objects.all(), request.user)
            .filter(pk=data.validated_data["wsib_account"])
            .first()
        )
        if account is None:
            raise DomainError(_("Choose one of your accounts."), field="wsib_account")
        plan = services.plan_start(
            kind=data.validated_data["kind"], wsib_account=account, by=request.user
        )
        return self._read(plan, status.HTTP_201_CREATED)

    def _objective(self, plan, pk) -> Objective:
        objective = Objective.objects.filter(plan=plan, pk=pk).select_related("plan").first()
        if objective is None:
            raise DomainError(_("This plan has no such objective."), field="objective")
        return objective

    def _milestone(self, plan, pk) -> Milestone:
        milestone = (
            Milestone.objects.filter(objective__plan=plan, pk=pk)
            .select_related("objective__plan")
            .first()
        )
        if milestone is None:
            raise DomainError(_("This plan has no such milestone."), field="milestone")
        return milestone

    @extend_schema(request=ObjectiveInput, responses={201: ObjectiveSerializer})
    @action(detail=True, methods=["post"], url_path="objectives")
    def add_objective(self, request, pk=None):
        plan = self.get_object()
        services.require_editor(request.user, plan)
        data = ObjectiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cap_item = values.pop("cap_item", None)
        objective = services.objective_save(
            plan=plan, by=request.user, cap_item_id=cap_item, **values
        )
        return Response(ObjectiveSerializer(objective).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ObjectiveInput, responses={200: ObjectiveSerializer})
    @action(
        detail=True, methods=["patch", "delete"], url_path=r"objectives/(?P<objective_pk>[0-9]+)"
    )
    def change_objective(self, request, pk=None, objective_pk=None):
        plan = self.get_object()
        services.require_editor(request.user, plan)
        objective = self._objective(plan, objective_pk)
        if request.method == "DELETE":
            services.objective_remove(objective=objective, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = ObjectiveInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cap_item = values.pop("cap_item", None)
        objective = services.objective_save(
            plan=plan, by=request.user, objective=objective, cap_item_id=cap_item, **values
        )
        return Response(ObjectiveSerializer(objective).data)

    @extend_schema(request=MilestoneInput, responses={201: MilestoneSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"objectives/(?P<objective_pk>[0-9]+)/milestones",
    )
    def add_milestone(self, request, pk=None, objective_pk=None):
        plan = self.get_object()
        services.require_editor(request.user, plan)
        objective = self._objective(plan, objective_pk)
        data = MilestoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("completed_on", None)
        milestone = services.milestone_save(objective=objective, by=request.user, **values)
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MilestoneInput, responses={200: MilestoneSerializer})
    @action(
        detail=True, methods=["patch", "delete"], url_path=r"milestones/(?P<milestone_pk>[0-9]+)"
    )
    def change_milestone(self, request, pk=None, milestone_pk=None):
        plan = self.get_object()
        services.require_editor(request.user, plan)
        milestone = self._milestone(plan, milestone_pk)
        if request.method == "DELETE":
            services.milestone_remove(milestone=milestone, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = MilestoneInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "completed_on" in values:
            milestone = services.milestone_complete(
                milestone=milestone, by=request.user, completed_on=values.pop("completed_on")
            )
        if values:
            milestone = services.milestone_save(
                objective=milestone.objective, by=request.user, milestone=milestone, **values
            )
        milestone = (
            Milestone.objects.prefetch_related("deliverables")
            .select_related("objective")
            .get(pk=milestone.pk)
        )
        return Response(MilestoneSerializer(milestone).data)

    @extend_schema(
        request={"multipart/form-data": DeliverableInput}, responses={201: DeliverableSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"milestones/(?P<milestone_pk>[0-9]+)/deliverables",
    )
    def add_deliverable(self, request, pk=None, milestone_pk=None):
        plan = self.get_object()
        services.require_editor(request.user, plan)
        milestone = self._milestone(plan, milestone_pk)
        data = DeliverableInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        deliverable = services.deliverable_attach(
            milestone=milestone,
            by=request.user,
            upload=values["file"],
            title=values["title"],
            document_date=values["document_date"],
        )
        return Response(DeliverableSerializer(deliverable).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProposalInput, responses={200: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="submit-proposal")
    def submit_proposal(self, request, pk=None):
        plan = self.get_object()
        services.require_smr(request.user, plan)
        data = ProposalInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        plan = services.proposal_submit(
            plan=plan,
            by=request.user,
            participants=values.get("participants", UNCHANGED),
            organization_chart=values.get("organization_chart", UNCHANGED),
        )
        return self._read(plan)

    @extend_schema(request=None, responses={200: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request, pk=None):
        return self._read(services.plan_approve(plan=self.get_object(), by=request.user))

    @extend_schema(request=ReasonInput, responses={200: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request, pk=None):
        plan = self.get_object()
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            services.plan_return(plan=plan, by=request.user, reason=data.validated_data["reason"])
        )

    @extend_schema(request=VerificationPlanInput, responses={200: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="verification-plan")
    def verification_plan(self, request, pk=None):
        plan = self.get_object()
        services.require_as(request.user, plan, "associate_auditor")
        data = VerificationPlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            services.verification_plan_record(
                plan=plan,
                by=request.user,
                scope=data.validated_data["scope"],
                cost=data.validated_data["cost"],
            )
        )

    @extend_schema(request=ScoresInput, responses={200: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="self-score")
    def self_score(self, request, pk=None):
        plan = self.get_object()
        services.require_editor(request.user, plan)
        data = ScoresInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return self._read(
            services.self_score_record(
                plan=plan,
                by=request.user,
                scores=_ids(values["scores"]),
                notes=_ids(values.get("notes")),  # type: ignore[arg-type]
            )
        )

    @extend_schema(request=FinalInput, responses={200: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="submit-final")
    def submit_final(self, request, pk=None):
        plan = self.get_object()
        services.require_smr(request.user, plan)
        data = FinalInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(services.final_submit(plan=plan, by=request.user, **data.validated_data))

    @extend_schema(request=ScoresInput, responses={200: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="score")
    def score(self, request, pk=None):
        plan = self.get_object()
        services.require_as(request.user, plan, plan.config.scorer)
        data = ScoresInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return self._read(
            services.plan_score(
                plan=plan,
                by=request.user,
                scores=_ids(values["scores"]),
                objective_notes=_ids(values.get("objective_notes")),  # type: ignore[arg-type]
                milestone_notes=_ids(values.get("milestone_notes")),  # type: ignore[arg-type]
            )
        )

    @extend_schema(request=VerifyInput, responses={200: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="verify")
    def verify(self, request, pk=None):
        plan = self.get_object()
        services.require_as(request.user, plan, plan.config.scorer)
        data = VerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return self._read(
            services.plan_score(
                plan=plan,
                by=request.user,
                scores={k: Decimal(1 if v else 0) for k, v in _ids(values["achieved"]).items()},
                objective_notes=_ids(values.get("objective_notes")),  # type: ignore[arg-type]
                milestone_notes=_ids(values.get("milestone_notes")),  # type: ignore[arg-type]
                results=values["results"],
                strengths=values["strengths"],
                recommendations=values["recommendations"],
            )
        )

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"], url_path="package")
    def package(self, request, pk=None):
        from .services.package import ministry_package

        plan = self.get_object()
        content = ministry_package(plan=plan, by=request.user)
        response = FileResponse(
            iter([content]),
            content_type="application/pdf",
            as_attachment=True,
            filename=f"sose-package-{plan.wsib_account.account_number}.pdf",
        )
        return response

    @extend_schema(responses={200: None})
    @action(detail=True, methods=["get"], url_path="export")
    def export(self, request, pk=None):
        from .services.package import submission_zip

        plan = self.get_object()
        content = submission_zip(plan=plan, by=request.user)
        return FileResponse(
            iter([content]),
            content_type="application/zip",
            as_attachment=True,
            filename=f"action-plan-{plan.wsib_account.account_number}-{plan.pk}.zip",
        )


def register(router) -> None:
    router.register("action-plans", ActionPlanViewSet, basename="action-plan")
