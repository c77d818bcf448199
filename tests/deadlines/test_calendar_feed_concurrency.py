"""Two renewals of one user's calendar link at once, on two real connections (bug g).
Transactional tests live in files of their own: their flush must not run between the
other tests of a file (pytest-django runs transactional tests after the rest)."""

import threading

import pytest
from django.db import connections

from cor_portal.deadlines.models import CalendarFeedToken
from cor_portal.deadlines.services import calendar_feed_renew


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_renewals_both_succeed_and_leave_one_link():
    from tests.factories import make_cast

    user = make_cast().smr
    barrier = threading.Barrier(2)
    tokens, errors = [], []

    def renew():
        try:
            barrier.wait(timeout=10)
            tokens.append(calendar_feed_renew(user=user).token)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=renew) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert len(tokens) == 2
    remaining = list(CalendarFeedToken.objects.filter(user=user).values_list("token", flat=True))
    assert len(remaining) == 1 and remaining[0] in tokens
