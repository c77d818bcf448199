"""API of audit-tool versions. Every signed-in user reads them; administrators publish and
withdraw (the same services as the Django admin; others get 403, unknown ids 404).

    GET  audit-tools/                  versions with their program, status, benchmarks and
                                       counts (filter: name, program, status, is_demo)
    GET  audit-tools/{id}/             the version with elements → sub-sections → items
    POST audit-tools/{id}/publish/     offer it for new audits as its program's one published
                                       version (the previous one is withdrawn)
    POST audit-tools/{id}/withdraw/    stop offering the published version
"""

from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audits.enums import InterviewGroup, TechniqueKind
from audits.models import AuditTool, Element, Item, SubSection
from audits.services.tool import audit_tool_publish, audit_tool_withdraw
from cor_portal.access import visible


class ItemSerializer(serializers.ModelSerializer):
    techniques = serializers.ListField(
        child=serializers.ChoiceField(choices=TechniqueKind.choices), read_only=True
    )
    interview_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=InterviewGroup.choices), read_only=True
    )
    techniques_label = serializers.CharField(read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "number",
            "text",
            "points",
            "legislated",
            "techniques",
            "interview_groups",
            "techniques_label",
        ]


class SubSectionSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = SubSection
        fields = ["id", "number", "title", "items"]


class ElementSerializer(serializers.ModelSerializer):
    sub_sections = SubSectionSerializer(many=True, read_only=True)

    class Meta:
        model = Element
        fields = ["id", "number", "title", "sub_sections"]


class AuditToolSerializer(serializers.ModelSerializer):
    element_count = serializers.IntegerField(read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AuditTool
        fields = [
            "id",
            "name",
            "version",
            "description",
            "program",
            "status",
            "is_demo",
            "benchmark_overall_pct",
            "benchmark_element_pct",
            "benchmark_legislated_pct",
            "element_count",
            "item_count",
            "created_at",
        ]
        read_only_fields = fields


class AuditToolDetailSerializer(AuditToolSerializer):
    elements = ElementSerializer(many=True, read_only=True)

    class Meta(AuditToolSerializer.Meta):
        fields = [*AuditToolSerializer.Meta.fields, "elements"]
        read_only_fields = fields


class AuditToolViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_fields = ["name", "program", "status", "is_demo"]

    def get_queryset(self):
        qs = AuditTool.objects.annotate(
            element_count=Count("elements", distinct=True),
            item_count=Count("items", distinct=True),
        ).order_by("name", "-created_at", "-id")
        if self.action == "retrieve":
            items = Item.objects.order_by("order")
            subs = SubSection.objects.order_by("order").prefetch_related(
                Prefetch("items", queryset=items)
            )
            elements = Element.objects.order_by("order").prefetch_related(
                Prefetch("sub_sections", queryset=subs)
            )
            qs = qs.prefetch_related(Prefetch("elements", queryset=elements))
        return visible(qs, self.request.user)

    def get_serializer_class(self):
        return AuditToolDetailSerializer if self.action == "retrieve" else AuditToolSerializer

    def _answer(self, tool: AuditTool) -> Response:
        # Re-read with the list's counts, so the answer has the list's shape.
        return Response(AuditToolSerializer(self.get_queryset().get(pk=tool.pk)).data)

    @extend_schema(request=None, responses={200: AuditToolSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._answer(audit_tool_publish(tool=self.get_object(), by=request.user))

    @extend_schema(request=None, responses={200: AuditToolSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(audit_tool_withdraw(tool=self.get_object(), by=request.user))


def register(router) -> None:
    """Adds this area's viewsets to the API router."""
    router.register("audit-tools", AuditToolViewSet, basename="audit-tool")
