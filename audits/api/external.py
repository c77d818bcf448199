"""API of the external audit (through cor_portal.access: what a caller cannot see answers
404; who may act is decided before the input is read, 403). The external audit's item
scores and evidence go through `audits/{id}/responses/` and `audits/{id}/evidence/` like
every audit's.

    GET   auditors/                          the approved list (staff: every entry, with the
                                             status reason and Code of Ethics signature)
    GET   auditor-conflicts/                 declared conflicts (staff: all; an auditor: own)
                                             (filters: auditor, organization)
    GET   auditors/{id}/
    POST  auditors/{id}/approve/             administrators {reason?}
    POST  auditors/{id}/suspend/             administrators {reason}
    POST  auditors/{id}/remove/              administrators {reason}
    POST  auditors/{id}/conflicts/           the auditor or an administrator
                                             {organization, kind, description?}
    GET   engagements/                       the caller's engagements (filter: status)
    POST  engagements/                       SMR chooses {wsib_account, auditor}; a refusal
                                             lists every rule broken under "auditor"
    GET   engagements/{id}/
    POST  engagements/{id}/accept/           the auditor {no_conflict: true}
    POST  engagements/{id}/decline/          the auditor {reason}
    POST  engagements/{id}/start/            the auditor (plan approved)
    POST  engagements/{id}/findings/         the auditor {kind, text, element_number?,
                                             item_number?}
    POST  engagements/{id}/sign/             SMR, internal auditor, external auditor
                                             {meeting, typed_name}
    POST  engagements/{id}/validate-internal-audit/  the auditor, at a recertification
                                             external audit: the year-1 internal audit
                                             (completed, not reviewed) was done
    POST  engagements/{id}/submit-report/    the auditor {summary?} (a recertification's:
                                             once the internal audit is validated)
    POST  engagements/{id}/approve-report/   certifying body
    POST  engagements/{id}/return-report/    certifying body {reason}
    POST  engagements/{id}/cap-comment/      the auditor {comment}
    GET   audit-plans/                       (filter: status)
    GET   audit-plans/{id}/
    PATCH audit-plans/{id}/                  the auditor drafts it
    POST  audit-plans/{id}/submit/           the auditor
    POST  audit-plans/{id}/approve/          certifying body
    POST  audit-plans/{id}/return/           certifying body {reason}
"""

import django_filters
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audits.enums import ConflictKind, EngagementStatus, FindingKind, MeetingKind, PlanStatus
from audits.external_documents import external_report_document
from audits.models import AuditorConflict, AuditPlan, ExternalAuditor, ExternalEngagement
from audits.selectors import deadline_due_plans
from audits.services import engagement as svc
from audits.services import roster
from audits.services.recertification import internal_audit_validate
from certification.enums import CODE_OF_ETHICS_CURRENT_VERSION
from certification.models import CodeOfEthicsSignature, Organization, WsibAccount
from cor_portal.access import get_visible_or_404, visible
from cor_portal.errors import DomainError
from cor_portal.exports import ExportableListMixin

TEXT = 8000


class AuditorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    company = serializers.CharField(source="company.name", read_only=True, default=None)
    status_reason = serializers.SerializerMethodField()
    code_of_ethics_signed_at = serializers.DateTimeField(
        read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ExternalAuditor
        fields = [
            "id",
            "name",
            "username",
            "company",
            "status",
            "status_changed_on",
            "status_reason",
            "code_of_ethics_signed_at",
        ]
        read_only_fields = fields

    def get_status_reason(self, obj) -> str:
        """Why the status changed: for the certifying body and the auditor themselves."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and (
            user.is_certifying_body_staff or user.is_superuser or user.pk == obj.user_id
        ):
            return obj.status_reason
        return ""


class AuditorConflictSerializer(serializers.ModelSerializer):
    auditor_name = serializers.CharField(source="auditor.user.get_full_name", read_only=True)
    company = serializers.CharField(source="auditor.company.name", read_only=True, default=None)
    organization_name = serializers.CharField(source="organization.legal_name", read_only=True)

    class Meta:
        model = AuditorConflict
        fields = [
            "id",
            "auditor",
            "auditor_name",
            "company",
            "organization",
            "organization_name",
            "kind",
            "description",
            "declared_at",
        ]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    approval_due_on = serializers.DateField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = AuditPlan
        fields = [
            "id",
            "engagement",
            "status",
            "scope",
            "sites",
            "starts_on",
            "ends_on",
            "audit_days",
            "interviews_management",
            "interviews_supervisors",
            "interviews_workers",
            "submitted_on",
            "approval_due_on",
            "decided_at",
            "return_reason",
        ]
        read_only_fields = [
            "id",
            "engagement",
            "status",
            "submitted_on",
            "approval_due_on",
            "decided_at",
            "return_reason",
        ]


class PlanWriteSerializer(serializers.Serializer):
    scope = serializers.CharField(required=False, allow_blank=True, max_length=TEXT)
    sites = serializers.CharField(required=False, allow_blank=True, max_length=TEXT)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    audit_days = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True
    )
    interviews_management = serializers.IntegerField(required=False, min_value=0, max_value=10000)
    interviews_supervisors = serializers.IntegerField(required=False, min_value=0, max_value=10000)
    interviews_workers = serializers.IntegerField(required=False, min_value=0, max_value=10000)


class EngagementSerializer(serializers.ModelSerializer):
    auditor_name = serializers.CharField(source="auditor.user.get_full_name", read_only=True)
    account_number = serializers.CharField(source="wsib_account.account_number", read_only=True)
    organization = serializers.CharField(source="wsib_account.organization", read_only=True)
    plan = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()
    is_recertification = serializers.BooleanField(read_only=True)

    class Meta:
        model = ExternalEngagement
        fields = [
            "id",
            "kind",
            "status",
            "wsib_account",
            "account_number",
            "organization",
            "auditor",
            "auditor_name",
            "internal_audit",
            "audit",
            "reaudit_of",
            "chosen_at",
            "responded_at",
            "decline_reason",
            "report_submitted_at",
            "return_reason",
            "report_approved_on",
            "reaudit_due_on",
            "cap_comment",
            "is_recertification",
            "internal_audit_validated_at",
            "plan",
            "report_url",
        ]
        read_only_fields = fields

    def get_plan(self, obj) -> int | None:
        plan = getattr(obj, "plan", None) if hasattr(obj, "plan") else None
        return plan.pk if plan is not None else None

    def get_report_url(self, obj) -> str | None:
        if obj.report_submitted_at is None:
            return None
        return reverse("audits:engagement_report", args=[obj.pk])


class ChooseSerializer(serializers.Serializer):
    wsib_account = serializers.IntegerField()
    auditor = serializers.IntegerField()


class AcceptSerializer(serializers.Serializer):
    no_conflict = serializers.BooleanField(required=False, default=False)


class ExternalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT)


class SummarySerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT)


class ExternalFindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    text = serializers.CharField(allow_blank=True, max_length=TEXT)
    element_number = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    item_number = serializers.CharField(required=False, allow_blank=True, max_length=20)


class SignSerializer(serializers.Serializer):
    meeting = serializers.ChoiceField(choices=MeetingKind.choices)
    typed_name = serializers.CharField(allow_blank=True, max_length=200)


class ConflictSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ConflictKind.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=TEXT)


class AuditorViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = AuditorSerializer

    def get_queryset(self):
        signed = CodeOfEthicsSignature.objects.filter(
            user_id=OuterRef("user_id"), version=CODE_OF_ETHICS_CURRENT_VERSION
        ).order_by("-signed_at")
        return visible(
            ExternalAuditor.objects.select_related("user", "company")
            .annotate(code_of_ethics_signed_at=Subquery(signed.values("signed_at")[:1]))
            .order_by("user__last_name", "pk"),
            self.request.user,
        )

    def _decide(self, request, service):
        auditor = self.get_object()
        data = ExternalReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(auditor=auditor, by=request.user, reason=data.validated_data["reason"])
        fresh = self.get_queryset().get(pk=auditor.pk)
        return Response(AuditorSerializer(fresh, context={"request": request}).data)

    @extend_schema(request=ExternalReasonSerializer, responses={200: AuditorSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, roster.auditor_approve)

    @extend_schema(request=ExternalReasonSerializer, responses={200: AuditorSerializer})
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._decide(request, roster.auditor_suspend)

    @extend_schema(request=ExternalReasonSerializer, responses={200: AuditorSerializer})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        return self._decide(request, roster.auditor_remove)

    @extend_schema(request=ConflictSerializer, responses={201: AuditorSerializer})
    @action(detail=True, methods=["post"])
    def conflicts(self, request, pk=None):
        auditor = self.get_object()
        user = request.user
        if not (user.pk == auditor.user_id or user.is_administrator):
            roster.require_role(
                user,
                "audits.declare_conflict",
                None,
                _("Only the auditor or an administrator declares the auditor's conflicts."),
            )
        data = ConflictSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = Organization.objects.filter(pk=data.validated_data["organization"]).first()
        if organization is None:
            raise DomainError(_("No such organization."), field="organization")
        roster.conflict_declare(
            auditor=auditor,
            organization=organization,
            kind=data.validated_data["kind"],
            description=data.validated_data.get("description", ""),
            by=user,
        )
        return Response(
            AuditorSerializer(auditor, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ConflictFilter(django_filters.FilterSet):
    auditor = django_filters.NumberFilter(field_name="auditor_id")
    organization = django_filters.NumberFilter(field_name="organization_id")

    class Meta:
        model = AuditorConflict
        fields = ["auditor", "organization"]


class AuditorConflictViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Declared conflicts: the certifying body sees every one, an auditor their own."""

    serializer_class = AuditorConflictSerializer
    filterset_class = ConflictFilter

    def get_queryset(self):
        return visible(
            AuditorConflict.objects.select_related(
                "auditor__user", "auditor__company", "organization"
            ).order_by("-declared_at", "-pk"),
            self.request.user,
        )


class EngagementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=EngagementStatus.choices)

    class Meta:
        model = ExternalEngagement
        fields = ["status"]


class EngagementViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter

    def get_queryset(self):
        return visible(
            ExternalEngagement.objects.select_related(
                "wsib_account__organization", "auditor__user", "plan", "internal_audit"
            ).order_by("-chosen_at", "-pk"),
            self.request.user,
        )

    def _read(self, engagement, code=status.HTTP_200_OK) -> Response:
        fresh = (
            ExternalEngagement.objects.select_related(
                "wsib_account__organization", "auditor__user", "plan", "internal_audit"
            )
            .filter(pk=engagement.pk)
            .first()
        )
        return Response(EngagementSerializer(fresh).data, status=code)

    @extend_schema(request=ChooseSerializer, responses={201: EngagementSerializer})
    def create(self, request):
        data = ChooseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = get_visible_or_404(
            WsibAccount, request.user, pk=data.validated_data["wsib_account"]
        )
        auditor = (
            visible(ExternalAuditor, request.user).filter(pk=data.validated_data["auditor"]).first()
        )
        svc.require_role(
            request.user,
            "audits.choose_auditor",
            account,
            _("Only the Senior Management Representative chooses the external auditor."),
        )
        if auditor is None:
            raise DomainError(_("Choose an auditor from the approved list."), field="auditor")
        engagement = svc.auditor_choose(wsib_account=account, auditor=auditor, by=request.user)
        return self._read(engagement, status.HTTP_201_CREATED)

    @extend_schema(request=AcceptSerializer, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        engagement = self.get_object()
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            svc.engagement_accept(
                engagement=engagement,
                by=request.user,
                no_conflict=data.validated_data["no_conflict"],
            )
        )

    @extend_schema(request=ExternalReasonSerializer, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        engagement = self.get_object()
        data = ExternalReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            svc.engagement_decline(
                engagement=engagement, by=request.user, reason=data.validated_data["reason"]
            )
        )

    @extend_schema(request=None, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        engagement = self.get_object()
        svc.external_audit_start(engagement=engagement, by=request.user)
        return self._read(engagement)

    @extend_schema(request=ExternalFindingSerializer, responses={201: EngagementSerializer})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        engagement = self.get_object()
        svc.require_role(
            request.user,
            "audits.run_external_audit",
            engagement,
            _("Only the external auditor of this engagement may do this."),
        )
        data = ExternalFindingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        svc.finding_add(
            engagement=engagement,
            by=request.user,
            kind=values["kind"],
            text=values["text"],
            element_number=values.get("element_number"),
            item_number=values.get("item_number") or None,
        )
        return self._read(engagement, status.HTTP_201_CREATED)

    @extend_schema(request=SignSerializer, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        engagement = self.get_object()
        svc.require_signer(engagement, request.user)  # who signs, before reading the form
        data = SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.meeting_sign(
            engagement=engagement,
            meeting=data.validated_data["meeting"],
            by=request.user,
            typed_name=data.validated_data["typed_name"],
        )
        return self._read(engagement)

    @extend_schema(request=None, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"], url_path="validate-internal-audit")
    def validate_internal_audit(self, request, pk=None):
        engagement = self.get_object()
        return self._read(internal_audit_validate(engagement=engagement, by=request.user))

    @extend_schema(request=SummarySerializer, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"], url_path="submit-report")
    def submit_report(self, request, pk=None):
        engagement = self.get_object()
        data = SummarySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            svc.report_submit(
                engagement=engagement, by=request.user, summary=data.validated_data["summary"]
            )
        )

    @extend_schema(request=None, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"], url_path="approve-report")
    def approve_report(self, request, pk=None):
        return self._read(svc.report_approve(engagement=self.get_object(), by=request.user))

    @extend_schema(request=ExternalReasonSerializer, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"], url_path="return-report")
    def return_report(self, request, pk=None):
        engagement = self.get_object()
        data = ExternalReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            svc.report_return(
                engagement=engagement, by=request.user, reason=data.validated_data["reason"]
            )
        )

    @extend_schema(request=CommentSerializer, responses={200: EngagementSerializer})
    @action(detail=True, methods=["post"], url_path="cap-comment")
    def cap_comment(self, request, pk=None):
        engagement = self.get_object()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            svc.cap_comment(
                engagement=engagement, by=request.user, comment=data.validated_data["comment"]
            )
        )


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)

    class Meta:
        model = AuditPlan
        fields = ["status"]


class AuditPlanViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database
            return AuditPlan.objects.none()
        return visible(deadline_due_plans(AuditPlan.objects.order_by("-pk")), self.request.user)

    def _read(self, plan) -> Response:
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=PlanWriteSerializer, responses={200: PlanSerializer})
    def partial_update(self, request, pk=None):
        plan = self.get_object()
        svc.require_role(
            request.user, "audits.edit_plan", plan, "Only the engagement's auditor drafts the plan."
        )
        data = PlanWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {
            "scope": plan.scope,
            "sites": plan.sites,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "audit_days": plan.audit_days,
            "interviews_management": plan.interviews_management,
            "interviews_supervisors": plan.interviews_supervisors,
            "interviews_workers": plan.interviews_workers,
            **data.validated_data,
        }
        return self._read(svc.plan_save(plan=plan, by=request.user, **values))

    @extend_schema(request=None, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._read(svc.plan_submit(plan=self.get_object(), by=request.user))

    @extend_schema(request=None, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._read(svc.plan_approve(plan=self.get_object(), by=request.user))

    @extend_schema(request=ExternalReasonSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request, pk=None):
        plan = self.get_object()
        data = ExternalReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            svc.plan_return(plan=plan, by=request.user, reason=data.validated_data["reason"])
        )


def register(router) -> None:
    router.register("auditors", AuditorViewSet, basename="auditor")
    router.register("auditor-conflicts", AuditorConflictViewSet, basename="auditor-conflict")
    router.register("engagements", EngagementViewSet, basename="engagement")
    router.register("audit-plans", AuditPlanViewSet, basename="audit-plan")


__all__ = ["external_report_document", "register"]
