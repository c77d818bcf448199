"""API of internal audits. Querysets go through cor_portal.access (other organizations'
audits answer 404); every write calls the same service as the pages; DomainError becomes
{field: [message]} (400) and NotAllowed 403 (cor_portal.api).

    GET  audits/                         list (filter: status, kind, wsib_account, reviewer —
                                         plain ids over the caller's own audits: another
                                         organization's id reads like an unknown one)
    POST audits/                         start {wsib_account, kind, internal_auditor, tool?}
    GET  audits/{id}/
    GET  audits/{id}/responses/          the employer's answers
    POST audits/{id}/responses/          save one answer {item, points_earned, not_applicable,
                                         note} (creates or replaces the item's answer)
    GET  audits/{id}/evidence/           evidence files (with their download url, and
                                         outside_window: the document date is outside the
                                         12 months before submission [001 §1.2])
    POST audits/{id}/evidence/           multipart {file, document_date, item?}
    DELETE audits/{id}/evidence/{evidence_id}/  remove a file while the audit is editable
    GET  audits/{id}/score/              employer's score so far and (when visible) the
                                         reviewer's: percentages as strings with 2 decimals
                                         (truncated), exact fractions, failures
    POST audits/{id}/submit/             SMR signs off and submits {sign_off: true}
    POST audits/{id}/complete/           SMR signs off the recertification internal audit
                                         {sign_off: true}: completed, NOT submitted for
                                         review (the external auditor validates it)
    POST audits/{id}/pre-assess/         {complete, declared_score_meets_benchmarks, reasons}
    POST audits/{id}/assign-reviewer/    {reviewer}
    GET  audits/{id}/review/             the reviewer's item scores and findings
    POST audits/{id}/review/             {items: [{item, points_earned, not_applicable, note}],
                                         complete: bool, findings: [{text, element_number?,
                                         item_number?}], summary} — all or nothing; the
                                         certifying body's only (403 before anything is read)
    GET  audits/{id}/history/            the audit's history as the caller may read it

Free-text lengths are limited as on the pages (audits.limits): too long is a 400 naming
the field.
"""

from fractions import Fraction

import django_filters
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from audits.enums import AuditKind, InternalReviewStatus
from audits.limits import (
    FINDING_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REASONS_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
)
from audits.models import Audit, AuditTool, Evidence, Item, ItemResponse, Review
from audits.rules import (
    ASSIGN_REVIEWER_STAFF_ONLY,
    PREPARE_AUDIT_ONLY,
    START_AUDIT_ONLY,
    require_role,
)
from audits.scoring import ScoreResult, display_pct
from audits.selectors import (
    assignable_reviewers,
    audit_history,
    audits_for_api,
    audits_for_api_list,
    evidence_of,
    evidence_reference_date,
    evidence_window,
    last_completed_review,
    open_review,
    reviewed_score,
    visible_review,
)
from audits.services.audit import (
    audit_start,
    audit_submit,
    employer_score,
    evidence_attach,
    evidence_remove,
    response_save,
)
from audits.services.recertification import recertification_audit_complete
from audits.services.review import (
    desk_review_save_item,
    pre_assessment_record,
    review_complete,
    reviewer_assign,
)
from certification.models import Person, WsibAccount
from certification.upload_handlers import install_first_bytes_check, upload_refusal
from cor_portal.access import require, visible
from cor_portal.errors import DomainError
from cor_portal.exports import ExportableListMixin
from cor_portal.pagination import NewestFirst

# --- serializers --------------------------------------------------------------------------


class AuditSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="wsib_account.account_number", read_only=True)
    organization = serializers.IntegerField(source="wsib_account.organization_id", read_only=True)
    organization_name = serializers.CharField(source="wsib_account.organization", read_only=True)
    tool_label = serializers.CharField(source="tool", read_only=True)
    internal_auditor_name = serializers.CharField(
        source="internal_auditor", read_only=True, default=""
    )
    review_due_on = serializers.DateField(read_only=True, allow_null=True)
    # The internal review's facts, flat as before the model split (API unchanged).
    status = serializers.CharField(source="internal_review.status", read_only=True)
    # Empty until the review reaches them: null in the answer, so nullable in the schema.
    submitted_at = serializers.DateTimeField(
        source="internal_review.submitted_at", read_only=True, allow_null=True
    )
    received_on = serializers.DateField(
        source="internal_review.received_on", read_only=True, allow_null=True
    )
    submission_count = serializers.IntegerField(
        source="internal_review.submission_count", read_only=True
    )
    reviewer = serializers.IntegerField(
        source="internal_review.reviewer_id", read_only=True, allow_null=True
    )
    report_issued_on = serializers.DateField(
        source="internal_review.report_issued_on", read_only=True, allow_null=True
    )
    correction_due_on = serializers.DateField(
        source="internal_review.correction_due_on", read_only=True, allow_null=True
    )

    class Meta:
        model = Audit
        fields = [
            "id",
            "kind",
            "status",
            "wsib_account",
            "account_number",
            "organization",
            "organization_name",
            "tool",
            "tool_label",
            "internal_auditor",
            "internal_auditor_name",
            "prepared_by",
            "signed_off_by",
            "signed_off_at",
            "submitted_at",
            "received_on",
            "submission_count",
            "review_due_on",
            "reviewer",
            "report_issued_on",
            "correction_due_on",
            "created_at",
        ]
        read_only_fields = fields


class AuditStartSerializer(serializers.Serializer):
    wsib_account = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AuditKind.choices, default=AuditKind.INITIAL_INTERNAL)
    internal_auditor = serializers.IntegerField()
    tool = serializers.IntegerField(required=False, allow_null=True)


class ItemResponseSerializer(serializers.ModelSerializer):
    item_number = serializers.CharField(source="item.number", read_only=True)

    class Meta:
        model = ItemResponse
        fields = [
            "id",
            "item",
            "item_number",
            "points_earned",
            "not_applicable",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class ScoreInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    points_earned = serializers.IntegerField(required=False, allow_null=True, default=None)
    not_applicable = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


class EvidenceSerializer(serializers.ModelSerializer):
    item_number = serializers.CharField(source="item.number", read_only=True, default=None)
    download_url = serializers.SerializerMethodField()
    outside_window = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "item",
            "item_number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "document_date",
            "uploaded_at",
            "download_url",
            "outside_window",
        ]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return reverse("audits:evidence_download", args=[obj.pk])

    def get_outside_window(self, obj) -> bool:
        """The document date is outside the 12 months before submission (or after it)."""
        flagged = getattr(obj, "outside_window", None)
        if flagged is None:
            flagged = evidence_window(obj, evidence_reference_date(obj.audit)).outside_window
        return flagged


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    document_date = serializers.DateField()
    item = serializers.IntegerField(required=False, allow_null=True)


class SubmitSerializer(serializers.Serializer):
    sign_off = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("The SMR's sign-off: the internal audit is complete and accurate."),
    )


class PreAssessSerializer(serializers.Serializer):
    complete = serializers.BooleanField()
    declared_score_meets_benchmarks = serializers.BooleanField()
    reasons = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASONS_MAX_LENGTH
    )


class AssignReviewerSerializer(serializers.Serializer):
    reviewer = serializers.IntegerField()


class FindingSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=FINDING_MAX_LENGTH)
    element_number = serializers.IntegerField(required=False, allow_null=True, default=None)
    item_number = serializers.CharField(required=False, allow_null=True, default=None)


class ReviewInputSerializer(serializers.Serializer):
    items = ScoreInputSerializer(many=True, required=False, default=list)
    complete = serializers.BooleanField(required=False, default=False)
    findings = FindingSerializer(many=True, required=False, default=list)
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=SUMMARY_MAX_LENGTH
    )


