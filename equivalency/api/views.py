"""API of spot checks, equivalency and reciprocity requests (through cor_portal.access: other
organizations' objects answer 404; writes call the same services as the pages).

    GET/POST spot-checks/                          staff open {wsib_account, scope, check_date,
                                                   findings?}
    POST     spot-checks/{id}/issue-letter/        staff {outcome, findings?}
    POST     spot-checks/{id}/report-cap/          SMR {cap_actions, implemented_on}
    POST     spot-checks/{id}/validate/            staff {validated, scope, fee_amount,
                                                   fee_paid_on?, notes?}
    POST     spot-checks/{id}/decide/              staff {decision, reason}
    GET/POST equivalency-requests/                 SMR {kind, wsib_account?, ontario_work_in_scope}
    POST     equivalency-requests/{id}/documents/  SMR multipart {kind, file}
    POST     equivalency-requests/{id}/submit/     SMR
    POST     equivalency-requests/{id}/decide/     Lead Auditor {outcome, summary, fee_amount,
                                                   fee_paid_on, ontario_work_in_scope?, reason?}
    GET/POST reciprocity-requests/                 SMR multipart {home_province, cfcsa_member,
                                                   letter, wsib_account?}
    POST     reciprocity-requests/{id}/decide/     staff {approve, valid_until?, reason?}
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from certification.models import WsibAccount
from certification.selectors import organization_of
from cor_portal.access import require, visible
from cor_portal.errors import DomainError, NotAllowed

from ..enums import DocumentKind, EquivalencyKind, ReferralDecision, SpotCheckOutcome
from ..models import (
    EquivalencyCertificate,
    EquivalencyDocument,
    EquivalencyRequest,
    ReciprocityRequest,
    SpotCheck,
)
from ..services import equivalency as eq
from ..services import reciprocity as rc
from ..services import spot_checks as sc


class SpotCheckSerializer(serializers.ModelSerializer):
    wsib_account_number = serializers.CharField(
        source="wsib_account.account_number", read_only=True
    )

    class Meta:
        model = SpotCheck
        fields = [
            "id",
            "wsib_account",
            "wsib_account_number",
            "status",
            "scope",
            "check_date",
            "findings",
            "outcome",
            "letter_on",
            "cap_due_on",
            "cap_actions",
            "cap_implemented_on",
            "validation_scope",
            "validation_notes",
            "validated_on",
            "fee_amount",
            "fee_paid_on",
            "decision",
            "decision_reason",
            "decided_on",
        ]
        read_only_fields = fields


class SpotCheckOpenSerializer(serializers.Serializer):
    wsib_account = serializers.IntegerField()
    scope = serializers.CharField(allow_blank=True)
    check_date = serializers.DateField()
    findings = serializers.CharField(required=False, allow_blank=True, default="")


class IssueLetterSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=SpotCheckOutcome.choices)
    findings = serializers.CharField(required=False, allow_blank=True)


class ReportCapSerializer(serializers.Serializer):
    cap_actions = serializers.CharField(allow_blank=True)
    implemented_on = serializers.DateField()


class ValidateSerializer(serializers.Serializer):
    validated = serializers.BooleanField()
    scope = serializers.CharField(allow_blank=True)
    fee_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    fee_paid_on = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSpotCheckSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReferralDecision.choices)
    reason = serializers.CharField(allow_blank=True)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class SpotCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SpotCheckSerializer

    def get_queryset(self):
        return (
            visible(SpotCheck, self.request.user)
            .select_related("wsib_account")
            .order_by("-check_date", "-id")
        )

    @extend_schema(request=SpotCheckOpenSerializer, responses=SpotCheckSerializer)
    def create(self, request):
        require(request.user, "equivalency.open_spot_check")
        data = _valid(SpotCheckOpenSerializer, request)
        account = visible(WsibAccount, request.user).filter(pk=data["wsib_account"]).first()
        if account is None:
            raise DomainError(_("Choose an account."), field="wsib_account")
        check = sc.spot_check_open(
            wsib_account=account,
            scope=data["scope"],
            check_date=data["check_date"],
            findings=data["findings"],
            by=request.user,
        )
        return Response(SpotCheckSerializer(check).data, status=status.HTTP_201_CREATED)

    def _done(self, check):
        check.refresh_from_db()
        return Response(SpotCheckSerializer(check).data)

    @extend_schema(request=IssueLetterSerializer, responses=SpotCheckSerializer)
    @action(detail=True, methods=["post"], url_path="issue-letter")
    def issue_letter(self, request, pk=None):
        check = self.get_object()
        require(request.user, "equivalency.issue_spot_check_letter", check)
        data = _valid(IssueLetterSerializer, request)
        sc.spot_check_issue_letter(
            check=check, outcome=data["outcome"], findings=data.get("findings"), by=request.user
        )
        return self._done(check)

    @extend_schema(request=ReportCapSerializer, responses=SpotCheckSerializer)
    @action(detail=True, methods=["post"], url_path="report-cap")
    def report_cap(self, request, pk=None):
        check = self.get_object()
        require(request.user, "equivalency.report_spot_check_cap", check)
        data = _valid(ReportCapSerializer, request)
        sc.spot_check_report_cap(
            check=check,
            actions=data["cap_actions"],
            implemented_on=data["implemented_on"],
            by=request.user,
        )
        return self._done(check)

    @extend_schema(request=ValidateSerializer, responses=SpotCheckSerializer)
    @action(detail=True, methods=["post"])
    def validate(self, request, pk=None):
        check = self.get_object()
        require(request.user, "equivalency.validate_spot_check", check)
        data = _valid(ValidateSerializer, request)
        sc.spot_check_validate(
            check=check,
            validated=data["validated"],
            scope=data["scope"],
            fee_amount=data["fee_amount"],
            fee_paid_on=data.get("fee_paid_on"),
            notes=data["notes"],
            by=request.user,
        )
        return self._done(check)

    @extend_schema(request=DecideSpotCheckSerializer, responses=SpotCheckSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        check = self.get_object()
        require(request.user, "equivalency.decide_spot_check", check)
        data = _valid(DecideSpotCheckSerializer, request)
        sc.spot_check_decide(
            check=check, decision=data["decision"], reason=data["reason"], by=request.user
        )
        return self._done(check)


class EquivalencyDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = EquivalencyDocument
        fields = ["id", "kind", "original_name", "uploaded_at"]
        read_only_fields = fields


class EquivalencyCertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = EquivalencyCertificate
        fields = ["id", "number", "status", "issued_on", "expiry_date"]
        read_only_fields = fields


class EquivalencyRequestSerializer(serializers.ModelSerializer):
    documents = EquivalencyDocumentSerializer(many=True, read_only=True)
    certificate = EquivalencyCertificateSerializer(read_only=True, allow_null=True)

    class Meta:
        model = EquivalencyRequest
        fields = [
            "id",
            "organization",
            "wsib_account",
            "kind",
            "status",
            "ontario_work_in_scope",
            "submitted_on",
            "review_due_on",
            "fee_amount",
            "fee_paid_on",
            "decided_on",
            "decision_summary",
            "decision_reason",
            "documents",
            "certificate",
        ]
        read_only_fields = fields


class EquivalencyCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EquivalencyKind.choices)
    wsib_account = serializers.IntegerField(required=False, allow_null=True)
    ontario_work_in_scope = serializers.BooleanField(default=False)


class DocumentAddSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()


class EquivalencyDecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    summary = serializers.CharField(allow_blank=True)
    fee_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    fee_paid_on = serializers.DateField()
    ontario_work_in_scope = serializers.BooleanField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def _own_organization(user):
    organization = organization_of(user)
    if organization is None:
        raise NotAllowed(_("Only a Senior Management Representative may file a request."))
    return organization


class EquivalencyRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = EquivalencyRequestSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            visible(EquivalencyRequest, self.request.user)
            .select_related("certificate")
            .prefetch_related("documents")
            .order_by("-created_at", "-id")
        )

    def _done(self, obj):
        return Response(EquivalencyRequestSerializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(request=EquivalencyCreateSerializer, responses=EquivalencyRequestSerializer)
    def create(self, request):
        organization = _own_organization(request.user)
        require(request.user, "equivalency.request_equivalency", organization)
        data = _valid(EquivalencyCreateSerializer, request)
        obj = eq.equivalency_request_create(
            organization=organization,
            kind=data["kind"],
            wsib_account=data.get("wsib_account"),
            ontario_work_in_scope=data["ontario_work_in_scope"],
            by=request.user,
        )
        response = self._done(obj)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=DocumentAddSerializer, responses=EquivalencyRequestSerializer)
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        obj = self.get_object()
        require(request.user, "equivalency.request_equivalency", obj)
        data = _valid(DocumentAddSerializer, request)
        eq.equivalency_document_add(
            request=obj, kind=data["kind"], upload=data["file"], by=request.user
        )
        return self._done(obj)

    @extend_schema(request=None, responses=EquivalencyRequestSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        obj = self.get_object()
        eq.equivalency_submit(request=obj, by=request.user)
        return self._done(obj)

    @extend_schema(request=EquivalencyDecideSerializer, responses=EquivalencyRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        obj = self.get_object()
        require(request.user, "equivalency.decide_equivalency", obj)
        data = _valid(EquivalencyDecideSerializer, request)
        eq.equivalency_decide(
            request=obj,
            outcome=data["outcome"],
            summary=data["summary"],
            fee_amount=data["fee_amount"],
            fee_paid_on=data["fee_paid_on"],
            ontario_work_in_scope=data.get("ontario_work_in_scope"),
            reason=data["reason"],
            by=request.user,
        )
        return self._done(obj)


class ReciprocitySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReciprocityRequest
        fields = [
            "id",
            "organization",
            "wsib_account",
            "home_province",
            "cfcsa_member",
            "letter_name",
            "source",
            "status",
            "submitted_on",
            "decided_on",
            "valid_until",
            "decision_reason",
        ]
        read_only_fields = fields


class ReciprocityCreateSerializer(serializers.Serializer):
    home_province = serializers.CharField(allow_blank=True, max_length=2)
    cfcsa_member = serializers.CharField(allow_blank=True, max_length=200)
    letter = serializers.FileField(required=False, allow_null=True)
    wsib_account = serializers.IntegerField(required=False, allow_null=True)


class ReciprocityDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    valid_until = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReciprocityRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ReciprocitySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return visible(ReciprocityRequest, self.request.user).order_by("-submitted_on", "-id")

    @extend_schema(request=ReciprocityCreateSerializer, responses=ReciprocitySerializer)
    def create(self, request):
        organization = _own_organization(request.user)
        require(request.user, "equivalency.request_reciprocity", organization)
        data = _valid(ReciprocityCreateSerializer, request)
        obj = rc.reciprocity_request_create(
            organization=organization,
            home_province=data["home_province"],
            cfcsa_member=data["cfcsa_member"],
            letter=data.get("letter"),
            wsib_account=data.get("wsib_account"),
            by=request.user,
        )
        return Response(ReciprocitySerializer(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReciprocityDecideSerializer, responses=ReciprocitySerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        obj = self.get_object()
        require(request.user, "equivalency.decide_reciprocity", obj)
        data = _valid(ReciprocityDecideSerializer, request)
        rc.reciprocity_decide(
            request=obj,
            approve=data["approve"],
            valid_until=data.get("valid_until"),
            reason=data["reason"],
            by=request.user,
        )
        obj.refresh_from_db()
        return Response(ReciprocitySerializer(obj).data)
