from django.contrib import admin

from .models import ClosureDate, Deadline


@admin.register(ClosureDate)
class ClosureDateAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    search_fields = ["reason"]
    date_hierarchy = "date"


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """Read-only: deadlines change only through the services (history, conditional updates)."""

    list_display = ["kind", "title", "state", "opened_on", "due_on", "organization_id"]
    list_filter = ["state", "kind", "binds"]
    search_fields = ["title", "subject_id"]
    date_hierarchy = "due_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
