"""The staff dashboard's four figures are counted at most once per
DASHBOARD_COUNTS_MAX_AGE seconds (60, stated on the page): a change shows within that
delay, not on every request's scan of the deadline table."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from cor_portal.deadlines.selectors import DASHBOARD_COUNTS_MAX_AGE
from tests.deadlines.helpers import bulk_deadlines

NOON = datetime(2026, 11, 10, 12, 0, tzinfo=ZoneInfo("America/Toronto"))


def _open_count(client) -> int:
    response = client.get(reverse("deadlines:dashboard"))
    assert response.status_code == 200
    return response.context["counts"]["open"]


def test_a_new_deadline_shows_within_the_stated_delay(client, cast):
    assert DASHBOARD_COUNTS_MAX_AGE == 60
    client.force_login(cast.reviewer)
    with time_machine.travel(NOON, tick=False) as clock:
        bulk_deadlines("T1", [date(2026, 11, 20)] * 3)
        assert _open_count(client) == 3
        bulk_deadlines("T1", [date(2026, 11, 21)] * 2, start=10)
        clock.shift(timedelta(seconds=DASHBOARD_COUNTS_MAX_AGE - 1))
        # Within the delay the cached figures may still show …
        response = client.get(reverse("deadlines:dashboard"))
        assert response.context["counts"]["open"] == 3
        assert "recounted at most every 60 seconds" in response.content.decode()
        clock.shift(timedelta(seconds=1))
        # … and once it has passed, the change shows.
        assert _open_count(client) == 5


def test_cached_figures_cost_no_count_query(client, cast, django_assert_max_num_queries):
    bulk_deadlines("T1", [date(2026, 11, 20)] * 3)
    client.force_login(cast.reviewer)
    with time_machine.travel(NOON, tick=False):
        _open_count(client)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            _open_count(client)
    assert not any("COUNT(" in q["sql"] for q in ctx.captured_queries)


def test_a_new_day_counts_afresh(client, cast):
    """ "Due this week" and "overdue" turn on the date: figures are kept per day."""
    client.force_login(cast.reviewer)
    bulk_deadlines("T1", [date(2026, 11, 10)])
    with time_machine.travel(NOON, tick=False):
        counts = client.get(reverse("deadlines:dashboard")).context["counts"]
        assert (counts["overdue"], counts["due_this_week"]) == (0, 1)
    with time_machine.travel(NOON + timedelta(days=1), tick=False):
        counts = client.get(reverse("deadlines:dashboard")).context["counts"]
        assert (counts["overdue"], counts["due_this_week"]) == (1, 0)


def test_open_list_pages_by_keyset_both_ways(client, cast):
    bulk_deadlines("T1", [date(2026, 11, 20)] * 120)
    client.force_login(cast.reviewer)
    url = reverse("deadlines:dashboard")
    with time_machine.travel(NOON, tick=False):
        first = client.get(url)
        page = first.context["open_page"]
        assert len(page.rows) == 50 and page.previous is None and page.next
        second = client.get(url, {"cursor": page.next}).context["open_page"]
        third = client.get(url, {"cursor": second.next}).context["open_page"]
        assert len(third.rows) == 20 and third.next is None
        ids = [d.pk for p in (page, second, third) for d in p.rows]
        assert ids == sorted(ids) and len(set(ids)) == 120
        back = client.get(url, {"cursor": third.previous}).context["open_page"]
        assert [d.pk for d in back.rows] == [d.pk for d in second.rows]
        assert client.get(url, {"cursor": "forged"}).status_code == 404
