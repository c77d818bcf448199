"""The sweep [SPEC §5]: idempotent, catches up in date order, set-based, reminders once."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cor_portal.deadlines import registry
from cor_portal.deadlines.calendar import add_calendar_days, add_months
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.registry import Binds, DeadlineRule
from cor_portal.deadlines.services import deadline_open, deadlines_cancel_for, sweep
from cor_portal.history.models import HistoryEntry
from cor_portal.notifications.models import InboxMessage, OutboundEmail

from .helpers import bulk_deadlines, states

pytestmark = pytest.mark.django_db
TORONTO = ZoneInfo("America/Toronto")
AS_OF = date(2026, 11, 22)


def snapshot():
    return (
        sorted(Deadline.objects.values_list("pk", "state", "reminded_days_before", "missed_at")),
        HistoryEntry.objects.count(),
        InboxMessage.objects.count(),
        OutboundEmail.objects.count(),
    )


def test_due_date_is_the_last_day_then_missed_once(cast, miss_log):
    [d] = bulk_deadlines("T1", [date(2026, 11, 20)])
    assert sweep(date(2026, 11, 20)).missed == 0
    assert states([d.pk]) == {d.pk: "open"}

    result = sweep(date(2026, 11, 21))
    assert result.missed == 1
    assert result.missed_by_kind == {"T1": 1}
    d.refresh_from_db()
    assert d.state == "missed" and d.missed_at is not None and d.closed_at is None
    assert miss_log.calls == [("T1", [d.pk], date(2026, 11, 20))]
    entry = HistoryEntry.objects.get(object_id=str(d.pk), action="missed")
    assert (entry.from_state, entry.to_state, entry.actor_id) == ("open", "missed", None)


def test_second_sweep_for_the_same_date_changes_nothing(cast, miss_log):
    missed = bulk_deadlines("T1", [date(2026, 11, 1), date(2026, 11, 21)])
    soon = bulk_deadlines(
        "T2",
        [AS_OF + timedelta(days=2), AS_OF + timedelta(days=20)],
        organization_id=cast.organization.pk,
        start=10,
    )
    first = sweep(AS_OF)
    assert (first.missed, first.reminded) == (2, 2)
    before = snapshot()
    second = sweep(AS_OF)
    assert (second.missed, second.reminded, second.notified_users) == (0, 0, 0)
    assert snapshot() == before
    assert len(miss_log.calls) == 2
    assert states([d.pk for d in missed]) == {d.pk: "missed" for d in missed}
    assert states([d.pk for d in soon]) == {d.pk: "open" for d in soon}


def test_catch_up_applies_missed_days_in_date_order(cast, miss_log):
    later = bulk_deadlines("T1", [date(2026, 11, 5)])
    earliest = bulk_deadlines("T2", [date(2026, 11, 1)], start=1)
    middle_t2 = bulk_deadlines("T2", [date(2026, 11, 3)], start=2)
    middle_t1 = bulk_deadlines("T1", [date(2026, 11, 3)], start=3)
    not_yet = bulk_deadlines("T1", [date(2026, 11, 10)], start=4)

    result = sweep(date(2026, 11, 10))
    assert result.missed == 4
    # Oldest day first; within a day, rules in registration order (T1 before T2).
    assert miss_log.calls == [
        ("T2", [earliest[0].pk], date(2026, 11, 1)),
        ("T1", [middle_t1[0].pk], date(2026, 11, 3)),
        ("T2", [middle_t2[0].pk], date(2026, 11, 3)),
        ("T1", [later[0].pk], date(2026, 11, 5)),
    ]
    assert states([not_yet[0].pk]) == {not_yet[0].pk: "open"}


def test_an_earlier_consequence_can_cancel_a_later_deadline_during_catch_up(cast, miss_log):
    """A cycle restart on day 1 cancels the subject's later deadline before it is claimed."""
    subject = cast.wsib_account
    applied = []

    def restart_cycle(deadlines):
        applied.append([d.kind for d in deadlines])
        deadlines_cancel_for(subject=subject, reason="Cycle restarts")

    registry.register_rule(
        DeadlineRule(kind="T1", title="Restarts", on_miss=restart_cycle), replace=True
    )
    first = deadline_open(
        kind="T1",
        subject=subject,
        title="First",
        due_on=date(2026, 11, 2),
        opened_on=date(2026, 11, 1),
    )
    second = deadline_open(
        kind="T2",
        subject=subject,
        title="Second",
        due_on=date(2026, 11, 5),
        opened_on=date(2026, 11, 1),
    )
    sweep(date(2026, 11, 20))
    assert applied == [["T1"]]
    assert states([first.pk, second.pk]) == {first.pk: "missed", second.pk: "cancelled"}
    assert miss_log.calls == []


