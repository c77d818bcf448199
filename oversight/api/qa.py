"""API of desktop QA (certifying-body staff; anyone else sees none: lists are empty, an id
answers 404, an action 403 before its input is read).

    GET   qa-reviews/                       (filters: status, kind)
    POST  qa-reviews/                       {review} (a desk-review round under review) or
                                            {engagement} (a submitted external report)
    GET   qa-reviews/{id}/                  with its checklist
    POST  qa-reviews/{id}/checks/           {checks: [{code, answer, comment?}]}
    POST  qa-reviews/{id}/release/          {comments?} every line checked, no concern
    POST  qa-reviews/{id}/return/           {comments} back to the auditor
    POST  qa-reviews/{id}/verification-audit/ {comments}
    GET   qa-reviews/coverage/?start=&end=  the QA coverage figure (default: this year)
"""

from datetime import date

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audits.models import ExternalEngagement, Review
from cor_portal.access import visible
from cor_portal.errors import DomainError

from ..enums import QaCheckAnswer, QaStatus, QaSubjectKind
from ..models import QaReview
from ..rules import require
from ..selectors import qa_coverage, qa_reviews
from ..services import qa as svc


class QaCheckSerializer(serializers.Serializer):
    code = serializers.CharField(source="item.code")
    label = serializers.CharField(source="item.label")  # type: ignore[assignment]  # a field
    answer = serializers.CharField()
    comment = serializers.CharField()


class QaReviewSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    kind_label = serializers.CharField(source="get_kind_display")
    wsib_account = serializers.CharField(source="wsib_account.account_number")
    organization = serializers.CharField(source="wsib_account.organization.legal_name")
    qa_reviewer = serializers.CharField(source="qa_reviewer.get_full_name")
    audit = serializers.SerializerMethodField()
    checks = QaCheckSerializer(many=True)

    class Meta:
        model = QaReview
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "review",
            "engagement",
            "report_submitted_at",
            "audit",
            "wsib_account",
            "organization",
            "qa_reviewer",
            "opened_at",
            "decided_at",
            "comments",
            "checks",
        ]

    def get_audit(self, obj) -> int | None:
        if obj.review is not None:
            return obj.review.audit_id
        return obj.engagement.audit_id if obj.engagement is not None else None


class QaOpenSerializer(serializers.Serializer):
    review = serializers.IntegerField(required=False)
    engagement = serializers.IntegerField(required=False)


class QaAnswerSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    answer = serializers.ChoiceField(choices=QaCheckAnswer.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class QaChecksSerializer(serializers.Serializer):
    checks = QaAnswerSerializer(many=True, allow_empty=False)


class QaCommentsSerializer(serializers.Serializer):
    comments = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class QaCoverageSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    released = serializers.IntegerField()
    released_after_qa = serializers.IntegerField()
    coverage_pct = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class QaReviewFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=QaStatus.choices)
    kind = django_filters.ChoiceFilter(choices=QaSubjectKind.choices)

    class Meta:
        model = QaReview
        fields = ["status", "kind"]


class QaReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = QaReviewSerializer
    filterset_class = QaReviewFilter

    def get_queryset(self):
        return qa_reviews(self.request.user)

    def _fresh(self, qa_review) -> Response:
        fresh = self.get_queryset().get(pk=qa_review.pk)
        return Response(QaReviewSerializer(fresh, context={"request": self.request}).data)

    @extend_schema(request=QaOpenSerializer, responses={201: QaReviewSerializer})
    def create(self, request):
        require(request.user, "oversight.do_qa", svc.DO_QA_ONLY)
        data = QaOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review_id = data.validated_data.get("review")
        engagement_id = data.validated_data.get("engagement")
        if (review_id is None) == (engagement_id is None):
            raise DomainError(_("Give a review or an engagement (one of them)."), field="review")
        review = engagement = None
        if review_id is not None:
            review = visible(Review, request.user).filter(pk=review_id).first()
            if review is None:
                raise DomainError(_("No desk review %(id)s.") % {"id": review_id}, field="review")
        else:
            engagement = visible(ExternalEngagement, request.user).filter(pk=engagement_id).first()
            if engagement is None:
                raise DomainError(
                    _("No external engagement %(id)s.") % {"id": engagement_id},
                    field="engagement",
                )
        qa_review = svc.qa_review_open(by=request.user, review=review, engagement=engagement)
        response = self._fresh(qa_review)
        response.status_code = 201
        return response

    def _act(self, request, service, **extra):
        qa_review = self.get_object()
        require(request.user, "oversight.do_qa", svc.DO_QA_ONLY)
        data = QaCommentsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(qa_review=qa_review, by=request.user, comments=data.validated_data["comments"])
        return self._fresh(qa_review)

    @extend_schema(request=QaChecksSerializer, responses={200: QaReviewSerializer})
    @action(detail=True, methods=["post"])
    def checks(self, request, pk=None):
        qa_review = self.get_object()
        require(request.user, "oversight.do_qa", svc.DO_QA_ONLY)
        data = QaChecksSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.qa_checks_record(
            qa_review=qa_review, by=request.user, answers=data.validated_data["checks"]
        )
        return self._fresh(qa_review)

    @extend_schema(request=QaCommentsSerializer, responses={200: QaReviewSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        return self._act(request, svc.qa_release)

    @extend_schema(request=QaCommentsSerializer, responses={200: QaReviewSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(request, svc.qa_return)

    @extend_schema(request=QaCommentsSerializer, responses={200: QaReviewSerializer})
    @action(detail=True, methods=["post"], url_path="verification-audit")
    def verification_audit(self, request, pk=None):
        return self._act(request, svc.qa_verification_audit)

    @extend_schema(responses={200: QaCoverageSerializer})
    @action(detail=False, methods=["get"])
    def coverage(self, request):
        require(request.user, "oversight.view_oversight", svc.DO_QA_ONLY)
        today = timezone.localdate()
        try:
            start = date.fromisoformat(request.query_params.get("start") or f"{today.year}-01-01")
            end = date.fromisoformat(request.query_params.get("end") or today.isoformat())
        except ValueError as exc:
            raise DomainError(_("Give dates as YYYY-MM-DD."), field="start") from exc
        if end < start:
            raise DomainError(_("The end date is before the start date."), field="end")
        return Response(QaCoverageSerializer(qa_coverage(start=start, end=end)).data)


def register(router) -> None:
    router.register("qa-reviews", QaReviewViewSet, basename="qa-review")
