"""Regression tests of the deadline platform's part of the structure issue: the day a
deadline was missed (bug h), administrators including superusers (bug f), calendar link
renewals that race (bug g), typed history with labels."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from cor_portal.accounts import audiences
from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import User
from cor_portal.deadlines.models import CalendarFeedToken, Deadline
from cor_portal.deadlines.services import calendar_feed_renew, recipients_of, sweep
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of

from .helpers import bulk_deadlines

pytestmark = pytest.mark.django_db


def test_missed_on_is_the_day_after_the_due_date_whatever_day_the_sweep_runs(cast, miss_log):
    """A catch-up sweep run a month late gives each deadline the day it was really missed;
    missed_at keeps when the sweep ran."""
    due = [date(2027, 3, 10), date(2027, 3, 12), date(2027, 3, 16)]
    deadlines = bulk_deadlines("T1", due)
    with time_machine.travel(date(2026, 12, 1), tick=False):
        sweep(date(2027, 4, 17))
    got = {
        d.pk: (d.state, d.missed_on, d.missed_at.date())
        for d in Deadline.objects.filter(pk__in=[x.pk for x in deadlines])
    }
    assert got == {
        deadlines[0].pk: ("missed", date(2027, 3, 11), date(2026, 12, 1)),
        deadlines[1].pk: ("missed", date(2027, 3, 13), date(2026, 12, 1)),
        deadlines[2].pk: ("missed", date(2027, 3, 17), date(2026, 12, 1)),
    }


def test_sweep_command_as_of_records_the_missed_day_not_today(cast, miss_log):
    [d] = bulk_deadlines("T1", [date(2027, 3, 16)])
    call_command("sweep_deadlines", "--as-of", "2027-03-17")
    d.refresh_from_db()
    assert (d.state, d.missed_on) == ("missed", date(2027, 3, 17))


def test_database_refuses_a_missed_day_on_or_before_the_due_date(cast):
    [d] = bulk_deadlines("T1", [date(2027, 3, 16)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.filter(pk=d.pk).update(
            state="missed", missed_at="2027-03-17T00:00Z", missed_on=date(2027, 3, 16)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.filter(pk=d.pk).update(state="missed", missed_at="2027-03-17T00:00Z")


def test_a_superuser_is_in_every_administrators_list(cast):
    root = User.objects.create_user(
        username="root", email="root@example.org", role=UserRole.EMPLOYER, is_superuser=True
    )
    assert root in audiences.administrators()
    assert root in audiences.intake_staff()
    assert root in audiences.certifying_body_staff()
    from certification.services.people import administrators as people_administrators

    assert root in people_administrators()


def test_certifying_body_deadlines_reach_superusers(cast):
    root = User.objects.create_user(
        username="root", email="root@example.org", role=UserRole.EMPLOYER, is_superuser=True
    )
    [d] = bulk_deadlines("T1", [date(2027, 3, 16)], binds="certifying_body")
    assert root in recipients_of([d])[d.pk]


def test_calendar_link_renewal_records_history(cast):
    feed = calendar_feed_renew(user=cast.smr)
    again = calendar_feed_renew(user=cast.smr)
    assert feed.token != again.token
    assert list(
        CalendarFeedToken.objects.filter(user=cast.smr).values_list("token", flat=True)
    ) == [again.token]
    rows = [e.action_label for e in history_of(cast.smr)]
    assert rows == ["Calendar link renewed", "Calendar link renewed"]


def test_calendar_link_page_renews_through_the_service(client, cast):
    client.force_login(cast.smr)
    response = client.post(reverse("deadlines:calendar_settings"), {"action": "regenerate"})
    assert response.status_code == 302
    assert CalendarFeedToken.objects.filter(user=cast.smr).count() == 1
    assert HistoryEntry.objects.filter(action="calendar_link_renewed").count() == 1


def test_history_shows_typed_labels_and_state_words(cast, miss_log):
    [d] = bulk_deadlines("T1", [date(2027, 3, 16)])
    sweep(date(2027, 3, 18))
    [entry] = history_of(d)
    assert (entry.action_label, entry.from_state_label, entry.to_state_label) == (
        "Deadline missed",
        "Open",
        "Missed",
    )
