"""The public registry feed, registry clients' bulk verification, and certificates.

- `GET /api/v1/public/certified/` (anyone, and registry keys): the published registry as JSON,
  or CSV with `?format=csv`; `?changed_since=<ISO 8601>` for only what changed since (plus
  the certificate numbers removed). `ETag` and `Last-Modified`; `304` to `If-None-Match` /
  `If-Modified-Since`.
- `GET /api/v1/registry/verify/?numbers=…` (registry keys only): up to 100 WSIB account or
  certificate numbers; each one's status, standing and dates today, "not found" for the rest.
- Registry keys are read-only and open only views that list `token_scopes`
  (cor_portal.accounts.tokens); each key has its own rate limit (429 with `Retry-After`).
- `certificates/` (list, detail, `pdf/`): scoped through cor_portal.access like every object.
"""

import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from certification.models import Certificate
from certification.models.programs import account_formats
from certification.registry import (
    BULK_MAX,
    bulk_verify,
    feed_body,
    feed_etag,
    latest_publication_head,
    parse_bulk_numbers,
    parse_changed_since,
)
from certification.services.certificates import (
    CERTIFICATE_REASON_MAX_LENGTH,
    certificate_pdf,
    certificate_revoke,
)
from certification.standing_facts import standings_of
from cor_portal.access import require, visible
from cor_portal.accounts.enums import ApiTokenScope
from cor_portal.documents.downloads import document_response
from cor_portal.exports import ExportableListMixin


