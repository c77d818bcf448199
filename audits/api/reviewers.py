"""The certifying body's assignable reviewers, for `audits/{id}/assign-reviewer/`.

GET reviewers/        active reviewers (id, username, name) — certifying-body staff
                      only; anyone else gets 403 (the list is not an organization's)
"""

from django.utils.translation import gettext_lazy
from rest_framework import mixins, serializers, viewsets

from audits.selectors import assignable_reviewers
from cor_portal.access import require
from cor_portal.accounts.models import User
from cor_portal.exports import ExportableListMixin

STAFF_ONLY = gettext_lazy("Only certifying-body staff see the list of reviewers.")


class ReviewerSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        read_only_fields = fields

    def get_name(self, obj) -> str:
        return obj.get_full_name() or obj.username


class ReviewerViewSet(ExportableListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ReviewerSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database
            return User.objects.none()
        require(self.request.user, "audits.view_review_queue", None, str(STAFF_ONLY))
        return assignable_reviewers()


def register(router) -> None:
    router.register("reviewers", ReviewerViewSet, basename="reviewer")
