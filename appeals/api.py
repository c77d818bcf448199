"""API of appeals [001 §7; SPEC §7] (through cor_portal.access: an appeal the caller may not
see answers 404 — an SMR sees their organization's, the external auditor the appeals of
their own reports, certifying-body staff all; who may act is decided before the input is
read, 403).

    GET   appeals/                      list, soonest due first (filters: status, level,
                                        kind, awaiting=me: the appeals waiting for the
                                        caller — the deciding auditor's level 1, a program
                                        manager's level 2, the director's level 3, the
                                        SMR's denied appeals they may take further);
                                        ?format=csv|xlsx
    GET   appeals/{id}/                 with its levels, signatures and attachments
    POST  appeals/file/                 SMR {kind, decision, grounds, attachments?}
    POST  appeals/{id}/acknowledge/     that level's decider
    POST  appeals/{id}/decide/          that level's decider {verdict, reasons, agreement?}
    POST  appeals/{id}/escalate/        SMR, after a denial {grounds}
    POST  appeals/{id}/sign/            SMR or a program manager, a level-2 agreement
                                        {typed_name}
    GET   appeals/{id}/forms/           every version of the appeal form, newest first
    GET   appeals/{id}/forms/{doc}/     one version's PDF
    GET   appeals/{id}/forms/{doc}/verify/   its stored bytes against its recorded SHA-256
"""

import hashlib

import django_filters
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from audits.models import ExternalEngagement, InternalReview
from certification.rules import is_an_smr, is_smr_of
from cor_portal.access import visible
from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.services import closure_dates
from cor_portal.documents.downloads import document_response
from cor_portal.documents.enums import DocumentStatus
from cor_portal.documents.models import GeneratedDocument
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.exports import ExportableListMixin

from . import windows
from .documents import appeal_forms
from .enums import APPEAL_AWAITING_DECISION, AppealLevel, AppealStatus, DecisionKind, Verdict
from .models import Appeal, AppealAttachment, AppealSignature, AppealStage
from .services import (
    appeal_acknowledge,
    appeal_decide,
    appeal_escalate,
    appeal_file,
    appeal_sign,
    require_decider,
    signer_role,
)


def _weekday(day) -> str | None:
    return None if day is None else f"{date_format(day, 'l')}, {date_format(day, 'DATE_FORMAT')}"


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = AppealSignature
        fields = ["role", "typed_name", "signed_at"]
        read_only_fields = fields


