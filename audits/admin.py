"""Django admin for audit tools: browse versions and their items (read-only: a version is
never edited in place), import a full tool from CSV/.xlsx as a new draft version
(Audit tool versions → Import), and publish or withdraw a version (list actions, and a
"Publish" button on a version's page). Every change goes through audits.services.tool."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from certification.upload_handlers import TOOL_IMPORT_KINDS, checks_first_bytes, upload_refusal
from cor_portal.errors import DomainError
from cor_portal.forms import add_upload_refusal

from .forms import AuditToolImportForm
from .models import AuditTool, Element, Item
from .services.tool import audit_tool_import, audit_tool_publish, audit_tool_withdraw
from .tool_io.export import export_tool_csv
from .tool_io.parse import ToolImportError


def _is_administrator(request) -> bool:
    # The admin site itself admits administrators only (accounts/admin.py).
    user = request.user
    return bool(user.is_active and user.is_staff and user.is_administrator)


class _ReadOnly:
    def has_module_permission(self, request):
        return _is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return _is_administrator(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ElementInline(_ReadOnly, admin.TabularInline):
    model = Element
    fields = ["number", "title", "order"]
    readonly_fields = fields
    extra = 0
    show_change_link = False


@admin.register(AuditTool)
class AuditToolAdmin(_ReadOnly, admin.ModelAdmin):
    change_list_template = "admin/audits/audittool/change_list.html"
    change_form_template = "admin/audits/audittool/change_form.html"
    actions = ["publish_version", "withdraw_versions"]
    list_display = [
        "name",
        "version",
        "program",
        "status",
        "is_demo",
        "benchmark_overall_pct",
        "benchmark_element_pct",
        "benchmark_legislated_pct",
        "item_count",
        "created_at",
        "created_by",
    ]
    list_filter = ["program", "status", "name", "is_demo"]
    search_fields = ["name", "version"]
    readonly_fields = [
        "name",
        "version",
        "program",
        "status",
        "description",
        "is_demo",
        "benchmark_overall_pct",
        "benchmark_element_pct",
        "benchmark_legislated_pct",
        "source_filename",
        "created_at",
        "created_by",
    ]
    inlines = [ElementInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("created_by")
            .annotate(item_total=Count("items"))
        )

    @admin.display(description=_("items"), ordering="item_total")
    def item_count(self, obj) -> int:
        return obj.item_total

    def get_urls(self):
        urls = [
            path(
                "import/",
                # A file that cannot be CSV or Excel is refused from its first bytes.
                checks_first_bytes(
                    self.admin_site.admin_view(self.import_view), kinds=TOOL_IMPORT_KINDS
                ),
                name="audits_audittool_import",
            ),
            path(
                "<int:pk>/export.csv",
                self.admin_site.admin_view(self.export_view),
                name="audits_audittool_export",
            ),
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="audits_audittool_publish",
            ),
        ]
        return urls + super().get_urls()

    # The same permissions as the services: the bulk actions ask them without an object
    # (the role), the version's page asks them of the version (role and state).
    def has_publish_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("audits.publish_audit_tool", obj)

    def has_withdraw_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("audits.withdraw_audit_tool", obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": request.user.has_perm("audits.import_audit_tool"),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        tool = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_publish": tool is not None and self.has_publish_permission(request, tool),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def export_view(self, request, pk: int):
        """The version in the import format: edit it and import it as the next version."""
        tool = get_object_or_404(AuditTool, pk=pk)
        response = HttpResponse(export_tool_csv(tool), content_type="text/csv; charset=utf-8")
        filename = f"{tool.name}-{tool.version}".replace('"', "").replace(" ", "_")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response

    def _publish(self, request, tool: AuditTool) -> None:
        try:
            audit_tool_publish(tool=tool, by=request.user)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(tool)s is now the published version offered for new audits.") % {"tool": tool},
                messages.SUCCESS,
            )

    def publish_view(self, request, pk: int):
        """The "Publish" button of a version's page (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_publish_permission(request):
            raise PermissionDenied
        tool = get_object_or_404(AuditTool, pk=pk)
        self._publish(request, tool)
        return redirect(reverse("admin:audits_audittool_change", args=[tool.pk]))

    @admin.action(
        description=_("Publish the selected version for new audits"), permissions=["publish"]
    )
    def publish_version(self, request, queryset):
        tools = list(queryset[:2])
        if len(tools) != 1:
            # One published version per program: publishing several at once cannot be meant.
            self.message_user(
                request, _("Select exactly one version to publish."), messages.WARNING
            )
            return
        self._publish(request, tools[0])

    @admin.action(
        description=_("Withdraw the selected versions from new audits"), permissions=["withdraw"]
    )
    def withdraw_versions(self, request, queryset):
        changed = 0
        for tool in queryset:
            try:
                audit_tool_withdraw(tool=tool, by=request.user)
                changed += 1
            except DomainError as exc:
                self.message_user(request, exc.message, messages.WARNING)
        if changed:
            self.message_user(request, _("%(n)d version(s) withdrawn.") % {"n": changed})

    def import_view(self, request):
        """Upload → either "created draft version X with N items", or every bad row with its
        line number (and nothing imported)."""
        if not request.user.has_perm("audits.import_audit_tool"):
            raise PermissionDenied
        row_errors = []
        form = AuditToolImportForm(request.POST or None, request.FILES or None)
        refused = upload_refusal(request) if request.method == "POST" else None
        if refused is not None:  # the file's first bytes: the rest was never read
            add_upload_refusal(form, refused)
        elif request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                tool = audit_tool_import(
                    name=data["name"],
                    version=data["version"],
                    data=upload.read(),
                    filename=upload.name,
                    by=request.user,
                    benchmark_overall_pct=data["benchmark_overall_pct"],
                    benchmark_element_pct=data["benchmark_element_pct"],
                    benchmark_legislated_pct=data["benchmark_legislated_pct"],
                    description=data["description"],
                    program=data["program"],
                )
            except ToolImportError as exc:
                row_errors = exc.errors
                form.add_error("file", exc.message)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Created %(tool)s with %(count)d items. It is a draft: publish it to "
                        "offer it for new audits."
                    )
                    % {"tool": tool, "count": tool.items.count()},
                )
                return redirect(reverse("admin:audits_audittool_change", args=[tool.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import an audit tool version"),
            "form": form,
            "row_errors": row_errors,
        }
        return TemplateResponse(request, "admin/audits/audittool/import.html", context)


@admin.register(Item)
class ItemAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["number", "short_text", "points", "legislated", "techniques_label", "tool"]
    list_filter = ["tool", "legislated", "by_documentation", "by_interview", "by_observation"]
    search_fields = ["number", "text"]
    list_select_related = ["tool"]
    readonly_fields = [
        "tool",
        "sub_section",
        "number",
        "text",
        "points",
        "legislated",
        "techniques_label",
    ]
    fields = readonly_fields

    @admin.display(description=_("text"))
    def short_text(self, obj) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"


# --- internal audits (read-only: every change goes through audits/services) ----------------

from .models import (  # noqa: E402
    Audit,
    CapItem,
    CorrectiveActionPlan,
    Evidence,
    InternalReview,
    ItemResponse,
    PreAssessment,
    Review,
)


class ItemResponseInline(_ReadOnly, admin.TabularInline):
    model = ItemResponse
    fields = ["item", "points_earned", "not_applicable", "note", "updated_by", "updated_at"]
    readonly_fields = fields
    extra = 0


class EvidenceInline(_ReadOnly, admin.TabularInline):
    model = Evidence
    fields = ["original_name", "item", "content_type", "size", "sha256", "document_date"]
    readonly_fields = fields
    extra = 0


class PreAssessmentInline(_ReadOnly, admin.TabularInline):
    model = PreAssessment
    fields = ["submission", "outcome", "complete", "declared_score_meets_benchmarks", "by", "at"]
    readonly_fields = fields
    extra = 0


class ReviewInline(_ReadOnly, admin.TabularInline):
    model = Review
    fields = ["round", "reviewer", "started_at", "completed_at", "outcome"]
    readonly_fields = fields
    extra = 0


_INTERNAL_REVIEW_FIELDS = [
    "status",
    "submitted_at",
    "received_on",
    "submission_count",
    "reviewer",
    "report_issued_on",
    "correction_due_on",
]


class InternalReviewInline(_ReadOnly, admin.StackedInline):
    model = InternalReview
    fields = _INTERNAL_REVIEW_FIELDS
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Audit)
class AuditAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "wsib_account",
        "internal_review__status",
        "internal_review__received_on",
        "internal_review__reviewer",
        "tool",
    ]
    list_filter = ["kind", "internal_review__status", "tool"]
    search_fields = ["wsib_account__account_number", "wsib_account__organization__legal_name"]
    list_select_related = ["wsib_account", "internal_review__reviewer", "tool"]
    readonly_fields = [
        "kind",
        "wsib_account",
        "tool",
        "internal_auditor",
        "prepared_by",
        "signed_off_by",
        "signed_off_at",
    ]
    fields = readonly_fields
    inlines = [InternalReviewInline, ItemResponseInline, EvidenceInline, ReviewInline]


@admin.register(InternalReview)
class InternalReviewAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["id", "audit", "kind", "status", "received_on", "reviewer"]
    list_filter = ["kind", "status"]
    search_fields = ["wsib_account__account_number", "wsib_account__organization__legal_name"]
    list_select_related = ["audit", "reviewer"]
    readonly_fields = ["audit", "wsib_account", "kind", *_INTERNAL_REVIEW_FIELDS]
    fields = readonly_fields
    inlines = [PreAssessmentInline]


class CapItemInline(_ReadOnly, admin.TabularInline):
    model = CapItem
    fields = ["order", "source", "description", "owner", "target_date", "implementation_date"]
    readonly_fields = fields
    extra = 0


@admin.register(CorrectiveActionPlan)
class CorrectiveActionPlanAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["id", "audit", "purpose", "status", "submitted_at", "decided_at"]
    list_filter = ["purpose", "status"]
    list_select_related = ["audit"]
    readonly_fields = ["audit", "purpose", "status", "return_reason", "submitted_at", "decided_at"]
    fields = readonly_fields
    inlines = [CapItemInline]
