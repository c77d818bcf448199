"""API of corrective action plans (through cor_portal.access; other organizations' plans
answer 404).

    GET   corrective-action-plans/                     list (filter: status, purpose, audit —
                                                        a plain id over the caller's own
                                                        plans: another organization's audit
                                                        reads like an unknown one)
    GET   corrective-action-plans/{id}/                with its items
    POST  corrective-action-plans/{id}/items/          add an action {description, element?, item?}
    PATCH corrective-action-plans/{id}/items/{item}/   {action?, owner?, target_date?,
                                                        implementation_date?, evidence? (file),
                                                        evidence_document_date?} (JSON or multipart)
    POST  corrective-action-plans/{id}/submit/         SMR
    POST  corrective-action-plans/{id}/approve/        certifying-body staff
    POST  corrective-action-plans/{id}/return/         certifying-body staff {reason}
"""

import django_filters
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from audits.enums import CapPurpose, CapStatus
from audits.limits import (
    CAP_ACTION_MAX_LENGTH,
    CAP_DESCRIPTION_MAX_LENGTH,
    CAP_OWNER_MAX_LENGTH,
    CAP_RETURN_REASON_MAX_LENGTH,
)
from audits.models import CapItem, CorrectiveActionPlan, Element, Item
from audits.rules import DECIDE_CAP_STAFF_ONLY, EDIT_CAP_ONLY, require_role
from audits.services.cap import (
    UNCHANGED,
    cap_approve,
    cap_item_add,
    cap_item_update,
    cap_return,
    cap_submit,
)
from certification.upload_handlers import FirstBytesCheckMixin, raise_upload_refusal
from certification.uploads import DOCUMENT_KINDS
from cor_portal.access import visible
from cor_portal.errors import DomainError
from cor_portal.exports import ExportableListMixin


class CapItemSerializer(serializers.ModelSerializer):
    element_number = serializers.IntegerField(source="element.number", read_only=True, default=None)
    item_number = serializers.CharField(source="item.number", read_only=True, default=None)
    evidence_name = serializers.CharField(
        source="evidence.original_name", read_only=True, default=None
    )
    evidence_url = serializers.SerializerMethodField()
    # In the reader's language (Accept-Language / preference); `description` as first written.
    deficiency = serializers.CharField(read_only=True)

    class Meta:
        model = CapItem
        fields = [
            "id",
            "order",
            "source",
            "element",
            "element_number",
            "item",
            "item_number",
            "failure_kind",
            "description",
            "deficiency",
            "action",
            "owner",
            "target_date",
            "implementation_date",
            "evidence",
            "evidence_name",
            "evidence_url",
        ]
        read_only_fields = fields

    def get_evidence_url(self, obj) -> str | None:
        return (
            reverse("audits:evidence_download", args=[obj.evidence_id]) if obj.evidence_id else None
        )


class CapSerializer(serializers.ModelSerializer):
    items = CapItemSerializer(many=True, read_only=True)
    correction_due_on = serializers.DateField(
        source="audit.internal_review.correction_due_on", read_only=True, allow_null=True
    )

    class Meta:
        model = CorrectiveActionPlan
        fields = [
            "id",
            "audit",
            "purpose",
            "status",
            "return_reason",
            "submitted_at",
            "decided_at",
            "correction_due_on",
            "created_at",
            "items",
        ]
        read_only_fields = fields


class CapItemAddSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True, max_length=CAP_DESCRIPTION_MAX_LENGTH)
    element = serializers.IntegerField(required=False, allow_null=True)
    item = serializers.IntegerField(required=False, allow_null=True)


class CapItemUpdateSerializer(serializers.Serializer):
    action = serializers.CharField(
        required=False, allow_blank=True, max_length=CAP_ACTION_MAX_LENGTH
    )
    owner = serializers.CharField(required=False, allow_blank=True, max_length=CAP_OWNER_MAX_LENGTH)
    target_date = serializers.DateField(required=False, allow_null=True)
    implementation_date = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.FileField(required=False)
    evidence_document_date = serializers.DateField(required=False, allow_null=True)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=CAP_RETURN_REASON_MAX_LENGTH
    )


