"""API of audit-tool versions. Every signed-in user reads them; administrators publish and
withdraw (the same services as the Django admin; others get 403, unknown ids 404).

    GET  audit-tools/                  versions with their program, status, benchmarks and
                                       counts (filter: name, program, status, is_demo)
    GET  audit-tools/{id}/             the version with elements → sub-sections → items
    POST audit-tools/import/           multipart {name, version, file (.csv/.xlsx),
                                       description?, program?, benchmark_overall_pct?,
                                       benchmark_element_pct?, benchmark_legislated_pct?}
                                       → 201 the new draft; a bad file → 400 {"file":
                                       [summary, "Line 4: …", …]} and nothing imported
    POST audit-tools/{id}/publish/     offer it for new audits as its program's one published
                                       version (the previous one is withdrawn)
    POST audit-tools/{id}/withdraw/    stop offering the published version
"""

from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from audits.enums import InterviewGroup, TechniqueKind
from audits.limits import TOOL_DESCRIPTION_MAX_LENGTH
from audits.models import AuditTool, Element, Item, SubSection
from audits.services.tool import audit_tool_import, audit_tool_publish, audit_tool_withdraw
from audits.tool_io.parse import MAX_FILE_BYTES
from certification.models import Program
from certification.programs import DEFAULT_PROGRAM_CODE
from certification.upload_handlers import (
    TOOL_IMPORT_KINDS,
    FirstBytesCheckMixin,
    raise_upload_refusal,
)
from cor_portal.access import require, visible
from cor_portal.exports import ExportableListMixin


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


def _pct() -> serializers.DecimalField:
    # Not given: the program's benchmark.
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        required=False,
        allow_null=True,
        default=None,
    )


class AuditToolImportSerializer(serializers.Serializer):
    # The same limits as the admin's import form (audits.forms.AuditToolImportForm).
    name = serializers.CharField(max_length=100)
    version = serializers.CharField(max_length=40)
    file = serializers.FileField()
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TOOL_DESCRIPTION_MAX_LENGTH
    )
    # A program's code (programs/); its benchmarks are the defaults of the three below.
    program = serializers.SlugRelatedField(
        slug_field="code", queryset=Program.objects.all(), default=DEFAULT_PROGRAM_CODE
    )
    benchmark_overall_pct = _pct()
    benchmark_element_pct = _pct()
    benchmark_legislated_pct = _pct()

    def validate_file(self, upload):
        if upload.size > MAX_FILE_BYTES:
            raise serializers.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise serializers.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class AuditToolViewSet(ExportableListMixin, FirstBytesCheckMixin, viewsets.ReadOnlyModelViewSet):
    filterset_fields = ["name", "program", "status", "is_demo"]
    # An import that cannot be CSV or Excel is refused from its first bytes.
    upload_actions = {"import_version": TOOL_IMPORT_KINDS}

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

    @extend_schema(request=AuditToolImportSerializer, responses={201: AuditToolSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_version(self, request):
        require(
            request.user,
            "audits.import_audit_tool",
            None,
            _("Only an administrator may import an audit tool version."),
        )
        raise_upload_refusal(request)
        data = AuditToolImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        upload = values["file"]
        tool = audit_tool_import(
            name=values["name"],
            version=values["version"],
            data=upload.read(),
            filename=upload.name,
            by=request.user,
            description=values["description"],
            program=values["program"],
            benchmark_overall_pct=values["benchmark_overall_pct"],
            benchmark_element_pct=values["benchmark_element_pct"],
            benchmark_legislated_pct=values["benchmark_legislated_pct"],
        )
        response = self._answer(tool)
        response.status_code = status.HTTP_201_CREATED
        return response

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
