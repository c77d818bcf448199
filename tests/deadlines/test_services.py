"""Opening, meeting and cancelling deadlines: conditional updates, history, bad input."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.services import (
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadlines_cancel_for,
    due_in_business_days,
    open_deadline_of,
)
from cor_portal.errors import DomainError
from cor_portal.history.services import history_of

pytestmark = pytest.mark.django_db
OPENED = date(2026, 11, 2)
DUE = date(2026, 12, 2)


def _open(cast, **kw):
    args = {
        "kind": "T1",
        "subject": cast.wsib_account,
        "title": "Review",
        "due_on": DUE,
        "opened_on": OPENED,
        "organization_id": cast.organization.pk,
    }
    return deadline_open(**{**args, **kw})


def test_open_records_history(cast, miss_log):
    d = _open(cast, actor=cast.reviewer)
    assert (d.state, d.binds, d.subject_id, d.subject) == (
        "open",
        "certifying_body",
        str(cast.wsib_account.pk),
        cast.wsib_account,
    )
    [entry] = history_of(d)
    assert (entry.action, entry.to_state, entry.actor) == ("opened", "open", cast.reviewer)
    assert entry.changes == {"due_on": [None, "2026-12-02"]}


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"kind": "D99"}, "kind", "Unknown deadline rule D99."),
        (
            {"due_on": date(2026, 11, 1)},
            "due_on",
            "The due date cannot be before the day it opens.",
        ),
    ],
)
def test_open_bad_input_changes_nothing(cast, miss_log, kw, field, message):
    with pytest.raises(DomainError) as err:
        _open(cast, **kw)
    assert (err.value.field, err.value.message) == (field, message)
    assert Deadline.objects.count() == 0


def test_one_open_deadline_per_rule_and_subject(cast, miss_log):
    first = _open(cast)
    with pytest.raises(DomainError, match="An open T1 deadline already exists"):
        _open(cast)
    second = _open(cast, replace=True, due_on=date(2027, 1, 5))
    first.refresh_from_db()
    assert first.state == "cancelled" and first.closed_at is not None
    assert open_deadline_of("T1", cast.wsib_account) == second
    # The database refuses a second open row too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.create(
            kind="T1",
            subject_type=second.subject_type,
            subject_id=second.subject_id,
            binds="organization",
            title="dup",
            opened_on=OPENED,
            due_on=DUE,
        )


def test_meet_on_the_due_date_counts(cast, miss_log):
    d = _open(cast)
    met = deadline_meet(kind="T1", subject=cast.wsib_account, on=DUE, actor=cast.reviewer)
    assert met.pk == d.pk and met.state == "met" and met.closed_at is not None
    assert [e.action for e in history_of(d)] == ["opened", "met"]
    with pytest.raises(DomainError, match="There is no open T1 deadline"):
        deadline_meet(kind="T1", subject=cast.wsib_account, on=DUE)


def test_meet_after_the_due_date_is_refused_and_left_for_the_sweep(cast, miss_log):
    d = _open(cast)
    with pytest.raises(DomainError) as err:
        deadline_meet(kind="T1", subject=cast.wsib_account, on=date(2026, 12, 3))
    assert err.value.code == "deadline_passed"
    assert err.value.message == "This deadline passed on 2026-12-02."
    assert (
        deadline_meet(kind="T1", subject=cast.wsib_account, on=date(2026, 12, 3), missing_ok=True)
        is None
    )
    d.refresh_from_db()
    assert d.state == "open"
    assert [e.action for e in history_of(d)] == ["opened"]


def test_cancel(cast, miss_log):
    d = _open(cast)
    deadline_cancel(kind="T1", subject=cast.wsib_account, reason="Withdrawn")
    d.refresh_from_db()
    assert d.state == "cancelled"
    assert history_of(d).last().reason == "Withdrawn"
    assert deadline_cancel(kind="T1", subject=cast.wsib_account, missing_ok=True) is None


def test_cancel_all_for_a_subject(cast, miss_log):
    a = _open(cast)
    b = _open(cast, kind="T2")
    other = _open(cast, subject=cast.other_wsib_account)
    assert deadlines_cancel_for(subject=cast.wsib_account, reason="Cycle restarts") == 2
    assert dict(Deadline.objects.values_list("pk", "state")) == {
        a.pk: "cancelled",
        b.pk: "cancelled",
        other.pk: "open",
    }


def test_state_time_constraint(cast, miss_log):
    d = _open(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.filter(pk=d.pk).update(state="missed")  # no missed_at


def test_business_days_use_closure_dates(db):
    from cor_portal.deadlines.models import ClosureDate

    assert due_in_business_days(date(2026, 11, 23), 2) == date(2026, 11, 25)
    ClosureDate.objects.create(date=date(2026, 11, 24), reason="Staff training")
    assert due_in_business_days(date(2026, 11, 23), 2) == date(2026, 11, 26)
