"""API of the program figures (`program-figures/`) and OHS performance (`ohs-performance/`,
`ohs-performance/import/`): certifying-body staff only; the lists export as CSV and xlsx."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from certification.models import WsibAccount
from cor_portal.exports import ExportableListMixin
from oversight.models.performance import OhsPerformance
from oversight.program import program_figures
from oversight.services.performance import performance_import, performance_record

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _require_staff(user) -> None:
    if not (user.is_superuser or user.is_certifying_body_staff):
        raise PermissionDenied(_("Program figures are for certifying-body staff."))


def _num(value):
    return None if value is None else str(value)


def _cycle(c):
    return {"count": c.count, "median_days": _num(c.median), "p90_days": _num(c.p90)}


def _totals(t):
    if t is None:
        return None
    return {
        "accounts": t.accounts,
        "hours_worked": str(t.hours),
        "person_years": str(t.person_years),
        "lost_time_claims": t.lost_time_claims,
        "modified_work_claims": t.modified_work_claims,
        "ltc_rate": _num(t.ltc_rate),
        "dir_rate": _num(t.dir_rate),
    }


def figures_payload(f) -> dict:
    return {
        "as_of": f.today.isoformat(),
        "registrations_by_year": [{"year": y, "count": n} for y, n in f.registrations_by_year],
        "certifications_by_year": [{"year": y, "count": n} for y, n in f.certifications_by_year],
        "standings": f.standings,
        "about_to_go_pending": f.about_to_go_pending,
        "about_to_lapse": f.about_to_lapse,
        "review_cycle_times": _cycle(f.review_cycle),
        "sla_by_deadline_kind": {
            kind: {
                "on_time": s.on_time,
                "late": s.late,
                "missed": s.missed,
                "decided": s.decided,
                "compliance_percent": _num(s.compliance),
            }
            for kind, s in f.sla_by_kind.items()
        },
        "cycle_times_by_deadline_kind": {k: _cycle(c) for k, c in f.cycle_by_kind.items()},
        "auditors_active": f.auditors_active,
        "retention": {
            "since": f.retention_since.isoformat() if f.retention_since else None,
            "certified_at_start": f.retention.at_start,
            "still_certified": f.retention.retained,
            "percent": _num(f.retention.rate),
        },
        "ohs_performance": [
            {
                "year": p["year"],
                "certified": _totals(p["certified"]),
                "not_certified": _totals(p["not"]),
            }
            for p in f.performance
        ],
    }


class ProgramFiguresView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        _require_staff(request.user)
        return Response(figures_payload(program_figures(timezone.localdate())))


class OhsPerformanceSerializer(serializers.ModelSerializer):
    wsib_account = serializers.PrimaryKeyRelatedField(queryset=WsibAccount.objects.all())
    ltc_rate = serializers.SerializerMethodField()
    dir_rate = serializers.SerializerMethodField()

    class Meta:
        model = OhsPerformance
        fields = [
            "id",
            "wsib_account",
            "year",
            "hours_worked",
            "lost_time_claims",
            "modified_work_claims",
            "ltc_rate",
            "dir_rate",
            "source",
            "recorded_at",
        ]
        read_only_fields = ["source", "recorded_at"]
        validators: list = []

    def get_ltc_rate(self, obj) -> str | None:
        from oversight.figures import ltc_rate

        return _num(ltc_rate(obj.lost_time_claims, obj.hours_worked))

    def get_dir_rate(self, obj) -> str | None:
        from oversight.figures import dir_rate

        return _num(dir_rate(obj.lost_time_claims, obj.modified_work_claims, obj.hours_worked))


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class OhsPerformanceViewSet(
    ExportableListMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = OhsPerformanceSerializer
    queryset = OhsPerformance.objects.none()
    filterset_fields = ["year", "wsib_account"]
    export_name = "ohs-performance"

    def get_queryset(self):
        _require_staff(self.request.user)
        return OhsPerformance.objects.order_by("-year", "wsib_account_id", "id")

    def create(self, request, *args, **kwargs):
        _require_staff(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = performance_record(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(row).data, status=201)

    @extend_schema(request=ImportSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_csv(self, request):
        _require_staff(request.user)
        upload = request.data.get("file")
        if upload is None or not hasattr(upload, "read"):
            return Response({"file": [_("Choose a CSV file to import.")]}, status=400)
        if upload.size > IMPORT_MAX_BYTES:
            return Response({"file": [_("The file is larger than 5 MB.")]}, status=400)
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            return Response({"file": [_("The file is not UTF-8 text.")]}, status=400)
        count = performance_import(text=text, by=request.user)
        return Response({"imported": count})


def register(router) -> None:
    router.register("ohs-performance", OhsPerformanceViewSet, basename="ohs-performance")
