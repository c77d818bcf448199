"""Read-only API for audit-tool versions: `audit-tools/` lists versions with their
benchmarks and counts; `audit-tools/{id}/` nests elements → sub-sections → items."""

from django.db.models import Count, Prefetch
from rest_framework import serializers, viewsets

from audits.enums import InterviewGroup, TechniqueKind
from audits.models import AuditTool, Element, Item, SubSection
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
            "is_demo",
            "is_active",
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
    filterset_fields = ["name", "is_active", "is_demo"]

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


def register(router) -> None:
    """Adds this area's viewsets to the API router."""
    router.register("audit-tools", AuditToolViewSet, basename="audit-tool")