def test_reminders_30_14_3_each_exactly_once(cast, miss_log):
    due = date(2026, 12, 31)
    [d] = bulk_deadlines("T2", [due], organization_id=cast.organization.pk)
    smr_inbox = InboxMessage.objects.filter(user=cast.smr)

    assert sweep(due - timedelta(days=31)).reminded == 0
    assert sweep(due - timedelta(days=30)).reminded_by_offset[30] == 1
    assert sweep(due - timedelta(days=30)).reminded == 0
    assert sweep(due - timedelta(days=20)).reminded == 0
    assert sweep(due - timedelta(days=14)).reminded_by_offset[14] == 1
    assert sweep(due - timedelta(days=13)).reminded == 0
    assert sweep(due - timedelta(days=3)).reminded_by_offset[3] == 1
    assert sweep(due).reminded == 0
    d.refresh_from_db()
    assert d.reminded_days_before == 3
    assert (
        list(smr_inbox.order_by("id").values_list("kind", flat=True)) == ["deadline_reminder"] * 3
    )
    assert "is due 2026-12-31" in smr_inbox.first().subject
    assert sweep(due + timedelta(days=1)).missed == 1
    assert smr_inbox.order_by("-id").first().kind == "deadline_missed"


def test_catching_up_sends_only_the_nearest_reminder(cast, miss_log):
    [d] = bulk_deadlines("T2", [AS_OF + timedelta(days=2)], organization_id=cast.organization.pk)
    result = sweep(AS_OF)
    assert result.reminded == 1
    assert result.reminded_by_offset == {1: 0, 3: 1, 14: 0, 30: 0}
    d.refresh_from_db()
    assert d.reminded_days_before == 3
    assert InboxMessage.objects.filter(user=cast.smr).count() == 1


def test_rule_with_its_own_offsets(cast, miss_log):
    [d] = bulk_deadlines("T3", [AS_OF + timedelta(days=3)], organization_id=cast.organization.pk)
    assert sweep(AS_OF).reminded == 0  # T3 reminds one day ahead only
    assert sweep(AS_OF + timedelta(days=2)).reminded_by_offset[1] == 1
    d.refresh_from_db()
    assert d.reminded_days_before == 1