class CapFilter(django_filters.FilterSet):
    """`audit` is a plain id matched within the caller's own plans (no "Select a valid
    choice" that would tell another organization's audit from an unknown one)."""

    status = django_filters.ChoiceFilter(choices=CapStatus.choices)
    purpose = django_filters.ChoiceFilter(choices=CapPurpose.choices)
    audit = django_filters.NumberFilter(field_name="audit_id")

    class Meta:
        model = CorrectiveActionPlan
        fields = ["status", "purpose", "audit"]


class CorrectiveActionPlanViewSet(
    ExportableListMixin,
    FirstBytesCheckMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CapSerializer
    filterset_class = CapFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    # An action's evidence is refused from its first bytes (certification.upload_handlers).
    upload_actions = {"update_item": DOCUMENT_KINDS}

    def get_queryset(self):
        items = CapItem.objects.select_related("element", "item", "evidence").order_by("order")
        qs = (
            CorrectiveActionPlan.objects.select_related("audit__wsib_account")
            .prefetch_related(Prefetch("items", queryset=items))
            .order_by("-created_at", "-pk")
        )
        return visible(qs, self.request.user)

    def _read(self, plan, code=status.HTTP_200_OK) -> Response:
        return Response(CapSerializer(self.get_queryset().get(pk=plan.pk)).data, status=code)

    @extend_schema(request=CapItemAddSerializer, responses={201: CapItemSerializer})
    @action(detail=True, methods=["post"], url_path="items")
    def add_item(self, request, pk=None):
        plan = self.get_object()
        # Who may act is decided before the input is read (403, not the input's 400).
        require_role(request.user, "audits.edit_cap", plan, EDIT_CAP_ONLY)
        data = CapItemAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        tool_id = plan.audit.tool_id
        element = item = None
        if values.get("element") is not None:
            element = Element.objects.filter(pk=values["element"], tool_id=tool_id).first()
            if element is None:
                raise DomainError(_("Choose an element of this audit's tool."), field="element")
        if values.get("item") is not None:
            item = Item.objects.filter(pk=values["item"], tool_id=tool_id).first()
            if item is None:
                raise DomainError(_("Choose an item of this audit's tool."), field="item")
        cap_item = cap_item_add(
            plan=plan,
            description=values["description"],
            element=element,
            item=item,
            by=request.user,
        )
        return Response(CapItemSerializer(cap_item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={
            "application/json": CapItemUpdateSerializer,
            "multipart/form-data": CapItemUpdateSerializer,
        },
        responses={200: CapItemSerializer},
    )
    @action(detail=True, methods=["patch"], url_path=r"items/(?P<item_pk>[0-9]+)")
    def update_item(self, request, pk=None, item_pk=None):
        plan = self.get_object()
        require_role(request.user, "audits.edit_cap", plan, EDIT_CAP_ONLY)
        cap_item = CapItem.objects.filter(plan=plan, pk=item_pk).first()
        if cap_item is None:
            raise DomainError(_("This plan has no such action."), field="item")
        raise_upload_refusal(request)
        data = CapItemUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cap_item = cap_item_update(
            cap_item=cap_item,
            by=request.user,
            action=values.get("action", UNCHANGED),
            owner=values.get("owner", UNCHANGED),
            target_date=values.get("target_date", UNCHANGED),
            implementation_date=values.get("implementation_date", UNCHANGED),
            evidence_file=values.get("evidence"),
            evidence_document_date=values.get("evidence_document_date"),
        )
        cap_item = CapItem.objects.select_related("element", "item", "evidence").get(pk=cap_item.pk)
        return Response(CapItemSerializer(cap_item).data)

    @extend_schema(request=None, responses={200: CapSerializer})
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request, pk=None):
        return self._read(cap_submit(plan=self.get_object(), by=request.user))

    @extend_schema(request=None, responses={200: CapSerializer})
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request, pk=None):
        return self._read(cap_approve(plan=self.get_object(), by=request.user))

    @extend_schema(request=ReturnSerializer, responses={200: CapSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request, pk=None):
        plan = self.get_object()
        require_role(request.user, "audits.decide_cap", plan, DECIDE_CAP_STAFF_ONLY)
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            cap_return(plan=plan, by=request.user, reason=data.validated_data["reason"])
        )


def register(router) -> None:
    router.register("corrective-action-plans", CorrectiveActionPlanViewSet, basename="cap")
