from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cor_portal.accounts.enums import AccountAction
from cor_portal.history.services import record
from cor_portal.security.models import SecurityEventKind
from cor_portal.security.services import security_event

from .enums import UserRole
from .models import ApiToken, StaffInvitation, User
from .services import staff_invitation_revoke
from .tokens import api_token_revoke


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


# Fields that grant powers beyond the role: a superuser's to change, never an administrator's.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


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

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # An administrator runs the program; only a superuser hands out superpowers.
            readonly += [f for f in SUPERUSER_ONLY_FIELDS if f not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        # A superuser's account (password, e-mail) is not an administrator's to take over.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and not self.has_change_permission(request, user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # Read-only on the form already; refuse a crafted POST too.
            for field in SUPERUSER_ONLY_FIELDS:
                if field in form.changed_data:
                    raise PermissionDenied
            if change:
                obj.is_superuser = User.objects.get(pk=obj.pk).is_superuser
            else:
                obj.is_superuser = False
        # Admin access follows the role: administrators get is_staff, nobody else keeps it.
        obj.is_staff = obj.role == UserRole.ADMINISTRATOR or obj.is_superuser
        super().save_model(request, obj, form, change)
        tracked = [
            f
            for f in ("role", "auditing_company", "is_active", "is_superuser")
            if f in form.changed_data
        ]
        powers = [f for f in ("role", "is_superuser", "is_staff") if f in form.changed_data]
        if powers or (not change and obj.role != UserRole.EMPLOYER):
            security_event(
                SecurityEventKind.ROLE_CHANGED,
                request=request,
                user=obj,
                details={
                    "by": request.user.pk,
                    "changes": {f: [form.initial.get(f), getattr(obj, f)] for f in powers},
                },
            )
        if change and tracked:
            record(
                subject=obj,
                actor=request.user,
                action=AccountAction.EDITED_IN_ADMIN,
                changes={f: (form.initial.get(f), getattr(obj, f)) for f in tracked},
            )


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "role", "auditing_company", "invited_by", "created_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email", "auditing_company")
    # Not the token: whoever holds the link can accept the invitation.
    readonly_fields = ("invited_by", "created_at", "accepted_at", "accepted_by")
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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens by owner, to see and revoke them; never the digest or the lookup prefix."""

    list_display = ("user", "name", "scope", "created", "expiry")
    list_filter = ("scope",)
    search_fields = ("user__username", "user__email", "name")
    fields = ("public_id", "user", "name", "scope", "created", "expiry")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # issued by their owner through the API

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        api_token_revoke(by=request.user, token=obj)

    def delete_queryset(self, request, queryset):
        for token in queryset:
            api_token_revoke(by=request.user, token=token)
