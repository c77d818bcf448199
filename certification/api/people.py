"""API for people, training records, training exemptions and readiness. Querysets go through
cor_portal.access (other organizations' objects answer 404); writes call the same services
as the pages; DomainError becomes {field: [message]} (cor_portal.api).

Readiness is its own read-only resource, `readiness/{wsib_account_id}/` (and `readiness/`
for every visible account), rather than an action on `wsib-accounts/`: that viewset belongs
to the organizations area, and readiness is computed from people and training."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from certification import selectors
from certification.api.serializers.people import (
    EthicsSignInputSerializer,
    ExemptionCreateSerializer,
    ExemptionDecisionSerializer,
    PersonInputSerializer,
    PersonSerializer,
    ReadinessSerializer,
    ReplaceInputSerializer,
    TrainingExemptionSerializer,
    TrainingRecordCreateSerializer,
    TrainingRecordSerializer,
    TrainingRecordUpdateSerializer,
)
from certification.enums import Course, ExemptionStatus
from certification.models import Person, TrainingExemption, TrainingRecord
from certification.services.organization import SMR_ONLY
from certification.services.people import (
    PersonData,
    ethics_sign,
    person_add,
    person_replace,
    person_update,
)
from certification.services.training import (
    DECIDE_STAFF_ONLY,
    exemption_decide,
    exemption_request,
    training_record_add,
    training_record_remove,
    training_record_update,
)
from certification.upload_handlers import FirstBytesCheckMixin, raise_upload_refusal
from certification.uploads import DOCUMENT_KINDS
from certification.views.training import exemption_file_response
from cor_portal.access import allowed, get_visible_or_404, require, visible
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.exports import ExportableListMixin

# Each write asks who may act before it reads the input: a caller who may not act gets 403
# whatever it sent, not the validation errors of the input it is not allowed to give.


class PersonViewSet(
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """SMRs and internal auditors. People are never deleted: they are replaced."""

    serializer_class = PersonSerializer
    filterset_fields = ["active", "is_smr", "is_internal_auditor"]

    def get_queryset(self):
        return selectors.people_list(self.request.user)

    def _read(self, person: Person, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=person.pk)
        return Response(PersonSerializer(fresh).data, status=code)

    @extend_schema(request=PersonInputSerializer, responses={201: PersonSerializer})
    def create(self, request):
        organization = selectors.organization_of(request.user)
        if organization is None or not allowed(request.user, "certification.add_people_records"):
            raise NotAllowed(str(SMR_ONLY))
        data = PersonInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        person = person_add(
            organization=organization,
            data=PersonData(**data.validated_data),
            by=request.user,
        )
        return self._read(person, status.HTTP_201_CREATED)

    @extend_schema(request=PersonInputSerializer, responses={200: PersonSerializer})
    def partial_update(self, request, pk=None):
        person = self.get_object()
        require(request.user, "certification.manage_people", person, str(SMR_ONLY))
        data = PersonInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k in request.data}
        person_update(person=person, by=request.user, **values)
        return self._read(person)

    @extend_schema(request=ReplaceInputSerializer, responses={200: PersonSerializer})
    @action(detail=True, methods=["post"], url_path="replace")
    def replace(self, request, pk=None):
        """Replace this SMR or internal auditor; returns the replacement."""
        person = self.get_object()
        require(request.user, "certification.manage_people", person, str(SMR_ONLY))
        data = ReplaceInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        replacement = None
        if values["replacement"] is not None:
            replacement = visible(Person, request.user).filter(pk=values["replacement"]).first()
            if replacement is None:
                raise DomainError(
                    _("Choose an active person of this organization."), field="replacement"
                )
        new_person = PersonData(**values["new_person"]) if values["new_person"] else None
        result = person_replace(
            person=person,
            by=request.user,
            reason=values["reason"],
            replacement=replacement,
            new_person=new_person,
            ended_on=values["ended_on"],
        )
        return self._read(result)

    @extend_schema(request=EthicsSignInputSerializer, responses={201: PersonSerializer})
    @action(detail=True, methods=["post"], url_path="sign-code-of-ethics")
    def sign_code_of_ethics(self, request, pk=None):
        person = self.get_object()
        require(request.user, "certification.sign_code_of_ethics_as", person, str(SMR_ONLY))
        data = EthicsSignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ethics_sign(by=request.user, person=person, signed_name=data.validated_data["signed_name"])
        return self._read(person, status.HTTP_201_CREATED)


class TrainingRecordFilter(filters.FilterSet):
    # Plain ids over the caller's own scope, not model choices: a choice filter answers "not
    # a valid choice" for an id that does not exist and an empty list for another
    # organization's, telling the two apart [001 §8]. Here both read the same.
    person = filters.NumberFilter(field_name="person_id")
    course = filters.ChoiceFilter(choices=Course.choices)

    class Meta:
        model = TrainingRecord
        fields = ["person", "course"]


class TrainingExemptionFilter(filters.FilterSet):
    person = filters.NumberFilter(field_name="person_id")
    status = filters.ChoiceFilter(choices=ExemptionStatus.choices)
    course = filters.ChoiceFilter(choices=Course.choices)

    class Meta:
        model = TrainingExemption
        fields = ["status", "person", "course"]


class TrainingRecordViewSet(
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilter

    def get_queryset(self):
        return (
            visible(TrainingRecord, self.request.user)
            .select_related("person")
            .order_by("person_id", "course", "pk")
        )

    @extend_schema(
        request=TrainingRecordCreateSerializer, responses={201: TrainingRecordSerializer}
    )
    def create(self, request):
        require(request.user, "certification.add_people_records", None, str(SMR_ONLY))
        data = TrainingRecordCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        training = training_record_add(by=request.user, **data.validated_data)
        return Response(TrainingRecordSerializer(training).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TrainingRecordUpdateSerializer, responses={200: TrainingRecordSerializer}
    )
    def partial_update(self, request, pk=None):
        training = self.get_object()
        require(request.user, "certification.manage_people", training, str(SMR_ONLY))
        data = TrainingRecordUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        training = training_record_update(training=training, by=request.user, **data.validated_data)
        return Response(TrainingRecordSerializer(training).data)

    def destroy(self, request, pk=None):
        training_record_remove(training=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TrainingExemptionViewSet(
    ExportableListMixin,
    FirstBytesCheckMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TrainingExemptionSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_class = TrainingExemptionFilter
    # The transcript and outline are refused from their first bytes (upload_handlers).
    upload_actions = {"create": DOCUMENT_KINDS}

    def get_queryset(self):
        return (
            visible(TrainingExemption, self.request.user)
            .select_related("person")
            .order_by("-requested_on", "-pk")
        )

    @extend_schema(
        request={"multipart/form-data": ExemptionCreateSerializer},
        responses={201: TrainingExemptionSerializer},
    )
    def create(self, request):
        require(request.user, "certification.add_people_records", None, str(SMR_ONLY))
        raise_upload_refusal(request)
        data = ExemptionCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        exemption = exemption_request(by=request.user, **data.validated_data)
        return Response(TrainingExemptionSerializer(exemption).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ExemptionDecisionSerializer, responses={200: TrainingExemptionSerializer}
    )
    @action(detail=True, methods=["post"], url_path="decide")
    def decide(self, request, pk=None):
        exemption = self.get_object()
        require(request.user, "certification.decide_exemption", exemption, str(DECIDE_STAFF_ONLY))
        data = ExemptionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        exemption = exemption_decide(exemption=exemption, by=request.user, **data.validated_data)
        return Response(TrainingExemptionSerializer(exemption).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="transcript")
    def transcript(self, request, pk=None):
        return exemption_file_response(self.get_object(), "transcript")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="course-outline")
    def course_outline(self, request, pk=None):
        return exemption_file_response(self.get_object(), "course-outline")


class ReadinessViewSet(viewsets.GenericViewSet):
    """Readiness of a WSIB account for its initial internal audit; the id is the WSIB
    account's."""

    serializer_class = ReadinessSerializer

    def get_queryset(self):
        return selectors.visible_accounts(self.request.user).order_by("account_number", "pk")

    @extend_schema(responses={200: ReadinessSerializer(many=True)})
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        data = ReadinessSerializer(selectors.readiness_for_accounts(page), many=True).data
        return self.get_paginated_response(data)

    @extend_schema(responses={200: ReadinessSerializer})
    def retrieve(self, request, pk=None):
        account = get_visible_or_404(self.get_queryset(), request.user, pk=pk)
        return Response(ReadinessSerializer(selectors.readiness_for_account(account)).data)


def register(router) -> None:
    """Adds this area's viewsets to the API router."""
    router.register("people", PersonViewSet, basename="person")
    router.register("training-records", TrainingRecordViewSet, basename="trainingrecord")
    router.register("training-exemptions", TrainingExemptionViewSet, basename="trainingexemption")
    router.register("readiness", ReadinessViewSet, basename="readiness")