def _exact(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def score_data(result: ScoreResult | None) -> dict | None:
    if result is None:
        return None
    return {
        "overall_pct": display_pct(result.overall_pct),
        "overall_exact": _exact(result.overall_pct),
        "points_earned": result.points_earned,
        "points_possible": result.points_possible,
        "passed": result.passed,
        "elements": [
            {
                "element": e.element,
                "pct": display_pct(e.pct),
                "exact": _exact(e.pct),
                "points_earned": e.points_earned,
                "points_possible": e.points_possible,
            }
            for e in result.elements
        ],
        "failures": [
            {
                "kind": str(f.kind),
                "element": f.element,
                "item": f.item,
                "required": str(f.required),
                "actual": display_pct(f.actual),
                "description": f.describe(),
            }
            for f in result.failures
        ],
    }


REVIEW_IS_STAFF_ONLY = gettext_lazy("Only the certifying body works on the desk review.")


# --- viewset ------------------------------------------------------------------------------


class AuditFilter(django_filters.FilterSet):
    """Ids are plain numbers matched within the caller's own audits: an id of another
    organization's account or of an unknown user gives the same empty list (a choice filter
    over all rows would answer "Select a valid choice" for one and not the other)."""

    status = django_filters.ChoiceFilter(
        field_name="internal_review__status", choices=InternalReviewStatus.choices
    )
    kind = django_filters.ChoiceFilter(choices=AuditKind.choices)
    wsib_account = django_filters.NumberFilter(field_name="wsib_account_id")
    reviewer = django_filters.NumberFilter(field_name="internal_review__reviewer_id")

    class Meta:
        model = Audit
        fields = ["status", "kind", "wsib_account", "reviewer"]


def _visible_one(model_or_qs, user, pk, field: str, message: str):
    found = visible(model_or_qs, user).filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise DomainError(message, field=field)
    return found


class AuditViewSet(
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AuditSerializer
    filterset_class = AuditFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    # Keyset pages, newest first: no COUNT over every audit per page.
    pagination_class = NewestFirst

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database
            return Audit.objects.none()
        if self.action == "list":
            return audits_for_api_list(self.request.user)
        return audits_for_api(self.request.user)

    def initial(self, request, *args, **kwargs):
        # An evidence upload is refused from its first bytes, before the rest of the body is
        # read: the check goes in before anything (authentication's CSRF check) parses it.
        if self.action == "evidence" and request.method == "POST":
            install_first_bytes_check(request._request)
        super().initial(request, *args, **kwargs)

    def _read(self, audit: Audit, code=status.HTTP_200_OK) -> Response:
        return Response(AuditSerializer(self.get_queryset().get(pk=audit.pk)).data, status=code)

    @extend_schema(request=AuditStartSerializer, responses={201: AuditSerializer})
    def create(self, request):
        # Whether the caller may start audits at all, before the input is read (an external
        # auditor or staff get 403, not the input's 400); the account is checked by the service.
        require_role(request.user, "audits.start_audits", None, START_AUDIT_ONLY)
        data = AuditStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        account = _visible_one(
            WsibAccount,
            user,
            values["wsib_account"],
            "wsib_account",
            gettext("Choose one of your accounts."),
        )
        auditor = _visible_one(
            Person,
            user,
            values["internal_auditor"],
            "internal_auditor",
            gettext("Choose an active internal auditor of this organization."),
        )
        tool = None
        if values.get("tool") is not None:
            tool = _visible_one(AuditTool, user, values["tool"], "tool", "Choose an audit tool.")
        audit = audit_start(
            wsib_account=account, kind=values["kind"], internal_auditor=auditor, tool=tool, by=user
        )
        return self._read(audit, status.HTTP_201_CREATED)

    def _item(self, audit: Audit, pk) -> Item:
        item = (
            Item.objects.filter(pk=pk, tool_id=audit.tool_id)
            .select_related("sub_section__element")
            .first()
        )
        if item is None:
            raise DomainError(gettext("Choose an item of this audit's tool."), field="item")
        return item

    # responses

    @extend_schema(
        methods=["GET"], request=None, responses={200: ItemResponseSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"], request=ScoreInputSerializer, responses={200: ItemResponseSerializer}
    )
    # Plain lists, not pages (here, evidence/ and history/): pagination_class=None tells the schema.
    @action(detail=True, methods=["get", "post"], url_path="responses", pagination_class=None)
    def responses(self, request, pk=None):
        audit = self.get_object()
        if request.method == "GET":
            rows = (
                ItemResponse.objects.filter(audit=audit)
                .select_related("item")
                .order_by("item__order")
            )
            return Response(ItemResponseSerializer(rows, many=True).data)
        require_role(request.user, "audits.prepare_audit", audit, PREPARE_AUDIT_ONLY)
        data = ScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        response = response_save(
            audit=audit,
            item=self._item(audit, values["item"]),
            points_earned=values["points_earned"],
            not_applicable=values["not_applicable"],
            note=values["note"],
            by=request.user,
        )
        return Response(ItemResponseSerializer(response).data)

    # evidence

    @extend_schema(methods=["GET"], request=None, responses={200: EvidenceSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="evidence", pagination_class=None)
    def evidence(self, request, pk=None):
        audit = self.get_object()
        if request.method == "GET":
            return Response(EvidenceSerializer(evidence_of(audit), many=True).data)
        require_role(request.user, "audits.prepare_audit", audit, PREPARE_AUDIT_ONLY)
        body = request.data  # parsed here: the first-bytes check may stop it early
        refused = upload_refusal(request)
        if refused is not None:
            raise refused
        data = EvidenceUploadSerializer(data=body)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        item = self._item(audit, values["item"]) if values.get("item") is not None else None
        evidence = evidence_attach(
            audit=audit,
            item=item,
            uploaded_file=values["file"],
            document_date=values["document_date"],
            by=request.user,
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"evidence/(?P<evidence_pk>[0-9]+)")
    def remove_evidence(self, request, pk=None, evidence_pk=None):
        """Remove one evidence file: the page's service and rules (the SMR or an internal
        auditor, while the audit can be changed)."""
        audit = self.get_object()
        evidence = visible(Evidence, request.user).filter(audit=audit, pk=evidence_pk).first()
        if evidence is None:
            raise NotFound()
        evidence_remove(evidence=evidence, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # score

    @extend_schema(
        responses={
            200: inline_serializer(
                "AuditScore",
                {
                    "answered": serializers.IntegerField(),
                    "total": serializers.IntegerField(),
                    "employer": serializers.JSONField(allow_null=True),
                    "reviewer": serializers.JSONField(allow_null=True),
                },
            )
        }
    )
    @action(detail=True, methods=["get"], url_path="score")
    def score(self, request, pk=None):
        audit = self.get_object()
        live = employer_score(audit)
        reviewer = None
        review = last_completed_review(audit)
        if review is None and request.user.has_perm("audits.view_review_queue"):
            review = open_review(audit)
        if review is not None and live.complete:
            reviewer = score_data(reviewed_score(audit, review))
        return Response(
            {
                "answered": live.answered,
                "total": live.total,
                "employer": score_data(live.result),
                "reviewer": reviewer,
            }
        )

    # transitions

    @extend_schema(request=SubmitSerializer, responses={200: AuditSerializer})
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request, pk=None):
        audit = self.get_object()
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        audit = audit_submit(
            audit=audit, by=request.user, signed_off=data.validated_data["sign_off"]
        )
        return self._read(audit)

    @extend_schema(request=SubmitSerializer, responses={200: AuditSerializer})
    @action(detail=True, methods=["post"], url_path="complete")
    def complete(self, request, pk=None):
        audit = self.get_object()
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        audit = recertification_audit_complete(
            audit=audit, by=request.user, signed_off=data.validated_data["sign_off"]
        )
        return self._read(audit)

    @extend_schema(request=PreAssessSerializer, responses={200: AuditSerializer})
    @action(detail=True, methods=["post"], url_path="pre-assess")
    def pre_assess(self, request, pk=None):
        audit = self.get_object()
        data = PreAssessSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pre_assessment_record(audit=audit, by=request.user, **data.validated_data)
        return self._read(audit)

    @extend_schema(request=AssignReviewerSerializer, responses={200: AuditSerializer})
    @action(detail=True, methods=["post"], url_path="assign-reviewer")
    def assign_reviewer(self, request, pk=None):
        audit = self.get_object()
        # Who may assign is decided before the input is read (403 for employers, not 400).
        require_role(request.user, "audits.assign_reviewer", audit, ASSIGN_REVIEWER_STAFF_ONLY)
        data = AssignReviewerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviewer = assignable_reviewers().filter(pk=data.validated_data["reviewer"]).first()
        if reviewer is None:
            raise DomainError(
                gettext("Choose an active reviewer of the certifying body."), field="reviewer"
            )
        reviewer_assign(audit=audit, reviewer=reviewer, by=request.user)
        return self._read(audit)

    def _review_data(self, audit: Audit, review: Review | None) -> dict:
        if review is None:
            return {"review": None, "items": [], "findings": []}
        return {
            "review": {
                "id": review.pk,
                "round": review.round,
                "reviewer": review.reviewer_id,
                "started_at": review.started_at,
                "completed_at": review.completed_at,
                "outcome": review.outcome,
                "summary": review.findings_summary,
            },
            "items": [
                {
                    "item": s.item_id,
                    "item_number": s.item.number,
                    "points_earned": s.points_earned,
                    "not_applicable": s.not_applicable,
                    "note": s.note,
                }
                for s in review.item_scores.select_related("item").order_by("item__order")
            ],
            "findings": [
                {
                    "text": f.text,
                    "element_number": f.element.number if f.element_id else None,
                    "item_number": f.item.number if f.item_id else None,
                }
                for f in review.findings.select_related("element", "item").order_by("order")
            ],
        }

    @extend_schema(methods=["GET"], request=None, responses={200: OpenApiTypes.OBJECT})
    @extend_schema(
        methods=["POST"], request=ReviewInputSerializer, responses={200: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["get", "post"], url_path="review")
    def review(self, request, pk=None):
        audit = self.get_object()
        if request.method == "GET":
            return Response(self._review_data(audit, visible_review(request.user, audit)))
        # The open review is the certifying body's: refuse anyone else before reading it.
        require(request.user, "audits.view_review_queue", None, str(REVIEW_IS_STAFF_ONLY))
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = None
        with transaction.atomic():
            for row in values["items"]:
                desk_review_save_item(
                    audit=audit,
                    item=self._item(audit, row["item"]),
                    points_earned=row["points_earned"],
                    not_applicable=row["not_applicable"],
                    note=row["note"],
                    by=request.user,
                )
            if values["complete"]:
                result = review_complete(
                    audit=audit,
                    by=request.user,
                    findings=[dict(f) for f in values["findings"]],
                    summary=values["summary"],
                )
            elif values["findings"]:
                raise DomainError(
                    gettext("Findings are recorded when the review is completed (complete: true)."),
                    field="findings",
                )
        audit.refresh_from_db()
        review = result.review if result else open_review(audit)
        payload = self._review_data(audit, review)
        payload["status"] = audit.internal_review.status
        payload["score"] = score_data(result.score) if result else None
        payload["cap"] = result.plan.pk if result else None
        return Response(payload)

    @extend_schema(
        responses={
            200: inline_serializer(
                "AuditHistoryEntry",
                {
                    "at": serializers.DateTimeField(),
                    "actor": serializers.IntegerField(allow_null=True),
                    "action": serializers.CharField(),
                    "action_label": serializers.CharField(),
                    "from_state": serializers.CharField(),
                    "to_state": serializers.CharField(),
                    "reason": serializers.CharField(),
                    "changes": serializers.JSONField(),
                },
                many=True,
            )
        }
    )
    @action(detail=True, methods=["get"], url_path="history", pagination_class=None)
    def history(self, request, pk=None):
        audit = self.get_object()
        rows = audit_history(request.user, audit).select_related("content_type")
        return Response(
            [
                {
                    "at": entry.at,
                    "actor": entry.actor_id,
                    "action": entry.action,
                    "action_label": entry.action_label,
                    "from_state": entry.from_state,
                    "to_state": entry.to_state,
                    "reason": entry.reason,
                    "changes": entry.changes,
                }
                for entry in rows
            ]
        )


def register(router) -> None:
    router.register("audits", AuditViewSet, basename="audit")
