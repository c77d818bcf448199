"""API of auditor quality (certifying-body staff; anyone else: empty lists, 404 for an id,
403 for an action — decided before the input is read).

    GET   auditor-evaluations/                  (filters: auditor, year)
    POST  auditor-evaluations/                  {auditor, engagement, evaluated_on, findings,
                                                rating}
    GET   eaqa/                                 (filters: year, status)
    GET   eaqa/progress/?year=                  required (10 % of the roster), selected, done
    POST  eaqa/select/                          {year} selects by rotation
    POST  eaqa/{id}/complete/                   {completed_on, report}
    POST  eaqa/{id}/cancel/                     {reason}
    GET   auditor-declarations/                 POST {auditor, year, declared_on, statement}
    GET   auditor-cpd/                          POST multipart {auditor, title, completed_on,
                                                hours, evidence}
    POST  auditor-quality/{auditor}/reinstate/  administrators {reason}
    POST  auditor-quality/{auditor}/ethics-breach/ administrators {investigated_on, finding,
                                                intentional}
    GET   internal-auditors/?organization=      the internal-auditor roster with training
                                                currency and the employers with more than one
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audits.models import ExternalAuditor, ExternalEngagement
from cor_portal.errors import DomainError

from ..enums import EaqaStatus, EvaluationRating
from ..models import AuditorCpd, AuditorDeclaration, AuditorEvaluation, Eaqa
from ..rules import require
from ..selectors import (
    cpd_activities,
    declarations,
    eaqa_progress,
    eaqas,
    evaluations,
    internal_auditor_roster,
)
from ..services import auditors as svc


def _auditor(pk) -> ExternalAuditor:
    auditor = ExternalAuditor.objects.select_related("user").filter(pk=pk).first()
    if auditor is None:
        raise DomainError(_("No external auditor %(id)s.") % {"id": pk}, field="auditor")
    return auditor


def _name(user) -> str:
    return user.get_full_name() or user.email


class EvaluationSerializer(serializers.ModelSerializer):
    auditor_name = serializers.SerializerMethodField()
    evaluator_name = serializers.SerializerMethodField()
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)

    class Meta:
        model = AuditorEvaluation
        fields = [
            "id",
            "auditor",
            "auditor_name",
            "engagement",
            "year",
            "evaluated_on",
            "evaluator_name",
            "findings",
            "rating",
            "rating_label",
        ]

    def get_auditor_name(self, obj) -> str:
        return _name(obj.auditor.user)

    def get_evaluator_name(self, obj) -> str:
        return _name(obj.evaluator)


class EvaluationInput(serializers.Serializer):
    auditor = serializers.IntegerField()
    engagement = serializers.IntegerField()
    evaluated_on = serializers.DateField()
    findings = serializers.CharField(max_length=3500)
    rating = serializers.ChoiceField(choices=EvaluationRating.choices)


class YearFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    auditor = django_filters.NumberFilter()


class CpdFilter(django_filters.FilterSet):
    # A CPD record has the day it was completed, not a year of its own.
    year = django_filters.NumberFilter(field_name="completed_on", lookup_expr="year")
    auditor = django_filters.NumberFilter()


class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EvaluationSerializer
    filterset_class = YearFilter

    def get_queryset(self):
        return evaluations(self.request.user)

    @extend_schema(request=EvaluationInput, responses={201: EvaluationSerializer})
    def create(self, request):
        require(request.user, "oversight.manage_auditor_quality", svc.STAFF_ONLY)
        data = EvaluationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        auditor = _auditor(v["auditor"])
        engagement = ExternalEngagement.objects.filter(pk=v["engagement"]).first()
        if engagement is None:
            raise DomainError(
                _("No external engagement %(id)s.") % {"id": v["engagement"]}, field="engagement"
            )
        evaluation = svc.evaluation_record(
            auditor=auditor,
            engagement=engagement,
            evaluated_on=v["evaluated_on"],
            findings=v["findings"],
            rating=v["rating"],
            by=request.user,
        )
        fresh = self.get_queryset().get(pk=evaluation.pk)
        return Response(EvaluationSerializer(fresh).data, status=201)


class ProgressSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    active_roster = serializers.IntegerField()
    required = serializers.IntegerField()  # type: ignore[assignment]  # a field, not Field.required
    selected = serializers.IntegerField()
    completed = serializers.IntegerField()


class RosterStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


class BreachResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    intentional = serializers.BooleanField()
    auditor_status = serializers.CharField()


class InternalAuditorRowSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    organization_id = serializers.IntegerField()
    organization = serializers.CharField()
    trained = serializers.BooleanField()
    training_current = serializers.BooleanField()
    internal_auditor_course_on = serializers.DateField(allow_null=True)


class InternalAuditorRosterSerializer(serializers.Serializer):
    rows = InternalAuditorRowSerializer(many=True)
    employers_with_more_than_one_trained = serializers.IntegerField()


class EaqaSerializer(serializers.ModelSerializer):
    auditor_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Eaqa
        fields = [
            "id",
            "auditor",
            "auditor_name",
            "year",
            "status",
            "status_label",
            "selected_on",
            "completed_on",
            "report",
            "cancel_reason",
        ]

    def get_auditor_name(self, obj) -> str:
        return _name(obj.auditor.user)


class EaqaFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    status = django_filters.ChoiceFilter(choices=EaqaStatus.choices)


class YearInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class CompleteInput(serializers.Serializer):
    completed_on = serializers.DateField()
    report = serializers.CharField(max_length=3500)


class QualityReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=3500, default="")


class EaqaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EaqaSerializer
    filterset_class = EaqaFilter

    def get_queryset(self):
        return eaqas(self.request.user)

    @extend_schema(request=YearInput, responses={201: EaqaSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def select(self, request):
        require(request.user, "oversight.manage_auditor_quality", svc.STAFF_ONLY)
        data = YearInput(data=request.data)
        data.is_valid(raise_exception=True)
        created = svc.eaqa_select(year=data.validated_data["year"], by=request.user)
        fresh = self.get_queryset().filter(pk__in=[e.pk for e in created])
        return Response(EaqaSerializer(fresh, many=True).data, status=201)

    @extend_schema(responses={200: ProgressSerializer})
    @action(detail=False, methods=["get"])
    def progress(self, request):
        require(request.user, "oversight.manage_auditor_quality", svc.STAFF_ONLY)
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError as exc:
            raise DomainError(_("Give the year as a number."), field="year") from exc
        return Response(ProgressSerializer(eaqa_progress(year)).data)

    @extend_schema(request=CompleteInput, responses={200: EaqaSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        eaqa = self.get_object()
        require(request.user, "oversight.manage_auditor_quality", svc.STAFF_ONLY)
        data = CompleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.eaqa_complete(eaqa=eaqa, by=request.user, **data.validated_data)
        return Response(EaqaSerializer(self.get_queryset().get(pk=eaqa.pk)).data)

    @extend_schema(request=QualityReasonInput, responses={200: EaqaSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        eaqa = self.get_object()
        require(request.user, "oversight.manage_auditor_quality", svc.STAFF_ONLY)
        data = QualityReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.eaqa_cancel(eaqa=eaqa, by=request.user, reason=data.validated_data["reason"])
        return Response(EaqaSerializer(self.get_queryset().get(pk=eaqa.pk)).data)


class DeclarationSerializer(serializers.ModelSerializer):
    auditor_name = serializers.SerializerMethodField()

    class Meta:
        model = AuditorDeclaration
        fields = ["id", "auditor", "auditor_name", "year", "declared_on", "statement"]

    def get_auditor_name(self, obj) -> str:
        return _name(obj.auditor.user)


class DeclarationInput(serializers.Serializer):
    auditor = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    declared_on = serializers.DateField()
    statement = serializers.CharField(max_length=3500)


class DeclarationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DeclarationSerializer
    filterset_class = YearFilter

    def get_queryset(self):
        return declarations(self.request.user)

    @extend_schema(request=DeclarationInput, responses={201: DeclarationSerializer})
    def create(self, request):
        require(request.user, "oversight.manage_auditor_quality", svc.STAFF_ONLY)
        data = DeclarationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        declaration = svc.declaration_record(
            auditor=_auditor(v["auditor"]),
            year=v["year"],
            declared_on=v["declared_on"],
            statement=v["statement"],
            by=request.user,
        )
        return Response(
            DeclarationSerializer(self.get_queryset().get(pk=declaration.pk)).data, status=201
        )


class CpdSerializer(serializers.ModelSerializer):
    auditor_name = serializers.SerializerMethodField()

    class Meta:
        model = AuditorCpd
        fields = [
            "id",
            "auditor",
            "auditor_name",
            "title",
            "completed_on",
            "hours",
            "evidence_name",
        ]

    def get_auditor_name(self, obj) -> str:
        return _name(obj.auditor.user)


class CpdInput(serializers.Serializer):
    auditor = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    completed_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    evidence = serializers.FileField()


class CpdViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CpdSerializer
    filterset_class = CpdFilter

    def get_queryset(self):
        return cpd_activities(self.request.user)

    @extend_schema(request=CpdInput, responses={201: CpdSerializer})
    def create(self, request):
        require(request.user, "oversight.manage_auditor_quality", svc.STAFF_ONLY)
        data = CpdInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        cpd = svc.cpd_record(
            auditor=_auditor(v["auditor"]),
            title=v["title"],
            completed_on=v["completed_on"],
            hours=v["hours"],
            evidence=v["evidence"],
            by=request.user,
        )
        return Response(CpdSerializer(self.get_queryset().get(pk=cpd.pk)).data, status=201)


class BreachInput(serializers.Serializer):
    investigated_on = serializers.DateField()
    finding = serializers.CharField(max_length=3500)
    intentional = serializers.BooleanField()


class AuditorQualityViewSet(viewsets.GenericViewSet):
    """Roster decisions of auditor quality on a roster entry (administrators)."""

    queryset = ExternalAuditor.objects.none()

    def _entry(self, pk) -> ExternalAuditor:
        require(self.request.user, "oversight.remove_auditor", svc.ADMIN_ONLY)
        auditor = ExternalAuditor.objects.select_related("user").filter(pk=pk).first()
        if auditor is None:
            from django.http import Http404

            raise Http404
        return auditor

    @extend_schema(request=QualityReasonInput, responses={200: RosterStatusSerializer})
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        auditor = self._entry(pk)
        data = QualityReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        fresh = svc.auditor_reinstate(
            auditor=auditor, by=request.user, reason=data.validated_data["reason"]
        )
        return Response(RosterStatusSerializer({"id": fresh.pk, "status": fresh.status}).data)

    @extend_schema(request=BreachInput, responses={201: BreachResultSerializer})
    @action(detail=True, methods=["post"], url_path="ethics-breach")
    def ethics_breach(self, request, pk=None):
        auditor = self._entry(pk)
        data = BreachInput(data=request.data)
        data.is_valid(raise_exception=True)
        breach = svc.ethics_breach_record(auditor=auditor, by=request.user, **data.validated_data)
        auditor.refresh_from_db()
        return Response(
            {"id": breach.pk, "intentional": breach.intentional, "auditor_status": auditor.status},
            status=201,
        )


class InternalAuditorViewSet(viewsets.GenericViewSet):
    queryset = ExternalAuditor.objects.none()
    serializer_class = InternalAuditorRosterSerializer
    pagination_class = None

    @extend_schema(responses={200: InternalAuditorRosterSerializer})
    def list(self, request):
        require(request.user, "oversight.view_oversight", svc.STAFF_ONLY)
        organization = request.query_params.get("organization")
        try:
            organization_id = int(organization) if organization else None
        except ValueError as exc:
            raise DomainError(_("Give the organization as its id."), field="organization") from exc
        roster = internal_auditor_roster(
            today=timezone.localdate(), organization_id=organization_id
        )
        return Response(InternalAuditorRosterSerializer(roster).data)


def register(router) -> None:
    router.register("auditor-evaluations", EvaluationViewSet, basename="auditor-evaluation")
    router.register("eaqa", EaqaViewSet, basename="eaqa")
    router.register("auditor-declarations", DeclarationViewSet, basename="auditor-declaration")
    router.register("auditor-cpd", CpdViewSet, basename="auditor-cpd")
    router.register("auditor-quality", AuditorQualityViewSet, basename="auditor-quality")
    router.register("internal-auditors", InternalAuditorViewSet, basename="internal-auditor")
