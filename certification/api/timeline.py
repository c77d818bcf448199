"""`GET /api/v1/wsib-accounts/{id}/timeline/`: the account's lifecycle as the account page shows
it (cor_portal.timeline) — its standing today, what comes next with the days left, the plain
sentence, and every past event grouped by cycle. 404 for an account the caller may not see."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from certification.models import WsibAccount
from certification.standing_facts import standing_of
from cor_portal.access import get_visible_or_404
from cor_portal.timeline import timeline_of


class EventSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    url = serializers.CharField()
    source = serializers.CharField()
    starts_cycle = serializers.BooleanField()


class UpcomingSerializer(EventSerializer):
    days_left = serializers.IntegerField()
    when = serializers.CharField(help_text="The days left in words: '30 days from today'.")


class CycleSerializer(serializers.Serializer):
    title = serializers.CharField()
    started_on = serializers.DateField(allow_null=True)
    start = EventSerializer(allow_null=True)
    events = EventSerializer(many=True)


class TimelineSerializer(serializers.Serializer):
    wsib_account = serializers.IntegerField()
    account_number = serializers.CharField()
    today = serializers.DateField()
    standing = serializers.CharField()
    standing_label = serializers.CharField()
    summary = serializers.CharField()
    upcoming = UpcomingSerializer(many=True)
    cycles = CycleSerializer(many=True)


class WsibAccountTimelineView(APIView):
    @extend_schema(responses=TimelineSerializer, operation_id="wsib_account_timeline")
    def get(self, request, pk: int):
        account = get_visible_or_404(WsibAccount, request.user, pk=pk)
        today = timezone.localdate()
        timeline = timeline_of(request.user, account.pk, today)
        result = standing_of(account, today)
        data = {
            "wsib_account": account.pk,
            "account_number": account.account_number,
            "today": today,
            "standing": result.standing.value,
            "standing_label": result.label,
            "summary": timeline.summary,
            "upcoming": [
                {**_event(e), "days_left": (e.on - today).days, "when": when}
                for e, when in timeline.next_steps
            ],
            "cycles": [
                {
                    "title": s.title,
                    "started_on": s.start.on if s.start else None,
                    "start": _event(s.start) if s.start else None,
                    "events": [_event(e) for e in s.events],
                }
                for s in timeline.sections
            ],
        }
        return Response(TimelineSerializer(data).data)


def _event(e) -> dict:
    return {
        "on": e.on,
        "kind": e.kind,
        "kind_label": e.kind_label,
        "title": e.title,
        "detail": e.detail,
        "outcome": e.outcome,
        "outcome_label": e.outcome_label,
        "url": e.url,
        "source": e.source,
        "starts_cycle": e.starts_cycle,
    }
