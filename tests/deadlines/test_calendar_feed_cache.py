"""The calendar feed is served from the cache until a deadline changes; the token is
checked on every request, before the cache."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar

from cor_portal.deadlines.changes import CHANGED_KEY
from cor_portal.deadlines.models import CalendarFeedToken
from cor_portal.deadlines.services import (
    calendar_feed_renew,
    calendar_feed_revoke,
    deadline_cancel,
    deadline_meet,
    deadline_open,
    sweep,
)

pytestmark = pytest.mark.django_db


def summaries(response) -> list[str]:
    assert response.status_code == 200
    return sorted(str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.fixture
def feed(cast, miss_log, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        deadline_open(
            kind="T1",
            subject=cast.organization,
            title="Staff review",
            due_on=today + timedelta(days=40),
            opened_on=today,
        )
        token = calendar_feed_renew(user=cast.reviewer).token
    return f"/calendar/{token}.ics"


def test_warm_feed_is_the_cached_rendering_with_one_query(
    client, cast, feed, django_assert_num_queries
):
    cold = client.get(feed)
    assert summaries(cold) == ["T1 Staff review"]
    with django_assert_num_queries(1):  # the token and its user; no deadline is read
        warm = client.get(feed)
    assert warm.content == cold.content
    assert warm["Cache-Control"] == "private, max-age=900"


def test_a_change_to_a_deadline_shows_in_the_next_response(
    client, cast, feed, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    assert summaries(client.get(feed)) == ["T1 Staff review"]
    with django_capture_on_commit_callbacks(execute=True):
        deadline_open(
            kind="T2",
            subject=cast.wsib_account,
            title="New duty",
            due_on=today + timedelta(days=3),
            opened_on=today,
            organization_id=cast.organization.pk,
        )
    assert summaries(client.get(feed)) == ["T1 Staff review", "T2 New duty"]
    with django_capture_on_commit_callbacks(execute=True):
        deadline_meet(kind="T2", subject=cast.wsib_account)
    assert summaries(client.get(feed)) == ["T1 Staff review"]
    with django_capture_on_commit_callbacks(execute=True):
        deadline_cancel(kind="T1", subject=cast.organization, reason="Withdrawn")
    assert summaries(client.get(feed)) == []


def test_the_sweep_moves_the_key_too(client, cast, feed, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    assert summaries(client.get(feed)) == ["T1 Staff review"]
    with django_capture_on_commit_callbacks(execute=True):
        sweep(today + timedelta(days=41))
    assert summaries(client.get(feed)) == ["MISSED: T1 Staff review"]


def test_a_revoked_or_renewed_link_stops_at_once_despite_the_cache(
    client, cast, feed, django_capture_on_commit_callbacks
):
    assert client.get(feed).status_code == 200
    assert client.get(feed).status_code == 200  # warm
    new = calendar_feed_renew(user=cast.reviewer)
    assert client.get(feed).status_code == 404
    new_feed = f"/calendar/{new.token}.ics"
    assert summaries(client.get(new_feed)) == ["T1 Staff review"]
    assert calendar_feed_revoke(user=cast.reviewer) is True
    assert not CalendarFeedToken.objects.exists()
    assert client.get(new_feed).status_code == 404


def test_a_deactivated_user_gets_404_despite_the_cache(client, cast, feed):
    assert client.get(feed).status_code == 200
    cast.reviewer.is_active = False
    cast.reviewer.save(update_fields=["is_active"])
    assert client.get(feed).status_code == 404


def test_a_lost_stamp_means_a_fresh_rendering_not_a_stale_one(
    client, cast, feed, django_capture_on_commit_callbacks
):
    """If the stamp leaves the cache, the next one is the current time: a key never used."""
    assert summaries(client.get(feed)) == ["T1 Staff review"]
    cache.delete(CHANGED_KEY)
    with django_capture_on_commit_callbacks(execute=False):  # the change, its stamp lost
        deadline_cancel(kind="T1", subject=cast.organization, reason="Withdrawn")
    assert summaries(client.get(feed)) == []
