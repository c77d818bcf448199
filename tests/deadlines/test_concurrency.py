"""Two sweeps at once, on two real database connections, act once."""

import threading
from datetime import date

import pytest
from django.db import connections

from cor_portal.deadlines.services import sweep, sweeper
from cor_portal.history.models import HistoryEntry
from cor_portal.notifications.models import InboxMessage

from .helpers import bulk_deadlines


@pytest.mark.parametrize("advisory_lock", [True, False])
def test_two_concurrent_sweeps_act_once(transactional_db, miss_log, monkeypatch, advisory_lock):
    from tests.factories import make_cast

    cast = make_cast()
    if not advisory_lock:  # the conditional updates alone must be enough
        monkeypatch.setattr(sweeper, "_lock_sweep", lambda: None)
    missed = bulk_deadlines("T1", [date(2026, 11, 1 + i % 5) for i in range(60)])
    missed += bulk_deadlines(
        "T2", [date(2026, 11, 3)] * 20, organization_id=cast.organization.pk, start=100
    )
    reminded = bulk_deadlines(
        "T2", [date(2026, 11, 20)] * 30, organization_id=cast.organization.pk, start=200
    )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(sweep(date(2026, 11, 10)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(r.missed for r in results) == [0, len(missed)]
    assert sorted(r.reminded for r in results) == [0, len(reminded)]
    assert sorted(miss_log.ids) == sorted(d.pk for d in missed)  # each consequence once
    assert HistoryEntry.objects.filter(action="missed").count() == len(missed)
    # One message per person (staff: reviewer, admin; members: smr, ia, viewer), once.
    assert InboxMessage.objects.count() == 5
