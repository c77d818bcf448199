"""What keeps the sweep fast at a million deadlines: HOT reminder stamps, light on_miss rows,
digests built in SQL, and a re-run that returns at once — without losing a guarantee."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cor_portal.deadlines import registry
from cor_portal.deadlines.models import Deadline, SweepRun
from cor_portal.deadlines.registry import DeadlineRule
from cor_portal.deadlines.services import sweep
from cor_portal.notifications.models import InboxMessage

from .helpers import bulk_deadlines, states

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 22)


def test_reminder_stamps_touch_no_index_and_pages_keep_room():
    """A HOT update needs every indexed column unchanged and room on the page."""
    table = Deadline._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        assert "fillfactor=50" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
            "WHERE c.relname = %s",
            [table],
        )
        indexed = {row[0] for row in cursor.fetchall()}
        # Columns named only in a partial index's predicate count too.
        cursor.execute(
            "SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = %s AND i.indpred IS NOT NULL",
            [table],
        )
        predicates = " ".join(row[0] for row in cursor.fetchall())
    for column in ("reminded_days_before", "reminded_at"):
        assert column not in indexed
        assert column not in predicates


def test_a_rule_gets_only_the_fields_it_names(cast, miss_log):
    got = []
    registry.register_rule(
        DeadlineRule(
            kind="T1",
            title="Light",
            on_miss=lambda rows: got.extend(rows),
            miss_fields=("subject_id", "due_on"),
        ),
        replace=True,
    )
    [d] = bulk_deadlines("T1", [date(2026, 11, 1)])
    sweep(AS_OF)
    [row] = got
    assert row._fields == ("id", "subject_id", "due_on")
    assert (row.pk, row.id, row.subject_id, row.due_on) == (d.pk, d.pk, "T1-0", date(2026, 11, 1))


def test_a_rule_cannot_name_an_unknown_field():
    with pytest.raises(ValueError, match="miss_fields names no claimed field"):
        DeadlineRule(kind="X1", title="Bad", miss_fields=("password",))


def test_rerun_for_the_same_date_is_one_query_and_changes_nothing(cast, miss_log):
    bulk_deadlines("T1", [date(2026, 11, 1), AS_OF + timedelta(days=2)])
    first = sweep(AS_OF)
    assert (first.missed, first.reminded) == (1, 1)
    assert SweepRun.objects.get().as_of == AS_OF
    messages = InboxMessage.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        again = sweep(AS_OF)
    assert len(ctx.captured_queries) == 1
    assert (again.missed, again.reminded, again.notified_users) == (0, 0, 0)
    assert InboxMessage.objects.count() == messages
    assert SweepRun.objects.count() == 1


def test_a_deadline_added_after_the_sweep_is_swept_by_a_rerun(cast, miss_log):
    bulk_deadlines("T1", [AS_OF + timedelta(days=20)])
    assert sweep(AS_OF).reminded == 1
    late = bulk_deadlines("T1", [date(2026, 11, 2), AS_OF + timedelta(days=1)], start=10)
    again = sweep(AS_OF)
    assert (again.missed, again.reminded) == (1, 1)
    assert states([d.pk for d in late]) == {late[0].pk: "missed", late[1].pk: "open"}
    assert miss_log.ids == [late[0].pk]
    # And now there is nothing left: the re-run after that is the one-query kind.
    with CaptureQueriesContext(connection) as ctx:
        assert sweep(AS_OF).missed == 0
    assert len(ctx.captured_queries) == 1


def test_a_sweep_for_another_date_is_never_skipped(cast, miss_log):
    [d] = bulk_deadlines("T1", [AS_OF])
    sweep(AS_OF)
    assert sweep(AS_OF + timedelta(days=1)).missed == 1
    assert states([d.pk]) == {d.pk: "missed"}


def test_a_digest_shows_the_first_lines_in_due_order_then_counts_the_rest(cast, miss_log):
    bulk_deadlines("T1", [date(2026, 11, 1) + timedelta(days=i % 15) for i in range(30)])
    bulk_deadlines("T1", [AS_OF + timedelta(days=1)] * 3, start=100)
    result = sweep(AS_OF)
    assert (result.missed, result.reminded) == (30, 3)
    assert result.missed_by_kind == {"T1": 30}
    assert result.reminded_by_offset == {1: 0, 3: 3, 14: 0, 30: 0}
    message = InboxMessage.objects.get(user=cast.reviewer)
    assert message.subject == "30 deadlines missed, 3 due soon"
    lines = message.body.splitlines()
    assert len(lines) == 26
    assert lines[-1] == "… and 8 more."
    dues = [line.rsplit("(due ", 1)[1][:10] for line in lines[:25]]
    assert dues == sorted(dues)  # missed first, oldest first
    assert all("missed" in line for line in lines[:25])


def _update_counts() -> tuple[int, int]:
    """(row updates, HOT ones) of the deadline table in this transaction."""
    table = Deadline._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated(%s::regclass), "
            "pg_stat_get_xact_tuples_hot_updated(%s::regclass)",
            [table, table],
        )
        return cursor.fetchone()


def test_reminder_stamps_are_hot_updates(cast, miss_log):
    bulk_deadlines("T1", [AS_OF + timedelta(days=1 + i % 29) for i in range(300)])
    updated, hot = _update_counts()
    result = sweep(AS_OF)
    assert result.reminded == 300
    after_updated, after_hot = _update_counts()
    assert after_updated - updated == 300
    # No index rewritten for a reminder, but where a page had no room left (pages of rows
    # earlier tests rolled back are not vacuumed here). Without the free room: almost none.
    assert after_hot - hot >= 270
