"""Maintenance years and Letters of Good Standing [SPEC §4.2, §4.3], scoped through
cor_portal.access (an organization's members: theirs; certifying-body staff: all).

- `maintenance-years/` (list, detail; `?wsib_account=`, `?state=`): each year's anniversary,
  due dates (D5–D8), state, late flag, open deficiencies, the audit it is for, and the
  account's stored standing (WsibAccount.cor_hold, the same value every page shows).
- `maintenance-years/{id}/deficiencies-corrected/` (POST, staff): D8 met.
- `maintenance-years/{id}/issue-letter/` (POST, staff): the LGS of a year whose review passed
  outside the audit flow (e.g. corrected deficiencies); refusals are 400s naming the reason.
- `letters-of-good-standing/` (list, detail, `pdf/`): numbered letters with their
  verification address.
- `recertifications/` (list, detail; `?wsib_account=`, `?state=`): the recertification of
  each certificate [001 §2.5] — its year-4 row: the re-registration window and the
  re-registration (a new application, confirmed like the first, through `registrations/`),
  the reminders to start the external audit (90, 74, 63 days ahead), the external audit's
  due day (D5), pending (D6) and lapse (D7) days, its state and the account's standing. The
  year-1 internal audit is `audits/` with `kind=recertification_internal` and
  `audits/{id}/complete/`; the external audit `engagements/` (validate-internal-audit/).

Maintenance audits themselves are `audits/` with `kind=internal_maintenance`, and their
reviews the existing review endpoints: the same scored audit and review lifecycle.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from certification.maintenance import (
    LAPSED_AFTER_DAYS,
    PENDING_AFTER_DAYS,
    RECERTIFICATION_YEAR,
    recertification_reminder_days,
    reregistration_window,
)
from certification.models import LetterOfGoodStanding, MaintenanceYear
from certification.services.maintenance import (
    lgs_issue,
    lgs_pdf,
    maintenance_deficiencies_corrected,
)
from certification.standing_facts import standings_of
from cor_portal.access import require, visible
from cor_portal.documents.downloads import document_response


class MaintenanceYearSerializer(serializers.ModelSerializer):
    wsib_account_number = serializers.CharField(source="wsib_account.account_number")
    certificate_number = serializers.CharField(source="certificate.number")
    pending_due_on = serializers.SerializerMethodField()
    lapse_due_on = serializers.SerializerMethodField()
    letter = serializers.SerializerMethodField()
    standing = serializers.SerializerMethodField()

    class Meta:
        model = MaintenanceYear
        fields = [
            "id",
            "certificate",
            "certificate_number",
            "wsib_account",
            "wsib_account_number",
            "year",
            "anniversary_date",
            "audit_due_on",
            "pending_due_on",
            "lapse_due_on",
            "state",
            "late",
            "deficiencies_open",
            "pending_since",
            "lapsed_on",
            "audit_id",
            "letter",
            "standing",
        ]
        read_only_fields = fields

    def get_pending_due_on(self, obj) -> str:
        return (obj.anniversary_date + timedelta(days=PENDING_AFTER_DAYS)).isoformat()

    def get_lapse_due_on(self, obj) -> str:
        return (obj.anniversary_date + timedelta(days=LAPSED_AFTER_DAYS)).isoformat()

    def get_letter(self, obj) -> str | None:
        letter = getattr(obj, "letter", None)
        return letter.number if letter is not None else None

    def get_standing(self, obj) -> str:
        standings = self.context.get("standings") or {}
        result = standings.get(obj.wsib_account_id)
        return result.standing.value if result is not None else ""


class LetterSerializer(serializers.ModelSerializer):
    wsib_account_number = serializers.CharField(source="wsib_account.account_number")
    organization = serializers.CharField(source="wsib_account.organization.legal_name")
    certificate_number = serializers.CharField(source="certificate.number")
    pdf = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = LetterOfGoodStanding
        fields = [
            "id",
            "number",
            "year",
            "maintenance_year",
            "certificate",
            "certificate_number",
            "wsib_account",
            "wsib_account_number",
            "organization",
            "issued_on",
            "valid_until",
            "source_audit_id",
            "pdf",
            "verification_url",
        ]
        read_only_fields = fields

    def get_pdf(self, obj) -> str:
        return reverse("letter-of-good-standing-pdf", args=[obj.pk])

    def get_verification_url(self, obj) -> str:
        return reverse("lgs_verify", args=[obj.number])


class _StandingContext:
    """Adds the page's stored standings to the serializer context (one query a page)."""

    def get_serializer_context(self):
        context = super().get_serializer_context()  # type: ignore[misc]
        page = getattr(self, "_page_objects", None)
        if page is not None:
            context["standings"] = standings_of(
                {y.wsib_account_id for y in page}, timezone.localdate()
            )
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        self._page_objects = page
        return page


