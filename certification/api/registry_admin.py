"""The administrators' side of the registry and of certificates, through the same services as
the pages (certification/views/certificates.py):

    GET   registry-publications/                     administrators: the publications, newest first
    GET   registry-publications/{id}/
    POST  registry-publications/publish/             administrators publish the registry now
    GET   registry-clients/                          administrators
    POST  registry-clients/                          {name, contact_email?, rate_per_minute?}
    GET   registry-clients/{id}/
    POST  registry-clients/{id}/issue-key/           a new read-only key; its secret, once
    POST  registry-clients/{id}/revoke-key/          the client's key stops working
    POST  certificates/{id}/revoke/                  administrators {reason} (in registry.py)

Who may act is decided before the input is read: anyone but an administrator is answered 403
(anonymous 401). Registry keys never reach these views (they list no `token_scopes`)."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from certification.models import RegistryClient, RegistryPublication
from certification.services.registry import (
    CLIENT_NAME_MAX_LENGTH,
    registry_client_create,
    registry_client_key,
    registry_key_issue,
    registry_key_revoke,
    registry_publish,
)
from cor_portal.access import allowed, visible
from cor_portal.accounts.models import ApiToken
from cor_portal.errors import NotAllowed
from cor_portal.exports import ExportableListMixin


class _AdministratorsOnly(BasePermission):
    """403 for everyone but those holding `perm` (checked before any input is read)."""

    perm = ""
    message: object = ""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # DRF answers 401
        if not allowed(request.user, self.perm):
            raise NotAllowed(str(self.message))
        return True


class MayPublishRegistry(_AdministratorsOnly):
    perm = "certification.publish_registry"
    message = gettext_lazy("Only administrators publish the registry.")


class MayManageRegistryClients(_AdministratorsOnly):
    perm = "certification.manage_registry_clients"
    message = gettext_lazy("Only administrators manage registry clients.")


class RegistryPublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistryPublication
        fields = ["id", "published_at", "published_by_name", "listed", "content_hash"]
        read_only_fields = fields


class RegistryPublicationViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = RegistryPublicationSerializer
    permission_classes = [MayPublishRegistry]

    def get_queryset(self):
        return RegistryPublication.objects.order_by("-published_at", "-id")

    @extend_schema(
        operation_id="registry_publish",
        summary="Publish the registry as it stands today (administrators)",
        description=(
            "Lists every WSIB account certified, pending or equivalent today and drops the "
            "lapsed and revoked ones; the public registry, its feed and ETag change now."
        ),
        request=None,
        responses={201: RegistryPublicationSerializer},
    )
    @action(detail=False, methods=["post"])
    def publish(self, request):
        publication = registry_publish(by=request.user)
        return Response(
            RegistryPublicationSerializer(publication).data, status=status.HTTP_201_CREATED
        )


KEY_STATE = inline_serializer(
    "RegistryClientKey",
    fields={"id": serializers.UUIDField(), "expires": serializers.DateTimeField(allow_null=True)},
    allow_null=True,
)


class RegistryClientSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField()

    class Meta:
        model = RegistryClient
        fields = ["id", "name", "contact_email", "rate_per_minute", "created_at", "key"]
        read_only_fields = fields

    @extend_schema_field(KEY_STATE)
    def get_key(self, obj) -> dict | None:
        key_id = getattr(obj, "key_public_id", "unset")
        if key_id == "unset":
            token = registry_client_key(obj)
            if token is None:
                return None
            return {"id": str(token.public_id), "expires": token.expiry}
        if key_id is None:
            return None
        return {"id": str(key_id), "expires": obj.key_expiry}


class RegistryClientWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=CLIENT_NAME_MAX_LENGTH)
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
    rate_per_minute = serializers.IntegerField(
        required=False, default=60, min_value=1, max_value=10000
    )


ISSUED_KEY = inline_serializer(
    "RegistryKeyIssued",
    fields={
        "client": serializers.IntegerField(),
        "key_id": serializers.UUIDField(),
        "expires": serializers.DateTimeField(allow_null=True),
        "secret": serializers.CharField(help_text="Shown once: store it now."),
    },
)
REVOKED_KEYS = inline_serializer(
    "RegistryKeyRevoked", fields={"revoked": serializers.IntegerField()}
)


class RegistryClientViewSet(
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RegistryClientSerializer
    permission_classes = [MayManageRegistryClients]

    def get_queryset(self):
        latest = ApiToken.objects.filter(user_id=OuterRef("service_user_id")).order_by("-created")
        return (
            visible(RegistryClient, self.request.user)
            .annotate(
                key_public_id=Subquery(latest.values("public_id")[:1]),
                key_expiry=Subquery(latest.values("expiry")[:1]),
            )
            .order_by("name", "pk")
        )

    @extend_schema(request=RegistryClientWriteSerializer, responses={201: RegistryClientSerializer})
    def create(self, request):
        data = RegistryClientWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        client = registry_client_create(by=request.user, **data.validated_data)
        return Response(
            RegistryClientSerializer(self.get_queryset().get(pk=client.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Issue a new read-only registry key (the earlier one stops working)",
        request=None,
        responses={201: ISSUED_KEY},
    )
    @action(detail=True, methods=["post"], url_path="issue-key")
    def issue_key(self, request, pk=None):
        client = self.get_object()
        token, secret = registry_key_issue(client=client, by=request.user, request=request)
        return Response(
            {
                "client": client.pk,
                "key_id": str(token.public_id),
                "expires": token.expiry,
                "secret": secret,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(summary="Revoke the client's key", request=None, responses={200: REVOKED_KEYS})
    @action(detail=True, methods=["post"], url_path="revoke-key")
    def revoke_key(self, request, pk=None):
        client = self.get_object()
        return Response({"revoked": registry_key_revoke(client=client, by=request.user)})


def register(router) -> None:
    router.register(
        "registry-publications", RegistryPublicationViewSet, basename="registry-publication"
    )
    router.register("registry-clients", RegistryClientViewSet, basename="registry-client")
