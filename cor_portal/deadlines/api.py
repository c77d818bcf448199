"""API: /api/v1/deadlines/ (read-only, filtered by state, kind and due-date range)."""

import django_filters
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from cor_portal.access import visible
from cor_portal.exports import ExportableListMixin
from cor_portal.pagination import SoonestDue

from .models import Deadline


class DeadlineSerializer(serializers.ModelSerializer):
    subject_type = serializers.SerializerMethodField()
    # `title` stays the English title (what clients match and sort on); `display_title` is
    # the same title in the request's language (Accept-Language, or the signed-in user's).
    display_title = serializers.CharField(read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "title",
            "display_title",
            "state",
            "binds",
            "opened_on",
            "due_on",
            "closed_at",
            "missed_at",
            "missed_on",
            "organization_id",
            "wsib_account_id",
            "subject_type",
            "subject_id",
            "url",
        ]
        read_only_fields = fields

    def get_subject_type(self, obj: Deadline) -> str:
        ct = obj.subject_type
        return f"{ct.app_label}.{ct.model}"


class DeadlineFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Deadline.State.choices)
    kind = django_filters.CharFilter()
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Deadline
        fields = ["state", "kind", "due_after", "due_before"]


class DeadlineViewSet(ExportableListMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter
    queryset = Deadline.objects.none()
    # Keyset pages by due date: no COUNT over every deadline per page.
    pagination_class = SoonestDue

    def get_queryset(self):
        return (
            visible(Deadline, self.request.user)
            .select_related("subject_type")
            .order_by("due_on", "id")
        )


def register(router) -> None:
    router.register("deadlines", DeadlineViewSet, basename="deadline")


router = SimpleRouter()
register(router)
urlpatterns = router.urls
