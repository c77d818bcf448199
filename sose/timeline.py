"""The action plans' events on an account's timeline (cor_portal.timeline): each plan's start,
approval, final submission and score, and its open deadline ahead — read through the plan's
access scope, in a fixed number of queries."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from cor_portal.access import visible
from cor_portal.timeline import Event, EventKind, Outcome, register_timeline_source

from .enums import PlanStatus
from .models import ActionPlan


def plan_events(user, account_ids, today: date):
    plans = visible(
        ActionPlan.objects.filter(wsib_account_id__in=account_ids).only(
            "id",
            "kind",
            "status",
            "wsib_account_id",
            "created_at",
            "approved_on",
            "final_submitted_at",
            "score_pct",
            "scored_on",
        ),
        user,
    )
    for plan in plans:
        kind = plan.get_kind_display()
        values = {"kind": kind}
        yield Event(
            account_id=plan.wsib_account_id,
            on=timezone.localdate(plan.created_at),
            kind=EventKind.ACTION_PLAN,
            title=_("%(kind)s started") % values,
            at=plan.created_at,
        )
        if plan.approved_on:
            yield Event(
                account_id=plan.wsib_account_id,
                on=plan.approved_on,
                kind=EventKind.ACTION_PLAN,
                title=_("%(kind)s approved") % values,
            )
        if plan.final_submitted_at:
            yield Event(
                account_id=plan.wsib_account_id,
                on=timezone.localdate(plan.final_submitted_at),
                kind=EventKind.ACTION_PLAN,
                title=_("%(kind)s: final submission") % values,
                at=plan.final_submitted_at,
            )
        if plan.scored_on:
            yield Event(
                account_id=plan.wsib_account_id,
                on=plan.scored_on,
                kind=EventKind.ACTION_PLAN,
                title=_("%(kind)s scored %(pct)s %%") % {**values, "pct": plan.score_pct},
                outcome=Outcome.PASSED if plan.status == PlanStatus.PASSED else Outcome.FAILED,
            )


def register() -> None:
    register_timeline_source("sose.action_plans", plan_events)