def _by_account_and_state(qs, params):
    """The maintenance-year lists' two filters: `?wsib_account=<id>` and `?state=`."""
    account = params.get("wsib_account")
    if account and account.isdigit():
        qs = qs.filter(wsib_account_id=int(account))
    state = params.get("state")
    if state:
        qs = qs.filter(state=state)
    return qs


class MaintenanceYearViewSet(
    _StandingContext,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The maintenance years the caller may see."""

    serializer_class = MaintenanceYearSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        qs = (
            visible(MaintenanceYear, self.request.user)
            .select_related("wsib_account", "certificate", "letter")
            .order_by("anniversary_date", "id")
        )
        return _by_account_and_state(qs, self.request.query_params)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self._page_objects = [instance]
        return Response(self.get_serializer(instance).data)

    def _answer(self, pk):
        year = self.get_queryset().get(pk=pk)
        self._page_objects = [year]
        return Response(self.get_serializer(year).data)

    @extend_schema(request=None, responses={200: MaintenanceYearSerializer})
    @action(detail=True, methods=["post"], url_path="deficiencies-corrected")
    def deficiencies_corrected(self, request, pk=None):
        year = self.get_object()
        require(request.user, "certification.issue_certificate", year.wsib_account)
        maintenance_deficiencies_corrected(year=year, by=request.user)
        return self._answer(year.pk)

    @extend_schema(request=None, responses={201: LetterSerializer})
    @action(detail=True, methods=["post"], url_path="issue-letter")
    def issue_letter(self, request, pk=None):
        year = self.get_object()
        require(request.user, "certification.issue_certificate", year.wsib_account)
        letter = lgs_issue(year=year, by=request.user)
        letter = LetterOfGoodStanding.objects.select_related(
            "wsib_account__organization", "certificate"
        ).get(pk=letter.pk)
        return Response(LetterSerializer(letter).data, status=201)


class LetterOfGoodStandingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Letters of Good Standing the caller may see (their organization's; staff: all)."""

    serializer_class = LetterSerializer

    def get_queryset(self):
        return (
            visible(LetterOfGoodStanding, self.request.user)
            .select_related("wsib_account__organization", "certificate")
            .order_by("-issued_on", "-id")
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return document_response(lgs_pdf(letter=self.get_object()))


class RecertificationSerializer(MaintenanceYearSerializer):
    reregistration_opens_on = serializers.SerializerMethodField()
    reregistration_closes_on = serializers.SerializerMethodField()
    reminder_days = serializers.SerializerMethodField()
    registration = serializers.SerializerMethodField()
    registration_status = serializers.SerializerMethodField()

    class Meta(MaintenanceYearSerializer.Meta):
        fields = [
            f for f in MaintenanceYearSerializer.Meta.fields if f not in ("letter", "audit_id")
        ] + [
            "reregistration_opens_on",
            "reregistration_closes_on",
            "reminder_days",
            "registration",
            "registration_status",
            "external_audit",
        ]
        read_only_fields = fields

    external_audit = serializers.IntegerField(source="audit_id", read_only=True)

    def get_reregistration_opens_on(self, obj) -> str:
        return reregistration_window(obj.certificate.anniversary_date)[0].isoformat()

    def get_reregistration_closes_on(self, obj) -> str:
        return reregistration_window(obj.certificate.anniversary_date)[1].isoformat()

    def get_reminder_days(self, obj) -> list[str]:
        return [d.isoformat() for d in recertification_reminder_days(obj.anniversary_date)]

    def _registration(self, obj):
        rows = list(obj.certificate.recertification_registrations.all())
        return rows[0] if rows else None

    def get_registration(self, obj) -> int | None:
        registration = self._registration(obj)
        return registration.pk if registration is not None else None

    def get_registration_status(self, obj) -> str | None:
        registration = self._registration(obj)
        return registration.status if registration is not None else None


class RecertificationViewSet(
    _StandingContext,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The recertifications (year-4 rows) the caller may see."""

    serializer_class = RecertificationSerializer

    def get_queryset(self):
        qs = (
            visible(MaintenanceYear, self.request.user)
            .filter(year=RECERTIFICATION_YEAR)
            .select_related("wsib_account", "certificate")
            .prefetch_related("certificate__recertification_registrations")
            .order_by("anniversary_date", "id")
        )
        return _by_account_and_state(qs, self.request.query_params)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self._page_objects = [instance]
        return Response(self.get_serializer(instance).data)


def register(router) -> None:
    router.register("recertifications", RecertificationViewSet, basename="recertification")
    router.register("maintenance-years", MaintenanceYearViewSet, basename="maintenance-year")
    router.register(
        "letters-of-good-standing",
        LetterOfGoodStandingViewSet,
        basename="letter-of-good-standing",
    )
