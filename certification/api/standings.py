"""Certifying-body staff only (403 for everyone else, before any input is read):

- `GET /api/v1/standings/at-risk/`: the accounts whose open D6/D7/D8 deadline makes them
  pending or lapsed within the next 30 days (`?within_days=1..366`), paged (`?page=`), as the
  staff standings page lists them.
- `GET /api/v1/standings/history/?from=YYYY-MM-DD&to=YYYY-MM-DD`: the daily counts of
  accounts per standing (StandingSnapshot), oldest first; default the last 90 days.
"""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from certification.api.registry_admin import _AdministratorsOnly
from certification.at_risk import WINDOW_DAYS, at_risk_deadlines, at_risk_rows
from certification.models import StandingSnapshot

HISTORY_DEFAULT_DAYS = 90
HISTORY_MAX_DAYS = 3660
MAX_WINDOW = 366


class MayViewStandings(_AdministratorsOnly):
    perm = "certification.view_standings"
    message = gettext_lazy("Only certifying-body staff see the standings dashboard.")


class AtRiskSerializer(serializers.Serializer):
    wsib_account = serializers.IntegerField(source="wsib_account_id")
    account_number = serializers.CharField()
    organization = serializers.CharField()
    kind = serializers.CharField()
    rule = serializers.CharField()
    due_on = serializers.DateField()
    becomes = serializers.CharField()
    on = serializers.DateField()
    days_left = serializers.IntegerField()


class SnapshotSerializer(serializers.Serializer):
    taken_on = serializers.DateField()
    standing = serializers.CharField()
    accounts = serializers.IntegerField()


def _int_param(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValidationError(
            {
                name: [
                    _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
                ]
            }
        )
    return value


def _date_param(request, name: str, default: date) -> date:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        if len(raw) != 10:
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            {name: [_("%(value)s is not a date: use YYYY-MM-DD.") % {"value": raw}]}
        ) from None


class AtRiskView(APIView):
    permission_classes = [MayViewStandings]

    @extend_schema(
        responses=AtRiskSerializer(many=True),
        parameters=[OpenApiParameter("within_days", int), OpenApiParameter("page", int)],
        operation_id="standings_at_risk",
    )
    def get(self, request):
        today = timezone.localdate()
        within = _int_param(request, "within_days", WINDOW_DAYS, 1, MAX_WINDOW)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            at_risk_deadlines(today, within_days=within), request, view=self
        )
        rows = at_risk_rows(page, today)
        return paginator.get_paginated_response(AtRiskSerializer(rows, many=True).data)


class HistoryView(APIView):
    permission_classes = [MayViewStandings]

    @extend_schema(
        responses=SnapshotSerializer(many=True),
        parameters=[OpenApiParameter("from", str), OpenApiParameter("to", str)],
        operation_id="standings_history",
    )
    def get(self, request):
        today = timezone.localdate()
        end = _date_param(request, "to", today)
        start = _date_param(request, "from", end - timedelta(days=HISTORY_DEFAULT_DAYS - 1))
        if start > end:
            raise ValidationError({"from": [_("The start is after the end.")]})
        if (end - start).days >= HISTORY_MAX_DAYS:
            raise ValidationError(
                {"from": [_("Ask for at most %(n)d days at a time.") % {"n": HISTORY_MAX_DAYS}]}
            )
        rows = StandingSnapshot.objects.filter(taken_on__range=(start, end)).values(
            "taken_on", "standing", "accounts"
        )
        return Response(
            {
                "from": start,
                "to": end,
                "results": SnapshotSerializer(list(rows), many=True).data,
            }
        )
