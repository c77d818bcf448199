"""Programs and their program years [SPEC §6.3], through certification.services.programs:

    GET   programs/                 every signed-in user: each program with its benchmarks,
                                    account format, action-plan kinds and years
    GET   programs/{code}/
    POST  programs/                 administrators {code, name, partner_name, province, ...}
    PATCH programs/{code}/          administrators (the code is fixed)
    GET   program-years/            every signed-in user (?program=acsa)
    GET   program-years/{id}/
    POST  program-years/            administrators {program, year, starts_on, ends_on,
                                    proposal_due_on?, final_submission_due_on?,
                                    maintenance_audit_due_on?}
    PATCH program-years/{id}/       administrators

A write by anyone else is answered 403 before its input is read (anonymous 401)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from certification.models import Program, ProgramYear
from certification.services.programs import program_create, program_update, program_year_save
from cor_portal.access import allowed
from cor_portal.errors import NotAllowed

WRITE_REFUSED = gettext_lazy("Only an administrator may change programs.")


class ReadAllWriteAdministrators(BasePermission):
    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # DRF answers 401
        if request.method in SAFE_METHODS:
            return True
        if not allowed(request.user, "certification.manage_programs"):
            raise NotAllowed(str(WRITE_REFUSED))
        return True


class ProgramYearSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", queryset=Program.objects.all())

    class Meta:
        model = ProgramYear
        fields = [
            "id",
            "program",
            "year",
            "starts_on",
            "ends_on",
            "proposal_due_on",
            "final_submission_due_on",
            "maintenance_audit_due_on",
        ]
        read_only_fields = ["id"]
        validators: list = []  # uniqueness is the service's, with its own message


class ProgramSerializer(serializers.ModelSerializer):
    years = ProgramYearSerializer(many=True, read_only=True)
    account_label_display = serializers.CharField(read_only=True)

    class Meta:
        model = Program
        fields = [
            "code",
            "name",
            "partner_name",
            "province",
            "is_default",
            "benchmark_overall_pct",
            "benchmark_element_pct",
            "benchmark_legislated_pct",
            "account_label",
            "account_label_fr",
            "account_label_display",
            "account_board_name",
            "account_min_digits",
            "account_max_digits",
            "action_plan_kinds",
            "years",
        ]
        read_only_fields = ["years", "account_label_display"]
        validators: list = []
        extra_kwargs = {"code": {"validators": []}, "name": {"validators": []}}


class ProgramViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProgramSerializer
    permission_classes = [ReadAllWriteAdministrators]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return Program.objects.prefetch_related(
            Prefetch("years", queryset=ProgramYear.objects.order_by("year"))
        ).order_by("-is_default", "name")

    def _answer(self, program: Program, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=program.pk)).data, code)

    @extend_schema(request=ProgramSerializer, responses={201: ProgramSerializer})
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        program = program_create(values=dict(data.validated_data), by=request.user)
        return self._answer(program, status.HTTP_201_CREATED)

    @extend_schema(request=ProgramSerializer, responses={200: ProgramSerializer})
    def partial_update(self, request, *args, **kwargs):
        program = self.get_object()
        data = self.get_serializer(program, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        program = program_update(program=program, values=dict(data.validated_data), by=request.user)
        return self._answer(program)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class ProgramYearViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProgramYearSerializer
    permission_classes = [ReadAllWriteAdministrators]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["program", "year"]

    def get_queryset(self):
        return ProgramYear.objects.order_by("program_id", "year")

    @extend_schema(request=ProgramYearSerializer, responses={201: ProgramYearSerializer})
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        program = values.pop("program")
        year = program_year_save(program=program, values=values, by=request.user)
        return Response(self.get_serializer(year).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgramYearSerializer, responses={200: ProgramYearSerializer})
    def partial_update(self, request, *args, **kwargs):
        current = self.get_object()
        data = self.get_serializer(current, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "program" in values and values.pop("program") != current.program:
            return Response(
                {"program": [str(gettext_lazy("A program year cannot move to another program."))]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        year = program_year_save(
            program=current.program, year=current, values=values, by=request.user
        )
        return Response(self.get_serializer(year).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


def register(router) -> None:
    router.register("programs", ProgramViewSet, basename="program")
    router.register("program-years", ProgramYearViewSet, basename="program-year")
