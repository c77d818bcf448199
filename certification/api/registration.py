"""API for organizations, WSIB accounts and registrations. Querysets go through
cor_portal.access (other organizations' objects answer 404); writes call the same services
as the pages; DomainError becomes a JSON error naming the field (cor_portal.api)."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from certification import selectors
from certification.api.serializers.organization import (
    OrganizationSerializer,
    ReasonSerializer,
    RegistrationSerializer,
    WsibAccountSerializer,
)
from certification.enums import RegistrationStatus
from certification.models import Organization, Registration, WsibAccount
from certification.services.organization import (
    organization_update,
    wsib_account_create,
    wsib_account_update,
)
from certification.services.registration import (
    REGISTRATION_FACT_FIELDS,
    registration_confirm,
    registration_request_reregistration,
    registration_start,
    registration_submit,
    registration_update,
)
from cor_portal.access import require, visible
from cor_portal.errors import NotAllowed
from cor_portal.exports import ExportableListMixin
from cor_portal.pagination import ByOrganizationName


class WsibAccountFilter(filters.FilterSet):
    # Plain numbers, not model choices: a choice filter would answer "not a valid choice" for
    # an id that does not exist and filter silently for another organization's id, telling
    # the two apart [001 §8].
    organization = filters.NumberFilter(field_name="organization_id")

    class Meta:
        model = WsibAccount
        fields = ["organization"]


class RegistrationFilter(filters.FilterSet):
    wsib_account = filters.NumberFilter(field_name="wsib_account_id")
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices)

    class Meta:
        model = Registration
        fields = ["wsib_account", "status"]


class OrganizationViewSet(
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OrganizationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return visible(Organization, self.request.user).order_by("legal_name", "pk")

    def perform_update(self, serializer):
        serializer.instance = organization_update(
            organization=serializer.instance,
            values=dict(serializer.validated_data),
            by=self.request.user,
        )


class WsibAccountViewSet(
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = WsibAccountSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = WsibAccountFilter
    # Keyset pages by organization name: no COUNT over every account per page.
    pagination_class = ByOrganizationName

    def get_queryset(self):
        return selectors.wsib_accounts_for_list(self.request.user)

    def perform_create(self, serializer):
        organization = selectors.organization_of(self.request.user)
        if organization is None:
            raise NotAllowed(_("Only a Senior Management Representative may add accounts."))
        data = serializer.validated_data
        serializer.instance = wsib_account_create(
            organization=organization,
            account_number=data["account_number"],
            firm_number=data["firm_number"],
            ohsms_in_place_since=data.get("ohsms_in_place_since"),
            by=self.request.user,
        )

    def perform_update(self, serializer):
        serializer.instance = wsib_account_update(
            wsib_account=serializer.instance,
            values=dict(serializer.validated_data),
            by=self.request.user,
        )


class RegistrationViewSet(
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RegistrationSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = RegistrationFilter

    def get_queryset(self):
        return selectors.registrations_for_list(self.request.user).order_by("-created_at", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        account = data.pop("wsib_account")
        serializer.instance = registration_start(
            wsib_account=account,
            facts={k: v for k, v in data.items() if k in REGISTRATION_FACT_FIELDS},
            by=self.request.user,
        )

    def perform_update(self, serializer):
        serializer.instance = registration_update(
            registration=serializer.instance,
            facts=dict(serializer.validated_data),
            by=self.request.user,
        )

    def _respond(self, registration: Registration) -> Response:
        registration = self.get_queryset().get(pk=registration.pk)
        return Response(self.get_serializer(registration).data)

    @extend_schema(request=None, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._respond(registration_submit(registration=self.get_object(), by=request.user))

    @extend_schema(request=None, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._respond(registration_confirm(registration=self.get_object(), by=request.user))

    @extend_schema(request=ReasonSerializer, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"], url_path="request-reregistration")
    def request_reregistration(self, request, pk=None):
        registration = self.get_object()
        require(
            request.user,
            "certification.verify_registration",
            registration,
            _("Only an administrator may verify registrations."),
        )
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(
            registration_request_reregistration(
                registration=registration, reason=body.validated_data["reason"], by=request.user
            )
        )


def register(router) -> None:
    """Adds this area's viewsets to the API router."""
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("wsib-accounts", WsibAccountViewSet, basename="wsib-account")
    router.register("registrations", RegistrationViewSet, basename="registration")