class CSVRenderer(BaseRenderer):
    """Lets `?format=csv` through content negotiation; the view writes the bytes itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else str(data or "").encode()


class RegistryKeyThrottle(SimpleRateThrottle):
    """Each registry key's own rate limit (RegistryClient.rate_per_minute), answered with 429
    and `Retry-After`. Requests without a registry key are not limited here."""

    scope = "registry"
    rate = "60/min"

    def allow_request(self, request, view):
        token = request.auth
        if getattr(token, "scope", None) != ApiTokenScope.REGISTRY:
            return True
        client = getattr(token.user, "registry_client", None)
        if client is not None:
            self.num_requests, self.duration = client.rate_per_minute, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class IsRegistryClient(BasePermission):
    """Only a registry key (a user's own token is not a registry key: bulk verification is
    for the registry clients an administrator admitted, each with its own rate limit)."""

    message = "Bulk verification needs a registry client's key."

    def has_permission(self, request, view) -> bool:
        return getattr(request.auth, "scope", None) == ApiTokenScope.REGISTRY


ROW_EXAMPLE = {
    "organization": "Northern Lift & Hoist Ltd.",
    "operating_name": "Northern Lift",
    "certificate_number": "COR-2026-000012",
    "standing": "certified",
    "anniversary_date": "2026-03-02",
    "expiry_date": "2029-03-02",
}
FEED_RESPONSE = inline_serializer(
    "RegistryFeed",
    fields={
        "published_at": serializers.DateTimeField(),
        "published_by": serializers.CharField(),
        "count": serializers.IntegerField(),
        "changed_since": serializers.DateTimeField(required=False),
        "results": inline_serializer(
            "RegistryRow",
            fields={
                "organization": serializers.CharField(),
                "operating_name": serializers.CharField(),
                "certificate_number": serializers.CharField(),
                "standing": serializers.ChoiceField(choices=["certified", "pending", "equivalent"]),
                "anniversary_date": serializers.DateField(),
                "expiry_date": serializers.DateField(),
            },
            many=True,
        ),
        "removed": serializers.ListField(child=serializers.CharField(), required=False),
    },
)


@method_decorator(gzip_page, name="dispatch")
class CertifiedFeedView(APIView):
    """Served gzip-compressed to a client that accepts it (Django's GZip middleware for this
    view only). The compressed body is another representation of the same content, so its
    ETag is the weak form W/"…" (the middleware weakens it); a 304 answers with the form the
    200 would have carried, and If-None-Match compares weakly (RFC 9110 §13.1.2)."""

    permission_classes = [AllowAny]
    token_scopes = (ApiTokenScope.REGISTRY,)
    throttle_classes = [RegistryKeyThrottle]
    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="public_certified",
        summary="The published registry of certified accounts (JSON or CSV)",
        description=(
            "Every account the latest publication lists (standing certified, pending or "
            "equivalent), with organization, operating name, certificate number, standing, "
            "anniversary and expiry — nothing else. Changes only when an administrator "
            "publishes. Poll cheaply: send back the `ETag` as `If-None-Match` (or "
            "`Last-Modified` as `If-Modified-Since`) and get `304 Not Modified` until the "
            "next publication; or ask `?changed_since=` for only the rows changed since, "
            "plus `removed`, the certificate numbers no longer listed. Open to anyone; a "
            "registry key is rate-limited per key."
        ),
        auth=[{}, {"tokenAuth": []}],
        parameters=[
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["json", "csv"], description="csv for CSV"
            ),
            OpenApiParameter(
                "changed_since",
                OpenApiTypes.DATETIME,
                description="Only rows changed after this moment (ISO 8601).",
                examples=[OpenApiExample("since", value="2026-06-01T00:00:00Z")],
            ),
        ],
        responses={
            200: OpenApiResponse(
                FEED_RESPONSE,
                examples=[
                    OpenApiExample(
                        "Whole registry",
                        value={
                            "published_at": "2026-06-15T14:02:11-04:00",
                            "published_by": "Alex Admin",
                            "count": 1,
                            "results": [ROW_EXAMPLE],
                        },
                    ),
                    OpenApiExample(
                        "changed_since",
                        value={
                            "published_at": "2026-06-15T14:02:11-04:00",
                            "published_by": "Alex Admin",
                            "changed_since": "2026-06-01T00:00:00+00:00",
                            "count": 1,
                            "results": [ROW_EXAMPLE],
                            "removed": ["COR-2025-000003"],
                        },
                    ),
                ],
            ),
            304: OpenApiResponse(description="Not modified since the ETag / date you sent."),
            400: OpenApiResponse(description="changed_since is not an ISO 8601 date."),
            404: OpenApiResponse(description="Nothing has been published yet."),
            429: OpenApiResponse(description="This key's rate limit; see Retry-After."),
        },
    )
    def get(self, request):
        fmt = "csv" if request.query_params.get("format") == "csv" else "json"
        since = parse_changed_since(request.query_params.get("changed_since"))
        publication = latest_publication_head()
        if publication is None:
            return Response({"detail": _("The registry has not been published yet.")}, status=404)
        etag = feed_etag(publication, fmt=fmt, since=since)
        last_modified = int(publication.published_at.timestamp())
        if _not_modified(request, etag=etag, last_modified=last_modified):
            response = HttpResponse(status=304)
            if _accepts_gzip(request):
                # The 200 would have been compressed, its ETag weakened: say the same.
                etag = "W/" + quote_etag(etag)
        else:
            body = feed_body(publication, fmt=fmt, since=since)
            if fmt == "csv":
                response = HttpResponse(body, content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = 'attachment; filename="cor-registry.csv"'
            else:
                response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = "public, no-cache"
        response["Vary"] = "Accept, Authorization, Accept-Encoding"
        response.cor_public = True  # public data: exempt from the private no-store policy
        return response


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _accepts_gzip(request) -> bool:
    """What GZipMiddleware asks before compressing."""
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _not_modified(request, *, etag: str, last_modified: int) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or quote_etag(etag) in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return since is not None and last_modified <= since


VERIFY_RESPONSE = inline_serializer(
    "BulkVerification",
    fields={
        "checked_on": serializers.DateField(),
        "count": serializers.IntegerField(),
        "results": inline_serializer(
            "Verification",
            fields={
                "number": serializers.CharField(),
                "found": serializers.BooleanField(),
                "status": serializers.ChoiceField(
                    choices=[
                        "valid",
                        "pending",
                        "lapsed",
                        "expired",
                        "superseded",
                        "revoked",
                        "not_found",
                    ]
                ),
                "standing": serializers.CharField(required=False, allow_null=True),
                "certificate_number": serializers.CharField(required=False),
                "wsib_account_number": serializers.CharField(required=False),
                "organization": serializers.CharField(required=False),
                "operating_name": serializers.CharField(required=False),
                "anniversary_date": serializers.DateField(required=False),
                "expiry_date": serializers.DateField(required=False),
            },
            many=True,
        ),
    },
)


class BulkVerifyView(APIView):
    permission_classes = [IsRegistryClient]
    token_scopes = (ApiTokenScope.REGISTRY,)
    throttle_classes = [RegistryKeyThrottle]

    @extend_schema(
        operation_id="registry_verify",
        summary="Bulk verification of up to 100 numbers (registry keys)",
        description=(
            "For each account number (in a program's format: WSIB 7 digits, WCB 7 to 9) or "
            "certificate number (COR-YYYY-NNNNNN) "
            "in `numbers` — comma-separated, or the parameter repeated, at most "
            f"{BULK_MAX} — the certificate's status today (valid, pending, lapsed, expired, "
            "superseded, revoked), the account's standing and the dates; `not_found` for "
            "the rest. An account number answers with the account's active (else "
            "latest) certificate. More than 100, or a malformed number, is a 400 naming "
            "them. Needs a registry client's key (`Authorization: Token …`), rate-limited "
            "per key: 429 with `Retry-After`."
        ),
        parameters=[
            OpenApiParameter(
                "numbers",
                OpenApiTypes.STR,
                required=True,
                description="Comma-separated account or certificate numbers (≤ 100).",
                examples=[OpenApiExample("mixed", value="1234567,COR-2026-000012,COR-2024-000001")],
            )
        ],
        responses={
            200: OpenApiResponse(
                VERIFY_RESPONSE,
                examples=[
                    OpenApiExample(
                        "Three numbers",
                        value={
                            "checked_on": "2026-06-15",
                            "count": 3,
                            "results": [
                                {
                                    "number": "1234567",
                                    "found": True,
                                    "status": "valid",
                                    "standing": "certified",
                                    "certificate_number": "COR-2026-000012",
                                    "wsib_account_number": "1234567",
                                    "organization": "Northern Lift & Hoist Ltd.",
                                    "operating_name": "Northern Lift",
                                    "anniversary_date": "2026-03-02",
                                    "expiry_date": "2029-03-02",
                                },
                                {
                                    "number": "COR-2024-000001",
                                    "found": True,
                                    "status": "revoked",
                                    "standing": None,
                                    "certificate_number": "COR-2024-000001",
                                    "organization": "Example Paving Inc.",
                                    "operating_name": "",
                                    "anniversary_date": "2024-05-01",
                                    "expiry_date": "2027-05-01",
                                },
                                {"number": "7654321", "found": False, "status": "not_found"},
                            ],
                        },
                    )
                ],
            ),
            400: OpenApiResponse(
                description="More than 100 numbers, or malformed ones (named).",
                examples=[
                    OpenApiExample(
                        "Malformed",
                        value={
                            "numbers": [
                                "Not an account number (WSIB: 7 digits; WCB: 7 to 9 digits) or a "
                                "certificate number (COR-YYYY-NNNNNN): 12AB, COR-26-1."
                            ]
                        },
                    )
                ],
            ),
            403: OpenApiResponse(description="Not a registry key."),
            429: OpenApiResponse(description="This key's rate limit; see Retry-After."),
        },
    )
    def get(self, request):
        numbers = request.query_params.getlist("numbers") or request.query_params.getlist("number")
        parsed = parse_bulk_numbers(numbers, account_formats())
        today = timezone.localdate()
        results = bulk_verify(parsed, today)
        return Response(
            {"checked_on": today.isoformat(), "count": len(results), "results": results}
        )


class CertificateSerializer(serializers.ModelSerializer):
    wsib_account_number = serializers.CharField(source="wsib_account.account_number")
    organization = serializers.CharField(source="wsib_account.organization.legal_name")
    standing = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "status",
            "wsib_account",
            "wsib_account_number",
            "organization",
            "anniversary_date",
            "expiry_date",
            "standing",
            "issued_at",
            "pdf",
        ]
        read_only_fields = fields

    def get_standing(self, obj) -> str:
        standings = self.context.get("standings") or {}
        result = standings.get(obj.wsib_account_id)
        return result.standing.value if result is not None else ""

    def get_pdf(self, obj) -> str:
        from django.urls import reverse

        return reverse("certificate-pdf", args=[obj.pk])


class CertificateRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=CERTIFICATE_REASON_MAX_LENGTH
    )


class CertificateViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Certificates the caller may see (their organization's; staff: all)."""

    serializer_class = CertificateSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return (
            visible(Certificate, self.request.user)
            .select_related("wsib_account__organization")
            .order_by("-anniversary_date", "-id")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        page = getattr(self, "_page_objects", None)
        if page is not None:
            context["standings"] = standings_of(
                {c.wsib_account_id for c in page}, timezone.localdate()
            )
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._page_objects = page
        return page

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self._page_objects = [instance]
        return Response(self.get_serializer(instance).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        # A revoked certificate has no current PDF: a 400 saying so (DomainError).
        return document_response(certificate_pdf(certificate=self.get_object()))

    @extend_schema(
        summary="Revoke an active certificate (administrators)",
        description=(
            "The certificate ends now with the reason given (required); its verification page "
            "and bulk verification say revoked; the registry drops it at the next publication. "
            "Revoking one that is not active is a 400 saying what it is."
        ),
        request=CertificateRevokeSerializer,
        responses={200: CertificateSerializer},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        certificate = self.get_object()
        # Who may revoke, before the reason is read (403; 404 for a certificate not seen).
        require(request.user, "certification.revoke_certificate", certificate)
        data = CertificateRevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate_revoke(
            certificate=certificate, by=request.user, reason=data.validated_data["reason"]
        )
        certificate.refresh_from_db()
        self._page_objects = [certificate]
        return Response(self.get_serializer(certificate).data)


def register(router) -> None:
    router.register("certificates", CertificateViewSet, basename="certificate")
