from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cor_portal.history.services import record

from .enums import UserRole
from .models import StaffInvitation, User
from .services import staff_invitation_revoke


def _administrators_only(request) -> bool:
    """Django admin is for administrators only [SPEC §1]; is_staff alone is not enough."""
    user = request.user
    return bool(user.is_active and user.is_staff and user.is_administrator)


# Replacing the default site's hooks keeps django.contrib.admin's own AdminConfig (a custom
# AdminSite would change INSTALLED_APPS); mypy refuses any assignment to a method.
admin.site.has_permission = _administrators_only  # type: ignore[method-assign]
# Django admin's own login form would skip allauth's throttling and MFA: send it to ours.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("COR Portal administration")
admin.site.site_title = _("COR Portal administration")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "auditing_company",
        "is_active",
    )
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "email", "first_name", "last_name", "auditing_company")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("COR Portal"), {"fields": ("role", "auditing_company")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("COR Portal"), {"fields": ("email", "role", "auditing_company")}),
    )

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        # Admin access follows the role: administrators get is_staff, nobody else keeps it.
        obj.is_staff = obj.role == UserRole.ADMINISTRATOR or obj.is_superuser
        super().save_model(request, obj, form, change)
        tracked = [f for f in ("role", "auditing_company", "is_active") if f in form.changed_data]
        if change and tracked:
            record(
                subject=obj,
                actor=request.user,
                action="edited_in_admin",
                changes={f: (form.initial.get(f), getattr(obj, f)) for f in tracked},
            )


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "role", "auditing_company", "invited_by", "created_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email", "auditing_company")
    readonly_fields = ("token", "invited_by", "created_at", "accepted_at", "accepted_by")
    fields = ("email", "role", "auditing_company", *readonly_fields)

    def has_add_permission(self, request):
        return False  # invite from the "Invite staff" page so the e-mail goes out

    def has_change_permission(self, request, obj=None):
        return False

    # Deleting an open invitation is revoking it: through the service, with history.
    def delete_model(self, request, obj):
        staff_invitation_revoke(by=request.user, invitation=obj)

    def delete_queryset(self, request, queryset):
        for invitation in queryset.filter(accepted_at__isnull=True):
            staff_invitation_revoke(by=request.user, invitation=invitation)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.accepted_at is None)
