"""The one transition helper (cor_portal/workflow.py): a conditional move with a typed
history row, a set-based variant, and tables that refuse nonsense."""

from datetime import date

import pytest
from django.db import models
from django.utils import timezone

from cor_portal.deadlines.enums import DeadlineAction
from cor_portal.deadlines.models import Deadline
from cor_portal.history.models import HistoryEntry
from cor_portal.workflow import Conflict, Move, Workflow
from tests.deadlines.helpers import bulk_deadlines

pytestmark = pytest.mark.django_db
S = Deadline.State

FLOW = Workflow(
    Deadline,
    Deadline.State,
    [
        Move(DeadlineAction.MET, sources=(S.OPEN,), target=S.MET),
        Move(DeadlineAction.CANCELLED, sources=(S.OPEN, S.MISSED), target=S.CANCELLED),
    ],
    field="state",
    register=False,  # a test table: not part of the product's tables
)


def test_move_writes_the_state_the_values_and_one_typed_history_row(cast):
    [d] = bulk_deadlines("T1", [date(2027, 1, 5)])
    now = timezone.now()
    FLOW.move(d, DeadlineAction.MET, by=cast.reviewer, reason="done", closed_at=now)
    assert (d.state, d.closed_at) == ("met", now)  # refreshed in place
    assert Deadline.objects.get(pk=d.pk).state == "met"
    [entry] = HistoryEntry.objects.filter(object_id=str(d.pk))
    assert (entry.action, entry.from_state, entry.to_state, entry.actor, entry.reason) == (
        "met",
        "open",
        "met",
        cast.reviewer,
        "done",
    )


def test_move_from_a_state_it_does_not_start_from_is_a_conflict_and_changes_nothing(cast):
    [d] = bulk_deadlines("T1", [date(2027, 1, 5)])
    Deadline.objects.filter(pk=d.pk).update(state="met", closed_at=timezone.now())
    with pytest.raises(Conflict) as caught:
        FLOW.move(d, DeadlineAction.MET, by=cast.reviewer, closed_at=timezone.now())
    assert caught.value.code == "conflict"
    assert "deadline changed while you were working on it" in caught.value.message
    assert HistoryEntry.objects.filter(object_id=str(d.pk)).count() == 0


def test_a_stale_object_cannot_win_a_race(cast):
    [d] = bulk_deadlines("T1", [date(2027, 1, 5)])
    other = Deadline.objects.get(pk=d.pk)
    FLOW.move(other, DeadlineAction.MET, by=None, closed_at=timezone.now())
    with pytest.raises(Conflict):
        FLOW.move(d, DeadlineAction.MET, by=None, closed_at=timezone.now())  # d still says open
    assert HistoryEntry.objects.filter(object_id=str(d.pk)).count() == 1


def test_move_set_moves_only_rows_in_a_source_state_with_their_own_from_state(cast):
    rows = bulk_deadlines("T1", [date(2027, 1, 5)] * 3)
    Deadline.objects.filter(pk=rows[1].pk).update(
        state="missed", missed_at=timezone.now(), missed_on=date(2027, 1, 6)
    )
    Deadline.objects.filter(pk=rows[2].pk).update(state="met", closed_at=timezone.now())
    moved = FLOW.move_set(
        Deadline.objects.filter(pk__in=[r.pk for r in rows]),
        DeadlineAction.CANCELLED,
        reason="cycle restarted",
        closed_at=timezone.now(),
    )
    assert moved == [rows[0].pk, rows[1].pk]
    assert dict(Deadline.objects.values_list("pk", "state")) == {
        rows[0].pk: "cancelled",
        rows[1].pk: "cancelled",
        rows[2].pk: "met",
    }
    history = sorted(
        HistoryEntry.objects.filter(object_id__in=[str(r.pk) for r in rows]).values_list(
            "object_id", "action", "from_state", "to_state", "reason"
        )
    )
    assert history == [
        (str(rows[0].pk), "cancelled", "open", "cancelled", "cycle restarted"),
        (str(rows[1].pk), "cancelled", "missed", "cancelled", "cycle restarted"),
    ]


def test_move_set_on_nothing_moves_nothing(cast):
    before = HistoryEntry.objects.count()
    assert FLOW.move_set(Deadline.objects.none(), DeadlineAction.CANCELLED) == []
    assert HistoryEntry.objects.count() == before


def test_can_reads_the_state_half_of_a_rule(cast):
    [d] = bulk_deadlines("T1", [date(2027, 1, 5)])
    assert FLOW.can(d, DeadlineAction.MET) is True
    d.state = "missed"
    assert FLOW.can(d, DeadlineAction.MET) is False
    assert FLOW.can(d, DeadlineAction.CANCELLED) is True


class _Status(models.TextChoices):
    A = "a", "A"
    B = "b", "B"


def test_a_table_refuses_unknown_states_and_duplicate_actions():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(Deadline, _Status, [Move(DeadlineAction.MET, ("a",), "z")], register=False)
    with pytest.raises(ValueError, match="appears twice"):
        Workflow(
            Deadline,
            _Status,
            [Move(DeadlineAction.MET, ("a",), "b"), Move(DeadlineAction.MET, ("b",), "a")],
            register=False,
        )
    with pytest.raises(LookupError):
        FLOW.move_of(DeadlineAction.REASSIGNED)
