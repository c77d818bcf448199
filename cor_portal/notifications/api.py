"""API: /api/v1/notifications/ — the user's own inbox, and marking a message read."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from cor_portal.exports import ExportableListMixin

from .models import InboxMessage
from .services import inbox_mark_read, user_inbox


class InboxMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = InboxMessage
        fields = ["id", "subject", "body", "url", "kind", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = InboxMessageSerializer
    queryset = InboxMessage.objects.none()
    filterset_fields = ["kind"]

    def get_queryset(self):
        # Only the user's own messages: another user's id answers 404.
        return user_inbox(self.request.user)

    @extend_schema(request=None, responses=InboxMessageSerializer)
    @action(detail=True, methods=["post"], url_path="mark-read")
    def mark_read(self, request, pk=None):
        message = self.get_object()
        message = inbox_mark_read(user=request.user, message_id=message.pk)
        return Response(self.get_serializer(message).data)


def register(router) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")


router = SimpleRouter()
register(router)
urlpatterns = router.urls
