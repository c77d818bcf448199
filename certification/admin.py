"""Django admin for certifying-body administrators. Workflow states are read-only here: the
admin actions call the same services as the pages, so history and notifications follow."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from certification.models import (
    CodeOfEthicsSignature,
    MemberInvitation,
    Membership,
    Organization,
    Person,
    Program,
    ProgramYear,
    Registration,
    TrainingExemption,
    TrainingRecord,
    WsibAccount,
)
from certification.services.registration import (
    registration_confirm,
    registration_confirmation_letter,
)
from cor_portal.errors import DomainError


class WsibAccountInline(admin.TabularInline):
    model = WsibAccount
    extra = 0
    fields = ["account_number", "firm_number", "ohsms_in_place_since"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "operating_name", "program", "sector", "city", "workers"]
    list_filter = ["program", "sector", "province"]
    search_fields = ["legal_name", "operating_name", "wsib_accounts__account_number"]
    inlines = [MembershipInline, WsibAccountInline]


class ProgramYearInline(admin.TabularInline):
    model = ProgramYear
    extra = 0
    fields = [
        "year",
        "starts_on",
        "ends_on",
        "proposal_due_on",
        "final_submission_due_on",
        "maintenance_audit_due_on",
    ]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    """A program's rules are data: benchmarks, account format, action-plan kinds, calendar."""

    list_display = [
        "name",
        "code",
        "province",
        "is_default",
        "benchmark_overall_pct",
        "benchmark_element_pct",
        "benchmark_legislated_pct",
        "account_label",
    ]
    fieldsets = [
        (None, {"fields": ["code", "name", "partner_name", "province", "is_default"]}),
        (
            _("Scoring benchmarks"),
            {
                "fields": [
                    "benchmark_overall_pct",
                    "benchmark_element_pct",
                    "benchmark_legislated_pct",
                ]
            },
        ),
        (
            _("Compensation-board account"),
            {
                "fields": [
                    "account_label",
                    "account_label_fr",
                    "account_board_name",
                    "account_min_digits",
                    "account_max_digits",
                ]
            },
        ),
        (_("Action plans"), {"fields": ["action_plan_kinds"]}),
    ]
    inlines = [ProgramYearInline]

    def get_readonly_fields(self, request, obj=None):
        # The code is what foreign keys hold: fixed once the program exists.
        return ["code"] if obj else []


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__username", "user__email", "organization__legal_name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(MemberInvitation)
class MemberInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "accepted_at"]
    list_select_related = ["organization"]
    search_fields = ["email", "organization__legal_name"]
    readonly_fields = ["token", "accepted_at", "accepted_by"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["status", "received_on", "confirmed_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(WsibAccount)
class WsibAccountAdmin(admin.ModelAdmin):
    list_display = ["account_number", "firm_number", "organization", "ohsms_in_place_since"]
    list_select_related = ["organization__program"]
    search_fields = ["account_number", "firm_number", "organization__legal_name"]
    autocomplete_fields = ["organization"]
    inlines = [RegistrationInline]


@admin.action(description=_("Confirm the selected registrations"))
def confirm_registrations(modeladmin, request, queryset):
    done = 0
    for registration in queryset:
        try:
            registration_confirm(registration=registration, by=request.user)
            done += 1
        except DomainError as exc:
            modeladmin.message_user(
                request, f"{registration.wsib_account}: {exc.message}", messages.ERROR
            )
    if done:
        modeladmin.message_user(request, _("%d registrations confirmed.") % done, messages.SUCCESS)


@admin.action(description=_("Generate missing confirmation letters"))
def generate_letters(modeladmin, request, queryset):
    for registration in queryset.filter(status="confirmed"):
        registration_confirmation_letter(registration=registration)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["wsib_account", "organization", "status", "received_on", "confirmed_at"]
    list_filter = ["status"]
    list_select_related = ["wsib_account__organization"]
    search_fields = ["wsib_account__account_number", "wsib_account__organization__legal_name"]
    readonly_fields = [
        "wsib_account",
        "status",
        "created_at",
        "created_by",
        "submitted_at",
        "received_on",
        "reregistration_reason",
        "confirmed_at",
        "confirmed_by",
    ]
    actions = [confirm_registrations, generate_letters]

    @admin.display(description=_("organization"), ordering="wsib_account__organization")
    def organization(self, obj):
        return obj.wsib_account.organization

    def has_add_permission(self, request):
        return False  # registrations start from the employer's application

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "organization",
        "is_smr",
        "is_internal_auditor",
        "active",
    ]
    list_filter = ["is_smr", "is_internal_auditor", "active", "employment_status"]
    list_select_related = ["organization"]
    search_fields = ["last_name", "first_name", "email", "organization__legal_name"]
    raw_id_fields = ["user", "replaced_by"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "course", "completed_on", "provider"]
    list_filter = ["course"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "exemption"]


@admin.register(TrainingExemption)
class TrainingExemptionAdmin(admin.ModelAdmin):
    list_display = ["person", "course", "provider", "requested_on", "status"]
    list_filter = ["status", "course"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    readonly_fields = ["status", "decided_by", "decided_at", "decision_reason"]


@admin.register(CodeOfEthicsSignature)
class CodeOfEthicsSignatureAdmin(admin.ModelAdmin):
    list_display = ["signed_name", "version", "signed_at", "person", "user"]
    list_filter = ["version"]
    raw_id_fields = ["person", "user"]