class StageSerializer(serializers.ModelSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = AppealStage
        fields = [
            "level",
            "grounds",
            "filed_on",
            "acknowledge_due_on",
            "decide_due_on",
            "acknowledged_on",
            "decided_on",
            "verdict",
            "decision_text",
            "agreement",
            "escalate_due_on",
            "signatures",
        ]
        read_only_fields = fields


class AppealSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    account_number = serializers.CharField(source="wsib_account.account_number", read_only=True)
    organization = serializers.IntegerField(source="wsib_account.organization_id", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    due_on_display = serializers.SerializerMethodField(
        label=gettext_lazy("due on (with its weekday)")
    )
    business_days_left = serializers.SerializerMethodField(label=gettext_lazy("business days left"))
    attachments = serializers.SerializerMethodField()
    stages = StageSerializer(many=True, read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "number",
            "kind",
            "engagement",
            "internal_review",
            "wsib_account",
            "account_number",
            "organization",
            "decision_maker",
            "decision_summary",
            "report_received_on",
            "level",
            "status",
            "status_label",
            "due_on",
            "due_on_display",
            "business_days_left",
            "filed_by",
            "created_at",
            "attachments",
            "stages",
        ]
        read_only_fields = fields

    def _closures(self) -> frozenset:
        cache = self.context.setdefault("_appeal_closures", {})
        if "dates" not in cache:
            cache["dates"] = closure_dates()
        return cache["dates"]

    def get_due_on_display(self, obj) -> str | None:
        return _weekday(obj.due_on)

    def get_business_days_left(self, obj) -> int | None:
        if obj.due_on is None:
            return None
        return windows.business_days_left(timezone.localdate(), obj.due_on, self._closures())

    def get_attachments(self, obj) -> list[int]:
        return [a.evidence_id for a in obj.attachments.all()]


class FileInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    decision = serializers.IntegerField(
        help_text=gettext_lazy("The external engagement or internal review appealed.")
    )
    grounds = serializers.CharField(allow_blank=True, required=False, default="")
    attachments = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=200
    )


class DecideInput(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reasons = serializers.CharField(allow_blank=True, required=False, default="")
    agreement = serializers.CharField(allow_blank=True, required=False, default="")


class GroundsInput(serializers.Serializer):
    grounds = serializers.CharField(allow_blank=True, required=False, default="")


class SignInput(serializers.Serializer):
    typed_name = serializers.CharField(allow_blank=True, required=False, default="")


class FormVersionSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()
    verify = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedDocument
        fields = [
            "id",
            "number",
            "version",
            "status",
            "sha256",
            "size",
            "created_at",
            "download",
            "verify",
            "verification_url",
        ]
        read_only_fields = fields

    def _appeal_id(self) -> int:
        return int(self.context["appeal_id"])

    def get_download(self, obj) -> str:
        return reverse("appeal-form", args=[self._appeal_id(), obj.pk])

    def get_verify(self, obj) -> str:
        return reverse("appeal-form-verify", args=[self._appeal_id(), obj.pk])

    def get_verification_url(self, obj) -> str | None:
        if not obj.verification_code:
            return None
        return reverse("documents:verify", args=[obj.verification_code])


class FormVerification(serializers.Serializer):
    number = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    current = serializers.BooleanField(
        help_text=gettext_lazy("Issued, and no later version exists.")
    )
    sha256 = serializers.CharField()
    intact = serializers.BooleanField()


class AppealFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AppealStatus.choices)
    level = django_filters.ChoiceFilter(choices=AppealLevel.choices)
    kind = django_filters.ChoiceFilter(choices=DecisionKind.choices)
    awaiting = django_filters.ChoiceFilter(
        choices=[("me", gettext_lazy("Waiting for me"))], method="filter_awaiting"
    )

    class Meta:
        model = Appeal
        fields = ["status", "level", "kind", "awaiting"]

    def filter_awaiting(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return queryset.filter(awaiting_q(user)) if user is not None else queryset.none()


def awaiting_q(user) -> Q:
    """The appeals waiting for `user` to act: the level's decider (open levels), the SMR
    (denied, may go further). Access still narrows it (cor_portal.access)."""
    open_ = Q(status__in=APPEAL_AWAITING_DECISION)
    q = Q(pk__in=[])
    q |= open_ & Q(level=1, decision_maker=user)
    if user.role == UserRole.PROGRAM_MANAGER:
        q |= open_ & Q(level=2)
    if user.role == UserRole.PROGRAM_DIRECTOR:
        q |= open_ & Q(level=3)
    if is_an_smr(user):
        q |= Q(status=AppealStatus.DENIED)
    return q


def _decision(kind: str, pk: int, user):
    """The decision appealed, as the caller may see it (or a field error)."""
    model = ExternalEngagement if kind == DecisionKind.EXTERNAL_REPORT else InternalReview
    decision = visible(model.objects.select_related("wsib_account"), user).filter(pk=pk).first()
    if decision is None:
        raise DomainError(_("Choose one of your organization's reports."), field="decision")
    return decision


class AppealViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Appeals the caller may see, soonest due first; `awaiting=me` narrows them to the ones
    waiting for the caller. `?format=csv|xlsx` exports the filtered list."""

    serializer_class = AppealSerializer
    filterset_class = AppealFilter
    export_name = "appeals"

    def get_queryset(self):
        stages = AppealStage.objects.prefetch_related(
            Prefetch("signatures", queryset=AppealSignature.objects.order_by("pk"))
        ).order_by("level")
        qs = (
            Appeal.objects.select_related("wsib_account")
            .prefetch_related(
                Prefetch("stages", queryset=stages),
                Prefetch("attachments", queryset=AppealAttachment.objects.order_by("pk")),
            )
            .order_by("due_on", "pk")
        )
        return visible(qs, self.request.user)

    def _read(self, appeal, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=appeal.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(request=FileInput, responses={201: AppealSerializer})
    @action(detail=False, methods=["post"], url_path="file")
    def file(self, request):
        if not is_an_smr(request.user):
            raise NotAllowed(
                _("Only a senior management representative of the organization files an appeal.")
            )
        data = FileInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        decision = _decision(values["kind"], values["decision"], request.user)
        appeal = appeal_file(
            kind=values["kind"],
            decision=decision,
            by=request.user,
            grounds=values["grounds"],
            attachments=values["attachments"],
        )
        return self._read(appeal, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        appeal = self.get_object()
        require_decider(request.user, appeal)
        return self._read(appeal_acknowledge(appeal=appeal, by=request.user))

    @extend_schema(request=DecideInput, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        appeal = self.get_object()
        require_decider(request.user, appeal)
        data = DecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(appeal_decide(appeal=appeal, by=request.user, **data.validated_data))

    @extend_schema(request=GroundsInput, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        appeal = self.get_object()
        if not is_smr_of(request.user, appeal):
            raise NotAllowed(
                _("Only a senior management representative of the organization files an appeal.")
            )
        data = GroundsInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._read(
            appeal_escalate(appeal=appeal, by=request.user, grounds=data.validated_data["grounds"])
        )

    @extend_schema(request=SignInput, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        appeal = self.get_object()
        if signer_role(appeal, request.user) is None:
            raise NotAllowed(
                _("The agreement is signed by the organization's SMR and a program manager.")
            )
        data = SignInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal_sign(appeal=appeal, by=request.user, typed_name=data.validated_data["typed_name"])
        return self._read(appeal)

    @extend_schema(
        request=None,
        responses={200: FormVersionSerializer(many=True)},
        description="Every version of the appeal form, newest first.",
    )
    @action(
        detail=True, methods=["get"], url_path="forms", pagination_class=None, filter_backends=[]
    )
    def forms(self, request, pk=None):
        appeal = self.get_object()
        return Response(
            FormVersionSerializer(
                appeal_forms(appeal), many=True, context={"appeal_id": appeal.pk}
            ).data
        )

    def _form(self, appeal: Appeal, doc_pk) -> GeneratedDocument:
        document = appeal_forms(appeal).filter(pk=doc_pk).first()
        if document is None:
            raise NotFound(_("This appeal has no such form version."))
        return document

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): bytes},
        description="One version of the appeal form (PDF).",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"forms/(?P<doc_pk>[0-9]+)",
        url_name="form",
    )
    def form(self, request, pk=None, doc_pk=None):
        return document_response(self._form(self.get_object(), doc_pk))

    @extend_schema(
        request=None,
        responses={200: FormVerification},
        description="Whether the stored version still has the SHA-256 it was issued with.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"forms/(?P<doc_pk>[0-9]+)/verify",
        url_name="form-verify",
    )
    def form_verify(self, request, pk=None, doc_pk=None):
        appeal = self.get_object()
        document = self._form(appeal, doc_pk)
        newest = appeal_forms(appeal).values_list("pk", flat=True).first()
        digest = hashlib.sha256()
        with document.file.open("rb") as stored:
            for chunk in iter(lambda: stored.read(64 * 1024), b""):
                digest.update(chunk)
        return Response(
            FormVerification(
                {
                    "number": document.number,
                    "version": document.version,
                    "status": document.status,
                    "current": document.status == DocumentStatus.ISSUED and document.pk == newest,
                    "sha256": document.sha256,
                    "intact": digest.hexdigest() == document.sha256,
                }
            ).data
        )


def register(router) -> None:
    router.register("appeals", AppealViewSet, basename="appeal")