def test_who_is_told(cast, miss_log):
    staff = bulk_deadlines("T1", [date(2026, 11, 10)])
    org = bulk_deadlines("T2", [date(2026, 11, 10)], organization_id=cast.organization.pk, start=5)
    deadline_open(
        kind="T1",
        subject=cast.organization,
        title="Assigned review",
        due_on=date(2026, 11, 10),
        opened_on=date(2026, 11, 1),
        assignee=cast.reviewer,
        url="/somewhere/",
    )
    sweep(date(2026, 11, 11))
    told = {
        u: list(InboxMessage.objects.filter(user=u).values_list("kind", "subject", "url"))
        for u in [
            cast.smr,
            cast.internal_auditor,
            cast.viewer,
            cast.outsider,
            cast.auditor,
            cast.reviewer,
            cast.admin,
        ]
    }
    assert told[cast.outsider] == told[cast.auditor] == []
    for u in [cast.smr, cast.internal_auditor, cast.viewer]:
        assert told[u] == [("deadline_missed", "Deadline missed: T2 item 5", "/deadlines/next/")]
    assert told[cast.admin] == [
        ("deadline_missed", "Deadline missed: T1 item 0", "/deadlines/next/")
    ]
    # The reviewer is staff (told of the unassigned one) and the assignee: one digest.
    [(kind, subject, url)] = told[cast.reviewer]
    assert (kind, subject, url) == (
        "deadline_digest",
        "2 deadlines missed, 0 due soon",
        "/deadlines/next/",
    )
    body = InboxMessage.objects.get(user=cast.reviewer).body
    assert "T1 Assigned review — missed (due 2026-11-10)" in body
    assert "T1 T1 item 0 — missed (due 2026-11-10)" in body
    assert OutboundEmail.objects.count() == 5
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {
        u.email for u in [cast.smr, cast.internal_auditor, cast.viewer, cast.admin, cast.reviewer]
    }
    assert staff and org


def _sweep_queries(as_of) -> int:
    with CaptureQueriesContext(connection) as ctx:
        sweep(as_of)
    return len(ctx.captured_queries)


def test_sweep_query_count_does_not_grow_with_deadlines(cast, miss_log):
    days = [date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 7)]

    def populate(n, start):
        bulk_deadlines("T1", [days[i % 3] for i in range(n)], start=start)
        bulk_deadlines(
            "T2", [days[i % 3] for i in range(n)], organization_id=cast.organization.pk, start=start
        )
        bulk_deadlines(
            "T2",
            [date(2026, 11, 12) + timedelta(days=i % 20) for i in range(n)],
            organization_id=cast.organization.pk,
            start=start + 100_000,
        )

    populate(3, 0)
    small = _sweep_queries(date(2026, 11, 10))
    Deadline.objects.all().delete()
    InboxMessage.objects.all().delete()
    populate(300, 1000)
    large = _sweep_queries(date(2026, 11, 10))
    assert Deadline.objects.filter(state="missed").count() == 600
    assert Deadline.objects.filter(reminded_days_before__isnull=False).count() == 300
    assert small == large
    assert large <= 20
    # Nothing to do: a handful of queries.
    assert _sweep_queries(date(2026, 11, 10)) <= 8


def _at_toronto(day: date, hour: int = 3):
    return datetime(day.year, day.month, day.day, hour, tzinfo=TORONTO)


@pytest.mark.parametrize(
    ("days", "edges"),
    [(30, (29, 30, 31)), (60, (59, 60, 61)), (90, (89, 90, 91))],
)
def test_time_travel_across_calendar_day_edges(cast, miss_log, days, edges):
    opened = date(2026, 1, 30)
    due = add_calendar_days(opened, days)
    with time_machine.travel(_at_toronto(opened), tick=False):
        d = deadline_open(kind="T1", subject=cast.organization, title="Edge", due_on=due)
    assert d.opened_on == opened
    before, on, after = edges
    for offset, expected in [(before, "open"), (on, "open"), (after, "missed")]:
        with time_machine.travel(_at_toronto(opened + timedelta(days=offset)), tick=False):
            sweep(timezone.localdate())
        assert states([d.pk]) == {d.pk: expected}, offset


@pytest.mark.parametrize(
    ("opened", "due"),
    [(date(2026, 8, 31), date(2027, 2, 28)), (date(2027, 8, 31), date(2028, 2, 29))],
)
def test_time_travel_six_months_from_month_end(cast, miss_log, opened, due):
    assert add_months(opened, 6) == due
    with time_machine.travel(_at_toronto(opened), tick=False):
        d = deadline_open(
            kind="T1",
            subject=cast.organization,
            title="6 months",
            due_on=add_months(timezone.localdate(), 6),
        )
    for day, expected in [
        (due - timedelta(days=1), "open"),
        (due, "open"),
        (due + timedelta(days=1), "missed"),
    ]:
        with time_machine.travel(_at_toronto(day), tick=False):
            sweep(timezone.localdate())
        assert states([d.pk]) == {d.pk: expected}, day


