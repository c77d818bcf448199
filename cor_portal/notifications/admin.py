from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cor_portal.accounts.links import mask_secret_links

from .models import InboxMessage, OutboundEmail
from .services import email_requeue_failed


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox: what was sent, what waits, what failed and why."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    # The bodies carry password-reset and invitation links: shown with their keys masked.
    readonly_fields = [
        *(f.name for f in OutboundEmail._meta.fields if f.name not in ("body", "html_body")),
        "masked_body",
        "masked_html_body",
    ]
    exclude = ["body", "html_body"]
    actions = ["queue_again"]

    @admin.display(description=_("body"))
    def masked_body(self, obj):
        return mask_secret_links(obj.body)

    @admin.display(description=_("HTML body"))
    def masked_html_body(self, obj):
        return mask_secret_links(obj.html_body)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Queue the selected failed e-mails again"))
    def queue_again(self, request, queryset):
        count = email_requeue_failed(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, _("%(n)s e-mail(s) queued again.") % {"n": count}, messages.SUCCESS
        )


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "subject", "kind", "read_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "user__username"]
    readonly_fields = [f.name for f in InboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False
