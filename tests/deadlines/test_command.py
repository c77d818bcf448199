"""manage.py sweep_deadlines and the Celery task."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.tasks import task_sweep_deadlines

from .helpers import bulk_deadlines, states

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["yesterday", "2026-02-30", "2026/11/22", "20261122", ""])
def test_bad_as_of_is_refused_and_nothing_changes(miss_log, bad):
    [d] = bulk_deadlines("T1", [date(2026, 11, 1)])
    with pytest.raises(CommandError) as err:
        call_command("sweep_deadlines", "--as-of", bad)
    assert f"--as-of: {bad!r} is not a date" in str(err.value)
    assert "YYYY-MM-DD" in str(err.value) and "Nothing was changed." in str(err.value)
    assert states([d.pk]) == {d.pk: "open"}
    assert miss_log.calls == []


def test_command_sweeps_and_prints_counts(miss_log):
    bulk_deadlines("T1", [date(2026, 11, 1), date(2026, 11, 2)])
    out = StringIO()
    call_command("sweep_deadlines", "--as-of", "2026-11-22", stdout=out)
    assert out.getvalue().splitlines()[:2] == [
        "Sweep 2026-11-22: 2 missed, 0 reminders, 0 people notified",
        "  missed T1: 2",
    ]
    out = StringIO()
    call_command("sweep_deadlines", "--as-of", "2026-11-22", stdout=out)
    assert out.getvalue().splitlines() == [
        "Sweep 2026-11-22: 0 missed, 0 reminders, 0 people notified"
    ]


def test_command_default_is_today_in_toronto(miss_log):
    [d] = bulk_deadlines("T1", [date(2026, 11, 21)])
    # 03:00 UTC on the 22nd is 22:00 on the 21st in Toronto: not yet missed.
    with time_machine.travel(datetime(2026, 11, 22, 3, tzinfo=ZoneInfo("UTC")), tick=False):
        call_command("sweep_deadlines", stdout=StringIO())
    assert states([d.pk]) == {d.pk: "open"}
    with time_machine.travel(datetime(2026, 11, 22, 6, tzinfo=ZoneInfo("UTC")), tick=False):
        call_command("sweep_deadlines", stdout=StringIO())
    assert states([d.pk]) == {d.pk: "missed"}


def test_celery_task_name_and_result(miss_log, settings):
    assert (
        task_sweep_deadlines.name == settings.CELERY_BEAT_SCHEDULE["deadline-sweep-hourly"]["task"]
    )
    bulk_deadlines("T1", [date(2026, 11, 1)])
    result = task_sweep_deadlines.delay(as_of="2026-11-22").get()
    assert result == {"as_of": "2026-11-22", "missed": 1, "reminded": 0, "notified_users": 0}
    assert Deadline.objects.get().state == "missed"


def test_sweep_is_scheduled_hourly_so_dst_cannot_skip_it(settings):
    """A nightly crontab at 02:15 America/Toronto falls in the spring-forward gap; every hour
    at :15 it runs 23–25 times a day whatever the clocks do (the sweep is idempotent)."""
    schedule = settings.CELERY_BEAT_SCHEDULE["deadline-sweep-hourly"]["schedule"]
    assert schedule.hour == set(range(24))
    assert schedule.minute == {15}