def test_time_travel_business_days_over_a_holiday(cast, miss_log):
    """Received Thursday before Good Friday 2026: 5 business days ends the next Friday."""
    from cor_portal.deadlines.services import due_in_business_days

    opened = date(2026, 4, 2)
    due = due_in_business_days(opened, 5)
    assert due == date(2026, 4, 10)
    d = deadline_open(
        kind="T2",
        subject=cast.organization,
        title="Appeal window",
        due_on=due,
        opened_on=opened,
        organization_id=cast.organization.pk,
    )
    with time_machine.travel(_at_toronto(date(2026, 4, 10), 23), tick=False):
        sweep(timezone.localdate())
    assert states([d.pk]) == {d.pk: "open"}
    with time_machine.travel(_at_toronto(date(2026, 4, 11), 0), tick=False):
        sweep(timezone.localdate())
    assert states([d.pk]) == {d.pk: "missed"}


def test_local_date_not_utc(cast, miss_log):
    """At 22:00 in Toronto it is already tomorrow in UTC: the sweep uses Toronto's date."""
    [d] = bulk_deadlines("T1", [date(2026, 11, 21)])
    with time_machine.travel(datetime(2026, 11, 22, 3, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert timezone.localdate() == date(2026, 11, 21)
        sweep(timezone.localdate())
    assert states([d.pk]) == {d.pk: "open"}


def test_binds_default_from_rule(cast, miss_log):
    d = deadline_open(
        kind="T2", subject=cast.organization, title="x", due_on=AS_OF, opened_on=AS_OF
    )
    assert d.binds == Binds.ORGANIZATION


def test_a_failing_consequence_rolls_the_claim_back_for_the_next_sweep(cast, miss_log):
    [d] = bulk_deadlines("T1", [date(2026, 11, 1)])

    def broken(deadlines):
        raise RuntimeError("consequence failed")

    registry.register_rule(DeadlineRule(kind="T1", title="Broken", on_miss=broken), replace=True)
    with pytest.raises(RuntimeError):
        sweep(AS_OF)
    assert states([d.pk]) == {d.pk: "open"}
    assert not HistoryEntry.objects.filter(action="missed").exists()
    assert InboxMessage.objects.count() == 0

    registry.register_rule(
        DeadlineRule(kind="T1", title="Fixed", on_miss=miss_log.handler("T1")), replace=True
    )
    assert sweep(AS_OF).missed == 1
    assert miss_log.ids == [d.pk]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=25),
    st.integers(min_value=1, max_value=30),
)
def test_one_catch_up_sweep_equals_daily_sweeps(cast, miss_log, offsets, span):
    start = date(2026, 10, 1)
    Deadline.objects.all().delete()
    miss_log.calls.clear()
    daily_ids = bulk_deadlines("T1", [start + timedelta(days=o) for o in offsets])
    for day in range(1, span + 1):
        sweep(start + timedelta(days=day))
    daily = [states([d.pk])[d.pk] for d in daily_ids]
    daily_calls = [(k, len(ids), due) for k, ids, due in miss_log.calls]

    Deadline.objects.all().delete()
    miss_log.calls.clear()
    once_ids = bulk_deadlines("T1", [start + timedelta(days=o) for o in offsets])
    sweep(start + timedelta(days=span))
    assert [states([d.pk])[d.pk] for d in once_ids] == daily
    assert [(k, len(ids), due) for k, ids, due in miss_log.calls] == daily_calls
    assert sweep(start + timedelta(days=span)).missed == 0
